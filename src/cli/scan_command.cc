// `govmedia scan [--lexicon LEXICON.tsv] [--leaders LEADERS.tsv] [POSTS.jsonl|-]`:
// contracts/scan.md. Posts are parsed with simdjson; every line is checked before anything is
// printed, so a malformed line leaves stdout empty. A post's `published_at` (RFC 3339) dates it for
// the dated rules; one that is present but unreadable is bad input (exit 2), because reading it as
// "undated" would silently change the level of its hits.
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "core/lexicon.h"
#include "core/personal_data.h"
#include "core/timestamp.h"
#include "scan/scanner.h"
#include "storage/embedded.h"

namespace govmedia::cli {
namespace {

struct ScanArgs {
  std::string lexicon;
  std::string leaders;
  std::string posts = "-";
  bool privacy = false;
};

struct Line {
  uint32_t start, end;
  size_t order;  // lexicon order; personal data after every lexicon entry
  std::string category, term, matched;
  std::string_view level;
  std::string suggestion, context, note;
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
  scan::ScannerOptions options;
  if (!a.leaders.empty()) {
    auto t = ReadInput(a.leaders);
    if (!t.ok()) return Report(core::Status::InvalidArgument("leaders", "无法读取领导职务表：" + a.leaders));
    auto leaders = core::ParseLeaders(*t);
    if (!leaders.ok()) {
      return Report(core::Status::InvalidArgument("leaders " + leaders.status().field(), leaders.status().message()));
    }
    options.leaders = std::move(*leaders);
  }
  auto scanner = scan::Scanner::Build(std::move(*entries), **normalizer, std::move(options));
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
    std::optional<core::Date> day;
    if (auto field = doc["published_at"]; field.error() == simdjson::SUCCESS && !field.is_null()) {
      std::string_view at;
      std::optional<int64_t> epoch;
      if (field.get_string().get(at) == simdjson::SUCCESS) epoch = core::ParseRfc3339(at);
      if (!epoch) return Report(core::Status::InvalidArgument(where + " published_at", "应为 RFC 3339 时间"));
      day = core::Date::FromDays(static_cast<int64_t>(
          std::floor((*epoch + core::kBeijingOffsetMinutes * 60) / static_cast<double>(core::kSecondsPerDay))));
    }
    std::vector<Line> lines;
    for (auto& h : (*scanner)->Scan(text, day)) {
      lines.push_back({h.start, h.end, h.entry == scan::kNoEntry ? lex.size() : h.entry, std::move(h.category),
                       std::move(h.term), std::move(h.matched), scan::LevelName(h.level), std::move(h.suggestion),
                       std::move(h.context), std::move(h.note)});
    }
    if (privacy) {
      for (const auto& p : core::FindPersonalData(text)) {
        lines.push_back({p.start, p.end, lex.size() + 1, "privacy", std::string(core::PersonalDataLabel(p.kind)),
                         Slice(text, p.start, p.end), scan::LevelName(scan::Level::kReview), "", "", ""});
      }
      std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        if (a.start != b.start) return a.start < b.start;
        if (a.end != b.end) return a.end > b.end;
        return a.order < b.order;
      });
    }
    for (const auto& l : lines) {
      nlohmann::ordered_json j{{"id", id}, {"category", l.category}, {"term", l.term},
                               {"start", l.start}, {"end", l.end}, {"matched", l.matched}, {"level", l.level}};
      if (!l.suggestion.empty()) j["suggestion"] = l.suggestion;
      if (!l.context.empty()) j["context"] = l.context;
      if (!l.note.empty()) j["note"] = l.note;
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
  sub->add_option("--leaders", args->leaders, "领导职务表（姓名<TAB>职务[|别称]<TAB>任职起<TAB>任职止），检查帖子中的姓名与职务是否相符");
  sub->add_flag("--privacy", args->privacy, "同时查找个人信息（身份证号、手机号、固定电话、银行卡号，类别 privacy）；使用内置词库时默认开启");
  sub->add_option("POSTS", args->posts, "帖子文件（JSON Lines），- 表示标准输入")->capture_default_str();
  sub->callback([args, exit_code] { *exit_code = Scan(*args); });
}

}  // namespace govmedia::cli
