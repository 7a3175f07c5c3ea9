// JSON forms of registry records shared by storage (the record_json column) and the HTTP layer.
// nlohmann exceptions stay inside: decoding returns a Status naming the field.
#pragma once

#include <nlohmann/json.hpp>

#include "core/account.h"
#include "core/status.h"
#include "core/work_calendar.h"

namespace govmedia::storage {

nlohmann::json ContactToJson(const core::Contact& c, bool mask);
/// The record fields not held in their own columns (see migrations/sqlite/001_init.sql).
std::string EncodeRecordExtras(const core::AccountRecord& r);
/// Fills the extras of `r` from the column's JSON.
core::Status DecodeRecordExtras(const std::string& json, core::AccountRecord* r);

/// Reads record fields present in `j` into `r`, leaving absent ones unchanged (for PATCH and for
/// "changes" of a change filing). InvalidArgument naming the field on a wrong type or value.
core::Status ApplyRecordJson(const nlohmann::json& j, core::AccountRecord* r);

std::string EncodeWarnings(const std::vector<core::AccountWarning>& w);
std::vector<core::AccountWarning> DecodeWarnings(const std::string& json);

/// A calendar year from the holiday-cn shape ({"year","papers","days":[{"name","date","isOffDay"}]});
/// InvalidArgument naming the field ("days[3].date").
core::Result<core::CalendarYear> ParseHolidayCnYear(const nlohmann::json& j);
/// The built-in calendar data (data/calendar/cn.json, govmedia's own format).
core::Result<std::vector<core::CalendarYear>> ParseCalendarData(std::string_view text);
nlohmann::json CalendarYearToHolidayCn(const core::CalendarYear& y);

}  // namespace govmedia::storage
