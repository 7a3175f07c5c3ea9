#include "storage/search_index.h"

#include <sqlite3.h>

#include <set>
#include <vector>

namespace govmedia::storage {
namespace {

// The layout of the index's file; another value there (an older layout) is dropped and rebuilt.
constexpr int kLayout = 1;

constexpr const char* kSchemaSql =
    "CREATE VIRTUAL TABLE IF NOT EXISTS post_search USING fts5(text, tokenize = 'trigram', detail = none, "
    "content = '');"
    "CREATE TABLE IF NOT EXISTS search_progress (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "indexed_to INTEGER NOT NULL, content_hash TEXT NOT NULL);"
    "INSERT OR IGNORE INTO search_progress VALUES (1, 0, '');";

Status ErrorOf(sqlite3* db, const std::string& what) {
  const int rc = sqlite3_extended_errcode(db) & 0xff;
  const std::string msg = "全文索引 " + what + ": " + sqlite3_errmsg(db);
  if (rc == SQLITE_FULL) return Status::StorageFull("磁盘空间已满，全文索引未能保存：" + msg);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Status::Unavailable(msg);
  return Status::IOError(msg);
}

// A prepared statement, finalized when it goes out of scope.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_;
};

}  // namespace

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::IOError("无法打开全文索引 " + path + ": " + msg);
  }
  std::unique_ptr<SearchIndex> index(new SearchIndex(path, db));
  // Another process may be creating it at the same moment: wait for its lock rather than fail.
  sqlite3_busy_timeout(db, 30'000);
  // NORMAL: a crash may lose the last batches, never the index's consistency with its watermark
  // (both change in one transaction), and what is lost is indexed again.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-32768"}) {
    if (Status s = index->Raw(pragma); !s.ok()) return s;
  }
  if (Status s = index->Raw("BEGIN IMMEDIATE"); !s.ok()) return s;
  int layout = 0;
  {
    Stmt v(db, "PRAGMA user_version");
    if (v.ok() && sqlite3_step(v.get()) == SQLITE_ROW) layout = sqlite3_column_int(v.get(), 0);
  }
  Status s;
  if (layout != kLayout) {
    s = index->Raw("DROP TABLE IF EXISTS post_search; DROP TABLE IF EXISTS search_progress;");
    if (s.ok()) s = index->Raw(kSchemaSql);
    if (s.ok()) s = index->Raw("PRAGMA user_version = " + std::to_string(kLayout));
  }
  if (s.ok()) s = index->Raw("COMMIT");
  if (!s.ok()) {
    (void)index->Raw("ROLLBACK");
    return s;
  }
  return index;
}

SearchIndex::~SearchIndex() { sqlite3_close_v2(db_); }

Status SearchIndex::Raw(const std::string& sql) {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return ErrorOf(db_, sql.substr(0, 40));
  return Status::Ok();
}

Result<int64_t> SearchIndex::Watermark() {
  std::lock_guard lock(mu_);
  auto at = Progress();
  if (!at.ok()) return at.status();
  return at->first;
}

Result<std::pair<int64_t, std::string>> SearchIndex::Progress() {
  Stmt q(db_, "SELECT indexed_to, content_hash FROM search_progress WHERE id = 1");
  if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW) return ErrorOf(db_, "watermark");
  const auto* h = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1));
  return std::pair<int64_t, std::string>(sqlite3_column_int64(q.get(), 0), h ? h : "");
}

Status SearchIndex::Verify(Db& archive) {
  std::lock_guard lock(mu_);
  return VerifyLocked(archive);
}

Status SearchIndex::VerifyLocked(Db& archive) {
  auto at = Progress();
  if (!at.ok()) return at.status();
  if (at->first == 0) return Status::Ok();
  // The archive beside the index must be the one it was built from: the version at the watermark
  // still there with the same content. Otherwise (a restored or replaced database) start again.
  auto table = archive.Query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'post_versions'");
  if (!table.ok()) return table.status();
  if (!table->empty()) {
    auto same = archive.Query("SELECT content_hash FROM post_versions WHERE id = ?", {at->first});
    if (!same.ok()) return same.status();
    if (!same->empty() && same->front().Text(0) == at->second) return Status::Ok();
  }
  if (Status s = Raw("BEGIN IMMEDIATE; INSERT INTO post_search (post_search) VALUES ('delete-all'); "
                     "UPDATE search_progress SET indexed_to = 0, content_hash = ''; COMMIT");
      !s.ok()) {
    (void)Raw("ROLLBACK");
    return s;
  }
  return Status::Ok();
}

Result<int64_t> SearchIndex::CatchUp(Db& archive, int64_t limit) {
  std::lock_guard lock(mu_);
  if (Status s = VerifyLocked(archive); !s.ok()) return s;
  auto at = Progress();
  if (!at.ok()) return at.status();
  const int64_t from = at->first;
  auto rows = archive.Query("SELECT id, text, content_hash FROM post_versions WHERE id > ? ORDER BY id LIMIT ?",
                            {from, limit});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return int64_t{0};

  if (Status s = Raw("BEGIN IMMEDIATE"); !s.ok()) return s;
  auto body = [&]() -> Result<int64_t> {
    // Another indexer may have gone ahead since the watermark was read: start after its batch.
    auto now = Progress();
    if (!now.ok()) return now.status();
    Stmt ins(db_, "INSERT INTO post_search (rowid, text) VALUES (?, ?)");
    if (!ins.ok()) return ErrorOf(db_, "insert");
    int64_t added = 0;
    const Row* last = nullptr;
    for (const auto& r : *rows) {
      if (r.Int(0) <= now->first) continue;
      const std::string text = r.Text(1);
      sqlite3_bind_int64(ins.get(), 1, r.Int(0));
      sqlite3_bind_text(ins.get(), 2, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      if (sqlite3_step(ins.get()) != SQLITE_DONE) return ErrorOf(db_, "insert");
      sqlite3_reset(ins.get());
      ++added;
      last = &r;
    }
    if (!last) return int64_t{0};
    Stmt up(db_, "UPDATE search_progress SET indexed_to = ?, content_hash = ? WHERE id = 1");
    const std::string hash = last->Text(2);
    sqlite3_bind_int64(up.get(), 1, last->Int(0));
    sqlite3_bind_text(up.get(), 2, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
    if (!up.ok() || sqlite3_step(up.get()) != SQLITE_DONE) return ErrorOf(db_, "watermark");
    return added;
  };
  auto added = body();
  if (!added.ok()) {
    (void)Raw("ROLLBACK");
    return added.status();
  }
  if (Status s = Raw("COMMIT"); !s.ok()) {
    (void)Raw("ROLLBACK");
    return s;
  }
  return *added;
}

std::string SearchIndex::MatchExpression(std::string_view query) {
  std::vector<size_t> starts;  // byte offset of each code point
  for (size_t i = 0; i < query.size(); ++i)
    if ((static_cast<unsigned char>(query[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(query.size());
  std::set<std::string> seen;
  std::string out;
  for (size_t i = 0; i + 3 < starts.size(); ++i) {
    const std::string_view tri = query.substr(starts[i], starts[i + 3] - starts[i]);
    if (!seen.emplace(tri).second) continue;
    if (!out.empty()) out += " AND ";
    out += '"';
    for (char c : tri) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
  }
  return out;
}

}  // namespace govmedia::storage
