// PostgreSQL adapter of Db (libpq), for deployments larger than a city: several govmedia nodes on
// one database server.
//
// The application writes its SQL once for both stores (see db.h). What this adapter does so that
// the same text runs here:
// - `?` placeholders become `$1…$n` (outside string literals, quoted names and comments), and LIKE
//   becomes ILIKE: SQLite's LIKE ignores the case of ASCII letters.
// - Parameters are sent as text of *unknown* type, so the server infers each one's type from where
//   it stands — as SQLite's loose typing lets an integer meet a TEXT column. Only where nothing
//   around a parameter says its type (`? IS NULL`) the adapter adds `::text`. Doubles go as float8,
//   blobs as binary bytea.
// - Results come back as SQLite would give them: integers (and booleans, as 0/1) as int64, floats as
//   double, an integral NUMERIC (what SUM of integers returns here) as int64, bytea as Blob.
//
// Who waits for whom:
// - A pool of connections; a call outside a transaction takes any free one, so readers never wait
//   for a writer.
// - A transaction holds one connection for its whole body (nested calls on the same thread join
//   it) and takes a transaction-scoped advisory lock first: write transactions take turns across
//   every node, as they do on SQLite, so the services' read-then-write bodies keep the isolation
//   they were written for. Single statements outside a transaction do not take it.
// - A lock not granted within the busy timeout (`lock_timeout`) answers Unavailable, which the API
//   turns into 503 with Retry-After and the CLI into a retry; a full disk answers StorageFull.
// - A connection the server dropped is reset before its next use.
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/db.h"

namespace govmedia::storage {
namespace {

// The key of the advisory lock that write transactions take in turn (any constant; "govm"). A
// transaction of one account's rows (TransactionFor) holds it shared, with an exclusive lock of
// its account in the two-key space under kAccountLockClass ("acct"): transactions of different
// accounts run side by side, every other write transaction waits for all of them and they for it.
constexpr int64_t kWriteLockKey = 0x676f766d;
constexpr int32_t kAccountLockClass = 0x61636374;
constexpr int kPoolSize = 8;

// Rewrites `?` as `$n`, skipping literals, quoted identifiers and comments; `? IS [NOT] NULL`
// gets `::text`, the one place where no context tells the server the parameter's type.
std::string Translate(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const size_t end = sql.find(c, i + 1);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
      const std::string_view word = sql.substr(i, j - i);
      // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE is the same match.
      if (word.size() == 4 && (word[0] | 0x20) == 'l' && (word[1] | 0x20) == 'i' && (word[2] | 0x20) == 'k' &&
          (word[3] | 0x20) == 'e')
        out += "ILIKE";
      else
        out.append(word);
      i = j - 1;
      continue;
    }
    if (c != '?') {
      out.push_back(c);
      continue;
    }
    out += '$';
    out += std::to_string(++n);
    size_t j = i + 1;
    while (j < sql.size() && sql[j] == ' ') ++j;
    auto upper_starts = [&](std::string_view w) {
      if (sql.size() - j < w.size()) return false;
      for (size_t k = 0; k < w.size(); ++k)
        if (std::toupper(static_cast<unsigned char>(sql[j + k])) != w[k]) return false;
      return true;
    };
    if (upper_starts("IS NULL") || upper_starts("IS NOT NULL")) out += "::text";
  }
  return out;
}

Status ErrorOf(const char* sqlstate, const std::string& msg) {
  const std::string_view code = sqlstate ? sqlstate : "";
  if (code == "23505") return Status::Conflict("记录已存在: " + msg);
  if (code.starts_with("23")) return Status::Conflict("违反数据约束: " + msg);
  if (code == "55P03" || code == "40001" || code == "40P01" || code == "57014" || code.starts_with("08") ||
      code == "57P01" || code == "57P03" || code == "53300")
    return Status::Unavailable("数据库繁忙，请稍后重试");
  if (code == "53100") return Status::StorageFull("磁盘空间已满，数据未能保存，请联系系统管理员清理磁盘");
  return Status::IOError("数据库错误: " + msg);
}

// A value of a result column, typed as SQLite would have given it.
Value ToValue(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return nullptr;
  const char* v = PQgetvalue(r, row, col);
  const int len = PQgetlength(r, row, col);
  switch (PQftype(r, col)) {
    case 16:  // bool
      return static_cast<int64_t>(v[0] == 't' ? 1 : 0);
    case 20:  // int8
    case 21:  // int2
    case 23:  // int4
    case 26: {  // oid
      int64_t x = 0;
      std::from_chars(v, v + len, x);
      return x;
    }
    case 700:  // float4
    case 701:  // float8
      return std::strtod(v, nullptr);
    case 1700: {  // numeric: integral ones (SUM of integers) as integers
      int64_t x = 0;
      auto [p, ec] = std::from_chars(v, v + len, x);
      if (ec == std::errc() && p == v + len) return x;
      return std::strtod(v, nullptr);
    }
    case 17: {  // bytea, in text form (\x…)
      size_t n = 0;
      unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
      Blob b{std::string(reinterpret_cast<const char*>(raw), n)};
      PQfreemem(raw);
      return b;
    }
    default:
      return std::string(v, static_cast<size_t>(len));
  }
}

