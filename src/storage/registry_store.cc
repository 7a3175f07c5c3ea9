#include "storage/registry_store.h"

#include "storage/record_codec.h"

namespace govmedia::storage {
namespace {

Value OptDate(const std::optional<core::Date>& d) {
  if (!d) return nullptr;
  return d->ToString();
}

std::optional<core::Date> ParseOptDate(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return core::Date::Parse(r.Text(i));
}

constexpr const char* kAccountColumns =
    "a.id, a.unit_id, u.name, a.name, a.platform, a.status, a.opened_on, "
    "a.opened_without_application, a.closure_notice_url, a.closure_notice_on, a.record_json, "
    "a.warnings_json, a.demo, a.created_at, a.updated_at";

Result<AccountRow> AccountFromRow(const Row& r) {
  AccountRow a;
  a.id = r.Int(0);
  a.record.unit_id = r.Int(1);
  a.unit_name = r.Text(2);
  a.record.name = r.Text(3);
  a.record.platform = core::ParsePlatform(r.Text(4)).value_or(core::Platform::kOther);
  a.status = core::ParseAccountStatus(r.Text(5)).value_or(core::AccountStatus::kApplied);
  a.record.opened_on = ParseOptDate(r, 6);
  a.opened_without_application = r.Bool(7);
  a.closure_notice_url = r.Text(8);
  a.closure_notice_on = ParseOptDate(r, 9);
  if (Status s = DecodeRecordExtras(r.Text(10), &a.record); !s.ok()) return s;
  a.warnings = DecodeWarnings(r.Text(11));
  a.demo = r.Bool(12);
  a.created_at = r.Text(13);
  a.updated_at = r.Text(14);
  return a;
}

constexpr const char* kFilingColumns =
    "f.id, f.account_id, a.name, a.unit_id, u.name, a.platform, f.kind, f.event_on, f.filed_on, "
    "f.forwarded_on, f.forwarded_by, f.reason, f.closure_notice_url, f.closure_notice_on, "
    "f.changes_json, f.created_by, f.created_at, f.historical";

FilingRow FilingFromRow(const Row& r) {
  FilingRow f;
  f.id = r.Int(0);
  f.account_id = r.Int(1);
  f.account_name = r.Text(2);
  f.unit_id = r.Int(3);
  f.unit_name = r.Text(4);
  f.platform = core::ParsePlatform(r.Text(5)).value_or(core::Platform::kOther);
  f.kind = core::ParseFilingKind(r.Text(6)).value_or(core::FilingKind::kOpen);
  f.dates.event_on = core::Date::Parse(r.Text(7)).value_or(core::Date());
  f.dates.filed_on = core::Date::Parse(r.Text(8)).value_or(core::Date());
  f.dates.forwarded_on = ParseOptDate(r, 9);
  f.forwarded_by = r.OptText(10);
  f.reason = r.Text(11);
  f.closure_notice_url = r.Text(12);
  f.closure_notice_on = ParseOptDate(r, 13);
  f.changes_json = r.Text(14);
  f.created_by = r.Text(15);
  f.created_at = r.Text(16);
  f.historical = r.Bool(17);
  return f;
}

ApplicationRow ApplicationFromRow(const Row& r) {
  const size_t o = 0;
  ApplicationRow a;
  a.id = r.Int(o + 0);
  a.account_id = r.Int(o + 1);
  a.applied_on = r.Text(o + 2);
  a.reason = r.Text(o + 3);
  a.decision = r.Text(o + 4);
  a.decided_on = r.OptText(o + 5);
  a.decided_by = r.OptText(o + 6);
  a.note = r.Text(o + 7);
  a.created_by = r.Text(o + 8);
  return a;
}

constexpr const char* kApplicationColumns =
    "p.id, p.account_id, p.applied_on, p.reason, p.decision, p.decided_on, p.decided_by, p.note, "
    "p.created_by";

}  // namespace

Result<std::vector<UnitRow>> RegistryStore::ListUnits(bool include_retired,
                                                      std::optional<int64_t> only) {
  std::string sql =
      "SELECT u.id, u.name, u.category, u.retired, u.is_city_office, "
      "(SELECT COUNT(*) FROM accounts a WHERE a.unit_id = u.id AND a.status <> 'cancelled') "
      "FROM units u WHERE 1=1";
  Params p;
  if (!include_retired) sql += " AND u.retired = 0";
  if (only) {
    sql += " AND u.id = ?";
    p.emplace_back(*only);
  }
  sql += " ORDER BY u.id";
  auto rows = db_.Query(sql, p);
  if (!rows.ok()) return rows.status();
  std::vector<UnitRow> out;
  for (const auto& r : *rows) {
    out.push_back({{r.Int(0), r.Text(1), r.Text(2), r.Bool(3), r.Bool(4)}, r.Int(5)});
  }
  return out;
}

Result<core::Unit> RegistryStore::GetUnit(int64_t id) {
  auto r = QueryOne(db_, "SELECT id, name, category, retired, is_city_office FROM units WHERE id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("单位不存在") : r.status();
  return core::Unit{r->Int(0), r->Text(1), r->Text(2), r->Bool(3), r->Bool(4)};
}

Result<int64_t> RegistryStore::InsertUnit(const core::Unit& u, const std::string& now) {
  return db_.Insert(
      "INSERT INTO units (name, category, retired, is_city_office, created_at) VALUES (?, ?, ?, ?, ?) "
      "RETURNING id",
      {u.name, u.category, static_cast<int64_t>(u.retired), static_cast<int64_t>(u.is_city_office), now});
}

Status RegistryStore::UpdateUnit(const core::Unit& before, const core::Unit& after,
                                 const std::string& now, const std::string& actor) {
  return db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec(
            "INSERT INTO unit_history (unit_id, name, category, retired, changed_at, changed_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {before.id, before.name, before.category, static_cast<int64_t>(before.retired), now, actor});
        !s.ok())
      return s;
    return db_.Exec("UPDATE units SET name = ?, category = ?, retired = ? WHERE id = ?",
                    {after.name, after.category, static_cast<int64_t>(after.retired), after.id});
  });
}

