// The archive by month (issue 14; migrations/*/032 and 035, docs/postgres.md "The archive by month"):
// every version carries its post's time of publication, which a feed that redates an item does not
// change; on PostgreSQL the posts and their versions are partitioned by that Beijing month (a post's
// identity and id kept apart in post_keys, which the other tables' foreign keys reference), a month without a partition
// waits in the default partition until KeepArchiveMonths gives it one, and nothing is lost or found
// twice on the way. On SQLite and on PostgreSQL (TestDb); the partitions' own checks on PostgreSQL.
#include <gtest/gtest.h>

#include "core/timestamp.h"
#include "storage/post_store.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::storage {
namespace {

// Beijing wall-clock time as an epoch (UTC+8).
int64_t Beijing(const char* date, int hour, int minute) {
  return core::StartOfDay(*core::Date::Parse(date)) + hour * 3600 + minute * 60;
}

class ArchiveMonthsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = OpenDb(target_.target());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(Migrate(*db_).ok());
    ASSERT_TRUE(db_->ExecScript("INSERT INTO units (name, category, created_at) VALUES ('张浦镇', '镇', 'x');"
                                "INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, "
                                "updated_at) VALUES (1, '张浦发布', 'weibo', 'open', '{}', 'x', 'x')")
                    .ok());
  }

  static IncomingPost Item(const std::string& id, int64_t epoch, const std::string& text) {
    IncomingPost p;
    p.account_id = 1;
    p.platform_post_id = id;
    p.published_at = "x";
    p.published_epoch = epoch;
    p.text = text;
    p.url = "https://weibo.com/1/" + id;
    return p;
  }

  Archived Put(const std::string& id, int64_t epoch, const std::string& text) {
    const IncomingPost p = Item(id, epoch, text);
    Archived out;
    EXPECT_TRUE(db_->Transaction([&]() -> Status {
                     auto r = PostStore(*db_).Archive(p, "2026-11-30T00:00:00Z");
                     if (!r.ok()) return r.status();
                     out = *r;
                     return Status::Ok();
                   }).ok());
    return out;
  }

  // The posts a search finds, by platform id, newest first.
  std::vector<std::string> Found(const std::string& query, std::optional<int64_t> from = {},
                                 std::optional<int64_t> to = {}) {
    PostSearchFilter f;
    f.query = query;
    f.from_epoch = from;
    f.to_epoch = to;
    int64_t total = 0;
    auto rows = PostStore(*db_).Search(f, &total);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> out;
    if (!rows.ok()) return out;
    for (const auto& r : *rows) out.push_back(r.platform_post_id);
    EXPECT_EQ(total, static_cast<int64_t>(out.size()));
    return out;
  }

  // The partition each version of a post sits in (PostgreSQL).
  std::vector<std::string> PartitionsOf(int64_t post_id) {
    auto rows = db_->Query("SELECT tableoid::regclass::text FROM post_versions WHERE post_id = ? ORDER BY version",
                           {post_id});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> out;
    if (rows.ok())
      for (const auto& r : *rows) out.push_back(r.Text(0));
    return out;
  }

  // The partition a post sits in (PostgreSQL).
  std::string PostPartitionOf(int64_t post_id) {
    auto r = QueryOne(*db_, "SELECT tableoid::regclass::text FROM posts WHERE id = ?", {post_id});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Text(0) : "";
  }

  testing::TempDir tmp_;
  testing::TestDb target_{tmp_};
  std::unique_ptr<Db> db_;
};

