// Migrations on a database that holds data: 008 rebuilds the posts table (comments join it) and
// must keep every post, version, hit and alert, with foreign keys intact.
#include <gtest/gtest.h>

#include "storage/db.h"
#include "storage/embedded.h"
#include "test_util.h"

namespace govmedia::storage {
namespace {

TEST(Migrate, RebuildingPostsForCommentsKeepsTheArchiveAndItsReferences) {
  testing::TempDir tmp;
  auto opened = OpenSqlite(tmp.File("old.db"));
  ASSERT_TRUE(opened.ok());
  Db& db = **opened;
  // A database as version 7 left it.
  ASSERT_TRUE(db.ExecScript("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)").ok());
  const char* old[] = {"001_init.sql", "002_scoring.sql", "003_posts.sql", "004_integrations.sql",
                       "005_alerts.sql", "006_feeds.sql", "007_post_search.sql"};
  for (int v = 1; v <= 7; ++v) {
    ASSERT_TRUE(db.ExecScript(Embedded(std::string("sqlite/") + old[v - 1])).ok()) << old[v - 1];
    ASSERT_TRUE(db.Exec("INSERT INTO schema_migrations VALUES (?, 'x')", {static_cast<int64_t>(v)}).ok());
  }
  ASSERT_TRUE(db.ExecScript(
                    "INSERT INTO units (id, name, category, created_at) VALUES (1, '张浦镇', '镇', 'x');"
                    "INSERT INTO accounts (id, unit_id, name, platform, status, record_json, created_at, updated_at) "
                    "VALUES (1, 1, '张浦发布', 'weibo', 'open', '{}', 'x', 'x');"
                    "INSERT INTO posts (id, account_id, platform_post_id, published_at, published_epoch, current_version, "
                    "first_seen, last_seen) VALUES (7, 1, '42', '2024-10-01T09:00:00+08:00', 1727744400, 2, 'x', 'x');"
                    "INSERT INTO post_versions (id, post_id, version, content_hash, text, seen_at) VALUES "
                    "(1, 7, 1, 'h1', '原文', 'x'), (2, 7, 2, 'h2', '泄露秘密', 'x');"
                    "INSERT INTO post_search (rowid, text) VALUES (1, '原文'), (2, '泄露秘密');"
                    "INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, start_cp, end_cp, "
                    "matched, created_at) VALUES (7, 2, 1, 'secret', 'veto.secret_leak', '秘密', 2, 4, '秘密', 'x');"
                    "INSERT INTO alerts (post_id, post_version, account_id, category, indicator, created_at) "
                    "VALUES (7, 2, 1, 'secret', 'veto.secret_leak', 'x');")
                  .ok());

  ASSERT_TRUE(Migrate(db).ok());
  auto post = QueryOne(db, "SELECT kind, platform_post_id, current_version FROM posts WHERE id = 7");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->Text(0), "post");
  EXPECT_EQ(post->Text(1), "42");
  EXPECT_EQ(post->Int(2), 2);
  EXPECT_EQ(QueryOne(db, "SELECT COUNT(*) FROM scan_hits h JOIN posts p ON p.id = h.post_id")->Int(0), 1);
  EXPECT_EQ(QueryOne(db, "SELECT COUNT(*) FROM alerts a JOIN posts p ON p.id = a.post_id")->Int(0), 1);
  EXPECT_TRUE(db.Query("PRAGMA foreign_key_check")->empty());
  // 032: the versions carry their post's time of publication.
  EXPECT_EQ(QueryOne(db, "SELECT COUNT(*) FROM post_versions WHERE published_epoch = 1727744400")->Int(0), 2);
  EXPECT_GE(QueryOne(db, "SELECT MAX(version) FROM schema_migrations")->Int(0), 9);
  // Foreign keys are enforced again after the migration.
  EXPECT_FALSE(db.Exec("INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, start_cp, "
                       "end_cp, matched, created_at) VALUES (999, 1, 1, 'x', 'x', 'x', 0, 1, 'x', 'x')")
                   .ok());
  // A comment may now share the post's platform id; a second post with it may not.
  EXPECT_TRUE(db.Exec("INSERT INTO posts (account_id, kind, platform_post_id, parent_platform_id, published_at, "
                      "published_epoch, current_version, first_seen, last_seen) "
                      "VALUES (1, 'comment', '42', '42', 'x', 0, 1, 'x', 'x')")
                  .ok());
  EXPECT_FALSE(db.Exec("INSERT INTO posts (account_id, platform_post_id, published_at, published_epoch, current_version, "
                       "first_seen, last_seen) VALUES (1, '42', 'x', 0, 1, 'x', 'x')")
                   .ok());
}

}  // namespace
}  // namespace govmedia::storage