Result<std::vector<UnitHistoryRow>> RegistryStore::UnitHistory(int64_t id) {
  auto rows = db_.Query(
      "SELECT name, category, retired, changed_at, changed_by FROM unit_history WHERE unit_id = ? "
      "ORDER BY id DESC",
      {id});
  if (!rows.ok()) return rows.status();
  std::vector<UnitHistoryRow> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Bool(2), r.Text(3), r.Text(4)});
  return out;
}

Result<int64_t> RegistryStore::CountUnits() {
  auto r = QueryOne(db_, "SELECT COUNT(*) FROM units");
  if (!r.ok()) return r.status();
  return r->Int(0);
}

Result<std::vector<AccountRow>> RegistryStore::ListAccounts(const AccountFilter& f, int64_t* total) {
  std::string where = " WHERE 1=1";
  Params p;
  if (f.unit_id) {
    where += " AND a.unit_id = ?";
    p.emplace_back(*f.unit_id);
  }
  if (f.platform) {
    where += " AND a.platform = ?";
    p.emplace_back(std::string(core::PlatformId(*f.platform)));
  }
  if (f.status) {
    where += " AND a.status = ?";
    p.emplace_back(std::string(core::AccountStatusId(*f.status)));
  }
  if (!f.name_contains.empty()) {
    where += " AND instr(a.name, ?) > 0";
    p.emplace_back(f.name_contains);
  }
  if (f.only_warnings) where += " AND a.warnings_json <> '[]'";
  const std::string from = " FROM accounts a JOIN units u ON u.id = a.unit_id";
  auto count = QueryOne(db_, "SELECT COUNT(*)" + from + where, p);
  if (!count.ok()) return count.status();
  if (total) *total = count->Int(0);
  Params lp = p;
  lp.emplace_back(f.limit);
  lp.emplace_back(f.offset);
  auto rows = db_.Query(std::string("SELECT ") + kAccountColumns + from + where +
                            " ORDER BY a.unit_id, a.id LIMIT ? OFFSET ?",
                        lp);
  if (!rows.ok()) return rows.status();
  std::vector<AccountRow> out;
  for (const auto& r : *rows) {
    auto a = AccountFromRow(r);
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  return out;
}

Result<AccountRow> RegistryStore::GetAccount(int64_t id) {
  auto r = QueryOne(db_, std::string("SELECT ") + kAccountColumns +
                             " FROM accounts a JOIN units u ON u.id = a.unit_id WHERE a.id = ?",
                    {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("账号不存在") : r.status();
  return AccountFromRow(*r);
}

Result<int64_t> RegistryStore::InsertAccount(const AccountRow& a) {
  return db_.Insert(
      "INSERT INTO accounts (unit_id, name, platform, status, opened_on, opened_without_application, "
      "closure_notice_url, closure_notice_on, record_json, warnings_json, demo, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.record.unit_id, a.record.name, std::string(core::PlatformId(a.record.platform)),
       std::string(core::AccountStatusId(a.status)), OptDate(a.record.opened_on),
       static_cast<int64_t>(a.opened_without_application), a.closure_notice_url,
       OptDate(a.closure_notice_on), EncodeRecordExtras(a.record), EncodeWarnings(a.warnings),
       static_cast<int64_t>(a.demo), a.created_at, a.updated_at});
}

Status RegistryStore::UpdateAccount(const AccountRow& a) {
  return db_.Exec(
      "UPDATE accounts SET unit_id = ?, name = ?, platform = ?, status = ?, opened_on = ?, "
      "opened_without_application = ?, closure_notice_url = ?, closure_notice_on = ?, record_json = ?, "
      "warnings_json = ?, updated_at = ? WHERE id = ?",
      {a.record.unit_id, a.record.name, std::string(core::PlatformId(a.record.platform)),
       std::string(core::AccountStatusId(a.status)), OptDate(a.record.opened_on),
       static_cast<int64_t>(a.opened_without_application), a.closure_notice_url,
       OptDate(a.closure_notice_on), EncodeRecordExtras(a.record), EncodeWarnings(a.warnings),
       a.updated_at, a.id});
}

Result<std::vector<std::pair<std::string, int64_t>>> RegistryStore::CountAccountsBy(
    const std::string& column, std::optional<int64_t> unit) {
  if (column != "status" && column != "platform") return Status::Internal("bad column");
  std::string sql = "SELECT " + column + ", COUNT(*) FROM accounts";
  Params p;
  if (unit) {
    sql += " WHERE unit_id = ?";
    p.emplace_back(*unit);
  }
  sql += " GROUP BY " + column;
  auto rows = db_.Query(sql, p);
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

Result<int64_t> RegistryStore::InsertApplication(const ApplicationRow& a) {
  return db_.Insert(
      "INSERT INTO applications (account_id, applied_on, reason, decision, note, created_by) "
      "VALUES (?, ?, ?, 'pending', '', ?) RETURNING id",
      {a.account_id, a.applied_on, a.reason, a.created_by});
}

Result<std::optional<ApplicationRow>> RegistryStore::LatestApplication(int64_t account_id) {
  auto rows = db_.Query(std::string("SELECT ") + kApplicationColumns +
                            " FROM applications p WHERE p.account_id = ? ORDER BY p.id DESC LIMIT 1",
                        {account_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ApplicationRow>();
  return std::optional<ApplicationRow>(ApplicationFromRow(rows->front()));
}

Status RegistryStore::UpdateApplication(const ApplicationRow& a) {
  Value decided_on = a.decided_on ? Value(*a.decided_on) : Value(nullptr);
  Value decided_by = a.decided_by ? Value(*a.decided_by) : Value(nullptr);
  return db_.Exec("UPDATE applications SET decision = ?, decided_on = ?, decided_by = ?, note = ? WHERE id = ?",
                  {a.decision, decided_on, decided_by, a.note, a.id});
}

Result<std::vector<std::pair<ApplicationRow, AccountRow>>> RegistryStore::PendingApplications(
    std::optional<int64_t> unit) {
  std::string sql = std::string("SELECT ") + kApplicationColumns +
                    " FROM applications p JOIN accounts a ON a.id = p.account_id"
                    " WHERE p.decision = 'pending' AND a.status = 'applied'";
  Params params;
  if (unit) {
    sql += " AND a.unit_id = ?";
    params.emplace_back(*unit);
  }
  sql += " ORDER BY p.applied_on, p.id";
  auto rows = db_.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<ApplicationRow, AccountRow>> out;
  for (const auto& r : *rows) {
    ApplicationRow app = ApplicationFromRow(r);
    auto acc = GetAccount(app.account_id);
    if (!acc.ok()) return acc.status();
    out.emplace_back(std::move(app), std::move(*acc));
  }
  return out;
}

Result<int64_t> RegistryStore::InsertFiling(const FilingRow& f) {
  return db_.Insert(
      "INSERT INTO filings (account_id, kind, event_on, filed_on, forwarded_on, forwarded_by, reason, "
      "closure_notice_url, closure_notice_on, changes_json, created_by, created_at, historical) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {f.account_id, std::string(core::FilingKindId(f.kind)), f.dates.event_on.ToString(),
       f.dates.filed_on.ToString(), OptDate(f.dates.forwarded_on),
       f.forwarded_by ? Value(*f.forwarded_by) : Value(nullptr), f.reason, f.closure_notice_url,
       OptDate(f.closure_notice_on), f.changes_json.empty() ? std::string("{}") : f.changes_json,
       f.created_by, f.created_at, static_cast<int64_t>(f.historical)});
}

Result<FilingRow> RegistryStore::GetFiling(int64_t id) {
  auto r = QueryOne(db_, std::string("SELECT ") + kFilingColumns +
                             " FROM filings f JOIN accounts a ON a.id = f.account_id "
                             "JOIN units u ON u.id = a.unit_id WHERE f.id = ?",
                    {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("备案记录不存在") : r.status();
  return FilingFromRow(*r);
}

Result<std::vector<FilingRow>> RegistryStore::ListFilings(const FilingFilter& f) {
  std::string sql = std::string("SELECT ") + kFilingColumns +
                    " FROM filings f JOIN accounts a ON a.id = f.account_id "
                    "JOIN units u ON u.id = a.unit_id WHERE 1=1";
  Params p;
  if (f.unit_id) {
    sql += " AND a.unit_id = ?";
    p.emplace_back(*f.unit_id);
  }
  if (f.account_id) {
    sql += " AND f.account_id = ?";
    p.emplace_back(*f.account_id);
  }
  if (f.only_pending) sql += " AND f.forwarded_on IS NULL AND f.historical = 0";
  sql += " ORDER BY f.filed_on DESC, f.id DESC";
  auto rows = db_.Query(sql, p);
  if (!rows.ok()) return rows.status();
  std::vector<FilingRow> out;
  for (const auto& r : *rows) out.push_back(FilingFromRow(r));
  return out;
}

Status RegistryStore::SetForwarded(int64_t id, core::Date on, const std::string& by) {
  return db_.Exec("UPDATE filings SET forwarded_on = ?, forwarded_by = ? WHERE id = ? AND forwarded_on IS NULL",
                  {on.ToString(), by, id});
}

}  // namespace govmedia::storage
