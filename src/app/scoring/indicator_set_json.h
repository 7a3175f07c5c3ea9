// JSON form of indicator sets (data/indicators/*.json) and the sets built into the binary.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/indicator_set.h"

namespace govmedia::app {

/// Parses and validates a set; InvalidArgument naming the field.
core::Result<core::IndicatorSet> IndicatorSetFromJson(const nlohmann::json& j);
nlohmann::json IndicatorSetToJson(const core::IndicatorSet& s);

/// The sets compiled into the binary; the first is the current default ("kunshan-2019").
const std::vector<core::IndicatorSet>& BuiltinIndicatorSets();
/// A built-in set by id; NotFound naming it.
core::Result<core::IndicatorSet> BuiltinIndicatorSet(const std::string& id);

}  // namespace govmedia::app
