// The append-only audit log (审计日志): every change by a person, chained by SHA-256.
// Append must run inside the caller's transaction, so the change and its audit row commit together.
// Thread-safety: as the Db it uses.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/date.h"
#include "storage/db.h"

namespace govmedia::storage {

std::string Sha256Hex(std::string_view data);
/// BLAKE2b-256 of `parts` one after another, in hex: what tells one large file from another (an
/// import's resume key). Three times as fast as SHA-256 here (0.47 s against 1.38 s for 487 MB),
/// and the parts are not joined first.
std::string Blake2bHex(std::initializer_list<std::string_view> parts);

class AuditLog final {
 public:
  explicit AuditLog(Db& db) : db_(db) {}
  /// Appends a row, filling id, prev_hash and hash. `e.at` must be set by the caller.
  Status Append(core::AuditEntry e);

  /// Empty strings and nullopt match every row; the rest combine with AND.
  struct Filter {
    std::string entity;
    std::string entity_id;
    std::string actor;   // exact username ("system", "cli" for the platform itself)
    std::string action;  // exact code, e.g. "report.submit"
    std::optional<core::Date> from;  // first Beijing day included (rows are stamped in UTC)
    std::optional<core::Date> to;    // last Beijing day included
    int64_t limit = 50;
    int64_t offset = 0;
  };
  /// The rows matching `f`, newest first, one page of them; *total is the count of all matches.
  Result<std::vector<core::AuditEntry>> List(const Filter& f, int64_t* total);

  /// Recomputes the chain. nullopt when intact; otherwise the id of the first row whose hash or
  /// link does not match, with a Chinese reason in *why.
  Result<std::optional<int64_t>> Verify(std::string* why);

 private:
  Db& db_;
};

}  // namespace govmedia::storage
