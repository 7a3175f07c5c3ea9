// JSON Lines imports: each line parsed with simdjson and its fields taken as `govmedia import`
// takes them (ReadJsonLines in src/cli/import_command.cc, mirrored here), then app::CheckItem for
// a post and for a comment.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/incoming_item.h"
#include "storage/post_store.h"

namespace {

std::optional<std::string> Text(simdjson::dom::element doc, const char* key) {
  std::string_view v;
  if (doc[key].get_string().get(v) != simdjson::SUCCESS) return std::nullopt;
  return std::string(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static simdjson::dom::parser parser;
  const std::string_view t(reinterpret_cast<const char*>(data), size);
  const auto exists = [](int64_t id) { return id > 0 && id < 1000; };
  size_t pos = 0;
  while (pos < t.size()) {
    size_t end = t.find('\n', pos);
    if (end == std::string_view::npos) end = t.size();
    std::string_view line = t.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    simdjson::dom::element doc;
    // parse(const char*, size_t) copies into the parser's padded buffer: no read past the line.
    if (parser.parse(line.data(), line.size()).get(doc) || !doc.is_object()) continue;
    govmedia::app::RawItem raw;
    int64_t account = 0;
    if (doc["account_id"].get_int64().get(account) == simdjson::SUCCESS) raw.account_id = account;
    raw.id = Text(doc, "id");
    raw.post_id = Text(doc, "post_id");
    raw.published_at = Text(doc, "published_at");
    raw.text = Text(doc, "text");
    raw.url = Text(doc, "url");
    raw.author = Text(doc, "author");
    (void)govmedia::app::CheckItem(raw, govmedia::storage::kKindPost, exists);
    (void)govmedia::app::CheckItem(raw, govmedia::storage::kKindComment, exists);
  }
  return 0;
}
