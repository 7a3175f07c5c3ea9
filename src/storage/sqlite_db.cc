// SQLite adapter of Db: one writer connection and a few reader connections on the same file, in
// WAL mode so that readers never wait for the writer. Each connection keeps a cache of prepared
// statements (the same few statements run for every archived post).
//
// Who waits for whom:
// - Writers of this process take turns on `write_mu_`; a transaction holds it for its whole body.
// - A query outside a transaction runs on a free reader connection, so a long write (an import
//   batch) never holds up the pages people are reading.
// - Writers of other processes (a CLI import beside the server) meet at SQLite's write lock; the
//   busy handler polls it every millisecond or few instead of SQLite's coarse default schedule, and
//   gives up after `busy_timeout_ms`: then the call answers Unavailable ("数据库繁忙"), which the API
//   turns into 503 with Retry-After and the CLI into a retry.
// - A full disk answers StorageFull, never a bare I/O error.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "storage/db.h"
#include "storage/search_index.h"

namespace govmedia::storage {
namespace {

// Polls the write lock of another process: short sleeps first, so a waiting writer gets in soon
// after the holder commits; never longer than 8 ms between polls.
int BusyHandler(void* arg, int attempt) {
  const int timeout_ms = *static_cast<const std::atomic<int>*>(arg);
  static constexpr int kSleepUs[] = {200, 500, 1000, 2000, 4000, 8000};
  int waited_us = 0;
  for (int i = 0; i < attempt; ++i) waited_us += kSleepUs[std::min<int>(i, 5)];
  if (waited_us >= timeout_ms * 1000) return 0;
  std::this_thread::sleep_for(std::chrono::microseconds(kSleepUs[std::min(attempt, 5)]));
  return 1;
}

Status ErrorOf(sqlite3* db, int rc) {
  const int base = rc & 0xff;
  const std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (base) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status::Conflict("记录已存在: " + msg);
      return Status::Conflict("违反数据约束: " + msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("数据库繁忙，请稍后重试");
    case SQLITE_FULL:
      return Status::StorageFull("磁盘空间已满，数据未能保存，请联系系统管理员清理磁盘");
    default:
      return Status::IOError("数据库错误: " + msg);
  }
}

// One connection and its prepared statements. Not thread-safe: its owner serialises use.
class Conn final {
 public:
  explicit Conn(sqlite3* db) : db_(db) {}
  ~Conn() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  Status Exec(std::string_view sql, const Params& params) {
    auto st = Prepare(sql, params);
    if (!st.ok()) return st.status();
    sqlite3_stmt* s = *st;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    }
    Status out = rc == SQLITE_DONE ? Status::Ok() : ErrorOf(db_, rc);
    Release(s);
    return out;
  }

  /// With `read_only`, a statement that would write is not run: nullopt (the caller takes it to
  /// the writer).
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) {
    auto rows = Run(sql, params, false);
    if (!rows.ok()) return rows.status();
    return std::move(**rows);
  }
  Result<std::optional<std::vector<Row>>> QueryIfReadOnly(std::string_view sql, const Params& params) {
    return Run(sql, params, true);
  }

