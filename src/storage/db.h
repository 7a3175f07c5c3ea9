// Db: the one interface through which govmedia talks SQL. SQLite and PostgreSQL implement it
// through the same calls, so repositories write portable SQL once: `?` placeholders (an
// adapter rewrites them as it needs), `RETURNING id` for inserts, TEXT dates, INTEGER booleans.
//
// Thread-safety: an implementation serialises access; a Transaction holds the connection for its
// whole body, so the body's statements see one consistent state and commit or roll back as one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace govmedia::storage {

using core::Result;
using core::Status;

class SearchIndex;

/// Bytes stored as a BLOB (screenshots), as opposed to UTF-8 text.
struct Blob {
  std::string bytes;
};

/// A bound parameter or a column value.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string, Blob>;

class Row final {
 public:
  explicit Row(std::vector<Value> v) : values_(std::move(v)) {}
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  int64_t Int(size_t i) const;
  double Real(size_t i) const;  // 0 for NULL
  std::string Text(size_t i) const;  // "" for NULL; a BLOB's bytes
  std::optional<std::string> OptText(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

using Params = std::vector<Value>;

class Db {
 public:
  virtual ~Db() = default;
  /// Runs a statement; IOError (or Conflict for a uniqueness violation) on failure.
  virtual Status Exec(std::string_view sql, const Params& params = {}) = 0;
  /// Runs a query and returns every row.
  virtual Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;
  /// Runs an INSERT … RETURNING id and returns the id.
  virtual Result<int64_t> Insert(std::string_view sql, const Params& params = {}) = 0;
  /// Runs `body` in one transaction: committed if it returns Ok, rolled back otherwise (and on
  /// an exception, which is rethrown). Nested calls join the outer transaction.
  virtual Status Transaction(const std::function<Status()>& body) = 0;
  /// A Transaction whose body writes only rows of one account (its posts, fetches, alerts) and
  /// rows that cannot collide (inserts keyed by them, ON CONFLICT upserts). On PostgreSQL such
  /// transactions of different accounts run at once (several nodes polling feeds); every other
  /// transaction still has the turn alone. On SQLite: Transaction. Nested calls join the outer.
  virtual Status TransactionFor(int64_t account_id, const std::function<Status()>& body) {
    (void)account_id;
    return Transaction(body);
  }
  /// Runs a script of several statements (migrations); no parameters.
  virtual Status ExecScript(std::string_view sql) = 0;
  /// How long a write waits for another process's write lock before the call answers
  /// Unavailable (the server: a few seconds, then 503; a bulk import: longer, then it retries).
  virtual void SetBusyTimeout(int ms) = 0;
  /// "sqlite" or "postgres": which migrations folder applies.
  virtual std::string_view Dialect() const = 0;
  /// SQLite on a file: the archive's full-text index in its own file (search_index.h), which the
  /// reader connections attach as `search`; null otherwise (PostgreSQL indexes the text itself).
  virtual SearchIndex* search_index() { return nullptr; }
};

/// Opens a SQLite file (created if missing) in WAL mode with foreign keys on: one writer
/// connection and a few readers (none for ":memory:").
Result<std::unique_ptr<Db>> OpenSqlite(const std::string& path);

/// Connects to a PostgreSQL database (`postgresql://user@host:port/db`, libpq's URL): a pool of
/// connections; write transactions take turns across every node (postgres_db.cc).
Result<std::unique_ptr<Db>> OpenPostgres(const std::string& url);

/// True for a `postgresql://` or `postgres://` URL.
bool IsPostgresUrl(std::string_view target);

/// The store `--db` names: a PostgreSQL URL, otherwise a SQLite file path.
Result<std::unique_ptr<Db>> OpenDb(const std::string& target);

/// Applies the embedded migrations not yet recorded in schema_migrations, each in a transaction,
/// then keeps the archive's months (KeepArchiveMonths).
Status Migrate(Db& db);

/// PostgreSQL: makes the archive's partitions (the posts' and the versions') of this month and the
/// next two, and those of every month found in a default partition, moving those rows into them
/// (migrations/postgres/032 and 035). Returns the number of months made; 0 on SQLite, which keeps
/// one table of each.
Result<int64_t> KeepArchiveMonths(Db& db);

/// Convenience: the first row of a query, NotFound if there is none.
Result<Row> QueryOne(Db& db, std::string_view sql, const Params& params = {});

}  // namespace govmedia::storage
