// `govmedia poll [--db PATH]`: one round of the feed poller, a line per feed.
// `govmedia check [--db PATH]`: one round of the availability checks, a line per URL.
#include <iostream>

#include "app/node.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"

namespace govmedia::cli {
namespace {

int Poll(const std::string& db) {
  app::SystemClock clock;
  auto node = app::Node::Open(db, clock);
  if (!node.ok()) return Report(node.status());
  auto reports = (*node)->feeds().PollAll();
  if (!reports.ok()) return Report(reports.status());
  int failing = 0;
  for (const auto& r : *reports) {
    std::cout << "账号 " << r.account_id << " " << r.url << "：";
    if (r.outcome == "failing") {
      ++failing;
      std::cout << "数据源异常（" << r.error << "）\n";
    } else if (r.outcome == "not_modified") {
      std::cout << "无变化\n";
    } else {
      std::cout << "新增 " << r.added << "，修改 " << r.edited << "，删除（已核实） " << r.deleted << "，未再出现 "
                << r.not_seen << (r.error.empty() ? "" : "（" + r.error + "）") << "\n";
    }
  }
  std::cout << "共 " << reports->size() << " 个数据源，" << failing << " 个异常\n";
  return kExitOk;
}

int Check(const std::string& db) {
  app::SystemClock clock;
  auto node = app::Node::Open(db, clock);
  if (!node.ok()) return Report(node.status());
  auto sum = (*node)->availability().CheckAll();
  if (!sum.ok()) return Report(sum.status());
  const core::Principal system{0, "cli", core::Role::kCityAdmin, std::nullopt};
  auto rows = (*node)->availability().List(system, std::nullopt, "");
  if (!rows.ok()) return Report(rows.status());
  for (const auto& r : *rows) {
    if (!r.checked_at) continue;
    auto family = [](const app::FamilyResult& f) {
      if (f.ok.value_or(false)) return "HTTP " + std::to_string(f.status.value_or(0)) + "，" + std::to_string(f.latency_ms.value_or(0)) + " 毫秒";
      return f.error;
    };
    std::cout << "账号 " << r.account_id << " " << r.url << "：" << r.state.state << "（IPv4 " << family(r.v4) << "；IPv6 "
              << family(r.v6) << "）\n";
  }
  std::cout << "共检查 " << sum->checked << " 个地址，新增不可用 " << sum->broken << "，恢复 " << sum->recovered << "\n";
  return kExitOk;
}

}  // namespace

void RegisterPoll(CLI::App& app, int* exit_code) {
  auto db = std::make_shared<std::string>(kDefaultDb);
  CLI::App* poll = app.add_subcommand("poll", "读取全部账号的 RSS/Atom 数据源一轮，存档新帖并扫描");
  poll->add_option("--db", *db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
  poll->callback([db, exit_code] { *exit_code = Poll(*db); });
  CLI::App* check = app.add_subcommand("check", "检查全部账号的客户端下载地址和功能地址一轮（IPv4 与 IPv6）");
  check->add_option("--db", *db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
  check->callback([db, exit_code] { *exit_code = Check(*db); });
}

}  // namespace govmedia::cli
