// contracts/registry-import.md through the service: bad rows refused whole and each named by its
// Excel row, a good file imported as 历史补录, twice adds nothing, a dry run writes nothing, and an
// exported file imports again unchanged.
#include "app/registry/registry_import.h"

#include <gtest/gtest.h>

#include "app/node.h"
#include "registry_sheet.h"
#include "test_db.h"
#include "test_util.h"
#include "xlsx_reader.h"

namespace govmedia::app {
namespace {

using testing::D;
using testing::Number;
using testing::RegistryHeader;
using testing::RegistryRow;
using testing::SheetRow;
using testing::Workbook;

class RegistryImportTest : public ::testing::Test {
 protected:
  void SetUp() override { node_ = Open(db_.target()); }

  std::unique_ptr<Node> Open(const std::string& path) {
    auto node = Node::Open(path, clock_);
    EXPECT_TRUE(node.ok()) << node.status().ToString();
    return node.ok() ? std::move(*node) : nullptr;
  }
  static RegistryImport Importer(Node& n) {
    return RegistryImport(n.db(), n.registry_store(), n.audit(), n.registry(), n.clock());
  }
  static int64_t Count(Node& n, const std::string& sql) { return storage::QueryOne(n.db(), sql)->Int(0); }
  int64_t Accounts() { return Count(*node_, "SELECT COUNT(*) FROM accounts"); }
  int64_t AuditRows() { return Count(*node_, "SELECT COUNT(*) FROM audit_log"); }

  std::string GoodFile() {
    return Workbook({RegistryHeader(), RegistryRow("张浦镇", "张浦发布", "微博", D("2016-05-01")),
                     RegistryRow("张浦镇", "张浦发布", "微信订阅号", D("2017-03-02")),
                     {},  // an empty row: the next keeps Excel's number 5
                     RegistryRow("昆山市教育局", "昆山教育", "抖音", D("2020-01-15"))});
  }

  testing::TempDir tmp_;
  FixedDateClock clock_{D("2024-10-18")};
  testing::TestDb db_{tmp_, "a.db"};
  std::unique_ptr<Node> node_;
  const core::Principal admin_{1, "admin", core::Role::kCityAdmin, std::nullopt};
};

TEST_F(RegistryImportTest, BadRowsAreRefusedWholeAndEachNamedByItsExcelRow) {
  SheetRow bad_platform = RegistryRow("张浦镇", "张浦发布", "微信公众号", D("2016-05-01"));
  SheetRow bad_phone_no_name = RegistryRow("张浦镇", "", "抖音", D("2016-05-01"));
  bad_phone_no_name[8] = std::string("12345");
  SheetRow bad_unit_text_date = RegistryRow("不存在镇", "某账号", "微博", D("2016-05-01"));
  bad_unit_text_date[5] = std::string("2016年5月");
  SheetRow future = RegistryRow("张浦镇", "明日账号", "快手", D("2025-01-01"));
  const std::string file =
      Workbook({RegistryHeader(), RegistryRow("张浦镇", "好账号", "微博", D("2016-05-01")), bad_platform, {},
                bad_phone_no_name, bad_unit_text_date, future,
                RegistryRow("张浦镇", "好账号", "微博", D("2016-05-01"))});
  const int64_t accounts = Accounts(), audit = AuditRows();
  auto r = Importer(*node_).Import(admin_, file, false, "bad.xlsx");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> lines;
  for (const auto& p : r->problems) lines.push_back(p.Line());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "第 3 行 账号平台：未知的平台“微信公众号”（应为 微博、微信订阅号、微信服务号、抖音、快手、今日头条、"
                       "微信视频号、哔哩哔哩、移动客户端、小程序、其他 之一）",
                       "第 5 行 账号名称：必填",
                       "第 5 行 主要领导联系方式：应为手机号码或固定电话（如 0512-57512345），不是“12345”",
                       "第 6 行 主办单位：台账中没有名为“不存在镇”的单位",
                       "第 6 行 开设日期：应为日期（Excel 日期，或 YYYY-MM-DD、YYYY/M/D），不是“2016年5月”",
                       "第 7 行 开设日期：开设日期不能晚于今天",
                       "第 8 行 账号名称：与第 2 行重复（同一单位、同一平台、同一账号名称）"}))
      << ::testing::PrintToString(lines);
  EXPECT_EQ(r->imported, 0);
  EXPECT_EQ(Accounts(), accounts);
  EXPECT_EQ(AuditRows(), audit);
}

TEST_F(RegistryImportTest, HeaderProblemsAreRowOne) {
  SheetRow header = RegistryHeader();
  header[3] = std::string("账号连接");  // misspelt 账号链接: must not silently drop the links
  auto r = Importer(*node_).Import(admin_, Workbook({header, RegistryRow("张浦镇", "甲", "微博", D("2016-05-01"))}),
                                   false, "h.xlsx");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->problems.size(), 2u);
  EXPECT_EQ(r->problems[0].Line(), "第 1 行 账号连接：未知的列（请使用模板中的列名）");
  EXPECT_EQ(r->problems[1].Line(), "第 1 行 账号链接：缺少此列");
  EXPECT_EQ(Accounts(), 0);
}

