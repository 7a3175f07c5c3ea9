#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/audit_log.h"
#include "storage/db.h"
#include "test_util.h"

namespace govmedia::storage {
namespace {

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = tmp_.File("t.db");
    auto db = OpenSqlite(path_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(Migrate(*db_).ok());
  }
  core::AuditEntry Entry(const std::string& action) {
    return {0, "2024-01-01T00:00:00Z", "admin", action, "account", "1", "{}", "{\"name\":\"x\"}"};
  }
  testing::TempDir tmp_;
  std::string path_;
  std::unique_ptr<Db> db_;
};

TEST_F(SqliteTest, WalModeAndMigrationsApplyOnce) {
  auto mode = QueryOne(*db_, "PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(mode->Text(0), "wal");
  ASSERT_TRUE(Migrate(*db_).ok());  // second run: nothing to do, no error
  auto n = QueryOne(*db_, "SELECT COUNT(*), MAX(version) FROM schema_migrations");
  EXPECT_EQ(n->Int(0), n->Int(1));  // each version applied once
}

TEST_F(SqliteTest, TransactionRollsBackEveryRowOnFailure) {
  Status s = db_->Transaction([&]() -> Status {
    auto id = db_->Insert("INSERT INTO units (name, category, created_at) VALUES ('甲', '其他', 'x') RETURNING id");
    if (!id.ok()) return id.status();
    return Status::InvalidArgument("name", "boom");
  });
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(QueryOne(*db_, "SELECT COUNT(*) FROM units")->Int(0), 0);
}

TEST_F(SqliteTest, UniqueViolationIsAConflict) {
  ASSERT_TRUE(db_->Exec("INSERT INTO units (name, category, created_at) VALUES ('甲', '其他', 'x')").ok());
  auto s = db_->Exec("INSERT INTO units (name, category, created_at) VALUES ('甲', '其他', 'x')");
  EXPECT_TRUE(s.IsConflict());
}

TEST_F(SqliteTest, AuditChainVerifiesAndRefusesEdits) {
  AuditLog log(*db_);
  for (const char* a : {"account.apply", "application.approve", "account.file_open"}) {
    ASSERT_TRUE(log.Append(Entry(a)).ok());
  }
  std::string why;
  auto ok = log.Verify(&why);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->has_value());
  // The table itself refuses updates and deletes.
  EXPECT_FALSE(db_->Exec("UPDATE audit_log SET actor = 'mallory' WHERE id = 2").ok());
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log WHERE id = 3").ok());
}

TEST_F(SqliteTest, AuditChainNamesTheFirstEditedRow) {
  AuditLog log(*db_);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(log.Append(Entry("account.update")).ok());
  // Tampering needs the triggers dropped first, as someone with the file could.
  ASSERT_TRUE(db_->ExecScript("DROP TRIGGER audit_log_no_update; "
                              "UPDATE audit_log SET after_json = '{\"name\":\"y\"}' WHERE id = 3").ok());
  std::string why;
  auto broken = log.Verify(&why);
  ASSERT_TRUE(broken.ok());
  ASSERT_TRUE(broken->has_value());
  EXPECT_EQ(**broken, 3);
  EXPECT_NE(why.find("3"), std::string::npos);
}

TEST_F(SqliteTest, AuditChainDetectsARemovedRow) {
  AuditLog log(*db_);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(log.Append(Entry("account.update")).ok());
  ASSERT_TRUE(db_->ExecScript("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2").ok());
  std::string why;
  auto broken = log.Verify(&why);
  ASSERT_TRUE(broken.ok());
  ASSERT_TRUE(broken->has_value());
  EXPECT_EQ(**broken, 2);
}

TEST_F(SqliteTest, CommittedDataSurvivesAnotherConnection) {
  ASSERT_TRUE(db_->Exec("INSERT INTO units (name, category, created_at) VALUES ('乙', '其他', 'x')").ok());
  auto other = OpenSqlite(path_);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(QueryOne(**other, "SELECT COUNT(*) FROM units")->Int(0), 1);
}

}  // namespace
}  // namespace govmedia::storage
