#include "core/csv.h"

namespace govmedia::core {

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string field;
  int line = 1;
  rec.line = 1;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted and has closed
  bool any = false;         // the record has content (a blank line has none)
  auto where = [](int n) { return "第 " + std::to_string(n) + " 行"; };
  auto end_field = [&] {
    rec.fields.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    if (any) {
      end_field();
      out.push_back(std::move(rec));
    }
    rec = CsvRecord{};
    field.clear();
    was_quoted = false;
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      end_record();
      rec.line = ++line;
      continue;
    }
    if (c == ',') {
      any = true;
      end_field();
      continue;
    }
    if (was_quoted) return Status::InvalidArgument(where(line), "引号结束后还有多余的字符");
    if (c == '"' && field.empty()) {
      quoted = true;
      any = true;
      continue;
    }
    any = true;
    field += c;
  }
  if (quoted) return Status::InvalidArgument(where(rec.line), "引号没有闭合");
  end_record();
  return out;
}

}  // namespace govmedia::core
