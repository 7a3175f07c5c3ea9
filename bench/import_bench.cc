// Bulk import into the archive: `govmedia import posts` on N posts (default 1,000,000) against
// the baseline of inserting the same rows into the same two tables with no index, no uniqueness
// check, no full-text index and no scan — what the archive's guarantees cost.
//
// The posts are the corpus's texts (../shared/data/corpus) cycled over 50 accounts, a post a
// minute apart. Both runs parse the same JSON Lines file with simdjson, write a SQLite file in WAL
// mode with synchronous=FULL, and commit every 1,000 rows.
//
// With `--postgres URL` (a server such as scripts/pg-cluster.sh starts), the same import goes into a
// fresh database `import_bench` on that server instead, and no baseline is run (the baseline is
// SQLite's).
//
// Usage: build/bench/import_bench [--data ../shared/data] [--posts 1000000] [--binary build/govmedia]
//        [--work /tmp/govmedia-import-bench] [--postgres postgresql://user@host:port/db]
#include <libpq-fe.h>
#include <simdjson.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kAccounts = 50;
constexpr int kBatch = 1000;

double Seconds(Clock::time_point from) { return std::chrono::duration<double>(Clock::now() - from).count(); }

void Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
  std::exit(1);
}

std::vector<std::string> CorpusTexts(const fs::path& data) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(data / "corpus")) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("text")) out.push_back(j["text"].get<std::string>());
    }
  }
  return out;
}

std::string Rfc3339(int64_t epoch) {
  const std::time_t t = static_cast<std::time_t>(epoch + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return buf;
}

int Run(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}

// The baseline: the same rows, parsed the same way, into tables with nothing but their rowid.
double Baseline(const fs::path& file, const fs::path& db_path, int64_t* rows) {
  fs::remove(db_path);
  sqlite3* db = nullptr;
  Check(sqlite3_open(db_path.c_str(), &db), db, "open");
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "CREATE TABLE posts (id INTEGER PRIMARY KEY, account_id INTEGER, kind TEXT, platform_post_id TEXT, "
                          "published_at TEXT, published_epoch INTEGER, current_version INTEGER, first_seen TEXT, last_seen TEXT)",
                          "CREATE TABLE post_versions (id INTEGER PRIMARY KEY, post_id INTEGER, version INTEGER, "
                          "content_hash TEXT, text TEXT, url TEXT, seen_at TEXT)"}) {
    Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  }
  sqlite3_stmt* post = nullptr;
  sqlite3_stmt* version = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "INSERT INTO posts (account_id, kind, platform_post_id, published_at, published_epoch, "
                           "current_version, first_seen, last_seen) VALUES (?, 'post', ?, ?, 0, 1, 'now', 'now')",
                           -1, &post, nullptr),
        db, "prepare");
  Check(sqlite3_prepare_v2(db,
                           "INSERT INTO post_versions (post_id, version, content_hash, text, url, seen_at) "
                           "VALUES (?, 1, '', ?, ?, 'now')",
                           -1, &version, nullptr),
        db, "prepare");
  const auto start = Clock::now();
  simdjson::padded_string json;
  if (simdjson::padded_string::load(file.string()).get(json)) std::exit(1);
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  if (parser.parse_many(json).get(stream)) std::exit(1);
  int64_t n = 0;
  Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (auto doc : stream) {
    simdjson::dom::element e;
    if (doc.get(e)) std::exit(1);
    std::string_view id, at, text, url;
    int64_t account = 0;
    if (e["account_id"].get_int64().get(account) || e["id"].get_string().get(id) ||
        e["published_at"].get_string().get(at) || e["text"].get_string().get(text) || e["url"].get_string().get(url)) {
      std::cerr << "malformed line " << n + 1 << "\n";
      std::exit(1);
    }
    sqlite3_bind_int64(post, 1, account);
    sqlite3_bind_text(post, 2, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(post, 3, at.data(), static_cast<int>(at.size()), SQLITE_TRANSIENT);
    Check(sqlite3_step(post), db, "insert post");
    sqlite3_reset(post);
    sqlite3_bind_int64(version, 1, sqlite3_last_insert_rowid(db));
    sqlite3_bind_text(version, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(version, 3, url.data(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
    Check(sqlite3_step(version), db, "insert version");
    sqlite3_reset(version);
    if (++n % kBatch == 0) {
      Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
      Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    }
  }
  Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  const double t = Seconds(start);
  sqlite3_finalize(post);
  sqlite3_finalize(version);
  sqlite3_close(db);
  *rows = n;
  return t;
}

// Runs statements on a PostgreSQL server; exits naming the statement when one fails.
void PgExec(const std::string& url, const std::vector<std::string>& statements) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::cerr << url << ": " << PQerrorMessage(c);
    std::exit(1);
  }
  for (const auto& sql : statements) {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::cerr << sql << ": " << PQresultErrorMessage(r);
      std::exit(1);
    }
    PQclear(r);
  }
  PQfinish(c);
}

// `url` with its database replaced by `db`.
std::string WithDatabase(const std::string& url, const std::string& db) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = url.find('?');
  const std::string base = url.substr(0, slash == std::string::npos ? std::min(query, url.size()) : slash);
  return base + "/" + db + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

