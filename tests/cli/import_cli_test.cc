// `govmedia import posts`: idempotent, versions edits, rejects a bad line without writing.
#include <gtest/gtest.h>

#include "storage/db.h"
#include "test_util.h"

namespace govmedia::testing {
namespace {

int64_t Count(const std::string& db, const std::string& table) {
  auto h = storage::OpenSqlite(db);
  return storage::QueryOne(**h, "SELECT COUNT(*) FROM " + table)->Int(0);
}

class ImportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tmp_.File("t.db");
    // An account to import into, registered through the CLI's own database.
    ASSERT_EQ(RunGovmedia("user add --db " + db_ + " --username a --role viewer").exit_code, 0);
    auto h = storage::OpenSqlite(db_);
    ASSERT_TRUE((*h)->Exec("INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, updated_at) "
                           "VALUES (5, '张浦发布', 'weibo', 'open', '{}', 'x', 'x')").ok());
  }
  TempDir tmp_;
  std::string db_;
};

TEST_F(ImportCli, ImportingTwiceAddsNothingAndEditsBecomeVersions) {
  const std::string f = tmp_.File("posts.jsonl");
  std::string lines;
  for (int i = 0; i < 2500; ++i) {
    lines += "{\"account_id\": 1, \"id\": \"p" + std::to_string(i) + "\", \"published_at\": \"2024-10-0" +
             std::to_string(1 + i % 9) + "T09:00:00+08:00\", \"text\": \"第" + std::to_string(i) + "条\"}\n";
  }
  WriteFile(f, lines);
  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("新增 2500"), std::string::npos) << r.out;
  EXPECT_EQ(Count(db_, "posts"), 2500);
  r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Count(db_, "posts"), 2500);
  EXPECT_EQ(Count(db_, "post_versions"), 2500);
  // The same posts from another export, one edited: a new version, nothing removed.
  const std::string g = tmp_.File("again.jsonl");
  WriteFile(g, "{\"account_id\": 1, \"id\": \"p7\", \"published_at\": \"2024-10-08T09:00:00+08:00\", \"text\": \"第7条（更正）\"}\n"
               "{\"account_id\": 1, \"id\": \"p8\", \"published_at\": \"2024-10-09T09:00:00+08:00\", \"text\": \"第8条\"}\n");
  r = RunGovmedia("import posts " + g + " --db " + db_);
  EXPECT_NE(r.out.find("修改 1"), std::string::npos) << r.out;
  EXPECT_EQ(Count(db_, "posts"), 2500);
  EXPECT_EQ(Count(db_, "post_versions"), 2501);
}

TEST_F(ImportCli, ABadLineIsNamedAndNothingIsWritten) {
  const std::string f = tmp_.File("bad.jsonl");
  WriteFile(f, "{\"account_id\": 1, \"id\": \"p1\", \"published_at\": \"2024-10-01T09:00:00+08:00\", \"text\": \"a\"}\n"
               "{\"account_id\": 1, \"id\": \"p2\", \"published_at\": \"yesterday\", \"text\": \"b\"}\n");
  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_EQ(Count(db_, "posts"), 0);
  WriteFile(f, "{\"account_id\": 99, \"id\": \"p1\", \"published_at\": \"2024-10-01T09:00:00+08:00\", \"text\": \"a\"}\n");
  r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 1"), std::string::npos);
}

}  // namespace
}  // namespace govmedia::testing
