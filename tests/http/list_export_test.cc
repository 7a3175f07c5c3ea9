// GET <list>/export (http/list_export.h): the same rows as the list for the same query, every
// page, in the list's scope; refused where the list is refused.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "xlsx_reader.h"

namespace govmedia::testing {
namespace {

class ListExportApi : public ApiTest {
 protected:
  httplib::Result Download(const Session& s, const std::string& path) {
    return client_->Get(path.c_str(), {{"Cookie", s.cookie}});
  }
  /// Rows of the first sheet below the header: the count of "A<n>" cells after A1.
  static int DataRows(const std::map<std::string, std::string>& cells) {
    int n = 0;
    while (cells.count("A" + std::to_string(n + 2))) ++n;
    return n;
  }
};

TEST_F(ListExportApi, EveryListExportsItsRowsWithItsFiltersAndScope) {
  const Session admin = Login("admin");
  const int64_t zp = UnitId("张浦镇"), edu = UnitId("昆山市教育局");
  OpenAccount(admin, zp, "张浦发布");
  OpenAccount(admin, edu, "昆山教育");

  auto filings = Download(admin, "/api/filings/export");
  ASSERT_TRUE(filings);
  ASSERT_EQ(filings->status, 200);
  EXPECT_EQ(filings->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(filings->get_header_value("Content-Disposition").find("filings.xlsx"), std::string::npos);
  auto cells = SheetCells(filings->body);
  EXPECT_EQ(cells.at("A1"), "账号");
  EXPECT_EQ(cells.at("D1"), "类别");
  EXPECT_EQ(DataRows(cells), Get(admin, "/api/filings").body["total"].get<int>());
  EXPECT_EQ(DataRows(cells), 2);

  // The list's filter: one unit.
  cells = SheetCells(Download(admin, "/api/filings/export?unit_id=" + std::to_string(edu))->body);
  ASSERT_EQ(DataRows(cells), 1);
  EXPECT_EQ(cells.at("A2"), "昆山教育");
  EXPECT_EQ(cells.at("C2"), "微信订阅号");
  // A unit operator's scope.
  cells = SheetCells(Download(Login("zp"), "/api/filings/export")->body);
  ASSERT_EQ(DataRows(cells), 1);
  EXPECT_EQ(cells.at("A2"), "张浦发布");
  // A bad filter is refused as by the list.
  EXPECT_EQ(Download(admin, "/api/filings/export?view=nonsense")->status, 400);

  // Every list's export answers a workbook whose header names its first column.
  for (const char* path : {"/api/inspections/export", "/api/freshness/export", "/api/availability/export",
                           "/api/alerts/export", "/api/rectifications/export", "/api/reports/export",
                           "/api/audit/export"}) {
    auto res = Download(admin, path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path << " " << res->body;
    EXPECT_FALSE(SheetCells(res->body)["A1"].empty()) << path;
  }
  // The audit log pages through: every row of the log, more than one page's default of 50.
  for (int i = 0; i < 30; ++i) OpenAccount(admin, zp, "张浦账号" + std::to_string(i));
  const int audit_total = Get(admin, "/api/audit").body["total"].get<int>();
  ASSERT_GT(audit_total, 50);
  EXPECT_EQ(DataRows(SheetCells(Download(admin, "/api/audit/export")->body)), audit_total);
  EXPECT_EQ(DataRows(SheetCells(Download(admin, "/api/filings/export")->body)), 32);
  // Only who may read the list may export it.
  EXPECT_EQ(Download(Login("boss"), "/api/audit/export")->status, 403);
  EXPECT_EQ(client_->Get("/api/filings/export")->status, 401);
}

}  // namespace
}  // namespace govmedia::testing
