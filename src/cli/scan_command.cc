// `govmedia scan [--lexicon LEXICON.tsv] [POSTS.jsonl|-]`: contracts/scan.md. Posts are parsed
// with simdjson; every line is checked before anything is printed, so a malformed line leaves
// stdout empty.
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "core/lexicon.h"
#include "core/personal_data.h"
#include "scan/scanner.h"
#include "storage/embedded.h"

namespace govmedia::cli {
namespace {

struct ScanArgs {
  std::string lexicon;
  std::string posts = "-";
  bool privacy = false;
};

struct Line {
  uint32_t start, end;
  size_t order;  // lexicon order; personal data after every lexicon entry
  std::string category, term, matched;
};

// The text between two code point offsets.
std::string Slice(std::string_view s, uint32_t start, uint32_t end) {
  size_t b = 0, e = s.size();
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (cp == start) b = i;
    if (cp == end) {
      e = i;
      break;
    }
    ++cp;
  }
  return std::string(s.substr(b, e - b));
}

int Scan(const ScanArgs& a) {
  std::string lexicon_text;
  // Personal data is looked for with the default lexicon, or on request with one's own.
  const bool privacy = a.privacy || a.lexicon.empty();
  if (a.lexicon.empty()) {
    lexicon_text = std::string(storage::Embedded("lexicon/default.tsv"));
  } else {
    auto t = ReadInput(a.lexicon);
    if (!t.ok()) return Report(core::Status::InvalidArgument("lexicon", "无法读取词库：" + a.lexicon));
    lexicon_text = std::move(*t);
  }
  auto entries = core::ParseLexicon(lexicon_text);
  if (!entries.ok()) {
    return Report(core::Status::InvalidArgument("lexicon " + entries.status().field(), entries.status().message()));
  }
  auto normalizer = scan::Normalizer::Create();
  if (!normalizer.ok()) return Report(normalizer.status());
  auto scanner = scan::Scanner::Build(std::move(*entries), **normalizer);
  if (!scanner.ok()) {
    const auto& s = scanner.status();
    return Report(s.IsInvalidArgument() ? core::Status::InvalidArgument("lexicon " + s.field(), s.message()) : s);
  }

  std::ifstream file;
  std::istream* in = &std::cin;
  if (a.posts != "-") {
    file.open(a.posts, std::ios::binary);
    if (!file) return Report(core::Status::InvalidArgument("POSTS", "无法读取文件：" + a.posts));
    in = &file;
  }
  simdjson::dom::parser parser;
  std::string line, out;
  const auto& lex = (*scanner)->entries();
  for (size_t n = 1; std::getline(*in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string where = "line " + std::to_string(n);
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS) return Report(core::Status::InvalidArgument(where, "不是有效的 JSON"));
    if (!doc.is_object()) return Report(core::Status::InvalidArgument(where, "每行应为一个 JSON 对象"));
    std::string_view id, text;
    if (doc["id"].get_string().get(id) != simdjson::SUCCESS) {
      return Report(core::Status::InvalidArgument(where, "缺少文本类型的 id"));
    }
    if (doc["text"].get_string().get(text) != simdjson::SUCCESS) {
      return Report(core::Status::InvalidArgument(where, "缺少文本类型的 text"));
    }
    std::vector<Line> lines;
    for (auto& h : (*scanner)->Scan(text)) {
      lines.push_back({h.start, h.end, h.entry, lex[h.entry].category, lex[h.entry].term, std::move(h.matched)});
    }
    if (privacy) {
      for (const auto& p : core::FindPersonalData(text)) {
        lines.push_back({p.start, p.end, lex.size(), "privacy", std::string(core::PersonalDataLabel(p.kind)),
                         Slice(text, p.start, p.end)});
      }
      std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        if (a.start != b.start) return a.start < b.start;
        if (a.end != b.end) return a.end > b.end;
        return a.order < b.order;
      });
    }
    for (const auto& l : lines) {
      nlohmann::ordered_json j{{"id", id}, {"category", l.category}, {"term", l.term},
                               {"start", l.start}, {"end", l.end}, {"matched", l.matched}};
      out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      out += '\n';
    }
  }
  std::cout << out;
  return kExitOk;
}

}  // namespace

void RegisterScan(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* sub = app.add_subcommand("scan", "合规扫描：按词库检查帖子（JSON Lines），每个命中输出一行 JSON");
  sub->add_option("--lexicon", args->lexicon, "词库（类别<TAB>词语[<TAB>建议写法]）；默认使用内置词库");
  sub->add_flag("--privacy", args->privacy, "同时查找个人信息（身份证号、手机号、银行卡号，类别 privacy）；使用内置词库时默认开启");
  sub->add_option("POSTS", args->posts, "帖子文件（JSON Lines），- 表示标准输入")->capture_default_str();
  sub->callback([args, exit_code] { *exit_code = Scan(*args); });
}

}  // namespace govmedia::cli
