// Reading typed fields out of a request body, each failure naming its field.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace govmedia::http {

/// The string at `field`; "" when absent or null. InvalidArgument if present but not a string,
/// or if `required` and empty.
core::Result<std::string> BodyString(const nlohmann::json& body, const std::string& field, bool required);
/// A YYYY-MM-DD date; nullopt when absent/null/empty (InvalidArgument if `required`).
core::Result<std::optional<core::Date>> BodyDate(const nlohmann::json& body, const std::string& field,
                                                 bool required);
core::Result<std::optional<bool>> BodyBool(const nlohmann::json& body, const std::string& field);
core::Result<std::optional<int64_t>> BodyInt(const nlohmann::json& body, const std::string& field);
/// A query parameter as a positive integer; nullopt when absent or empty.
core::Result<std::optional<int64_t>> QueryInt(const std::string& value, const std::string& field);
/// The bytes of a Base64 text (a data: URL's prefix allowed); InvalidArgument naming "content_base64".
core::Result<std::string> DecodeBase64(std::string text);
/// An uploaded file: {"filename", "content_base64"} → the name and the decoded bytes.
core::Result<std::pair<std::string, std::string>> BodyFile(const nlohmann::json& body);
/// A non-empty array of distinct positive ids (at most `max`); InvalidArgument naming the field.
core::Result<std::vector<int64_t>> BodyIds(const nlohmann::json& body, const std::string& field, size_t max = 500);
/// Runs `one` for each id (a batch action: 批量报送, 批量确认): each succeeds or fails on its own.
/// {"done": n, "failed": [{"id", "message"}]}.
nlohmann::json RunBatch(const std::vector<int64_t>& ids, const std::function<core::Status(int64_t)>& one);
/// A page of a list: `page` (from 1) and `page_size` (1–500, default 50) from the query.
struct Page {
  int64_t limit = 50;
  int64_t offset = 0;
};
core::Result<Page> QueryPage(const std::string& page, const std::string& page_size);
/// A query parameter as a year (2000–2100), `fallback` when absent; InvalidArgument naming "year".
core::Result<int> YearOf(const std::string& text, int fallback);

}  // namespace govmedia::http