class PgConn final {
 public:
  explicit PgConn(PGconn* c) : c_(c) {}
  ~PgConn() { PQfinish(c_); }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // What every session of ours is set to, from its start and again after a reconnect: UTC and UTF-8.
  Status Configure() { return Raw("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"); }

  // Makes sure the connection is up and its lock_timeout is `timeout_ms`.
  Status Ready(int timeout_ms) {
    if (PQstatus(c_) != CONNECTION_OK) {
      PQreset(c_);
      if (PQstatus(c_) != CONNECTION_OK) return Status::Unavailable("数据库连接中断，请稍后重试");
      lock_timeout_ms_ = -1;
      prepared_.clear();  // a new server session knows none of them
      if (Status s = Configure(); !s.ok()) return s;
    }
    if (lock_timeout_ms_ != timeout_ms) {
      if (Status s = Raw("SET lock_timeout = " + std::to_string(timeout_ms)); !s.ok()) return s;
      lock_timeout_ms_ = timeout_ms;
    }
    return Status::Ok();
  }

  // A statement without parameters (several, separated by `;`, for scripts).
  Status Raw(const std::string& sql) {
    PGresult* r = PQexec(c_, sql.c_str());
    Status s = Check(r);
    PQclear(r);
    return s;
  }

  Result<std::vector<Row>> Run(std::string_view sql, const Params& params) {
    const std::string text = Translate(sql);
    std::vector<Oid> types(params.size(), 0);
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) continue;
      if (auto x = std::get_if<int64_t>(&p)) {
        storage[i] = std::to_string(*x);
      } else if (auto d = std::get_if<double>(&p)) {
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        storage[i].assign(buf, end);
        types[i] = 701;
      } else if (auto t = std::get_if<std::string>(&p)) {
        storage[i] = *t;
      } else if (auto b = std::get_if<Blob>(&p)) {
        storage[i] = b->bytes;
        types[i] = 17;
        formats[i] = 1;
      }
      values[i] = storage[i].c_str();
      lengths[i] = static_cast<int>(storage[i].size());
    }
    PGresult* r = nullptr;
    if (text.find("ILIKE") != std::string::npos) {
      // A pattern is planned with its value: a generic plan cannot tell a rare three-character
      // pattern (index) from a two-character one (scan), and picked the slow one (docs/postgres.md).
      r = PQexecParams(c_, text.c_str(), static_cast<int>(params.size()), types.data(), values.data(),
                       lengths.data(), formats.data(), 0);
    } else {
      auto name = Prepared(text, types);
      if (!name.ok()) return name.status();
      r = PQexecPrepared(c_, name->c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                         formats.data(), 0);
    }
    if (Status s = Check(r); !s.ok()) {
      PQclear(r);
      return s;
    }
    std::vector<Row> rows;
    const int nrows = PQntuples(r), ncols = PQnfields(r);
    rows.reserve(static_cast<size_t>(nrows));
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> vals;
      vals.reserve(static_cast<size_t>(ncols));
      for (int j = 0; j < ncols; ++j) vals.push_back(ToValue(r, i, j));
      rows.emplace_back(std::move(vals));
    }
    PQclear(r);
    return rows;
  }

 private:
  Status Check(PGresult* r) {
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return Status::Ok();
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (!state && PQstatus(c_) != CONNECTION_OK) return Status::Unavailable("数据库连接中断，请稍后重试");
    return ErrorOf(state, msg);
  }

  PGconn* c_;
  // The name of `sql` prepared with these parameter types on this connection, preparing it on first
  // use: the server parses and plans a statement once per connection instead of at every call
  // (planning was a third of the server's time in the import). Bounded: past kMaxPrepared
  // statements (SQL built from filters varies) the connection forgets them all and starts again.
  Result<std::string> Prepared(const std::string& sql, const std::vector<Oid>& types) {
    std::string key = sql;
    key += '\x1f';
    for (Oid t : types) key += std::to_string(t) + ",";
    if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
    if (prepared_.size() >= kMaxPrepared) {
      if (Status s = Raw("DEALLOCATE ALL"); !s.ok()) return s;
      prepared_.clear();
    }
    std::string name = "g" + std::to_string(++statement_seq_);
    PGresult* r = PQprepare(c_, name.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data());
    Status s = Check(r);
    PQclear(r);
    if (!s.ok()) return s;
    prepared_.emplace(std::move(key), name);
    return name;
  }

  static constexpr size_t kMaxPrepared = 2000;
  int lock_timeout_ms_ = -1;
  std::unordered_map<std::string, std::string> prepared_;
  int64_t statement_seq_ = 0;
};

