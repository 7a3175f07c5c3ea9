// `govmedia import accounts FILE.xlsx --db PATH [--dry-run]` per contracts/registry-import.md:
// exit 2 listing every bad row on standard error and writing nothing; exit 0 with the one line;
// twice adds nothing; --dry-run writes nothing; the audit rows are attributed to `cli`.
#include <gtest/gtest.h>

#include "registry_sheet.h"
#include "storage/db.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::testing {
namespace {

int64_t Query(const std::string& db, const std::string& sql) {
  auto h = storage::OpenDb(db);
  return storage::QueryOne(**h, sql)->Int(0);
}

class ImportAccountsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test_db_.target();
    good_ = tmp_.File("台账.xlsx");
    WriteFile(good_, Workbook({RegistryHeader(), RegistryRow("张浦镇", "张浦发布", "微博", D("2016-05-01")),
                               RegistryRow("昆山市教育局", "昆山教育", "抖音", D("2020-01-15"))}));
  }
  TempDir tmp_;
  TestDb test_db_{tmp_};
  std::string db_, good_;
};

TEST_F(ImportAccountsCli, BadRowsExitTwoListingEveryRowAndWriteNothing) {
  SheetRow bad_phone = RegistryRow("张浦镇", "乙", "微博", D("2016-05-01"));
  bad_phone[8] = std::string("110");
  const std::string bad = tmp_.File("bad.xlsx");
  WriteFile(bad, Workbook({RegistryHeader(), RegistryRow("张浦镇", "甲", "微博", D("2016-05-01")), bad_phone,
                           RegistryRow("张浦镇", "丙", "脸书", D("2016-05-01"))}));
  auto r = RunGovmedia("import accounts " + bad + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "第 3 行 主要领导联系方式：应为手机号码或固定电话（如 0512-57512345），不是“110”\n"
            "第 4 行 账号平台：未知的平台“脸书”（应为 微博、微信订阅号、微信服务号、抖音、快手、今日头条、微信视频号、"
            "哔哩哔哩、移动客户端、小程序、其他 之一）\n");
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM accounts"), 0);
}

TEST_F(ImportAccountsCli, GoodFileOnceTwiceAndDryRun) {
  auto dry = RunGovmedia("import accounts '" + good_ + "' --db " + db_ + " --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out, "导入 2 个账号，跳过 0 个已在台账中的账号（试运行，未写入）\n");
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM accounts"), 0);

  auto once = RunGovmedia("import accounts '" + good_ + "' --db " + db_);
  EXPECT_EQ(once.exit_code, 0) << once.err;
  EXPECT_EQ(once.out, "导入 2 个账号，跳过 0 个已在台账中的账号\n");
  EXPECT_EQ(once.err, "");
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM accounts WHERE status = 'open'"), 2);
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM filings WHERE historical = 1"), 2);
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM audit_log WHERE actor = 'cli' AND action = 'account.register_existing'"), 2);

  auto twice = RunGovmedia("import accounts '" + good_ + "' --db " + db_);
  EXPECT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_EQ(twice.out, "导入 0 个账号，跳过 2 个已在台账中的账号\n");
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM accounts"), 2);
  EXPECT_EQ(RunGovmedia("audit verify --db " + db_).exit_code, 0);
}

TEST_F(ImportAccountsCli, NotAWorkbookIsBadInput) {
  const std::string csv = tmp_.File("台账.csv");
  WriteFile(csv, "账号名称,主办单位\n张浦发布,张浦镇\n");
  auto r = RunGovmedia("import accounts " + csv + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("不是 XLSX 文件"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace govmedia::testing
