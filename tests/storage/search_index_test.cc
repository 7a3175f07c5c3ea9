// SQLite's full-text index in its own file, behind the archive up to a watermark
// (storage/search_index.h): a search is right whatever part of the archive the index has reached,
// the index only proposes candidates, two indexers never index a version twice, and an index
// beside a replaced database starts again.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "storage/post_store.h"
#include "storage/search_index.h"
#include "test_db.h"

namespace govmedia::storage {
namespace {

constexpr const char* kAccount =
    "INSERT INTO units (name, category, created_at) VALUES ('央视', '中央', 'x');"
    "INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, updated_at) "
    "VALUES (1, '央视新闻', 'weibo', 'open', '{}', 'x', 'x')";

IncomingPost Post(const std::string& id, const std::string& text, int64_t n) {
  IncomingPost p;
  p.account_id = 1;
  p.platform_post_id = id;
  p.published_at = "2020-01-01T00:00:00+08:00";
  p.published_epoch = 1577808000 + n * 60;
  p.text = text;
  return p;
}

std::unique_ptr<Db> Fresh(const std::string& path) {
  auto db = OpenSqlite(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return nullptr;
  EXPECT_TRUE(Migrate(**db).ok());
  EXPECT_TRUE((*db)->ExecScript(kAccount).ok());
  return std::move(*db);
}

void Archive(Db& db, const std::vector<IncomingPost>& posts) {
  PostStore store(db);
  ASSERT_TRUE(db.Transaction([&]() -> Status {
                  for (const auto& p : posts) {
                    auto r = store.Archive(p, "2020-04-01T00:00:00Z");
                    if (!r.ok()) return r.status();
                  }
                  return Status::Ok();
                }).ok());
}

std::vector<std::string> Find(Db& db, const std::string& q, int64_t* total = nullptr) {
  PostStore store(db);
  PostSearchFilter f;
  f.query = q;
  f.limit = 100000;
  int64_t n = 0;
  auto rows = store.Search(f, &n);
  EXPECT_TRUE(rows.ok()) << q << ": " << rows.status().ToString();
  std::vector<std::string> ids;
  if (rows.ok())
    for (const auto& r : *rows) ids.push_back(r.platform_post_id);
  if (total) *total = n;
  return ids;
}

// Rows of the index's FTS table, read from its file directly.
int64_t IndexedRows(const std::string& path) {
  sqlite3* s = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &s, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(s, "SELECT COUNT(*) FROM post_search", -1, &q, nullptr) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(s);
  return n;
}

TEST(SearchIndex, ASearchFindsWhatTheIndexHasNotReachedAndOnlyTrueSubstrings) {
  GOVMEDIA_SQLITE_ONLY("the index file is SQLite's");
  testing::TempDir tmp;
  auto db = Fresh(tmp.File("a.db"));
  ASSERT_TRUE(db && db->search_index());
  Archive(*db, {Post("1", "疫情防控指挥部发布通告", 1),
                // Both trigrams of 疫情防控 and none of the substring: a candidate, not a hit.
                Post("2", "疫情防线与情防控两个词", 2), Post("3", "Panda 熊猫基地 iPanda", 3),
                Post("4", "折扣100%返还，限_时", 4)});
  EXPECT_EQ(*db->search_index()->Watermark(), 0);
  EXPECT_EQ(Find(*db, "疫情防控"), std::vector<std::string>{"1"});  // the unindexed tail, scanned
  ASSERT_EQ(*db->search_index()->CatchUp(*db), 4);
  EXPECT_EQ(*db->search_index()->CatchUp(*db), 0);
  EXPECT_EQ(*db->search_index()->Watermark(), 4);
  EXPECT_EQ(Find(*db, "疫情防控"), std::vector<std::string>{"1"});  // through the index now
  EXPECT_EQ(Find(*db, "情防控"), (std::vector<std::string>{"2", "1"}));
  EXPECT_EQ(Find(*db, "IPANDA"), std::vector<std::string>{"3"});  // Latin letters in either case
  EXPECT_EQ(Find(*db, "100%返"), std::vector<std::string>{"4"});  // LIKE's wildcards, literally
  EXPECT_TRUE(Find(*db, "100%限").empty());
  EXPECT_EQ(Find(*db, "限_时"), std::vector<std::string>{"4"});
  EXPECT_TRUE(Find(*db, "限a时").empty());
  // A post archived after the catch-up is found before the next one.
  Archive(*db, {Post("5", "疫情防控新闻发布会", 5)});
  EXPECT_EQ(Find(*db, "疫情防控"), (std::vector<std::string>{"5", "1"}));
  EXPECT_EQ(IndexedRows(db->search_index()->path()), 4);
}

TEST(SearchIndex, TheCorpusGivesTheSameAnswersUnindexedHalfIndexedAndIndexed) {
  GOVMEDIA_SQLITE_ONLY("the index file is SQLite's");
  std::ifstream in(std::string(GOVMEDIA_SOURCE_DIR) + "/../shared/data/corpus/weibo-cctvnews-2020q1.jsonl");
  std::vector<IncomingPost> posts;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    posts.push_back(Post(j["id"], j["text"], static_cast<int64_t>(posts.size())));
  }
  ASSERT_GT(posts.size(), 5000u);
  testing::TempDir tmp;
  auto db = Fresh(tmp.File("corpus.db"));
  ASSERT_TRUE(db);
  Archive(*db, posts);
  // What a search must find: the posts whose text holds the query, Latin letters folded.
  auto fold = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::vector<std::string> queries = {"钟南山", "新冠肺炎", "国务院联防联控机制", "ipanda", "IPANDA熊猫", "#糯米",
                                            "100%", "不存在的一句话", "【", "武汉加油"};
  std::map<std::string, size_t> expected;
  for (const auto& q : queries) {
    expected[q] = static_cast<size_t>(std::count_if(posts.begin(), posts.end(), [&](const IncomingPost& p) {
      return fold(p.text).find(fold(q)) != std::string::npos;
    }));
  }
  EXPECT_GT(expected["钟南山"], 10u);
  EXPECT_GT(expected["ipanda"], 0u);
  std::map<std::string, std::vector<std::string>> first;
  SearchIndex& index = *db->search_index();
  for (const char* state : {"unindexed", "half", "indexed"}) {
    if (std::string(state) == "half") ASSERT_EQ(*index.CatchUp(*db, static_cast<int64_t>(posts.size() / 2)), posts.size() / 2);
    if (std::string(state) == "indexed") {
      while (*index.CatchUp(*db) > 0) {
      }
      EXPECT_EQ(*index.Watermark(), static_cast<int64_t>(posts.size()));
    }
    for (const auto& q : queries) {
      int64_t total = -1;
      auto ids = Find(*db, q, &total);
      EXPECT_EQ(static_cast<size_t>(total), expected[q]) << q << " " << state;
      EXPECT_EQ(ids.size(), expected[q]) << q << " " << state;
      if (first.count(q)) {
        EXPECT_EQ(ids, first[q]) << q << " " << state;
      } else {
        first[q] = ids;
      }
    }
  }
}

TEST(SearchIndex, TwoIndexersAtOnceIndexEveryVersionOnce) {
  GOVMEDIA_SQLITE_ONLY("the index file is SQLite's");
  testing::TempDir tmp;
  const std::string path = tmp.File("two.db");
  auto a = Fresh(path);
  ASSERT_TRUE(a);
  std::vector<IncomingPost> posts;
  for (int i = 0; i < 3000; ++i) posts.push_back(Post(std::to_string(i), "第" + std::to_string(i) + "条通告", i));
  Archive(*a, posts);
  auto b = OpenSqlite(path);  // a second process's view: its own connections to both files
  ASSERT_TRUE(b.ok());
  auto run = [](Db& db) {
    for (;;) {
      auto n = db.search_index()->CatchUp(db, 100);
      ASSERT_TRUE(n.ok()) << n.status().ToString();
      if (*n == 0) return;
    }
  };
  std::thread t1([&] { run(*a); }), t2([&] { run(**b); });
  t1.join();
  t2.join();
  EXPECT_EQ(*a->search_index()->Watermark(), 3000);
  EXPECT_EQ(IndexedRows(a->search_index()->path()), 3000);
  int64_t total = 0;
  Find(*a, "第2999条", &total);
  EXPECT_EQ(total, 1);
}

TEST(SearchIndex, AnIndexBesideAReplacedDatabaseStartsAgain) {
  GOVMEDIA_SQLITE_ONLY("the index file is SQLite's");
  testing::TempDir tmp;
  const std::string path = tmp.File("r.db");
  {
    auto db = Fresh(path);
    ASSERT_TRUE(db);
    Archive(*db, {Post("1", "旧库的第一条帖子", 1), Post("2", "旧库的第二条帖子", 2)});
    ASSERT_EQ(*db->search_index()->CatchUp(*db), 2);
  }
  // The database is replaced (a restore of another file); its index file stays.
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto db = Fresh(path);
  ASSERT_TRUE(db);
  Archive(*db, {Post("9", "新库的帖子甲", 1), Post("8", "新库的帖子乙", 2)});
  EXPECT_EQ(*db->search_index()->Watermark(), 0);  // emptied when the database was opened
  EXPECT_TRUE(Find(*db, "旧库的").empty());
  EXPECT_EQ(Find(*db, "新库的帖子"), (std::vector<std::string>{"8", "9"}));
  EXPECT_EQ(*db->search_index()->CatchUp(*db), 2);
  EXPECT_EQ(IndexedRows(db->search_index()->path()), 2);
  EXPECT_TRUE(Find(*db, "旧库的").empty());
  EXPECT_EQ(Find(*db, "新库的帖子"), (std::vector<std::string>{"8", "9"}));
  // A deleted index file is made again, empty, and filled from the archive.
  const std::string index_path = db->search_index()->path();
  db.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(index_path + suffix);
  auto again = OpenSqlite(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->search_index()->Watermark(), 0);
  EXPECT_EQ(Find(**again, "新库的帖子").size(), 2u);
  EXPECT_EQ(*(*again)->search_index()->CatchUp(**again), 2);
}

}  // namespace
}  // namespace govmedia::storage
