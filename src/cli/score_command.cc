// `govmedia score inspection|assessment FILE|-`: contracts/inspection.md and assessment.md.
// One JSON object in, one out; a JSON array in, an array out (batch). Any bad case rejects the
// whole input: exit 2, one line naming the case and field, nothing printed on stdout.
#include <iostream>

#include "app/scoring/indicator_set_json.h"
#include "app/scoring/score_json.h"
#include "cli/cli_util.h"

namespace govmedia::cli {
namespace {

struct ScoreArgs {
  std::string file = "-";
  std::string db = kDefaultDb;
  bool db_given = false;
};

core::Result<core::IndicatorSet> LookupSet(const std::string& id) {
  if (id.empty()) return app::BuiltinIndicatorSets().front();
  return app::BuiltinIndicatorSet(id);
}

core::Result<nlohmann::json> ParseJson(const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the offset of the error; turn it into a line number people can find.
    const size_t upto = std::min<size_t>(e.byte, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(upto ? upto - 1 : 0), '\n');
    return core::Status::InvalidArgument("line " + std::to_string(line), "输入不是有效的 JSON");
  }
}

// Parses every case first, so a bad one anywhere leaves stdout empty.
template <typename Parsed, typename ParseFn, typename ScoreFn, typename RenderFn>
int ScoreAll(const ScoreArgs& a, ParseFn parse, ScoreFn score, RenderFn render) {
  auto text = ReadInput(a.file);
  if (!text.ok()) return Report(text.status());
  auto doc = ParseJson(*text);
  if (!doc.ok()) return Report(doc.status());
  const bool batch = doc->is_array();
  std::vector<Parsed> cases;
  if (batch) {
    cases.reserve(doc->size());
    for (size_t i = 0; i < doc->size(); ++i) {
      auto p = parse((*doc)[i], "[" + std::to_string(i) + "].");
      if (!p.ok()) return Report(p.status());
      cases.push_back(std::move(*p));
    }
  } else {
    auto p = parse(*doc, "");
    if (!p.ok()) return Report(p.status());
    cases.push_back(std::move(*p));
  }
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < cases.size(); ++i) {
    auto r = score(cases[i]);
    if (!r.ok()) {
      const core::Status& s = r.status();
      return Report(core::Status::InvalidArgument((batch ? "[" + std::to_string(i) + "]." : "") + s.field(), s.message()));
    }
    out.push_back(render(*r));
  }
  std::cout << (batch ? out.dump() : out[0].dump()) << "\n";
  return kExitOk;
}

int ScoreInspection(const ScoreArgs& a) {
  return ScoreAll<app::ParsedInspection>(
      a, [](const nlohmann::json& j, const std::string& path) { return app::ParseInspectionCase(j, LookupSet, path); },
      [](const app::ParsedInspection& p) { return core::ScoreInspection(p.set, p.c); }, app::InspectionResultJson);
}

int ScoreAssessment(const ScoreArgs& a) {
  auto cal = QueryCalendar(a.db, a.db_given);
  if (!cal.ok()) return Report(cal.status());
  return ScoreAll<app::ParsedAssessment>(
      a, [](const nlohmann::json& j, const std::string& path) { return app::ParseAssessmentCase(j, LookupSet, path); },
      [&cal](const app::ParsedAssessment& p) { return core::ScoreAssessment(p.set, *cal, p.c); },
      app::AssessmentResultJson);
}

}  // namespace

void RegisterScore(CLI::App& app, int* exit_code) {
  CLI::App* score = app.add_subcommand("score", "按附件2、附件3 评分（输入 JSON，输出 JSON；数组即批量）");
  score->require_subcommand(1);
  auto args = std::make_shared<ScoreArgs>();
  auto add = [&](const char* name, const char* desc, int (*fn)(const ScoreArgs&)) {
    CLI::App* sub = score->add_subcommand(name, desc);
    sub->add_option("FILE", args->file, "JSON 文件，- 表示标准输入")->required();
    sub->add_option_function<std::string>(
        "--db", [args](const std::string& v) { args->db = v, args->db_given = true; },
        "数据库文件（使用其中导入的节假日年份）");
    sub->callback([args, exit_code, fn] { *exit_code = fn(*args); });
  };
  add("inspection", "一个账号的检查评分（附件2）", ScoreInspection);
  add("assessment", "一个单位的年度考核（附件3）", ScoreAssessment);
}

}  // namespace govmedia::cli