TEST_F(ArchiveMonthsTest, AnEditKeepsThePostsMonthThoughTheFeedRedatedIt) {
  const int64_t may = Beijing("2013-05-20", 9, 0);
  const Archived first = Put("1", may, "张浦镇召开防汛工作会议");
  // The feed now dates the item a month later, with new text: a second version of the same post.
  const Archived edited = Put("1", Beijing("2013-06-20", 9, 0), "张浦镇召开防汛防台工作会议");
  ASSERT_EQ(edited.post_id, first.post_id);
  ASSERT_EQ(edited.version, 2);
  auto rows = db_->Query("SELECT version, published_epoch FROM post_versions WHERE post_id = ? ORDER BY version",
                         {first.post_id});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Int(1), may);
  EXPECT_EQ((*rows)[1].Int(1), may);
  // Found once, by its current text, in its own month and not in the feed's new one.
  EXPECT_EQ(Found("防汛防台"), std::vector<std::string>{"1"});
  EXPECT_EQ(Found("防汛防台", Beijing("2013-05-01", 0, 0), Beijing("2013-06-01", 0, 0)),
            std::vector<std::string>{"1"});
  EXPECT_TRUE(Found("防汛防台", Beijing("2013-06-01", 0, 0), Beijing("2013-07-01", 0, 0)).empty());
  // An unchanged third fetch adds no version.
  EXPECT_EQ(Put("1", Beijing("2013-06-20", 9, 0), "张浦镇召开防汛防台工作会议").outcome, ArchiveOutcome::kUnchanged);
  EXPECT_EQ(QueryOne(*db_, "SELECT COUNT(*) FROM post_versions")->Int(0), 2);
}

TEST_F(ArchiveMonthsTest, AMonthWithoutAPartitionWaitsInTheDefaultOneAndMovesIntoItsOwn) {
  if (!testing::OnPostgres()) {
    // SQLite keeps one table: there is nothing to make.
    auto made = KeepArchiveMonths(*db_);
    ASSERT_TRUE(made.ok());
    EXPECT_EQ(*made, 0);
    return;
  }
  // Either side of a Beijing month's edge (16:10 and 16:30 UTC on 31 May), and a year the upkeep
  // leaves alone.
  const Archived late_may = Put("may", Beijing("2013-05-31", 23, 50), "五月最后一条消息");
  const Archived early_june = Put("june", Beijing("2013-06-01", 0, 10), "六月第一条消息");
  Put("june", Beijing("2013-06-01", 0, 10), "六月第一条消息（更正）");
  const Archived old = Put("old", Beijing("1999-12-31", 12, 0), "上个世纪的消息");
  EXPECT_EQ(PartitionsOf(late_may.post_id), std::vector<std::string>{"post_versions_default"});
  EXPECT_EQ(PartitionsOf(early_june.post_id),
            (std::vector<std::string>{"post_versions_default", "post_versions_default"}));
  EXPECT_EQ(PostPartitionOf(late_may.post_id), "posts_default");
  EXPECT_EQ(PostPartitionOf(early_june.post_id), "posts_default");

  auto made = KeepArchiveMonths(*db_);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(*made, 2);
  EXPECT_EQ(PartitionsOf(late_may.post_id), std::vector<std::string>{"post_versions_2013_05"});
  EXPECT_EQ(PartitionsOf(early_june.post_id),
            (std::vector<std::string>{"post_versions_2013_06", "post_versions_2013_06"}));
  EXPECT_EQ(PartitionsOf(old.post_id), std::vector<std::string>{"post_versions_default"});
  EXPECT_EQ(PostPartitionOf(late_may.post_id), "posts_2013_05");
  EXPECT_EQ(PostPartitionOf(early_june.post_id), "posts_2013_06");
  EXPECT_EQ(PostPartitionOf(old.post_id), "posts_default");
  EXPECT_EQ(QueryOne(*db_, "SELECT COUNT(*) FROM post_versions")->Int(0), 4);
  EXPECT_EQ(QueryOne(*db_, "SELECT COUNT(*) FROM posts")->Int(0), 3);
  // Done once: the next upkeep makes nothing.
  made = KeepArchiveMonths(*db_);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(*made, 0);

  // The moved rows are found as before, by text and by period, and the new partitions take new
  // versions and keep their keys: a version twice is refused there too.
  EXPECT_EQ(Found("消息"), (std::vector<std::string>{"june", "may", "old"}));
  EXPECT_EQ(Found("一条消息", Beijing("2013-06-01", 0, 0), Beijing("2013-07-01", 0, 0)),
            std::vector<std::string>{"june"});
  EXPECT_EQ(Put("may", Beijing("2013-05-31", 23, 50), "五月最后一条消息（更正）").version, 2);
  EXPECT_EQ(PartitionsOf(late_may.post_id),
            (std::vector<std::string>{"post_versions_2013_05", "post_versions_2013_05"}));
  EXPECT_FALSE(db_->Exec("INSERT INTO post_versions (post_id, version, content_hash, text, seen_at, published_epoch) "
                         "VALUES (?, 1, 'h', 't', 'x', ?)",
                         {late_may.post_id, Beijing("2013-05-31", 23, 50)})
                   .ok());
  // A post's identity is unique across the months (post_keys), a post has its key, and what refers
  // to a post refers to a post that exists.
  EXPECT_FALSE(db_->Exec("INSERT INTO post_keys (account_id, kind, platform_post_id, published_epoch) "
                         "VALUES (1, 'post', 'may', ?)",
                         {Beijing("2013-06-15", 9, 0)})
                   .ok());
  EXPECT_FALSE(db_->Exec("INSERT INTO posts (id, account_id, platform_post_id, published_at, published_epoch, "
                         "current_version, first_seen, last_seen) VALUES (999, 1, 'nokey', 'x', ?, 1, 'x', 'x')",
                         {Beijing("2013-05-15", 9, 0)})
                   .ok());
  EXPECT_FALSE(db_->Exec("INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, start_cp, "
                         "end_cp, matched, created_at) VALUES (999, 1, 1, 'secret', 'veto.secret_leak', '秘密', 0, 2, "
                         "'秘密', 'x')")
                   .ok());
  // Each posts partition has the posts' four indexes.
  EXPECT_EQ(QueryOne(*db_, "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'posts_2013_06'")->Int(0), 4);
  // Each versions partition has the archive's indexes, the trigram one included.
  auto indexes = QueryOne(*db_, "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'post_versions_2013_05'");
  ASSERT_TRUE(indexes.ok());
  EXPECT_EQ(indexes->Int(0), 3);
  EXPECT_EQ(QueryOne(*db_, "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'post_versions_2013_05' "
                           "AND indexdef LIKE '%gin_trgm_ops%'")
                ->Int(0),
            1);
}

