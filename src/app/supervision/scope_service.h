// Consolidation and scope (清理整合、纳入监管): groups of a unit's similar accounts on one platform
// for the office to confirm or reject (core/similarity.h), closures filed but not done, and
// accounts found outside the registry (应纳入而未纳入). Each feeds the annual assessment.
// Thread-safety: safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/similarity.h"
#include "storage/audit_log.h"
#include "storage/registry_store.h"

namespace govmedia::app {

struct GroupView {
  std::string key;
  int64_t unit_id = 0;
  std::string unit_name, platform;
  std::vector<storage::AccountRow> accounts;
  double similarity = 0;
  std::string status;  // proposed, confirmed, rejected
  std::optional<std::string> decided_by, decided_on;
  std::string note;
};

struct ClosureNotDone {
  int64_t account_id = 0;
  std::string account_name, unit_name;
  std::string closed_on;   // the close filing's event date
  bool no_notice = false;  // no 停更公告
  int64_t posts_after = 0; // posts published after the closure
};

struct Unregistered {
  int64_t id = 0;
  std::optional<int64_t> unit_id;
  std::string unit_name, platform, name, url, source, note, found_on, found_by, status, resolution;
};

class ScopeService final {
 public:
  ScopeService(storage::Db& db, storage::RegistryStore& registry, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), registry_(registry), audit_(audit), clock_(clock) {}

  /// Proposed and decided groups of the units the principal may see.
  core::Result<std::vector<GroupView>> Groups(const core::Principal& p, std::optional<int64_t> unit_id);
  /// "confirm" or "reject" a proposed group (by its key); audited.
  core::Result<GroupView> Decide(const core::Principal& p, const std::string& key, const std::string& decision,
                                 const std::string& note);
  core::Result<std::vector<ClosureNotDone>> ClosuresNotDone(const core::Principal& p, std::optional<int64_t> unit_id, int year);

  core::Result<std::vector<Unregistered>> ListUnregistered(const core::Principal& p, const std::string& status);
  core::Result<Unregistered> Report(const core::Principal& p, const Unregistered& u);
  /// Accounts another system found (a monitoring service, an import): each one neither in the
  /// registry nor already listed (same platform and name) is listed with `source`. Returns how many
  /// were listed. InvalidArgument naming "accounts[i].field".
  core::Result<int> Found(const std::string& by, const std::string& source, const std::vector<Unregistered>& found);
  core::Result<Unregistered> Resolve(const core::Principal& p, int64_t id, const std::string& status, const std::string& note);

  /// For the assessment: confirmed groups of 3 or more decided up to the year's end; closures not
  /// done of the year; accounts found outside the registry in the year and not dismissed.
  core::Result<std::vector<std::string>> SimilarGroups(int64_t unit_id, int year);  // group keys
  core::Result<std::vector<ClosureNotDone>> ClosuresOf(int64_t unit_id, int year);
  core::Result<std::vector<int64_t>> OutsideScope(int64_t unit_id, int year);  // unregistered_accounts ids

 private:
  core::Result<std::vector<GroupView>> GroupsOf(const core::Unit& u);
  core::Result<Unregistered> LoadUnregistered(int64_t id);
  storage::Db& db_;
  storage::RegistryStore& registry_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
