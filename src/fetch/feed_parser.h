// RSS 2.0 and Atom feeds (as RSSHub routes produce for Weibo, WeChat and Douyin accounts) turned
// into posts. Pure parsing of a document already fetched; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govmedia::fetch {

struct FeedItem {
  std::string id;         // guid / Atom id, else the link
  std::string title;
  std::string text;       // title and description/content, markup removed
  std::string link;
  std::string author;     // <author>, <dc:creator> or Atom <author><name>
  std::string published;  // RFC 3339 (converted from RFC 822 for RSS)
  int64_t published_epoch = 0;
};

/// Parses an RSS 2.0 or Atom document. InvalidArgument for malformed XML or a document that is
/// neither; items without a usable date or id are skipped (counted in *skipped).
core::Result<std::vector<FeedItem>> ParseFeed(std::string_view xml, int* skipped);

/// "Wed, 25 Nov 2026 10:00:00 +0800" (RFC 822/1123, GMT or numeric zone) → seconds since the epoch.
std::optional<int64_t> ParseRfc822(std::string_view text);

/// Text of an HTML fragment: tags removed, common entities decoded, whitespace collapsed.
std::string StripHtml(std::string_view html);

}  // namespace govmedia::fetch
