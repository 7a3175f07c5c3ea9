// `govmedia poll [--db PATH]`: one round of the feed poller, a line per feed.
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
      std::cout << "新增 " << r.added << "，修改 " << r.edited << "，删除 " << r.deleted << "\n";
    }
  }
  std::cout << "共 " << reports->size() << " 个数据源，" << failing << " 个异常\n";
  return kExitOk;
}

}  // namespace

void RegisterPoll(CLI::App& app, int* exit_code) {
  auto db = std::make_shared<std::string>(kDefaultDb);
  CLI::App* poll = app.add_subcommand("poll", "读取全部账号的 RSS/Atom 数据源一轮，存档新帖并扫描");
  poll->add_option("--db", *db, "数据库文件")->capture_default_str();
  poll->callback([db, exit_code] { *exit_code = Poll(*db); });
}

}  // namespace govmedia::cli
