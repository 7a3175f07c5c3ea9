#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/node.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"
#include "storage/db.h"

namespace govmedia::cli {
namespace {

struct CalendarArgs {
  std::string db = kDefaultDb;
  bool db_given = false;
  std::string date;
  std::string n;
  std::string file;
};

core::Result<core::Date> ParseDate(const std::string& text) {
  auto d = core::Date::Parse(text);
  if (!d) return core::Status::InvalidArgument("DATE", "日期格式应为 YYYY-MM-DD 且为有效日期：" + text);
  return *d;
}

int IsWorkday(const CalendarArgs& a) {
  auto d = ParseDate(a.date);
  if (!d.ok()) return Report(d.status());
  auto cal = QueryCalendar(a.db, a.db_given);
  if (!cal.ok()) return Report(cal.status());
  auto w = cal->IsWorkday(*d);
  if (!w.ok()) return Report(core::Status::InvalidArgument("DATE", w.status().message()));
  std::cout << (*w ? "true" : "false") << "\n";
  return kExitOk;
}

int AddWorkdays(const CalendarArgs& a) {
  auto d = ParseDate(a.date);
  if (!d.ok()) return Report(d.status());
  int n = 0;
  try {
    size_t used = 0;
    n = std::stoi(a.n, &used);
    if (used != a.n.size() || n < -3650 || n > 3650) throw std::out_of_range("n");
  } catch (...) {
    return Report(core::Status::InvalidArgument("N", "应为 -3650 到 3650 之间的整数：" + a.n));
  }
  auto cal = QueryCalendar(a.db, a.db_given);
  if (!cal.ok()) return Report(cal.status());
  auto r = cal->AddWorkdays(*d, n);
  if (!r.ok()) return Report(core::Status::InvalidArgument("DATE", r.status().message()));
  std::cout << r->ToString() << "\n";
  return kExitOk;
}

int Import(const CalendarArgs& a) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Report(core::Status::InvalidArgument("FILE", "无法读取文件：" + a.file));
  std::ostringstream ss;
  ss << in.rdbuf();
  EnsureParentDir(a.db);
  auto db = storage::OpenDb(a.db);
  if (!db.ok()) return Report(db.status());
  if (core::Status s = storage::Migrate(**db); !s.ok()) return Report(s);
  auto y = app::ImportCalendarYear(**db, ss.str(), app::SystemClock().NowRfc3339());
  if (!y.ok()) return Report(y.status());
  int off = 0, work = 0;
  for (const auto& d : y->days) (d.off ? off : work)++;
  std::cout << "已导入 " << y->year << " 年：" << off << " 个休息日、" << work << " 个调休上班日\n";
  return kExitOk;
}

}  // namespace

void RegisterCalendar(CLI::App& app, int* exit_code) {
  CLI::App* cal = app.add_subcommand("calendar", "工作日历：节假日与调休");
  cal->require_subcommand(1);
  auto args = std::make_shared<CalendarArgs>();
  auto add_db = [args](CLI::App* sub) {
    sub->add_option_function<std::string>(
        "--db", [args](const std::string& v) { args->db = v, args->db_given = true; },
        "数据库文件（其中导入的年份优先于内置数据）");
  };

  CLI::App* is = cal->add_subcommand("is-workday", "DATE 是否为工作日：输出 true 或 false");
  is->add_option("DATE", args->date, "日期 YYYY-MM-DD")->required();
  add_db(is);
  is->callback([args, exit_code] { *exit_code = IsWorkday(*args); });

  CLI::App* add = cal->add_subcommand("add-workdays", "DATE 之后第 N 个工作日的日期");
  add->add_option("DATE", args->date, "日期 YYYY-MM-DD")->required();
  add->add_option("N", args->n, "工作日数")->required();
  add_db(add);
  add->callback([args, exit_code] { *exit_code = AddWorkdays(*args); });

  CLI::App* imp = cal->add_subcommand("import", "导入一年的放假安排（holiday-cn 的 JSON 格式）");
  imp->add_option("FILE", args->file, "JSON 文件")->required();
  imp->add_option("--db", args->db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
  imp->callback([args, exit_code] { *exit_code = Import(*args); });
}

}  // namespace govmedia::cli
