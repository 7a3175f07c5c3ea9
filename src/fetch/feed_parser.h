// Feed documents as publishers really write them, turned into posts. Pure parsing of a document
// already fetched; thread-safe.
//
// Formats: RSS 0.9x and 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1. Bytes in any
// encoding are converted to UTF-8 first (feed_encoding.h). Ill-formed XML is mended as feed readers
// mend it before parsing: a bare `&` becomes `&amp;`, HTML named entities become character
// references, control characters are dropped, a stray `<` in text is escaped, and a document cut
// short keeps what was read before the cut. Each mend is reported, so nothing is mended silently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govmedia::fetch {

struct FeedItem {
  std::string id;         // guid / Atom id / JSON id, else the link, else a hash of the content
  std::string title;
  std::string text;       // title and description/content, markup removed
  std::string link;       // absolute when the document gave an xml:base
  std::string author;     // <author>, <dc:creator>, Atom <author><name>, JSON author(s)
  std::string published;  // RFC 3339 in UTC; empty when date_known is false
  int64_t published_epoch = 0;
  bool date_known = false;  // false: the item carries no date we can read (see date_text)
  std::string date_text;    // the date as written, kept when it could not be read
};

struct ParsedFeed {
  std::string format;    // "rss 2.0", "rss 0.92", "rss 1.0", "atom 1.0", "atom 0.3", "json feed 1.1"
  std::string title;     // the channel's title
  std::string image;     // the channel's image (avatar): RSS <image><url>, Atom <logo>/<icon>, JSON Feed icon/favicon
  std::string encoding;  // the ICU converter the bytes were read with
  std::vector<FeedItem> items;
  int present = 0;       // item elements the document holds, readable or not
  int unreadable = 0;    // of those, items with nothing to archive (no id, link, title or text)
  int undated = 0;       // readable items without a readable date
  std::vector<std::string> repairs;  // what was mended, in Chinese, for the source's health
};

/// Parses a feed. `content_type` is the HTTP header (may be empty). InvalidArgument with a Chinese
/// reason when the document is not a feed (an HTML page, an unknown root, unparseable JSON). A
/// mended document is a success with `repairs` filled; items present but unreadable are counted in
/// `unreadable`, for the caller to judge the source by.
core::Result<ParsedFeed> ParseFeed(std::string_view bytes, std::string_view content_type = "");

/// Text of an HTML fragment: tags removed, entities (named and numeric) decoded, whitespace collapsed.
std::string StripHtml(std::string_view html);

/// Repairs UTF-8 text that was UTF-8 read as Latin-1 and written out again ("â\u0080¦" → "…"):
/// only when every non-ASCII character is below U+0100 and their bytes form valid UTF-8.
std::string FixDoubleEncoding(std::string text);

}  // namespace govmedia::fetch
