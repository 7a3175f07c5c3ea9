// `govmedia scan [--lexicon LEXICON.tsv] [POSTS.jsonl|-]`: contracts/scan.md. Posts are parsed
// with simdjson; every line is checked before anything is printed, so a malformed line leaves
// stdout empty.
#include <simdjson.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "core/lexicon.h"
#include "scan/scanner.h"
#include "storage/embedded.h"

namespace govmedia::cli {
namespace {

struct ScanArgs {
  std::string lexicon;
  std::string posts = "-";
};

int Scan(const ScanArgs& a) {
  std::string lexicon_text;
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
    for (const auto& h : (*scanner)->Scan(text)) {
      const auto& e = lex[h.entry];
      nlohmann::ordered_json j{{"id", id}, {"category", e.category}, {"term", e.term},
                               {"start", h.start}, {"end", h.end}, {"matched", h.matched}};
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
  sub->add_option("POSTS", args->posts, "帖子文件（JSON Lines），- 表示标准输入")->capture_default_str();
  sub->callback([args, exit_code] { *exit_code = Scan(*args); });
}

}  // namespace govmedia::cli