class PostgresDb final : public Db {
 public:
  void Add(std::unique_ptr<PgConn> c) {
    free_.push_back(c.get());
    all_.push_back(std::move(c));
  }

  Status Exec(std::string_view sql, const Params& params) override {
    auto rows = WithConn([&](PgConn& c) { return c.Run(sql, params); });
    return rows.ok() ? Status::Ok() : rows.status();
  }

  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    return WithConn([&](PgConn& c) { return c.Run(sql, params); });
  }

  Result<int64_t> Insert(std::string_view sql, const Params& params) override {
    auto rows = Query(sql, params);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Internal("INSERT returned no id");
    return rows->front().Int(0);
  }

  Status Transaction(const std::function<Status()>& body) override {
    return Run("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")", body);
  }

  Status TransactionFor(int64_t account_id, const std::function<Status()>& body) override {
    return Run("SELECT pg_advisory_xact_lock_shared(" + std::to_string(kWriteLockKey) + "), pg_advisory_xact_lock(" +
                   std::to_string(kAccountLockClass) + ", " + std::to_string(static_cast<int32_t>(account_id)) + ")",
               body);
  }

  // A transaction that first takes the advisory locks `lock_sql` names (held until it ends).
  Status Run(const std::string& lock_sql, const std::function<Status()>& body) {
    if (PgConn* own = OwnConn()) {  // nested: join the outer transaction (and its turn)
      (void)own;
      return body();
    }
    PgConn* c = Acquire();
    struct Release {
      PostgresDb* db;
      PgConn* c;
      ~Release() { db->Give(c); }
    } release{this, c};
    if (Status s = c->Ready(busy_timeout_ms_.load()); !s.ok()) return s;
    if (Status s = c->Raw("BEGIN"); !s.ok()) return s;
    auto rollback = [&] { (void)c->Raw("ROLLBACK"); };
    if (Status s = c->Raw(lock_sql); !s.ok()) {
      rollback();
      return s;
    }
    Bind(c);
    Status s;
    try {
      s = body();
    } catch (...) {
      Unbind();
      rollback();
      throw;
    }
    Unbind();
    if (!s.ok()) {
      rollback();
      return s;
    }
    if (Status e = c->Raw("COMMIT"); !e.ok()) {
      rollback();
      return e;
    }
    return Status::Ok();
  }

  Status ExecScript(std::string_view sql) override {
    if (PgConn* own = OwnConn()) return own->Raw(std::string(sql));
    PgConn* c = Acquire();
    Status s = c->Ready(busy_timeout_ms_.load());
    if (s.ok()) s = c->Raw(std::string(sql));
    Give(c);
    return s;
  }

  void SetBusyTimeout(int ms) override { busy_timeout_ms_.store(ms); }

  std::string_view Dialect() const override { return "postgres"; }

 private:
  template <typename F>
  auto WithConn(F&& f) -> decltype(f(std::declval<PgConn&>())) {
    if (PgConn* own = OwnConn()) return f(*own);
    PgConn* c = Acquire();
    if (Status s = c->Ready(busy_timeout_ms_.load()); !s.ok()) {
      Give(c);
      return s;
    }
    auto out = f(*c);
    Give(c);
    return out;
  }

  PgConn* Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    PgConn* c = free_.back();
    free_.pop_back();
    return c;
  }
  void Give(PgConn* c) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(c);
    }
    cv_.notify_one();
  }
  PgConn* OwnConn() {
    std::lock_guard lock(mu_);
    auto it = tx_.find(std::this_thread::get_id());
    return it == tx_.end() ? nullptr : it->second;
  }
  void Bind(PgConn* c) {
    std::lock_guard lock(mu_);
    tx_[std::this_thread::get_id()] = c;
  }
  void Unbind() {
    std::lock_guard lock(mu_);
    tx_.erase(std::this_thread::get_id());
  }

  std::atomic<int> busy_timeout_ms_{5000};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> all_;
  std::vector<PgConn*> free_;
  std::unordered_map<std::thread::id, PgConn*> tx_;  // the connection of each thread's transaction
};

}  // namespace

bool IsPostgresUrl(std::string_view target) {
  return target.starts_with("postgresql://") || target.starts_with("postgres://");
}

Result<std::unique_ptr<Db>> OpenPostgres(const std::string& url) {
  auto db = std::make_unique<PostgresDb>();
  for (int i = 0; i < kPoolSize; ++i) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(c);
      PQfinish(c);
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      return Status::IOError("无法连接 PostgreSQL 数据库: " + msg);
    }
    auto conn = std::make_unique<PgConn>(c);
    // Notices (IF NOT EXISTS, …) are not errors.
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    if (Status s = conn->Configure(); !s.ok()) return s;
    db->Add(std::move(conn));
  }
  return std::unique_ptr<Db>(std::move(db));
}

Result<std::unique_ptr<Db>> OpenDb(const std::string& target) {
  if (IsPostgresUrl(target)) return OpenPostgres(target);
  return OpenSqlite(target);
}

}  // namespace govmedia::storage
