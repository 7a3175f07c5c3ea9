// Batch scoring throughput through the CLI's array mode (contracts/inspection.md, assessment.md):
// generates N realistic cases, runs `govmedia score inspection|assessment FILE` on them as one
// JSON array, and reports cases per second (best of R runs, process start and JSON I/O included).
//
// Usage: build/bench/score_bench [--cases N] [--runs R] [--binary build/govmedia]
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

using nlohmann::json;

namespace {

json InspectionCase(std::mt19937& rng, int i) {
  static const char* kIndicators[] = {"improper_content", "commercial_ad", "comment_moderation", "improper_reply",
                                      "function_broken", "name_irregular"};
  static const char* kPlatforms[] = {"weibo", "wechat_subscription", "wechat_service", "douyin"};
  json posts = json::array();
  const int n = static_cast<int>(rng() % 40);
  for (int p = 0; p < n; ++p) {
    const int day = 1 + static_cast<int>(rng() % 30), hour = static_cast<int>(rng() % 24);
    char buf[40];
    std::snprintf(buf, sizeof buf, "2020-06-%02dT%02d:15:00+08:00", day, hour);
    posts.push_back({{"id", "p" + std::to_string(p)}, {"published_at", buf}, {"text", "今日政务信息发布"}});
  }
  json findings = json::array();
  for (int f = static_cast<int>(rng() % 4); f > 0; --f) {
    findings.push_back({{"indicator", kIndicators[rng() % 6]}, {"count", 1 + rng() % 4}, {"evidence", "截图"}});
  }
  return {{"monitoring_time", "2020-06-30T10:00:00+08:00"},
          {"account",
           {{"name", "账号" + std::to_string(i)}, {"unit", "昆山市市场监督管理局"}, {"platform", kPlatforms[rng() % 4]},
            {"opened_on", "2018-03-01"}, {"certification", "昆山市市场监督管理局"}, {"interaction_enabled", true}}},
          {"posts", posts},
          {"findings", findings}};
}

json AssessmentCase(std::mt19937& rng, int i) {
  json filings = json::array();
  for (int f = static_cast<int>(rng() % 5); f > 0; --f) {
    filings.push_back({{"kind", "change"}, {"event_on", "2020-09-30"}, {"filed_on", rng() % 2 ? "2020-10-09" : "2020-10-12"}});
  }
  return {{"year", 2020},
          {"unit", {{"name", "单位" + std::to_string(i)}, {"category", "市级部门"}}},
          {"accounts", 1 + rng() % 5},
          {"quarterly_inspections", {true, true, true, true}},
          {"quarterly_reports", {"2020-03-31", rng() % 3 ? json("2020-06-30") : json(nullptr), "2020-09-30", "2020-12-31"}},
          {"quarterly_coverage", {1.0, 0.8, 1.0, 1.0}},
          {"annual_coverage", 1.0},
          {"filings", filings},
          {"commendations", json::array({{{"level", "suzhou"}}})}};
}

double RunOnce(const std::string& binary, const std::string& kind, const std::string& file) {
  const std::string cmd = binary + " score " + kind + " " + file + " > /dev/null";
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(cmd.c_str());
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "score " << kind << " failed\n";
    std::exit(1);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int cases = 10000, runs = 5;
  std::string binary = "build/govmedia";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--cases") cases = std::atoi(argv[i + 1]);
    else if (a == "--runs") runs = std::atoi(argv[i + 1]);
    else if (a == "--binary") binary = argv[i + 1];
  }
  const auto dir = std::filesystem::temp_directory_path() / "govmedia-score-bench";
  std::filesystem::create_directories(dir);
  std::mt19937 rng(20191109);
  for (const std::string kind : {"inspection", "assessment"}) {
    json all = json::array();
    for (int i = 0; i < cases; ++i) all.push_back(kind == "inspection" ? InspectionCase(rng, i) : AssessmentCase(rng, i));
    const std::string file = (dir / (kind + ".json")).string();
    std::ofstream(file) << all.dump();
    double best = 1e9;
    for (int r = 0; r < runs; ++r) best = std::min(best, RunOnce(binary, kind, file));
    std::printf("score %-10s %6d cases  best of %d: %.3f s  %9.0f cases/s  (input %.1f MB)\n", kind.c_str(), cases, runs,
                best, cases / best, std::filesystem::file_size(file) / 1e6);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