TEST_F(ArchiveMonthsTest, TheComingMonthsArePartitionedAhead) {
  if (!testing::OnPostgres()) GTEST_SKIP() << "PostgreSQL only: SQLite keeps one table";
  // The upkeep (run by Migrate) made this Beijing month's partition and the next two.
  auto now = QueryOne(*db_, "SELECT extract(epoch FROM now())::bigint");
  ASSERT_TRUE(now.ok());
  const Archived today = Put("today", now->Int(0), "今天的消息");
  const Archived later = Put("later", now->Int(0) + 45 * 86400, "一个半月后的消息");
  EXPECT_NE(PartitionsOf(today.post_id).front(), "post_versions_default");
  EXPECT_NE(PartitionsOf(later.post_id).front(), "post_versions_default");
  EXPECT_NE(PostPartitionOf(today.post_id), "posts_default");
  EXPECT_NE(PostPartitionOf(later.post_id), "posts_default");
  EXPECT_EQ(PostPartitionOf(today.post_id).substr(5), PartitionsOf(today.post_id).front().substr(13));
}

// A bulk import's batch on PostgreSQL reads its posts' stored state in one query (PostStore::Known)
// and archives with it: the outcomes, versions and rows must be those of archiving one by one,
// including a post that comes twice in the batch, names with quotes and backslashes, and a post
// of another month. On SQLite Known is empty and Archive looks each post up itself.
TEST_F(ArchiveMonthsTest, ABatchArchivedWithItsKnownPostsEndsAsArchivedOneByOne) {
  const int64_t oct = Beijing("2024-10-01", 9, 0), nov = Beijing("2024-11-30", 23, 59);
  Put("same", oct, "未变的帖子");
  Put("edited", nov, "第一版");
  const std::vector<IncomingPost> batch{Item("same", oct, "未变的帖子"),          Item("edited", nov, "第二版"),
                                        Item("new \"q\" \\ x", oct, "新帖子"), Item("twice", nov, "先"),
                                        Item("twice", nov, "后"),                   Item("edited", nov, "第三版")};
  std::vector<Archived> got;
  ASSERT_TRUE(db_->Transaction([&]() -> Status {
                   PostStore store(*db_);
                   auto known = store.Known(batch, 0, batch.size());
                   if (!known.ok()) return known.status();
                   if (db_->Dialect() == "postgres") {
                     EXPECT_EQ(known->size(), 4u);  // four posts, each once however often it comes
                     EXPECT_TRUE(known->at(KnownKey(batch[0])).has_value());
                     EXPECT_FALSE(known->at(KnownKey(batch[2])).has_value());
                   } else {
                     EXPECT_TRUE(known->empty());
                   }
                   for (const auto& p : batch) {
                     auto r = store.Archive(p, "2026-11-30T00:00:00Z", &*known);
                     if (!r.ok()) return r.status();
                     got.push_back(*r);
                   }
                   return Status::Ok();
                 }).ok());
  ASSERT_EQ(got.size(), batch.size());
  EXPECT_EQ(got[0].outcome, ArchiveOutcome::kUnchanged);
  EXPECT_EQ(got[1].outcome, ArchiveOutcome::kEdited);
  EXPECT_EQ(got[1].version, 2);
  EXPECT_EQ(got[2].outcome, ArchiveOutcome::kNew);
  EXPECT_EQ(got[3].outcome, ArchiveOutcome::kNew);
  EXPECT_EQ(got[4].outcome, ArchiveOutcome::kEdited);  // the batch's own first archive is known
  EXPECT_EQ(got[4].post_id, got[3].post_id);
  EXPECT_EQ(got[5].outcome, ArchiveOutcome::kEdited);
  EXPECT_EQ(got[5].version, 3);
  auto versions = db_->Query(
      "SELECT p.platform_post_id, v.version, v.text, v.published_epoch = p.published_epoch, p.current_version "
      "FROM post_versions v JOIN posts p ON p.id = v.post_id ORDER BY p.platform_post_id, v.version");
  ASSERT_TRUE(versions.ok());
  std::vector<std::string> rows;
  for (const auto& r : *versions)
    rows.push_back(r.Text(0) + " v" + r.Text(1) + " " + r.Text(2) + (r.Int(3) ? "" : " 错月") + " 当前 v" + r.Text(4));
  EXPECT_EQ(rows, (std::vector<std::string>{"edited v1 第一版 当前 v3", "edited v2 第二版 当前 v3", "edited v3 第三版 当前 v3",
                                            "new \"q\" \\ x v1 新帖子 当前 v1", "same v1 未变的帖子 当前 v1",
                                            "twice v1 先 当前 v2", "twice v2 后 当前 v2"}));
  // And a second look finds them all as stored.
  Archived again = Put("twice", nov, "后");
  EXPECT_EQ(again.outcome, ArchiveOutcome::kUnchanged);
}

