// SQLite adapter of Db: one connection, WAL journal, foreign keys, a busy timeout so a second
// process (a CLI command beside the server) waits instead of failing, and a cache of prepared
// statements (the same few statements run for every archived post).
#include <sqlite3.h>

#include <mutex>
#include <string>
#include <unordered_map>

#include "storage/db.h"

namespace govmedia::storage {
namespace {

class SqliteDb final : public Db {
 public:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  ~SqliteDb() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Status Exec(std::string_view sql, const Params& params) override {
    std::lock_guard lock(mu_);
    auto st = Prepare(sql, params);
    if (!st.ok()) return st.status();
    sqlite3_stmt* s = *st;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    }
    Status out = rc == SQLITE_DONE ? Status::Ok() : Error(rc);
    Release(s);
    return out;
  }

  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    std::lock_guard lock(mu_);
    auto st = Prepare(sql, params);
    if (!st.ok()) return st.status();
    sqlite3_stmt* s = *st;
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
    if (rc != SQLITE_DONE) {
      Status e = Error(rc);
      Release(s);
      return e;
    }
    Release(s);
    return rows;
  }

  Result<int64_t> Insert(std::string_view sql, const Params& params) override {
    auto rows = Query(sql, params);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Internal("INSERT returned no id");
    return rows->front().Int(0);
  }

  Status Transaction(const std::function<Status()>& body) override {
    std::unique_lock lock(mu_);
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
    if (Status s = Raw("BEGIN IMMEDIATE"); !s.ok()) return s;
    ++depth_;
    Status s;
    try {
      s = body();
    } catch (...) {
      --depth_;
      (void)Raw("ROLLBACK");
      throw;
    }
    --depth_;
    if (!s.ok()) {
      (void)Raw("ROLLBACK");
      return s;
    }
    if (Status c = Raw("COMMIT"); !c.ok()) {
      (void)Raw("ROLLBACK");
      return c;
    }
    return Status::Ok();
  }

  Status ExecScript(std::string_view sql) override {
    std::lock_guard lock(mu_);
    return Raw(std::string(sql));
  }

  std::string_view Dialect() const override { return "sqlite"; }

 private:
  Status Raw(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Status::IOError("数据库错误: " + msg);
    }
    return Status::Ok();
  }

  Status Error(int rc) {
    const int base = rc & 0xff;
    std::string msg = sqlite3_errmsg(db_);
    if (base == SQLITE_CONSTRAINT) {
      if ((rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY))
        return Status::Conflict("记录已存在: " + msg);
      return Status::Conflict("违反数据约束: " + msg);
    }
    return Status::IOError("数据库错误: " + msg);
  }

  // A statement from the cache, or newly prepared and cached. Statements built from filters can
  // be many; past kMaxCached the cache starts over rather than grow without bound.
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const Params& params) {
    static constexpr size_t kMaxCached = 256;
    sqlite3_stmt* s = nullptr;
    if (auto it = cache_.find(std::string(sql)); it != cache_.end()) {
      s = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
      if (rc != SQLITE_OK) return Error(rc);
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
  std::recursive_mutex mu_;
  int depth_ = 0;
};

}  // namespace

Result<std::unique_ptr<Db>> OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::IOError("无法打开数据库 " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 5000);
  auto out = std::make_unique<SqliteDb>(db);
  // WAL: readers never block the writer; synchronous=FULL so a committed transaction survives a
  // power loss, not only a process crash.
  // A 32 MiB page cache keeps the indexes of a bulk import in memory.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-32768"}) {
    if (Status s = out->ExecScript(pragma); !s.ok()) return s;
  }
  return std::unique_ptr<Db>(std::move(out));
}

}  // namespace govmedia::storage
