// GET /api/audit: the filters by person, action and Beijing day, and their errors; its XLSX export
// in words (data/audit_labels.json, the labels the console shows).
#include <regex>
#include <set>

#include "http/api_fixture.h"
#include "storage/audit_log.h"
#include "xlsx_reader.h"

namespace govmedia::testing {
namespace {

class AuditApiTest : public ApiTest {
 protected:
  // Four rows on either side of two Beijing midnights (UTC+8): 10-16 23:59:59, 10-17 00:00:00,
  // 10-17 23:59:59 and 10-18 00:00:00 Beijing time.
  void SetUp() override {
    ApiTest::SetUp();
    storage::AuditLog log(node_->db());
    const struct {
      const char* at;
      const char* actor;
      const char* action;
      const char* id;
    } rows[] = {{"2024-10-16T15:59:59Z", "zp", "report.submit", "r1"},
                {"2024-10-16T16:00:00Z", "admin", "filing.forward", "f1"},
                {"2024-10-17T15:59:59Z", "admin", "report.submit", "r2"},
                {"2024-10-17T16:00:00Z", "zp", "filing.forward", "f2"}};
    for (const auto& r : rows)
      ASSERT_TRUE(log.Append({0, r.at, r.actor, r.action, "test", r.id, "", "{}"}).ok());
    admin_ = Login("admin");
  }

  /// The entity ids of the rows the query answers (only this test's rows), and checks `total`.
  std::set<std::string> Ids(const std::string& query) {
    auto r = Get(admin_, "/api/audit?page_size=500&" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.body.dump();
    std::set<std::string> out;
    for (const auto& e : r.body["items"])
      if (e["entity"] == "test") out.insert(e["entity_id"].get<std::string>());
    EXPECT_EQ(r.body["total"].get<size_t>(), r.body["items"].size()) << query;
    return out;
  }

  Session admin_;
};

TEST_F(AuditApiTest, FiltersByActorActionAndBeijingDays) {
  using S = std::set<std::string>;
  EXPECT_EQ(Ids("actor=zp"), (S{"r1", "f2"}));
  EXPECT_EQ(Ids("action=report.submit"), (S{"r1", "r2"}));
  EXPECT_EQ(Ids("actor=admin&action=report.submit"), (S{"r2"}));
  EXPECT_EQ(Ids("actor=nobody"), S{});
  EXPECT_EQ(Ids("from=2024-10-17&to=2024-10-17"), (S{"f1", "r2"}));
  EXPECT_EQ(Ids("to=2024-10-16"), (S{"r1"}));
  EXPECT_EQ(Ids("from=2024-10-18&entity=test"), (S{"f2"}));
  EXPECT_EQ(Ids("from=2024-10-16&to=2024-10-18&actor=zp&action=filing.forward"), (S{"f2"}));
  // Rows of other people and actions are not in the answer at all.
  auto r = Get(admin_, "/api/audit?actor=zp&from=2024-10-16&to=2024-10-18");
  EXPECT_EQ(r.body["total"], 2);
  for (const auto& e : r.body["items"]) EXPECT_EQ(e["actor"], "zp");
}

// The export names each action, object, writer and changed field in Chinese, as the page does; the
// action's code stays in a column of its own for filtering.
TEST_F(AuditApiTest, ExportTellsActionsObjectsAndChangesInChinese) {
  storage::AuditLog log(node_->db());
  ASSERT_TRUE(log.Append({0, "2024-10-18T02:00:00Z", "zp", "correction.accept", "correction", "7",
                          "", json{{"ticket", "JC2024"}, {"has_contact", true}}.dump()})
                  .ok());
  ASSERT_TRUE(log.Append({0, "2024-10-18T03:00:00Z", "system", "rectification.return", "rectification", "9",
                          json{{"status", "answered"}, {"answer", "已删除"}, {"updated_at", "2024-10-17T01:00:00Z"}}.dump(),
                          json{{"status", "returned"}, {"answer", "已删除"}, {"review_note", "截图不清"},
                               {"updated_at", "2024-10-18T03:00:00Z"}}.dump()})
                  .ok());
  OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");

  auto download = [&](const std::string& query) {
    auto res = client_->Get(("/api/audit/export?" + query).c_str(), {{"Cookie", admin_.cookie}});
    EXPECT_TRUE(res && res->status == 200) << query;
    return res ? SheetCells(res->body) : std::map<std::string, std::string>{};
  };
  auto cells = download("action=correction.accept");
  EXPECT_EQ(cells["C1"], "操作");
  EXPECT_EQ(cells["C2"], "受理网民纠错");
  EXPECT_EQ(cells["D2"], "网民纠错");
  EXPECT_EQ(cells["E2"], "7");
  EXPECT_EQ(cells["F2"], "纠错编号：JC2024\n留有联系方式：是");
  EXPECT_EQ(cells["G1"], "操作代码");
  EXPECT_EQ(cells["G2"], "correction.accept");
  EXPECT_FALSE(cells.count("A3"));

  // A change: the status in words, the fields by their labels, bookkeeping left out; the platform
  // itself as the writer.
  cells = download("action=rectification.return");
  EXPECT_EQ(cells["B2"], "平台（自动）");
  EXPECT_EQ(cells["C2"], "退回整改");
  EXPECT_EQ(cells["D2"], "整改");
  EXPECT_EQ(cells["F2"], "状态：待复查 → 已退回\n复查意见：（无） → 截图不清");

  // A request through the API: the account's approval, its status in the account's words.
  cells = download("action=application.approve");
  EXPECT_EQ(cells["C2"], "批准开设申请");
  EXPECT_EQ(cells["D2"], "账号");
  EXPECT_NE(cells["F2"].find("状态：申请中 → 已批准"), std::string::npos) << cells["F2"];

  // No raw code in the columns a person reads, in the whole log (this fixture's own rows are about
  // an object type "test", which has no label).
  cells = download("");
  const std::regex code("^[a-z_]+(\\.[a-z_.]+)?$");
  int rows = 0;
  for (int row = 2; cells.count("A" + std::to_string(row)); ++row, ++rows) {
    const std::string n = std::to_string(row);
    EXPECT_FALSE(std::regex_match(cells["C" + n], code)) << "row " << n << ": " << cells["C" + n];
    if (cells["D" + n] != "test") EXPECT_FALSE(std::regex_match(cells["D" + n], code)) << "row " << n << ": " << cells["D" + n];
    EXPECT_FALSE(std::regex_search(cells["F" + n], std::regex("(^|\n)[a-z_]+：")))
        << "row " << n << ", a field without a label in data/audit_labels.json:\n" << cells["F" + n];
  }
  EXPECT_GT(rows, 8);
}

TEST_F(AuditApiTest, BadDateIsRejectedNamingTheParameter) {
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"from=2024-13-01", "from"},
           {"to=yesterday", "to"},
           {"from=2024-10-18&to=2024-10-17", "to"}}) {
    auto r = Get(admin_, "/api/audit?" + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(r.body["error"]["field"], field) << query;
  }
  EXPECT_EQ(Get(Login("zp"), "/api/audit?actor=zp").status, 403);
}

}  // namespace
}  // namespace govmedia::testing