TEST_F(RegistryImportTest, GoodFileIsImportedAsHistoricalAndTwiceAddsNothing) {
  auto r = Importer(*node_).Import(admin_, GoodFile(), false, "good.xlsx");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->problems.empty()) << r->problems[0].Line();
  EXPECT_EQ(r->Summary(), "导入 3 个账号，跳过 0 个已在台账中的账号");
  EXPECT_EQ(Accounts(), 3);
  EXPECT_EQ(Count(*node_, "SELECT COUNT(*) FROM accounts WHERE status = 'open'"), 3);
  // 历史补录: one open filing each, historical, so never late and never waiting to be forwarded.
  EXPECT_EQ(Count(*node_, "SELECT COUNT(*) FROM filings WHERE kind = 'open' AND historical = 1"), 3);
  EXPECT_EQ(Count(*node_, "SELECT COUNT(*) FROM audit_log WHERE action = 'account.register_existing' AND actor = 'admin'"), 3);
  EXPECT_EQ(Count(*node_, "SELECT COUNT(*) FROM audit_log WHERE action = 'accounts.import' AND entity_id = 'good.xlsx'"), 1);
  auto overdue = node_->registry().ListFilings(admin_, FilingList::kOverdue, std::nullopt, std::nullopt);
  ASSERT_TRUE(overdue.ok());
  EXPECT_TRUE(overdue->empty());
  auto pending = node_->registry().ListFilings(admin_, FilingList::kPending, std::nullopt, std::nullopt);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());

  storage::AccountFilter f;
  f.name_contains = "昆山教育";
  auto rows = node_->registry().ListAccounts(admin_, f, nullptr);
  ASSERT_TRUE(rows.ok() && rows->size() == 1);
  const auto& rec = rows->front().record;
  EXPECT_EQ(rec.platform, core::Platform::kDouyin);
  EXPECT_EQ(rec.opened_on, D("2020-01-15"));
  EXPECT_EQ(rec.main_leader.phone, "13812345678");
  ASSERT_EQ(rec.staff.size(), 1u);
  EXPECT_EQ(rec.staff[0].phone, "0512-57512345");
  EXPECT_EQ(rec.feed_urls, (std::vector<std::string>{"https://example.gov.cn/feed1.xml", "https://example.gov.cn/feed2.xml"}));

  const int64_t audit = AuditRows();
  auto again = Importer(*node_).Import(admin_, GoodFile(), false, "good.xlsx");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Summary(), "导入 0 个账号，跳过 3 个已在台账中的账号");
  ASSERT_EQ(again->skipped.size(), 3u);
  EXPECT_EQ(again->skipped[2].row, 5);
  EXPECT_EQ(Accounts(), 3);
  EXPECT_EQ(AuditRows(), audit + 1);  // only the import's own row
}

TEST_F(RegistryImportTest, DryRunWritesNothing) {
  const int64_t audit = AuditRows();
  auto r = Importer(*node_).Import(admin_, GoodFile(), true, "good.xlsx");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->problems.empty());
  EXPECT_EQ(r->imported, 3);
  EXPECT_EQ(Accounts(), 0);
  EXPECT_EQ(AuditRows(), audit);
}

TEST_F(RegistryImportTest, OnlyTheCityOfficeImports) {
  const core::Principal viewer{2, "boss", core::Role::kViewer, std::nullopt};
  auto r = Importer(*node_).Import(viewer, GoodFile(), false, "good.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::Status::Code::kPermissionDenied);
  EXPECT_EQ(Accounts(), 0);
}

TEST_F(RegistryImportTest, TextDatesAndTemplate) {
  SheetRow slash = RegistryRow("张浦镇", "甲", "微博", D("2016-05-01"));
  slash[5] = std::string("2016/5/1");
  SheetRow dashed = RegistryRow("张浦镇", "乙", "微博", D("2016-05-01"));
  dashed[5] = std::string("2018-12-31");
  auto r = Importer(*node_).Import(admin_, Workbook({RegistryHeader(), slash, dashed}), false, "t.xlsx");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->problems.empty()) << r->problems[0].Line();
  EXPECT_EQ(Count(*node_, "SELECT COUNT(*) FROM accounts WHERE opened_on IN ('2016-05-01', '2018-12-31')"), 2);

  auto tpl = Importer(*node_).Template();
  ASSERT_TRUE(tpl.ok());
  auto empty = Importer(*node_).Import(admin_, *tpl, true, "template.xlsx");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->problems.empty());
  EXPECT_EQ(empty->rows, 0);
}

