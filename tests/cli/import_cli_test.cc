// `govmedia import posts|comments`: JSON Lines and CSV, idempotent, versions edits, rejects a bad
// line without writing, and resumes after being killed.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/monitoring/incoming_item.h"
#include "app/node.h"
#include "app/system_clock.h"
#include "storage/db.h"
#include "storage/post_store.h"
#include "storage/search_index.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::testing {
namespace {

int64_t Count(const std::string& db, const std::string& table) {
  auto h = storage::OpenDb(db);
  return storage::QueryOne(**h, "SELECT COUNT(*) FROM " + table)->Int(0);
}

class ImportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test_db_.target();
    // An account to import into, registered through the CLI's own database.
    ASSERT_EQ(RunGovmedia("user add --db " + db_ + " --username a --role viewer").exit_code, 0);
    auto h = storage::OpenDb(db_);
    ASSERT_TRUE((*h)->Exec("INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, updated_at) "
                           "VALUES (5, '张浦发布', 'weibo', 'open', '{}', 'x', 'x')").ok());
  }
  TempDir tmp_;
  TestDb test_db_{tmp_};
  std::string db_;
};

TEST_F(ImportCli, PostsCarryTheirCountsAndSnapshotsComeInByDay) {
  // Counts in CSV columns of their own names; a count that is no number is refused by its line.
  const std::string bad = tmp_.File("bad.csv");
  WriteFile(bad, "account_id,id,published_at,text,likes,reposts\n1,p1,2024-10-01T09:00:00+08:00,第一条,35,2\n"
                 "1,p2,2024-10-02T09:00:00+08:00,第二条,很多,1\n");
  auto r = RunGovmedia("import posts " + bad + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("第 3 行"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("metrics.likes"), std::string::npos) << r.err;
  EXPECT_EQ(Count(db_, "posts"), 0);
  const std::string good = tmp_.File("good.csv");
  WriteFile(good, "account_id,id,published_at,text,likes,reposts\n1,p1,2024-10-01T09:00:00+08:00,第一条,35,2\n");
  r = RunGovmedia("import posts " + good + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Count(db_, "post_metrics"), 1);

  const std::string snaps = tmp_.File("snaps.jsonl");
  WriteFile(snaps, "{\"account_id\": 1, \"observed_at\": \"2024-10-01T20:00:00+08:00\", \"followers\": 1200}\n"
                   "\n{\"account_id\": 1, \"observed_at\": \"2024-10-02T20:00:00+08:00\", \"followers\": -5}\n");
  r = RunGovmedia("import snapshots " + snaps + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("第 3 行"), std::string::npos) << r.err;  // the blank line counts
  EXPECT_NE(r.err.find("followers"), std::string::npos) << r.err;
  EXPECT_EQ(Count(db_, "account_snapshots"), 0);
  const std::string csv = tmp_.File("snaps.csv");
  WriteFile(csv, "account_id,observed_at,followers,likes\n1,2024-10-01T20:00:00+08:00,1200,\n1,2024-10-02T20:00:00+08:00,1260,88\n");
  r = RunGovmedia("import snapshots " + csv + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("新增 2"), std::string::npos) << r.out;
  EXPECT_EQ(Count(db_, "account_snapshots"), 2);
}

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
  // Every version, the edit too, is found by the archive's search; on SQLite the import has built
  // the full-text index (a file of its own) up to the last version before it ends.
  auto h = storage::OpenDb(db_);
  storage::PostStore store(**h);
  int64_t total = 0;
  storage::PostSearchFilter f1;
  f1.query = "7条（更正）";
  ASSERT_TRUE(store.Search(f1, &total).ok());
  EXPECT_EQ(total, 1);
  storage::PostSearchFilter f2;
  f2.query = "99条";  // 99, 199, …, 2499
  ASSERT_TRUE(store.Search(f2, &total).ok());
  EXPECT_EQ(total, 25);
  if (!OnPostgres()) {
    ASSERT_NE((*h)->search_index(), nullptr);
    auto mark = (*h)->search_index()->Watermark();
    ASSERT_TRUE(mark.ok());
    EXPECT_EQ(*mark, Count(db_, "post_versions"));
  }
}

