// 我的报表 (issue 14 item 3: a report is a job): the year's assessment workbook asked for, built by a
// node's worker as a `report.build` job in the requester's scope, downloaded only by its requester;
// a job run twice (its node died after building) builds nothing twice; a requester disabled before
// the job runs gets a failed report, not a file. On SQLite and on PostgreSQL (TestDb).
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "app/system_clock.h"
#include "core/timestamp.h"
#include "storage/db.h"
#include "xlsx_reader.h"

namespace govmedia::testing {
namespace {

class GeneratedReportsApi : public ApiTest {
 protected:
  httplib::Result Download(const Session& s, int64_t id) {
    const std::string path = "/api/generated-reports/" + std::to_string(id) + "/file";
    return client_->Get(path.c_str(), {{"Cookie", s.cookie}});
  }
  // Whether any cell of the workbook's first sheet reads `unit`.
  static bool Lists(const std::map<std::string, std::string>& cells, const std::string& unit) {
    for (const auto& [ref, value] : cells)
      if (value == unit) return true;
    return false;
  }
  int64_t Count(const std::string& sql) { return storage::QueryOne(node_->db(), sql)->Int(0); }
};

TEST_F(GeneratedReportsApi, TheAssessmentWorkbookIsBuiltAsAJobInTheRequestersScope) {
  const Session admin = Login("admin"), zp = Login("zp");
  // Bad requests name their field and leave nothing behind.
  auto bad = Post(admin, "/api/generated-reports", {{"kind", "weekly"}, {"year", 2024}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "kind");
  bad = Post(admin, "/api/generated-reports", {{"kind", "assessment"}, {"year", 1999}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "year");
  EXPECT_EQ(Post(admin, "/api/generated-reports", {{"kind", "assessment"}}).body["error"]["field"], "year");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM generated_reports"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'report.build'"), 0);

  auto asked = Post(admin, "/api/generated-reports", {{"kind", "assessment"}, {"year", 2024}});
  ASSERT_EQ(asked.status, 201) << asked.body.dump();
  EXPECT_EQ(asked.body["status"], "queued");
  EXPECT_EQ(asked.body["filename"], "assessment-2024.xlsx");
  EXPECT_EQ(asked.body["requested_by"], "admin");
  const int64_t mine = asked.body["id"];
  auto theirs = Post(zp, "/api/generated-reports", {{"kind", "assessment"}, {"year", 2024}});
  ASSERT_EQ(theirs.status, 201);
  const int64_t zps = theirs.body["id"];
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'report.generate'"), 2);
  // Not built yet: nothing to download.
  EXPECT_EQ(Download(admin, mine)->status, 409);

  EXPECT_EQ(RunDueJobs(), 2);
  auto list = Get(admin, "/api/generated-reports");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);  // only the requester's own
  EXPECT_EQ(list.body["items"][0]["status"], "done");
  EXPECT_GT(list.body["items"][0]["bytes"].get<int64_t>(), 1000);
  EXPECT_FALSE(list.body["items"][0]["finished_at"].is_null());

  // The office's workbook: every unit, as the direct export has them.
  auto file = Download(admin, mine);
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200);
  EXPECT_EQ(file->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(file->get_header_value("Content-Disposition").find("assessment-2024.xlsx"), std::string::npos);
  auto direct = client_->Get("/api/assessments/export?year=2024", {{"Cookie", admin.cookie}});
  ASSERT_TRUE(direct);
  EXPECT_EQ(SheetCells(file->body), SheetCells(direct->body));
  EXPECT_TRUE(Lists(SheetCells(file->body), "昆山市教育局"));
  // The unit operator's: their unit only.
  auto own = Download(zp, zps);
  ASSERT_EQ(own->status, 200);
  const auto cells = SheetCells(own->body);
  EXPECT_TRUE(Lists(cells, "张浦镇"));
  EXPECT_FALSE(Lists(cells, "昆山市教育局"));
  // Nobody else's: another user gets 404 for it, as for a report that does not exist.
  EXPECT_EQ(Download(zp, mine)->status, 404);
  EXPECT_EQ(Download(Login("edu"), zps)->status, 404);
  EXPECT_EQ(Download(admin, 999999)->status, 404);

  // A job run again (its node died after the build committed) changes nothing.
  const std::string before = storage::QueryOne(node_->db(), "SELECT finished_at FROM generated_reports WHERE id = ?",
                                               {mine})->Text(0);
  ASSERT_TRUE(node_->generated_reports().Build(mine).ok());
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT finished_at FROM generated_reports WHERE id = ?", {mine})->Text(0),
            before);
}

TEST_F(GeneratedReportsApi, ARequesterDisabledBeforeTheJobRunsGetsAFailedReportNotAFile) {
  const Session admin = Login("admin"), zp = Login("zp");
  auto asked = Post(zp, "/api/generated-reports", {{"kind", "assessment"}, {"year", 2024}});
  ASSERT_EQ(asked.status, 201);
  const int64_t id = asked.body["id"];
  ASSERT_TRUE(node_->db().Exec("UPDATE users SET disabled = 1 WHERE username = 'zp'").ok());
  EXPECT_EQ(RunDueJobs(), 1);
  auto row = storage::QueryOne(node_->db(), "SELECT status, error, content FROM generated_reports WHERE id = ?", {id});
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->Text(0), "failed");
  EXPECT_EQ(row->Text(1), "申请人的账号已停用");
  EXPECT_TRUE(row->IsNull(2));
  // A failed report is not tried again.
  ASSERT_TRUE(node_->generated_reports().Build(id).ok());
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT status FROM generated_reports WHERE id = ?", {id})->Text(0),
            "failed");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'report.build' AND status = 'done'"), 1);
}

// A finished report is kept for 30 days after it was built or failed (the daily maintenance job
// prunes the older ones); one still queued is never pruned, however old its request.
TEST_F(GeneratedReportsApi, FinishedReportsAreKeptThirtyDaysAndQueuedOnesUntilBuilt) {
  const Session zp = Login("zp");
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto asked = Post(zp, "/api/generated-reports", {{"kind", "assessment"}, {"year", 2024}});
    ASSERT_EQ(asked.status, 201);
    ids.push_back(asked.body["id"]);
  }
  ASSERT_EQ(RunDueJobs(), 3);
  const int64_t now = app::SystemClock().NowSeconds();
  auto age = [&](int64_t id, int64_t days) {
    ASSERT_TRUE(node_->db().Exec("UPDATE generated_reports SET finished_at = ? WHERE id = ?",
                                 {core::FormatRfc3339Beijing(now - days * core::kSecondsPerDay), id}).ok());
  };
  age(ids[0], 31);
  age(ids[1], 29);
  ASSERT_TRUE(node_->db().Exec("UPDATE generated_reports SET status = 'queued', finished_at = NULL, content = NULL, "
                               "requested_at = '2020-01-01T00:00:00Z' WHERE id = ?", {ids[2]}).ok());
  auto pruned = node_->generated_reports().Prune();
  ASSERT_TRUE(pruned.ok()) << pruned.status().message();
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(Get(zp, "/api/generated-reports/" + std::to_string(ids[0]) + "/file").status, 404);
  EXPECT_EQ(Get(zp, "/api/generated-reports/" + std::to_string(ids[1]) + "/file").status, 200);
  auto listed = Get(zp, "/api/generated-reports");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["items"].size(), 2u);
  EXPECT_EQ(*node_->generated_reports().Prune(), 0);
}

}  // namespace
}  // namespace govmedia::testing
