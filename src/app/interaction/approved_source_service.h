// The approved source units (稿源单位) the city office keeps: name, the other names it publishes
// under, its websites' domains, the period the approval holds, a note. Everyone reads the list;
// the city office edits it, each change audited. The monitor checks every archived post's source
// credits against it (MonitorService, core/source_credit.h).
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/source_credit.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct ApprovedSourceRow {
  core::ApprovedSource source;
  std::string note, created_by, created_at, updated_at;
};

struct ApprovedSourceFilter {
  std::string q;       // part of the name, an alias or a domain
  std::string status;  // valid, expired, pending (not yet valid); empty: all
  int64_t limit = 50, offset = 0;
};

/// Limits of an entry, named so the messages and tests agree.
inline constexpr size_t kMaxSourceAliases = 20;
inline constexpr size_t kMaxSourceDomains = 20;

/// Every entry of the list, for the monitor (no person involved).
core::Result<std::vector<core::ApprovedSource>> LoadApprovedSources(storage::Db& db);

class ApprovedSourceService final {
 public:
  ApprovedSourceService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  /// The list by name; InvalidArgument "status" for an unknown status.
  core::Result<std::vector<ApprovedSourceRow>> List(const core::Principal& p, const ApprovedSourceFilter& f,
                                                    int64_t* total);
  core::Result<ApprovedSourceRow> Get(const core::Principal& p, int64_t id);
  /// Adds an entry from {name, aliases[], domains[], valid_from, valid_to, note}: the city office
  /// only. A domain may be written as a link (https://www.news.cn/ → news.cn). InvalidArgument
  /// naming the field: empty or too long a name, a name or alias already on another entry, a
  /// domain that is none, an end before the start.
  core::Result<ApprovedSourceRow> Create(const core::Principal& p, const nlohmann::json& body);
  /// Changes the fields present in `patch`, as Create checks them.
  core::Result<ApprovedSourceRow> Update(const core::Principal& p, int64_t id, const nlohmann::json& patch);
  /// Removes an entry (the audit log keeps what it was).
  core::Status Delete(const core::Principal& p, int64_t id);

  /// valid, expired or pending on `today`.
  static std::string StatusOn(const core::ApprovedSource& s, core::Date today);
  nlohmann::json ToJson(const ApprovedSourceRow& r) const;

 private:
  core::Result<ApprovedSourceRow> Load(int64_t id);
  core::Status Apply(const nlohmann::json& body, ApprovedSourceRow* r);
  core::Status CheckUnique(const ApprovedSourceRow& r);

  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
