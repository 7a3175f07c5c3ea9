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

// `key=value;key=value`: valid_to, softens.
Status ParseOptions(std::string_view text, LexiconEntry* e) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view opt = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (opt.empty()) continue;
    const size_t eq = opt.find('=');
    const std::string_view key = opt.substr(0, eq), value = eq == std::string_view::npos ? "" : opt.substr(eq + 1);
    if (key == "valid_to") {
      e->valid_to = Date::Parse(value);
      if (!e->valid_to) return Status::InvalidArgument("options", "valid_to 应为 YYYY-MM-DD 日期：" + std::string(value));
    } else if (key == "softens") {
      if (e->category != kContextCategory)
        return Status::InvalidArgument("options", "softens 只用于 context 行（减轻哪些类别）");
      size_t q = 0;
      while (q <= value.size()) {
        size_t comma = value.find(',', q);
        if (comma == std::string_view::npos) comma = value.size();
        const std::string_view c = Trim(value.substr(q, comma - q));
        if (!IsCategory(c) || c == kContextCategory || c == kAllowCategory)
          return Status::InvalidArgument("options", "softens 应为以逗号分隔的类别：" + std::string(value));
        e->softens.emplace_back(c);
        q = comma + 1;
      }
    } else {
      return Status::InvalidArgument("options", "未知选项：" + std::string(opt));
    }
  }
  return Status::Ok();
}

// Splits a line at tabs.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t f = 0;
  while (true) {
    const size_t tab = line.find('\t', f);
    fields.push_back(line.substr(f, tab == std::string_view::npos ? std::string_view::npos : tab - f));
    if (tab == std::string_view::npos) break;
    f = tab + 1;
  }
  return fields;
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
    const std::vector<std::string_view> fields = Fields(line);
    if (fields.size() < 2) return Status::InvalidArgument(where, "应为「类别<TAB>词语[<TAB>建议写法]」");
    if (fields.size() > 4) return Status::InvalidArgument(where, "字段过多（最多 4 个，以 TAB 分隔）");
    if (!IsCategory(fields[0])) return Status::InvalidArgument(where, "类别只能由小写字母和下划线组成：" + std::string(fields[0]));
    const std::string_view term = Trim(fields[1]);
    if (term.empty()) return Status::InvalidArgument(where, "词语不能为空");
    LexiconEntry e{std::string(fields[0]), std::string(term), fields.size() >= 3 ? std::string(Trim(fields[2])) : "", n, {}, {}};
    if (fields.size() == 4) {
      if (Status s = ParseOptions(Trim(fields[3]), &e); !s.ok()) return Status::InvalidArgument(where, s.message());
    }
    out.push_back(std::move(e));
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

Result<std::vector<LeaderTenure>> ParseLeaders(std::string_view text) {
  std::vector<LeaderTenure> out;
  int n = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (n == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (Trim(line).empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(n);
    if (!IsValidUtf8(line)) return Status::InvalidArgument(where, "不是有效的 UTF-8 文本");
    const std::vector<std::string_view> f = Fields(line);
    if (f.size() < 3 || f.size() > 4) return Status::InvalidArgument(where, "应为「姓名<TAB>职务<TAB>任职起<TAB>任职止」");
    LeaderTenure t;
    t.line = n;
    t.name = std::string(Trim(f[0]));
    if (t.name.empty()) return Status::InvalidArgument(where, "姓名不能为空");
    std::string_view titles = f[1];
    while (true) {
      const size_t bar = titles.find('|');
      const std::string_view one = Trim(titles.substr(0, bar));
      if (one.empty()) return Status::InvalidArgument(where, "职务不能为空");
      t.titles.emplace_back(one);
      if (bar == std::string_view::npos) break;
      titles.remove_prefix(bar + 1);
    }
    auto from = Date::Parse(Trim(f[2]));
    if (!from) return Status::InvalidArgument(where, "任职起应为 YYYY-MM-DD：" + std::string(f[2]));
    t.from = *from;
    if (f.size() == 4 && !Trim(f[3]).empty()) {
      t.to = Date::Parse(Trim(f[3]));
      if (!t.to) return Status::InvalidArgument(where, "任职止应为 YYYY-MM-DD 或留空：" + std::string(f[3]));
      if (*t.to < t.from) return Status::InvalidArgument(where, "任职止早于任职起");
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace govmedia::core