 private:
  Result<std::optional<std::vector<Row>>> Run(std::string_view sql, const Params& params, bool read_only) {
    auto st = Prepare(sql, params);
    if (!st.ok()) return st.status();
    sqlite3_stmt* s = *st;
    if (read_only && !sqlite3_stmt_readonly(s)) {
      Release(s);
      return std::optional<std::vector<Row>>();
    }
    std::vector<Row> rows;
    int rc;
    const int n = sqlite3_column_count(s);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::vector<Value> vals;
      vals.reserve(n);
      for (int i = 0; i < n; ++i) {
        switch (sqlite3_column_type(s, i)) {
          case SQLITE_INTEGER: vals.emplace_back(static_cast<int64_t>(sqlite3_column_int64(s, i))); break;
          case SQLITE_FLOAT: vals.emplace_back(sqlite3_column_double(s, i)); break;
          case SQLITE_NULL: vals.emplace_back(nullptr); break;
          case SQLITE_BLOB: {
            const auto* b = static_cast<const char*>(sqlite3_column_blob(s, i));
            vals.emplace_back(Blob{std::string(b ? b : "", sqlite3_column_bytes(s, i))});
            break;
          }
          default: {
            const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
            vals.emplace_back(std::string(t ? t : "", sqlite3_column_bytes(s, i)));
          }
        }
      }
      rows.emplace_back(std::move(vals));
    }
    Status out = rc == SQLITE_DONE ? Status::Ok() : ErrorOf(db_, rc);
    Release(s);
    if (!out.ok()) return out;
    return std::optional<std::vector<Row>>(std::move(rows));
  }

 public:

  Status Raw(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    return rc == SQLITE_OK ? Status::Ok() : ErrorOf(db_, rc);
  }

 private:
  // A statement from the cache, or newly prepared and cached. Statements built from filters can
  // be many; past kMaxCached the cache starts over rather than grow without bound.
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const Params& params) {
    static constexpr size_t kMaxCached = 256;
    sqlite3_stmt* s = nullptr;
    if (auto it = cache_.find(std::string(sql)); it != cache_.end()) {
      s = it->second;
    } else {
      const int rc =
          sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
      if (rc != SQLITE_OK) return ErrorOf(db_, rc);
      if (cache_.size() >= kMaxCached) {
        for (auto& [k, stmt] : cache_) sqlite3_finalize(stmt);
        cache_.clear();
      }
      cache_.emplace(std::string(sql), s);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        sqlite3_bind_null(s, idx);
      } else if (auto p = std::get_if<int64_t>(&v)) {
        sqlite3_bind_int64(s, idx, *p);
      } else if (auto p = std::get_if<double>(&v)) {
        sqlite3_bind_double(s, idx, *p);
      } else if (auto b = std::get_if<Blob>(&v)) {
        sqlite3_bind_blob(s, idx, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
      } else {
        const auto& t = std::get<std::string>(v);
        sqlite3_bind_text(s, idx, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
      }
    }
    return s;
  }

  // Ready for the next use: reset, bindings cleared (no text of a post lingers bound).
  static void Release(sqlite3_stmt* s) {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

Result<std::unique_ptr<Conn>> OpenConn(const std::string& path, int flags, std::atomic<int>* busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::IOError("无法打开数据库 " + path + ": " + msg);
  }
  sqlite3_busy_handler(db, BusyHandler, busy_timeout_ms);
  return std::make_unique<Conn>(db);
}

bool StartsWithSelect(std::string_view sql) {
  const size_t b = sql.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return false;
  auto word = [&](std::string_view w) {
    if (sql.size() - b < w.size()) return false;
    for (size_t i = 0; i < w.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(sql[b + i])) != w[i]) return false;
    return true;
  };
  return word("SELECT") || word("WITH");
}

class SqliteDb final : public Db {
 public:
  SqliteDb(std::unique_ptr<Conn> writer, std::unique_ptr<std::atomic<int>> busy_timeout_ms)
      : busy_timeout_ms_(std::move(busy_timeout_ms)), writer_(std::move(writer)) {}

  // Readers are added after the writer has set WAL mode and migrated the schema.
  void AddReader(std::unique_ptr<Conn> c) {
    std::lock_guard lock(readers_mu_);
    free_readers_.push_back(c.get());
    readers_.push_back(std::move(c));
  }

