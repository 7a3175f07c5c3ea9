#include "core/lexicon.h"

#include "core/text.h"

namespace govmedia::core {
namespace {

bool IsCategory(std::string_view c) {
  if (c.empty() || c.size() > 64) return false;
  for (char ch : c)
    if (!((ch >= 'a' && ch <= 'z') || ch == '_')) return false;
  return true;
}

}  // namespace

Result<std::vector<LexiconEntry>> ParseLexicon(std::string_view text) {
  std::vector<LexiconEntry> out;
  int n = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++n;
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (n == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a BOM
    const std::string where = "line " + std::to_string(n);
    if (Trim(line).empty() || line.front() == '#') {
      if (end == text.size()) break;
      continue;
    }
    if (!IsValidUtf8(line)) return Status::InvalidArgument(where, "不是有效的 UTF-8 文本");
    std::vector<std::string_view> fields;
    size_t f = 0;
    while (true) {
      const size_t tab = line.find('\t', f);
      fields.push_back(line.substr(f, tab == std::string_view::npos ? std::string_view::npos : tab - f));
      if (tab == std::string_view::npos) break;
      f = tab + 1;
    }
    if (fields.size() < 2) return Status::InvalidArgument(where, "应为「类别<TAB>词语[<TAB>建议写法]」");
    if (fields.size() > 3) return Status::InvalidArgument(where, "字段过多（最多 3 个，以 TAB 分隔）");
    if (!IsCategory(fields[0])) return Status::InvalidArgument(where, "类别只能由小写字母和下划线组成：" + std::string(fields[0]));
    const std::string_view term = Trim(fields[1]);
    if (term.empty()) return Status::InvalidArgument(where, "词语不能为空");
    out.push_back({std::string(fields[0]), std::string(term), fields.size() == 3 ? std::string(Trim(fields[2])) : "", n});
    if (end == text.size()) break;
  }
  return out;
}

std::string IndicatorOfCategory(std::string_view c) {
  if (c == "secret") return "veto.secret_leak";
  if (c == "harmful") return "veto.harmful_content";
  if (c == "serious_error") return "veto.serious_error";
  if (c == "ad") return "commercial_ad";
  if (c == "improper") return "improper_content";
  return std::string(c);
}

bool IsVetoCategory(std::string_view c) { return c == "secret" || c == "harmful" || c == "serious_error"; }

}  // namespace govmedia::core
