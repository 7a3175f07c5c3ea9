// The registry (台账) as a spreadsheet, per contracts/registry-import.md: importing the accounts
// an office already keeps in Excel (each row an account already open, recorded as 历史补录), and
// exporting the account list in the same columns, so that an exported file imports again
// unchanged. Every row is checked before anything is written; one bad row and nothing is.
// Thread-safety: as the services it uses (safe to call concurrently).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/registry/registry_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/db.h"
#include "storage/registry_store.h"

namespace govmedia::app {

/// One problem of a row: `row` is the row number Excel shows, `column` the header text (or the
/// column letter when the column has no header).
struct ImportProblem {
  int row = 0;
  std::string column;
  std::string reason;
  /// "第 N 行 列名：原因", the contract's line.
  std::string Line() const;
};

/// A row left out because its unit, platform and account name are already in the registry.
struct ImportSkip {
  int row = 0;
  std::string unit;
  std::string platform;  // the Chinese label
  std::string name;
  int64_t account_id = 0;  // the account already in the registry
};

struct ImportReport {
  bool dry_run = false;
  int rows = 0;          // account rows read (the header not counted)
  int64_t imported = 0;  // written (or, for a dry run, that would be)
  std::vector<ImportSkip> skipped;
  std::vector<ImportProblem> problems;  // non-empty: nothing was written
  /// "导入 N 个账号，跳过 M 个已在台账中的账号".
  std::string Summary() const;
};

class RegistryImport final {
 public:
  RegistryImport(storage::Db& db, storage::RegistryStore& store, storage::AuditLog& audit,
                 RegistryService& registry, const core::Clock& clock)
      : db_(db), store_(store), audit_(audit), registry_(registry), clock_(clock) {}

  /// Reads the first sheet of `xlsx` and, unless `dry_run` or a row is bad, registers every new
  /// row as an existing account in one transaction, each audited as `p` (plus one
  /// "accounts.import" row naming `source`, the file's name). Bad rows are not an error of the
  /// call: they come back in the report's `problems` and nothing is written. PermissionDenied
  /// unless `p` is the city office; InvalidArgument naming "file" when the bytes are no XLSX
  /// workbook or its first sheet is empty.
  core::Result<ImportReport> Import(const core::Principal& p, std::string_view xlsx, bool dry_run,
                                    const std::string& source);

  /// The accounts `p` may read that match `f` (its limit and offset are ignored: every match),
  /// as an XLSX workbook in the import's columns; contact numbers masked for those who see them
  /// masked on screen.
  core::Result<std::string> Export(const core::Principal& p, storage::AccountFilter f);

  /// An empty workbook with the import's header row, and a second sheet explaining each column.
  core::Result<std::string> Template();

 private:
  storage::Db& db_;
  storage::RegistryStore& store_;
  storage::AuditLog& audit_;
  RegistryService& registry_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
