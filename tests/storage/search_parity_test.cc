// Archive search answers the same on both stores: the 5,303 real posts of the shared corpus archived
// into a SQLite file and into a PostgreSQL database, then the same queries — one, two and three or
// more characters, Latin letters in either case, LIKE's own wildcard characters, with filters and
// pages — must give the same posts in the same order and the same totals. (PostgreSQL run only: it
// needs both stores.)
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "storage/post_store.h"
#include "storage/search_index.h"
#include "test_db.h"

namespace govmedia::storage {
namespace {

std::vector<IncomingPost> CorpusPosts() {
  std::ifstream in(std::string(GOVMEDIA_SOURCE_DIR) + "/../shared/data/corpus/weibo-cctvnews-2020q1.jsonl");
  std::vector<IncomingPost> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    IncomingPost p;
    p.account_id = 1;
    p.platform_post_id = j["id"];
    p.published_at = j["published_at"];
    p.published_epoch = 1577840000 + static_cast<int64_t>(out.size()) * 600;
    p.text = j["text"];
    p.url = j["url"];
    out.push_back(std::move(p));
  }
  return out;
}

std::unique_ptr<Db> Prepared(const std::string& target, const std::vector<IncomingPost>& posts) {
  auto db = OpenDb(target);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return nullptr;
  EXPECT_TRUE(Migrate(**db).ok());
  EXPECT_TRUE((*db)->ExecScript(
                      "INSERT INTO units (name, category, created_at) VALUES ('央视', '中央', 'x');"
                      "INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, updated_at) "
                      "VALUES (1, '央视新闻', 'weibo', 'open', '{}', 'x', 'x')")
                  .ok());
  PostStore store(**db);
  EXPECT_TRUE((*db)->Transaction([&]() -> Status {
                     for (const auto& p : posts) {
                       auto r = store.Archive(p, "2020-04-01T00:00:00Z");
                       if (!r.ok()) return r.status();
                     }
                     return Status::Ok();
                   }).ok());
  return std::move(*db);
}

TEST(SearchParity, TheSameQueriesFindTheSamePostsOnSqliteAndPostgres) {
  if (!testing::OnPostgres()) GTEST_SKIP() << "PostgreSQL run only: compares both stores";
  const auto posts = CorpusPosts();
  ASSERT_GT(posts.size(), 5000u);
  testing::TempDir tmp;
  testing::TestDb pg(tmp);
  auto sqlite = Prepared(tmp.File("parity.db"), posts);
  auto postgres = Prepared(pg.target(), posts);
  ASSERT_TRUE(sqlite && postgres);
  ASSERT_EQ(sqlite->Dialect(), "sqlite");
  // SQLite's answers through its full-text index (search_index_test: the same with none of it).
  ASSERT_NE(sqlite->search_index(), nullptr);
  for (;;) {
    auto n = sqlite->search_index()->CatchUp(*sqlite);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    if (*n == 0) break;
  }
  ASSERT_EQ(postgres->Dialect(), "postgres");
  PostStore a(*sqlite), b(*postgres);

  struct Case {
    std::string query;
    int64_t limit = 50, offset = 0;
    std::optional<int64_t> from;
  };
  const std::vector<Case> cases = {
      {"汉"}, {"疫情"}, {"钟南山"}, {"新冠肺炎"}, {"国务院联防联控机制"}, {"ipanda"}, {"IPANDA熊猫"},
      {"#糯米"}, {"100%"}, {"_"}, {"不存在的一句话"}, {"武汉", 20, 40}, {"肺炎", 50, 0, 1577840000 + 3000 * 600},
  };
  for (const auto& c : cases) {
    PostSearchFilter f;
    f.query = c.query;
    f.limit = c.limit;
    f.offset = c.offset;
    f.from_epoch = c.from;
    int64_t total_a = -1, total_b = -1;
    auto ra = a.Search(f, &total_a);
    auto rb = b.Search(f, &total_b);
    ASSERT_TRUE(ra.ok()) << c.query << ": " << ra.status().ToString();
    ASSERT_TRUE(rb.ok()) << c.query << ": " << rb.status().ToString();
    EXPECT_EQ(total_a, total_b) << c.query;
    std::vector<std::string> ids_a, ids_b;
    for (const auto& r : *ra) ids_a.push_back(r.platform_post_id);
    for (const auto& r : *rb) ids_b.push_back(r.platform_post_id);
    EXPECT_EQ(ids_a, ids_b) << c.query;
    if (c.query == "疫情" || c.query == "IPANDA熊猫") EXPECT_GT(total_a, 0) << c.query;  // not vacuous
    // Counting up to a bound: the same first page, and the total stops one past the bound.
    PostSearchFilter capped = f;
    capped.count_up_to = 10;
    int64_t capped_a = -1, capped_b = -1;
    auto ca = a.Search(capped, &capped_a);
    auto cb = b.Search(capped, &capped_b);
    ASSERT_TRUE(ca.ok() && cb.ok()) << c.query;
    EXPECT_EQ(capped_a, std::min<int64_t>(total_a, 11)) << c.query;
    EXPECT_EQ(capped_b, capped_a) << c.query;
    EXPECT_EQ(ca->size(), ra->size()) << c.query;
  }
}

// A word found in more versions than PostgreSQL's search joins by key (PostStore::Search: over
// 20,000 it reads the posts whole and joins by hash): the same posts, totals and pages on both
// stores, with the unit, platform, kind and period filters, and an edited post found by its
// current text only. Each filter is asked once of the many and once narrowed to a few (by key).
TEST(SearchParity, AWordFoundInMoreVersionsThanTheKeyJoinTakesFindsTheSameOnBothStores) {
  if (!testing::OnPostgres()) GTEST_SKIP() << "PostgreSQL run only: compares both stores";
  std::vector<IncomingPost> posts;
  for (int i = 0; i < 20100; ++i) {
    IncomingPost p;
    p.account_id = i % 100 == 7 ? 2 : 1;  // 201 in the second unit's WeChat account
    p.kind = i % 10 == 3 ? "comment" : "post";
    p.platform_post_id = std::to_string(i);
    p.published_at = "x";
    p.published_epoch = 1577840000 + static_cast<int64_t>(i) * 600;
    p.text = "第" + std::to_string(i) + "条：市政府召开常务会议研究部署重点工作";
    posts.push_back(std::move(p));
  }
  // Every 500th post then loses the word: found by its current text only.
  std::vector<IncomingPost> edits;
  for (size_t i = 0; i < posts.size(); i += 500) {
    IncomingPost e = posts[i];
    e.text = "第" + std::to_string(i) + "条：已更正";
    edits.push_back(e);
  }
  testing::TempDir tmp;
  testing::TestDb pg(tmp);
  std::vector<std::unique_ptr<Db>> dbs;
  for (const std::string& target : {tmp.File("many.db"), pg.target()}) {
    auto db = OpenDb(target);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    dbs.push_back(std::move(*db));
  }
  for (auto& db : dbs) {
    ASSERT_TRUE(Migrate(*db).ok());
    ASSERT_TRUE(db->ExecScript("INSERT INTO units (name, category, created_at) VALUES ('市政府', '市', 'x'), "
                               "('张浦镇', '镇', 'x');"
                               "INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, "
                               "updated_at) VALUES (1, '市政府发布', 'weibo', 'open', '{}', 'x', 'x'), "
                               "(2, '张浦发布', 'wechat', 'open', '{}', 'x', 'x')")
                    .ok());
    PostStore store(*db);
    ASSERT_TRUE(db->Transaction([&]() -> Status {
                     for (const auto* batch : {&posts, &edits})
                       for (const auto& p : *batch) {
                         auto r = store.Archive(p, "2020-04-01T00:00:00Z");
                         if (!r.ok()) return r.status();
                       }
                     return Status::Ok();
                   }).ok());
  }
  ASSERT_EQ(dbs[0]->Dialect(), "sqlite");
  ASSERT_EQ(dbs[1]->Dialect(), "postgres");
  const int64_t t0 = 1577840000;
  struct Case {
    std::optional<int64_t> unit;
    std::string platform, kind;
    std::optional<int64_t> from, to;
    int64_t offset = 0;
  };
  const std::vector<Case> cases = {
      {},
      {{}, "", "", {}, {}, 19950},
      {2},
      {{}, "wechat"},
      {{}, "", "comment"},
      {{}, "", "post", t0 + 600 * 1000, t0 + 600 * 1200},  // a few, joined by key
      {1, "weibo", "", t0 + 600 * 10000},
      {2, "", "post", t0, t0 + 600 * 5000},
  };
  for (const auto& c : cases) {
    PostSearchFilter f;
    f.query = "常务会议";
    f.unit_id = c.unit;
    f.platform = c.platform;
    f.kind = c.kind;
    f.from_epoch = c.from;
    f.to_epoch = c.to;
    f.limit = 50;
    f.offset = c.offset;
    std::vector<std::string> ids[2];
    int64_t totals[2] = {-1, -1};
    for (int i = 0; i < 2; ++i) {
      PostStore store(*dbs[i]);
      auto r = store.Search(f, &totals[i]);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      for (const auto& x : *r) ids[i].push_back(x.platform_post_id);
    }
    const std::string what = "unit " + std::to_string(c.unit.value_or(0)) + " platform " + c.platform + " kind " +
                             c.kind + " offset " + std::to_string(c.offset);
    EXPECT_EQ(totals[0], totals[1]) << what;
    EXPECT_EQ(ids[0], ids[1]) << what;
    EXPECT_FALSE(ids[0].empty()) << what;  // not vacuous
  }
  // The whole: every post but the 41 edited ones, newest first.
  PostSearchFilter all;
  all.query = "常务会议";
  int64_t total = 0;
  auto r = PostStore(*dbs[1]).Search(all, &total);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(total, 20100 - 41);
  EXPECT_EQ(r->front().platform_post_id, "20099");
}

}  // namespace
}  // namespace govmedia::storage