TEST_F(ImportCli, ABadLineIsNamedAndNothingIsWritten) {
  const std::string f = tmp_.File("bad.jsonl");
  WriteFile(f, "{\"account_id\": 1, \"id\": \"p1\", \"published_at\": \"2024-10-01T09:00:00+08:00\", \"text\": \"a\"}\n"
               "{\"account_id\": 1, \"id\": \"p2\", \"published_at\": \"yesterday\", \"text\": \"b\"}\n");
  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("第 2 行"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("published_at"), std::string::npos) << r.err;
  EXPECT_EQ(Count(db_, "posts"), 0);
  WriteFile(f, "{\"account_id\": 99, \"id\": \"p1\", \"published_at\": \"2024-10-01T09:00:00+08:00\", \"text\": \"a\"}\n");
  r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("第 1 行"), std::string::npos) << r.err;
}

TEST_F(ImportCli, CsvWithAHeaderImportsPostsAndComments) {
  const std::string posts = tmp_.File("posts.csv");
  // Columns in any order, a quoted text with a comma, a quote and a line break; CRLF as Excel saves.
  WriteFile(posts, "\xEF\xBB\xBFtext,id,account_id,published_at,url\r\n"
                   "\"通知：明天停水，\"\"请储水\"\"\n详见公告\",p1,1,2024-10-01T09:00:00+08:00,https://x/p1\r\n"
                   "第二条,p2,1,2024-10-02T09:00:00+08:00,\r\n");
  auto r = RunGovmedia("import posts " + posts + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("新增 2"), std::string::npos) << r.out;
  auto h = storage::OpenDb(db_);
  EXPECT_EQ(storage::QueryOne(**h, "SELECT text FROM post_versions v JOIN posts p ON p.id = v.post_id WHERE "
                                   "p.platform_post_id = 'p1'")->Text(0),
            "通知：明天停水，\"请储水\"\n详见公告");

  const std::string comments = tmp_.File("comments.csv");
  WriteFile(comments, "account_id,post_id,id,author,published_at,text\n1,p1,p1,网友甲,2024-10-01T10:00:00+08:00,收到\n");
  r = RunGovmedia("import comments " + comments + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("条留言"), std::string::npos) << r.out;
  // The comment's id equals a post's: comments are their own namespace.
  EXPECT_EQ(storage::QueryOne(**h, "SELECT COUNT(*) FROM posts WHERE kind = 'comment' AND parent_platform_id = 'p1' "
                                   "AND author = '网友甲'")->Int(0), 1);
  EXPECT_EQ(Count(db_, "posts"), 3);
}

TEST_F(ImportCli, ABadCsvRowOrAMissingColumnIsNamedAndNothingIsWritten) {
  const std::string f = tmp_.File("bad.csv");
  WriteFile(f, "account_id,id,published_at,text\n1,p1,2024-10-01T09:00:00+08:00,好\n1,p2,2024-13-01,坏\n");
  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("第 3 行"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("published_at"), std::string::npos) << r.err;
  WriteFile(f, "account_id,id,published_at,text\n1,p1,2024-10-01T09:00:00+08:00,好\n");
  r = RunGovmedia("import comments " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("post_id"), std::string::npos) << r.err;
  WriteFile(f, "account_id,id,published_at,text\n1,p1,2024-10-01T09:00:00+08:00,\"未闭合\n");
  r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("第 2 行"), std::string::npos) << r.err;
  EXPECT_EQ(Count(db_, "posts"), 0);
}

