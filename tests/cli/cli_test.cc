// The command-line contracts: run the real binary, check stdout, stderr and the exit code.
#include <gtest/gtest.h>

#include "storage/db.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::testing {
namespace {

TEST(CalendarCli, IsWorkdayPrintsTrueOrFalse) {
  auto r = RunGovmedia("calendar is-workday 2019-10-01");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "false\n");
  r = RunGovmedia("calendar is-workday 2019-10-12");
  EXPECT_EQ(r.out, "true\n");
  r = RunGovmedia("calendar is-workday 2026-11-25");
  EXPECT_EQ(r.out, "true\n");
}

TEST(CalendarCli, AddWorkdaysPrintsTheDate) {
  auto r = RunGovmedia("calendar add-workdays 2019-09-30 2");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "2019-10-09\n");
  EXPECT_EQ(RunGovmedia("calendar add-workdays 2020-01-23 2").out, "2020-02-04\n");
}

TEST(CalendarCli, UncoveredYearIsExit2NamingTheYear) {
  auto r = RunGovmedia("calendar is-workday 2027-03-01");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("2027"), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  r = RunGovmedia("calendar add-workdays 2026-12-30 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("2027"), std::string::npos);
}

TEST(CalendarCli, BadInputIsExit2NamingTheArgument) {
  auto r = RunGovmedia("calendar is-workday 2021-02-29");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("DATE"), std::string::npos);
  r = RunGovmedia("calendar add-workdays 2021-03-01 two");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("N"), std::string::npos);
}

TEST(CalendarCli, ImportAddsAYearAndRejectsBadFilesWritingNothing) {
  TempDir tmp;
  TestDb test_db(tmp);
  const std::string db = test_db.target();
  const std::string good = tmp.File("2027.json");
  WriteFile(good, R"({"year": 2027, "papers": ["https://example.org/notice"], "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "春节", "date": "2027-02-06", "isOffDay": false}]})");
  const std::string bad = tmp.File("bad.json");
  WriteFile(bad, R"({"year": 2028, "papers": [], "days": [{"name": "元旦", "date": "2028-13-01", "isOffDay": true}]})");
  auto r = RunGovmedia("calendar import " + bad + " --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("days[0].date"), std::string::npos);
  EXPECT_EQ(RunGovmedia("calendar is-workday 2028-01-03 --db " + db).exit_code, 2);

  r = RunGovmedia("calendar import " + good + " --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RunGovmedia("calendar is-workday 2027-01-01 --db " + db).out, "false\n");
  EXPECT_EQ(RunGovmedia("calendar is-workday 2027-02-06 --db " + db).out, "true\n");  // a Saturday worked
  EXPECT_EQ(RunGovmedia("calendar add-workdays 2026-12-30 2 --db " + db).out, "2027-01-04\n");
}

TEST(UserCli, AddsUsersAndRequiresAUnitForOperators) {
  TempDir tmp;
  TestDb test_db(tmp);
  const std::string db = test_db.target();
  auto r = RunGovmedia("user add --db " + db + " --username admin --role city_admin --password-stdin",
                       "a-long-password\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = RunGovmedia("user add --db " + db + " --username op --role unit_operator");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unit"), std::string::npos);
  r = RunGovmedia("user add --db " + db + " --username op --role unit_operator --unit 不存在的单位");
  EXPECT_EQ(r.exit_code, 2);
  r = RunGovmedia("user add --db " + db + " --username op --role unit_operator --unit 张浦镇");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("口令"), std::string::npos);  // a generated password, shown once
  r = RunGovmedia("user add --db " + db + " --username op --role viewer");
  EXPECT_EQ(r.exit_code, 2);  // the name is taken
  r = RunGovmedia("user add --db " + db + " --username x --role king");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("role"), std::string::npos);
}

TEST(AuditCli, VerifyPassesThenNamesTheEditedRow) {
  TempDir tmp;
  TestDb test_db(tmp);
  const std::string db = test_db.target();
  for (const char* name : {"a1", "a2", "a3"}) {
    ASSERT_EQ(RunGovmedia("user add --db " + db + " --username " + name + " --role viewer").exit_code, 0);
  }
  auto r = RunGovmedia("audit verify --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  {
    // Someone with the database's own access edits a row behind the platform's back.
    auto h = storage::OpenDb(db);
    ASSERT_TRUE(h.ok());
    const std::string drop = OnPostgres() ? "DROP TRIGGER audit_log_no_update ON audit_log"
                                          : "DROP TRIGGER audit_log_no_update";
    ASSERT_TRUE((*h)->ExecScript(drop + "; UPDATE audit_log SET actor = 'mallory' WHERE id = 3").ok());
  }
  r = RunGovmedia("audit verify --db " + db);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("第 3 行"), std::string::npos) << r.err;
}

TEST(Cli, HelpListsTheCommands) {
  auto r = RunGovmedia("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* c : {"serve", "user", "calendar", "audit"}) EXPECT_NE(r.out.find(c), std::string::npos) << c;
  EXPECT_EQ(RunGovmedia("frobnicate").exit_code, 2);
}

}  // namespace
}  // namespace govmedia::testing