  Status Exec(std::string_view sql, const Params& params) override {
    std::lock_guard lock(write_mu_);
    return writer_->Exec(sql, params);
  }

  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    if (!InOwnTransaction() && StartsWithSelect(sql)) {
      if (Conn* r = AcquireReader()) {
        auto out = r->QueryIfReadOnly(sql, params);  // SQLite's own judgement of the statement
        ReleaseReader(r);
        if (!out.ok()) return out.status();
        if (*out) return std::move(**out);
      }
    }
    std::lock_guard lock(write_mu_);
    return writer_->Query(sql, params);
  }

  Result<int64_t> Insert(std::string_view sql, const Params& params) override {
    std::lock_guard lock(write_mu_);
    auto rows = writer_->Query(sql, params);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Internal("INSERT returned no id");
    return rows->front().Int(0);
  }

  Status Transaction(const std::function<Status()>& body) override {
    std::unique_lock lock(write_mu_);
    if (depth_ > 0) {  // nested: join the outer transaction
      ++depth_;
      Status s;
      try {
        s = body();
      } catch (...) {
        --depth_;
        throw;
      }
      --depth_;
      return s;
    }
    if (Status s = writer_->Raw("BEGIN IMMEDIATE"); !s.ok()) return s;
    ++depth_;
    owner_.store(std::this_thread::get_id());
    auto leave = [&] {
      owner_.store(std::thread::id());
      --depth_;
    };
    Status s;
    try {
      s = body();
    } catch (...) {
      leave();
      (void)writer_->Raw("ROLLBACK");
      throw;
    }
    leave();
    if (!s.ok()) {
      (void)writer_->Raw("ROLLBACK");
      return s;
    }
    if (Status c = writer_->Raw("COMMIT"); !c.ok()) {
      (void)writer_->Raw("ROLLBACK");
      return c;
    }
    return Status::Ok();
  }

  Status ExecScript(std::string_view sql) override {
    std::lock_guard lock(write_mu_);
    return writer_->Raw(std::string(sql));
  }

  void SetBusyTimeout(int ms) override { busy_timeout_ms_->store(ms); }

  std::string_view Dialect() const override { return "sqlite"; }

  SearchIndex* search_index() override { return search_.get(); }
  void SetSearchIndex(std::unique_ptr<SearchIndex> index) { search_ = std::move(index); }

 private:
  bool InOwnTransaction() const { return owner_.load() == std::this_thread::get_id(); }

  // A free reader, waiting for one when all are busy; null when there are none (":memory:").
  Conn* AcquireReader() {
    std::unique_lock lock(readers_mu_);
    if (readers_.empty()) return nullptr;
    readers_cv_.wait(lock, [&] { return !free_readers_.empty(); });
    Conn* c = free_readers_.back();
    free_readers_.pop_back();
    return c;
  }
  void ReleaseReader(Conn* c) {
    {
      std::lock_guard lock(readers_mu_);
      free_readers_.push_back(c);
    }
    readers_cv_.notify_one();
  }

  std::unique_ptr<std::atomic<int>> busy_timeout_ms_;  // shared with every connection's handler
  std::unique_ptr<Conn> writer_;
  std::recursive_mutex write_mu_;
  int depth_ = 0;                         // guarded by write_mu_
  std::atomic<std::thread::id> owner_{};  // the thread inside a transaction, if any
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Conn>> readers_;
  std::vector<Conn*> free_readers_;
  std::unique_ptr<SearchIndex> search_;
};

}  // namespace

Result<std::unique_ptr<Db>> OpenSqlite(const std::string& path) {
  // No global statistics of SQLite's memory: they take one process-wide mutex at every allocation,
  // which the import's two threads (archive and full-text index) otherwise queue on.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  auto timeout = std::make_unique<std::atomic<int>>(5000);
  auto w = OpenConn(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, timeout.get());
  if (!w.ok()) return w.status();
  // WAL: readers never block the writer; synchronous=FULL so a committed transaction survives a
  // power loss, not only a process crash. A 32 MiB page cache keeps the indexes of a bulk import
  // in memory.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                             "PRAGMA cache_size=-32768"}) {
    if (Status s = (*w)->Raw(pragma); !s.ok()) return s;
  }
  std::atomic<int>* timeout_ms = timeout.get();
  auto out = std::make_unique<SqliteDb>(std::move(*w), std::move(timeout));
  const bool in_memory = path.empty() || path == ":memory:" || path.rfind("file::memory:", 0) == 0;
  if (!in_memory) {
    // The full-text index beside the file; only the readers attach it (the writer's BEGIN
    // IMMEDIATE would otherwise take the index's write lock as well as the archive's).
    auto index = SearchIndex::Open(path + ".search");
    if (!index.ok()) return index.status();
    std::string attach = "ATTACH DATABASE '";
    for (char c : (*index)->path()) attach += c == '\'' ? std::string("''") : std::string(1, c);
    attach += std::string("' AS ") + SearchIndex::kSchema;
    out->SetSearchIndex(std::move(*index));
    static constexpr int kReaders = 4;
    for (int i = 0; i < kReaders; ++i) {
      auto r = OpenConn(path, SQLITE_OPEN_READONLY, timeout_ms);
      if (!r.ok()) return r.status();
      if (Status s = (*r)->Raw("PRAGMA cache_size=-8192"); !s.ok()) return s;
      if (Status s = (*r)->Raw(attach); !s.ok()) return s;
      out->AddReader(std::move(*r));
    }
    if (Status s = out->search_index()->Verify(*out); !s.ok()) return s;
  }
  return std::unique_ptr<Db>(std::move(out));
}

}  // namespace govmedia::storage
