// JSON views of registry rows, as the API answers them and as the audit log records them.
#pragma once

#include <nlohmann/json.hpp>

#include "core/lifecycle.h"
#include "storage/record_codec.h"
#include "storage/registry_store.h"
#include "storage/user_store.h"

namespace govmedia::storage {

nlohmann::json UnitJson(const UnitRow& u);
/// `mask_contacts`: phones shown as 138****5678.
nlohmann::json AccountJson(const AccountRow& a, bool mask_contacts);
nlohmann::json ApplicationJson(const ApplicationRow& a);
nlohmann::json FilingJson(const FilingRow& f, const core::FilingStanding* standing);
nlohmann::json UserJson(const UserRow& u);

}  // namespace govmedia::storage