// An upgrade on PostgreSQL: 035 moves the posts a database holds into the months' partitions and
// their identity into post_keys, and every reference to a post still reaches it.
TEST(ArchiveMonthsUpgrade, PostsKeptBefore035AreMovedIntoTheirMonthsWithTheirReferences) {
  if (!testing::OnPostgres()) GTEST_SKIP() << "PostgreSQL only: SQLite's 035 changes nothing";
  testing::TempDir tmp;
  testing::TestDb target(tmp);
  auto opened = OpenDb(target.target());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Db& db = **opened;
  // The schema as 034 left it, on an emptied database (the test's copy comes migrated): 035 is
  // marked done so that Migrate stops before it.
  ASSERT_TRUE(db.ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public").ok());
  ASSERT_TRUE(db.ExecScript("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);"
                            "INSERT INTO schema_migrations VALUES (35, 'x')")
                  .ok());
  ASSERT_TRUE(Migrate(db).ok());
  const int64_t may = Beijing("2013-05-31", 23, 50), june = Beijing("2013-06-01", 0, 10);
  ASSERT_TRUE(db.ExecScript("INSERT INTO units (name, category, created_at) VALUES ('张浦镇', '镇', 'x');"
                            "INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, updated_at) "
                            "VALUES (1, '张浦发布', 'weibo', 'open', '{}', 'x', 'x');")
                  .ok());
  ASSERT_TRUE(db.Exec("INSERT INTO posts (id, account_id, kind, platform_post_id, published_at, published_epoch, "
                      "current_version, first_seen, last_seen) VALUES (7, 1, 'post', 'may', 'x', ?, 2, 'x', 'x'), "
                      "(8, 1, 'comment', 'june', 'x', ?, 1, 'x', 'x'), (9, 1, 'post', 'old', 'x', 946612800, 1, 'x', 'x')",
                      {may, june})
                  .ok());
  IncomingPost current;  // post 7 as its second version holds it
  current.text = "泄露秘密";
  ASSERT_TRUE(db.Exec("INSERT INTO post_versions (post_id, version, content_hash, text, seen_at, published_epoch) VALUES "
                      "(7, 1, 'h1', '原文', 'x', ?), (7, 2, ?, '泄露秘密', 'x', ?), (8, 1, 'h3', '留言', 'x', ?), "
                      "(9, 1, 'h4', '上个世纪', 'x', 946612800)",
                      {may, ContentHash(current), may, june})
                  .ok());
  ASSERT_TRUE(db.ExecScript("INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, "
                            "start_cp, end_cp, matched, created_at) VALUES (7, 2, 1, 'secret', 'veto.secret_leak', '秘密', "
                            "2, 4, '秘密', 'x')")
                  .ok());

  ASSERT_TRUE(db.Exec("DELETE FROM schema_migrations WHERE version = 35").ok());
  ASSERT_TRUE(Migrate(db).ok());
  auto rows = db.Query("SELECT p.id, p.tableoid::regclass::text, k.kind, k.platform_post_id, k.published_epoch = "
                       "p.published_epoch FROM posts p JOIN post_keys k ON k.id = p.id ORDER BY p.id");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::string> got;
  for (const auto& r : *rows)
    got.push_back(r.Text(0) + " " + r.Text(1) + " " + r.Text(2) + " " + r.Text(3) + (r.Int(4) ? "" : " 错月"));
  EXPECT_EQ(got, (std::vector<std::string>{"7 posts_2013_05 post may", "8 posts_2013_06 comment june",
                                           "9 posts_default post old"}));
  EXPECT_EQ(QueryOne(db, "SELECT COUNT(*) FROM scan_hits h JOIN posts p ON p.id = h.post_id JOIN post_versions v ON "
                         "v.post_id = p.id AND v.version = h.post_version AND v.text = '泄露秘密'")
                ->Int(0),
            1);
  // Every reference to a post is to its key now, and the keys go on after the ids kept.
  EXPECT_EQ(QueryOne(db, "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'posts'::regclass")
                ->Int(0),
            0);
  EXPECT_GE(QueryOne(db, "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 AND "
                         "confrelid = 'post_keys'::regclass")
                ->Int(0),
            10);
  PostStore store(db);
  IncomingPost p;
  p.account_id = 1;
  p.platform_post_id = "new";
  p.published_at = "x";
  p.published_epoch = june;
  p.text = "新帖";
  auto added = store.Archive(p, "x");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->post_id, 10);
  p.platform_post_id = "may";
  p.published_epoch = may;
  p.text = "泄露秘密";
  auto again = store.Archive(p, "x");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, ArchiveOutcome::kUnchanged);
  EXPECT_EQ(again->post_id, 7);
}

}  // namespace
}  // namespace govmedia::storage