TEST_F(ImportCli, AnImportKilledHalfwayResumesAfterItsLastCommittedBatch) {
  // Enough lines that the import is still running when a few batches are in (PostgreSQL's import
  // is slower: fewer lines keep the test short there).
  const int kLines = OnPostgres() ? 20000 : 100000;
  const std::string f = tmp_.File("big.jsonl");
  std::string lines;
  for (int i = 0; i < kLines; ++i) {
    lines += "{\"account_id\": 1, \"id\": \"p" + std::to_string(i) +
             "\", \"published_at\": \"2024-10-01T09:00:00+08:00\", \"text\": \"第" + std::to_string(i) +
             "条政务信息发布，内容为例行通知。\"}\n";
  }
  WriteFile(f, lines);
  const std::string bin = GOVMEDIA_BINARY;
  std::vector<std::string> args{bin, "import", "posts", f, "--db", db_};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  // Kill it as soon as some batches are committed, mid-way: as a crash or a power cut would.
  auto h = storage::OpenDb(db_);
  ASSERT_TRUE(h.ok());
  int64_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (seen < 3000 && std::chrono::steady_clock::now() < deadline) {
    auto rows = (*h)->Query("SELECT committed_lines FROM import_progress");
    if (rows.ok() && !rows->empty()) seen = rows->front().Int(0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be interrupted";
  auto committed = storage::QueryOne(**h, "SELECT committed_lines FROM import_progress");
  ASSERT_TRUE(committed.ok());
  const int64_t done = committed->Int(0);
  ASSERT_GT(done, 0);
  ASSERT_LT(done, kLines);
  // What was committed is whole: the posts of the committed batches and not one more, each
  // batch with its audit row.
  EXPECT_EQ(Count(db_, "posts"), done);
  auto audited = storage::QueryOne(**h, "SELECT COUNT(*) FROM audit_log WHERE action = 'posts.import'");
  EXPECT_EQ(audited->Int(0) * (OnPostgres() ? 100 : 2000), done);  // one audit row per batch

  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("从第 " + std::to_string(done + 1) + " 条继续"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("新增 " + std::to_string(kLines - done)), std::string::npos) << r.out;
  EXPECT_EQ(Count(db_, "posts"), kLines);
  EXPECT_EQ(Count(db_, "post_versions"), kLines);
}

// Issue 9, finding 5: invalid UTF-8 in a CSV's id or url was accepted, and then every list of
// posts failed.
TEST_F(ImportCli, Issue9CsvWithInvalidUtf8InAnyColumnIsRefusedNamingLineAndField) {
  const std::string f = tmp_.File("bad.csv");
  const std::string header = "account_id,id,published_at,text,url\r\n";
  const std::string good = "1,p1,2024-10-01T09:00:00+08:00,正文,https://weibo.com/1/p1\r\n";
  WriteFile(f, header + good + "1,p\xff\xfe,2024-10-01T09:00:00+08:00,正文,\r\n");
  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("第 3 行"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("id"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
  WriteFile(f, header + good + "1,p2,2024-10-01T09:00:00+08:00,正文,https://weibo.com/\xc3\r\n");
  r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("url"), std::string::npos) << r.err;
  WriteFile(f, header + good + "1,p3,2024-10-01T09:00:00+08:00,正文,javascript:alert(1)\r\n");
  r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("url"), std::string::npos) << r.err;
  WriteFile(f, header + good + "1,p4,2024-10-01T09:00:00+08:00,\"正文" + '\0' + "\",\r\n");
  r = RunGovmedia("import posts " + f + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("text"), std::string::npos) << r.err;
  EXPECT_EQ(Count(db_, "posts"), 0);
}

// Issue 9, finding 5: the resume key was the size and the first MiB, so a corrected re-export of
// the same size was skipped as already imported.
TEST_F(ImportCli, Issue9ACorrectedReexportOfTheSameSizeIsImportedNotSkipped) {
  const std::string f = tmp_.File("posts.jsonl");
  auto lines = [](const std::string& last) {
    std::string out;
    for (int i = 0; i < 1200; ++i)
      out += "{\"account_id\": 1, \"id\": \"p" + std::to_string(i) +
             "\", \"published_at\": \"2024-10-01T09:00:00+08:00\", \"text\": \"第" + std::to_string(i) + "条\"}\n";
    return out + "{\"account_id\": 1, \"id\": \"last\", \"published_at\": \"2024-10-02T09:00:00+08:00\", "
                 "\"text\": \"" + last + "\"}\n";
  };
  WriteFile(f, lines("原文甲"));
  ASSERT_EQ(RunGovmedia("import posts " + f + " --db " + db_).exit_code, 0);
  const std::string corrected = lines("更正乙");
  ASSERT_EQ(corrected.size(), ReadFile(f).size());
  WriteFile(f, corrected);
  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("修改 1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("继续"), std::string::npos) << r.out;
  EXPECT_EQ(Count(db_, "post_versions"), 1202);
}


// The import reads the next batch's texts (content hash, the lexicon's hits, source credits) on
// its other core while one is written. What it stores must be what the archive stores post by
// post: the same hits at the same places, the same alerts, the same forced-wording findings —
// across batch edges, on real posts.
TEST_F(ImportCli, AnImportFindsInEveryBatchWhatTheArchiveFindsPostByPost) {
  std::ifstream in(std::string(GOVMEDIA_SOURCE_DIR) + "/../shared/data/corpus/weibo-cctvnews-2020q1.jsonl");
  ASSERT_TRUE(in) << "the corpus of ../shared/data";
  // Three of SQLite's batches of 2,000; PostgreSQL's are of 100, and each post archived alone is a
  // round trip there, so fewer.
  const size_t n = OnPostgres() ? 2100 : 4500;
  std::vector<std::string> texts;
  for (std::string line; texts.size() < n && std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("text")) texts.push_back(j["text"].get<std::string>());
  }
  ASSERT_EQ(texts.size(), n);
  // Findings of each kind in the first, second and last batch (2,000 posts each).
  texts[7] += "（内部文件，绝密）";
  texts[1999] += "（来源：某某资讯）";
  texts[2000] = "请各村组织全体党员每人转发本文，并截图上报。";
  texts[n - 1] += "（来源：某某网）请全体职工务必点赞。";
  std::string file;
  for (size_t i = 0; i < texts.size(); ++i) {
    nlohmann::json j{{"account_id", 1}, {"id", "p" + std::to_string(i)}, {"text", texts[i]},
                     {"published_at", "2024-10-0" + std::to_string(1 + i % 9) + "T09:00:00+08:00"}};
    file += j.dump() + "\n";
  }
  const std::string f = tmp_.File("corpus.jsonl");
  WriteFile(f, file);
  auto r = RunGovmedia("import posts " + f + " --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // The same posts archived one by one, each read inside its own transaction, into another database.
  TestDb other_db{tmp_, "reference.db"};
  app::SystemClock clock;
  auto node = app::Node::Open(other_db.target(), clock);
  ASSERT_TRUE(node.ok()) << node.status().message();
  storage::Db& ref = (*node)->db();
  ASSERT_TRUE(ref.Exec("INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, updated_at) "
                       "VALUES (5, '张浦发布', 'weibo', 'open', '{}', 'x', 'x')").ok());
  ASSERT_TRUE((*node)->monitor().Refresh().ok());
  auto lines = app::ReadJsonLines(file);
  ASSERT_TRUE(lines.ok());
  for (const auto& l : *lines) {
    auto item = app::CheckItem(l.raw, storage::kKindPost, [](int64_t id) { return id == 1; });
    ASSERT_TRUE(item.ok()) << item.status().message();
    core::Status s = ref.Transaction([&]() -> core::Status {
      auto a = (*node)->posts().Archive(*item, "2024-10-10T09:00:00+08:00");
      if (!a.ok()) return a.status();
      return (*node)->monitor().OnArchived(*item, *a);
    });
    ASSERT_TRUE(s.ok()) << s.message();
  }

  auto rows = [](storage::Db& db, const std::string& sql) {
    std::vector<std::string> out;
    auto q = db.Query(sql);
    EXPECT_TRUE(q.ok()) << q.status().message();
    if (!q.ok()) return out;
    for (const auto& row : *q) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) line += (row.IsNull(i) ? std::string("∅") : row.Text(i)) + "|";
      out.push_back(line);
    }
    return out;
  };
  const std::string hits =
      "SELECT p.platform_post_id, v.content_hash, h.post_version, h.category, h.indicator, h.term, h.start_cp, "
      "h.end_cp, h.matched, h.level, h.suggestion, h.context, h.note FROM scan_hits h JOIN posts p ON p.id = h.post_id "
      "JOIN post_versions v ON v.post_id = p.id AND v.version = h.post_version ORDER BY 1, 7, 6";
  const std::string alerts =
      "SELECT p.platform_post_id, a.post_version, a.category, a.indicator FROM alerts a JOIN posts p ON p.id = a.post_id "
      "ORDER BY 1";
  const std::string forced =
      "SELECT p.platform_post_id, e.kind, e.subject, e.score FROM engagement_anomalies e JOIN posts p ON p.id = e.post_id "
      "ORDER BY 1";
  auto imported = storage::OpenDb(db_);
  ASSERT_TRUE(imported.ok());
  const auto imported_hits = rows(**imported, hits);
  EXPECT_EQ(imported_hits, rows(ref, hits));
  EXPECT_EQ(rows(**imported, alerts), rows(ref, alerts));
  EXPECT_EQ(rows(**imported, forced), rows(ref, forced));
  // And the findings planted in each batch are among them.
  auto has = [&](const std::string& post, const std::string& what) {
    return std::any_of(imported_hits.begin(), imported_hits.end(),
                       [&](const std::string& h) { return h.starts_with(post + "|") && h.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(has("p7", "|绝密|"));
  EXPECT_TRUE(has("p1999", "来源：某某资讯"));
  EXPECT_TRUE(has("p" + std::to_string(n - 1), "某某网"));
  EXPECT_EQ(rows(**imported, alerts).size(), rows(ref, alerts).size());
  const auto forced_rows = rows(**imported, forced);
  EXPECT_TRUE(std::any_of(forced_rows.begin(), forced_rows.end(), [](const std::string& x) { return x.starts_with("p2000|"); }));
  EXPECT_TRUE(std::any_of(forced_rows.begin(), forced_rows.end(),
                          [&](const std::string& x) { return x.starts_with("p" + std::to_string(n - 1) + "|"); }));
}

}  // namespace
}  // namespace govmedia::testing