int main(int argc, char** argv) {
  fs::path data = "../shared/data", work = "/tmp/govmedia-import-bench";
  std::string binary = "build/govmedia", postgres;
  int64_t count = 1000000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--data") data = v;
    else if (k == "--posts") count = std::stoll(v);
    else if (k == "--binary") binary = v;
    else if (k == "--work") work = v;
    else if (k == "--postgres") postgres = v;
  }
  const auto texts = CorpusTexts(data);
  if (texts.empty()) {
    std::cerr << "no corpus under " << data << "\n";
    return 1;
  }
  fs::create_directories(work);
  const fs::path file = work / "posts.jsonl", db = work / "govmedia.db", base = work / "baseline.db";
  {
    std::ofstream out(file);
    const int64_t first = 1704038400;  // 2024-01-01 00:00 Beijing
    for (int64_t i = 0; i < count; ++i) {
      const nlohmann::json j{{"account_id", 1 + i % kAccounts},
                             {"id", "b" + std::to_string(i)},
                             {"published_at", Rfc3339(first + i * 60)},
                             {"text", texts[i % texts.size()]},
                             {"url", "https://weibo.com/bench/" + std::to_string(i)}};
      out << j.dump() << '\n';
    }
  }
  const auto size = fs::file_size(file);

  if (!postgres.empty()) {
    // A fresh database on the server, migrated by govmedia, with the accounts the posts belong to.
    PgExec(postgres, {"DROP DATABASE IF EXISTS import_bench WITH (FORCE)", "CREATE DATABASE import_bench"});
    const std::string url = WithDatabase(postgres, "import_bench");
    if (Run(binary + " user add --db '" + url + "' --username bench --role viewer >/dev/null") != 0) {
      std::cerr << "could not create the database with " << binary << "\n";
      return 1;
    }
    std::vector<std::string> accounts;
    for (int a = 1; a <= kAccounts; ++a)
      accounts.push_back("INSERT INTO accounts (id, unit_id, name, platform, status, record_json, created_at, updated_at) "
                         "VALUES (" + std::to_string(a) + ", 1, '账号" + std::to_string(a) + "', 'weibo', 'open', '{}', 'x', 'x')");
    PgExec(url, accounts);
    const auto start = Clock::now();
    const fs::path said = work / "import.stderr";
    if (Run(binary + " import posts " + file.string() + " --db '" + url + "' >/dev/null 2>" + said.string()) != 0) {
      std::cerr << "govmedia import failed (" << said << ")\n";
      return 1;
    }
    const double imported = Seconds(start);
    std::printf("posts: %lld (%.1f MB of JSON Lines)\n", static_cast<long long>(count), size / 1e6);
    std::printf("govmedia import posts into PostgreSQL (validate, archive with versions, uniqueness, content hash, "
                "scan; the server's pg_trgm index maintained as rows are written): %.1f s, %.0f posts/s\n",
                imported, count / imported);
    return 0;
  }

  // A fresh govmedia database with the accounts the posts belong to.
  for (const std::string suffix : {"", "-wal", "-shm", ".search", ".search-wal", ".search-shm"})
    fs::remove(db.string() + suffix);
  if (Run(binary + " user add --db " + db.string() + " --username bench --role viewer >/dev/null") != 0) {
    std::cerr << "could not create the database with " << binary << "\n";
    return 1;
  }
  {
    sqlite3* h = nullptr;
    sqlite3_open(db.c_str(), &h);
    for (int a = 1; a <= kAccounts; ++a) {
      const std::string sql = "INSERT INTO accounts (id, unit_id, name, platform, status, record_json, created_at, updated_at) "
                              "VALUES (" + std::to_string(a) + ", 1, '账号" + std::to_string(a) + "', 'weibo', 'open', '{}', 'x', 'x')";
      Check(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr), h, "account");
    }
    sqlite3_close(h);
  }
  auto start = Clock::now();
  const fs::path said = work / "import.stderr";
  if (Run(binary + " import posts " + file.string() + " --db " + db.string() + " >/dev/null 2>" + said.string()) != 0) {
    std::cerr << "govmedia import failed\n";
    return 1;
  }
  const double imported = Seconds(start);
  int64_t rows = 0;
  const double baseline = Baseline(file, base, &rows);

  std::printf("posts: %lld (%.1f MB of JSON Lines)\n", static_cast<long long>(count), size / 1e6);
  std::printf("govmedia import posts (validate, archive with versions, uniqueness, content hash, scan; FTS5 trigram "
              "index in its own file on the other core, finished before the command ends): %.1f s, %.0f posts/s\n",
              imported, count / imported);
  {
    std::ifstream in(said);
    std::string line;
    while (std::getline(in, line)) std::printf("  govmedia said: %s\n", line.c_str());
  }
  std::printf("baseline (same rows, no index, no FTS, no scan): %.1f s, %.0f posts/s\n", baseline, rows / baseline);
  std::printf("ratio govmedia / baseline: %.2f\n", (count / imported) / (rows / baseline));
  std::printf("database sizes: govmedia %.0f MB (its full-text index %.0f MB), baseline %.0f MB\n", fs::file_size(db) / 1e6,
              fs::exists(db.string() + ".search") ? fs::file_size(db.string() + ".search") / 1e6 : 0.0, fs::file_size(base) / 1e6);
  return 0;
}
