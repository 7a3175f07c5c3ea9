// GET /api/audit: the filters by person, action and Beijing day, and their errors.
#include <set>

#include "http/api_fixture.h"
#include "storage/audit_log.h"

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