TEST_F(RegistryImportTest, ExportedFileImportsAgainUnchanged) {
  // Richer records than the import file: every column filled, three staff.
  SheetRow header = RegistryHeader();
  for (const char* h : {"管理科室", "分管领导姓名", "分管领导职务", "分管领导联系方式", "总编辑姓名", "总编辑职务",
                        "总编辑联系方式", "工作人员1职务", "工作人员2姓名", "工作人员2职务", "工作人员2联系方式",
                        "工作人员3姓名", "工作人员3联系方式", "认证信息", "内设机构名称", "客户端下载地址", "发布新闻信息",
                        "互联网新闻信息服务许可证编号", "许可证持证单位", "许可证有效期至"})
    header.push_back(std::string(h));
  SheetRow full = RegistryRow("张浦镇", "张浦发布", "移动客户端", D("2015-06-30"));
  for (const char* v : {"宣传办", "赵六", "副镇长", "13900001111", "钱七", "主任", "0512-57510000", "科员", "孙八",
                        "干事", "13700002222", "周九", "13600003333", "张浦镇人民政府官方账号", "宣传办",
                        "https://app.example.gov.cn/a.apk\nhttps://app.example.gov.cn/b.ipa", "是",
                        "32120190001", "张浦镇人民政府", "2026-12-31"})
    full.push_back(std::string(v));
  ASSERT_TRUE(Importer(*node_)
                  .Import(admin_,
                          Workbook({header, full, RegistryRow("昆山市教育局", "昆山教育", "抖音", D("2020-01-15"))}),
                          false, "full.xlsx")
                  .ok());
  ASSERT_EQ(Accounts(), 2);
  auto exported = Importer(*node_).Export(admin_, {});
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();

  // Into the same registry: nothing new.
  auto same = Importer(*node_).Import(admin_, *exported, false, "export.xlsx");
  ASSERT_TRUE(same.ok());
  ASSERT_TRUE(same->problems.empty()) << same->problems[0].Line();
  EXPECT_EQ(same->Summary(), "导入 0 个账号，跳过 2 个已在台账中的账号");

  // Into an empty one: the same records, so the same export.
  testing::TestDb other_db(tmp_, "b.db");
  auto other = Open(other_db.target());
  auto fresh = Importer(*other).Import(admin_, *exported, false, "export.xlsx");
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(fresh->problems.empty()) << fresh->problems[0].Line();
  EXPECT_EQ(fresh->imported, 2);
  auto again = Importer(*other).Export(admin_, {});
  ASSERT_TRUE(again.ok());
  const auto cells = testing::SheetCells(*exported);
  EXPECT_EQ(cells, testing::SheetCells(*again));
  EXPECT_EQ(cells.at("A1"), "账号名称");
  EXPECT_GT(cells.size(), 60u);

  // The record read back whole.
  storage::AccountFilter f;
  f.name_contains = "张浦发布";
  auto rows = other->registry().ListAccounts(admin_, f, nullptr);
  ASSERT_TRUE(rows.ok() && rows->size() == 1);
  const auto& rec = rows->front().record;
  EXPECT_EQ(rec.platform, core::Platform::kApp);
  EXPECT_EQ(rec.opened_on, D("2015-06-30"));
  EXPECT_EQ(rec.chief_editor.phone, "0512-57510000");
  ASSERT_EQ(rec.staff.size(), 3u);
  EXPECT_EQ(rec.staff[2].name, "周九");
  EXPECT_TRUE(rec.internal_body);
  EXPECT_EQ(rec.internal_body_name, "宣传办");
  EXPECT_EQ(rec.app_download_urls.size(), 2u);
  EXPECT_TRUE(rec.publishes_news);
  EXPECT_EQ(rec.news_license_number, "32120190001");
  EXPECT_EQ(rec.news_license_holder, "张浦镇人民政府");
  EXPECT_EQ(rec.news_license_valid_to, D("2026-12-31"));
}

TEST_F(RegistryImportTest, ExportMasksContactsAsOnScreenAndKeepsFilters) {
  ASSERT_TRUE(Importer(*node_).Import(admin_, GoodFile(), false, "good.xlsx").ok());
  const core::Principal viewer{2, "boss", core::Role::kViewer, std::nullopt};
  storage::AccountFilter f;
  f.platform = core::Platform::kDouyin;
  auto bytes = Importer(*node_).Export(viewer, f);
  ASSERT_TRUE(bytes.ok());
  auto cells = testing::SheetCells(*bytes);
  EXPECT_EQ(cells.at("A2"), "昆山教育");
  EXPECT_EQ(cells.count("A3"), 0u);  // only the filtered platform
  EXPECT_EQ(cells.at("J2"), core::MaskPhone("13812345678"));
  EXPECT_EQ(cells.at("J2"), "138****5678");

  // A unit operator sees their own unit's contacts, and only their unit.
  const int64_t zp = Count(*node_, "SELECT id FROM units WHERE name = '张浦镇'");
  const core::Principal op{3, "zp", core::Role::kUnitOperator, zp};
  auto own = Importer(*node_).Export(op, {});
  ASSERT_TRUE(own.ok());
  cells = testing::SheetCells(*own);
  EXPECT_EQ(cells.at("B2"), "张浦镇");
  EXPECT_EQ(cells.at("B3"), "张浦镇");
  EXPECT_EQ(cells.count("A4"), 0u);
  EXPECT_EQ(cells.at("J2"), "13812345678");
}

}  // namespace
}  // namespace govmedia::app
