// A post or comment as it arrives — pushed as JSON, a line of a JSON Lines file, a row of a CSV
// file — and the one set of checks all three go through before the archive sees it.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/post_store.h"

namespace govmedia::app {

/// The fields as found, absent ones empty. `account_id` is nullopt when absent or not an integer.
struct RawItem {
  std::optional<int64_t> account_id;
  std::optional<std::string> id, post_id, published_at, text, url, author;
  /// `metrics` as found: each key with its value when it is an integer (nullopt when it is not);
  /// `metrics_not_object` when `metrics` was there but not an object.
  std::optional<std::vector<std::pair<std::string, std::optional<int64_t>>>> metrics;
  bool metrics_not_object = false;
};

/// Checks an item of `kind` (storage::kKindPost or kKindComment) and makes the archive's input.
/// InvalidArgument whose field is the item's field at fault ("published_at"), so each source
/// can say where the item was ("posts[3].published_at", "第 7 行").
core::Result<storage::IncomingPost> CheckItem(const RawItem& raw, std::string_view kind,
                                              const std::function<bool(int64_t)>& account_exists);

/// An item of a file with the line it came from (1-based).
struct NumberedItem {
  int line = 0;
  RawItem raw;
};

/// The items of a JSON Lines text: one object a line, blank lines skipped, CRLF allowed. A line
/// that is not a JSON object: InvalidArgument naming it ("第 3 行"). Fields are taken as found;
/// CheckItem judges them.
core::Result<std::vector<NumberedItem>> ReadJsonLines(std::string_view text);

/// The items an import or a push may carry at most in one batch of the push API.
inline constexpr size_t kMaxPushBatch = 10000;

}  // namespace govmedia::app
