// SQL for the registry: units, accounts, applications, filings. Plain reads and writes; the
// rules (who may, which transition, which warning) are the services' and the core's.
// Thread-safety: as the Db it uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/lifecycle.h"
#include "core/unit.h"
#include "storage/db.h"

namespace govmedia::storage {

struct UnitRow {
  core::Unit unit;
  int64_t account_count = 0;
};

struct UnitHistoryRow {
  std::string name;
  std::string category;
  bool retired = false;
  std::string changed_at;
  std::string changed_by;
};

struct AccountRow {
  int64_t id = 0;
  core::AccountRecord record;
  std::string unit_name;
  core::AccountStatus status = core::AccountStatus::kApplied;
  bool opened_without_application = false;
  std::string closure_notice_url;
  std::optional<core::Date> closure_notice_on;
  std::vector<core::AccountWarning> warnings;
  bool demo = false;
  std::string created_at;
  std::string updated_at;
};

struct AccountFilter {
  std::optional<int64_t> unit_id;
  std::optional<core::Platform> platform;
  std::optional<core::AccountStatus> status;
  std::string name_contains;
  bool only_warnings = false;
  int64_t limit = 50;
  int64_t offset = 0;
};

struct ApplicationRow {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string applied_on;
  std::string reason;
  std::string decision;  // pending, approved, rejected
  std::optional<std::string> decided_on;
  std::optional<std::string> decided_by;
  std::string note;
  std::string created_by;
};

struct FilingRow {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string account_name;
  int64_t unit_id = 0;
  std::string unit_name;
  core::Platform platform = core::Platform::kOther;
  core::FilingKind kind = core::FilingKind::kOpen;
  core::FilingDates dates;
  std::optional<std::string> forwarded_by;
  std::string reason;
  std::string closure_notice_url;
  std::optional<core::Date> closure_notice_on;
  std::string changes_json;
  bool historical = false;  // 历史补录: the opening of an account registered after the fact
  std::string created_by;
  std::string created_at;
};

struct FilingFilter {
  std::optional<int64_t> unit_id;
  std::optional<int64_t> account_id;
  bool only_pending = false;
};

class RegistryStore final {
 public:
  explicit RegistryStore(Db& db) : db_(db) {}

  // Units
  Result<std::vector<UnitRow>> ListUnits(bool include_retired, std::optional<int64_t> only);
  Result<core::Unit> GetUnit(int64_t id);
  Result<int64_t> InsertUnit(const core::Unit& u, const std::string& now);
  /// Writes the unit's current values to unit_history, then the new ones.
  Status UpdateUnit(const core::Unit& before, const core::Unit& after, const std::string& now,
                    const std::string& actor);
  Result<std::vector<UnitHistoryRow>> UnitHistory(int64_t id);
  Result<int64_t> CountUnits();

  // Accounts
  Result<std::vector<AccountRow>> ListAccounts(const AccountFilter& f, int64_t* total);
  Result<AccountRow> GetAccount(int64_t id);
  Result<int64_t> InsertAccount(const AccountRow& a);
  Status UpdateAccount(const AccountRow& a);
  /// Counts per status and per platform, scoped to a unit when given.
  Result<std::vector<std::pair<std::string, int64_t>>> CountAccountsBy(const std::string& column,
                                                                       std::optional<int64_t> unit);

  // Applications
  Result<int64_t> InsertApplication(const ApplicationRow& a);
  Result<std::optional<ApplicationRow>> LatestApplication(int64_t account_id);
  Status UpdateApplication(const ApplicationRow& a);
  Result<std::vector<std::pair<ApplicationRow, AccountRow>>> PendingApplications(
      std::optional<int64_t> unit);

  // Filings
  Result<int64_t> InsertFiling(const FilingRow& f);
  Result<FilingRow> GetFiling(int64_t id);
  Result<std::vector<FilingRow>> ListFilings(const FilingFilter& f);
  Status SetForwarded(int64_t id, core::Date on, const std::string& by);

 private:
  Db& db_;
};

}  // namespace govmedia::storage
