// CSV imports: core::ParseCsv, then each row read as `govmedia import posts|comments --format csv`
// reads it (columns named by the header, account_id as an integer) and checked by app::CheckItem.
// The column mapping mirrors ReadCsv in src/cli/import_command.cc.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "app/monitoring/incoming_item.h"
#include "core/csv.h"
#include "core/text.h"
#include "storage/post_store.h"

namespace {

using govmedia::core::CsvRecord;

void CheckRows(const std::vector<CsvRecord>& records, std::string_view kind) {
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < records.front().fields.size(); ++i)
    column[std::string(govmedia::core::Trim(records.front().fields[i]))] = i;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    auto get = [&](const char* name) -> std::optional<std::string> {
      auto it = column.find(name);
      if (it == column.end() || it->second >= rec.fields.size()) return std::nullopt;
      return rec.fields[it->second];
    };
    govmedia::app::RawItem raw;
    if (auto a = get("account_id")) {
      try {
        size_t used = 0;
        const int64_t v = std::stoll(*a, &used);
        if (used == a->size()) raw.account_id = v;
      } catch (const std::exception&) {
      }
    }
    raw.id = get("id");
    raw.post_id = get("post_id");
    raw.published_at = get("published_at");
    raw.text = get("text");
    raw.url = get("url");
    raw.author = get("author");
    (void)govmedia::app::CheckItem(raw, kind, [](int64_t id) { return id > 0 && id < 1000; });
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto records = govmedia::core::ParseCsv(text);
  if (!records.ok() || records->empty()) return 0;
  int last_line = 0;
  for (const CsvRecord& rec : *records) {
    // Records come in order, each on a line of the text, and none is blank.
    if (rec.line <= last_line || rec.fields.empty()) __builtin_trap();
    last_line = rec.line;
  }
  CheckRows(*records, govmedia::storage::kKindPost);
  CheckRows(*records, govmedia::storage::kKindComment);
  return 0;
}
