// The archive by month (issue 14; migrations/*/032, docs/postgres.md "The archive by month"): every
// version carries its post's time of publication, which a feed that redates an item does not change;
// on PostgreSQL the versions are partitioned by that Beijing month, a month without a partition
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

  Archived Put(const std::string& id, int64_t epoch, const std::string& text) {
    IncomingPost p;
    p.account_id = 1;
    p.platform_post_id = id;
    p.published_at = "x";
    p.published_epoch = epoch;
    p.text = text;
    p.url = "https://weibo.com/1/" + id;
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

  auto made = KeepArchiveMonths(*db_);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(*made, 2);
  EXPECT_EQ(PartitionsOf(late_may.post_id), std::vector<std::string>{"post_versions_2013_05"});
  EXPECT_EQ(PartitionsOf(early_june.post_id),
            (std::vector<std::string>{"post_versions_2013_06", "post_versions_2013_06"}));
  EXPECT_EQ(PartitionsOf(old.post_id), std::vector<std::string>{"post_versions_default"});
  EXPECT_EQ(QueryOne(*db_, "SELECT COUNT(*) FROM post_versions")->Int(0), 4);
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
  // Each partition has the archive's indexes, the trigram one included.
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
}

}  // namespace
}  // namespace govmedia::storage
