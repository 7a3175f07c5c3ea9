#include "app/security/security_service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "app/file_types.h"
#include "core/account.h"
#include "core/text.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

struct LedgerRow {
  bool recorded = false;
  bool two_factor = false;
  std::string phone, email;
  std::optional<core::Date> last_change;
  int rotation_days = core::kDefaultRotationDays;
  json devices = json::array();
  std::string updated_by, updated_at;
};

struct CustodianRow {
  int64_t account_id = 0;
  core::Custodian c;
  std::string since, created_at;
  std::optional<std::string> ended_on;
};

struct PlanRow {
  bool recorded = false;
  std::string reference;
  std::optional<std::string> filename, mime, sha256;
  int64_t size = 0;
  std::optional<core::Date> last_drill_on;
  std::string contact_name, contact_phone, updated_by, updated_at;
};

storage::Value OptDate(const std::optional<core::Date>& d) {
  return d ? storage::Value(d->ToString()) : storage::Value(nullptr);
}

json DateJson(const std::optional<core::Date>& d) { return d ? json(d->ToString()) : json(); }

core::Result<LedgerRow> ReadLedger(storage::Db& db, int64_t account_id) {
  auto rows = db.Query(
      "SELECT two_factor, bound_phone, bound_email, last_password_change, rotation_days, devices, updated_by, "
      "updated_at FROM security_ledgers WHERE account_id = ?",
      {account_id});
  if (!rows.ok()) return rows.status();
  LedgerRow l;
  if (rows->empty()) return l;
  const auto& r = rows->front();
  l.recorded = true;
  l.two_factor = r.Bool(0);
  l.phone = r.Text(1);
  l.email = r.Text(2);
  if (auto d = r.OptText(3)) l.last_change = core::Date::Parse(*d);
  l.rotation_days = static_cast<int>(r.Int(4));
  l.devices = json::parse(r.Text(5), nullptr, false);
  if (!l.devices.is_array()) l.devices = json::array();
  l.updated_by = r.Text(6);
  l.updated_at = r.Text(7);
  return l;
}

/// Custodians in force (or all, ended included), of one account or of every account.
core::Result<std::vector<CustodianRow>> ReadCustodians(storage::Db& db, std::optional<int64_t> account_id,
                                                       bool active_only) {
  std::string sql =
      "SELECT c.id, c.account_id, c.name, c.role, c.storage, c.user_id, c.listed, c.since, c.ended_on, c.created_at, "
      "COALESCE(u.disabled, 0) FROM security_custodians c LEFT JOIN users u ON u.id = c.user_id WHERE 1 = 1";
  storage::Params params;
  if (account_id) {
    sql += " AND c.account_id = ?";
    params.push_back(*account_id);
  }
  if (active_only) sql += " AND c.ended_on IS NULL";
  sql += " ORDER BY c.id";
  auto rows = db.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<CustodianRow> out;
  for (const auto& r : *rows) {
    CustodianRow x;
    x.c.id = r.Int(0);
    x.account_id = r.Int(1);
    x.c.name = r.Text(2);
    x.c.role = r.Text(3);
    x.c.storage = r.Text(4);
    if (!r.IsNull(5)) x.c.user_id = r.Int(5);
    x.c.listed = r.Bool(6);
    x.since = r.Text(7);
    x.ended_on = r.OptText(8);
    x.created_at = r.Text(9);
    x.c.user_disabled = r.Bool(10);
    out.push_back(std::move(x));
  }
  return out;
}

/// The change filings (变更备案) of one account or all: {account → [(created_at, event_on)]}.
core::Result<std::map<int64_t, std::vector<std::pair<std::string, std::string>>>> ChangeFilings(
    storage::Db& db, std::optional<int64_t> account_id) {
  std::string sql = "SELECT account_id, created_at, event_on FROM filings WHERE kind = 'change'";
  storage::Params params;
  if (account_id) {
    sql += " AND account_id = ?";
    params.push_back(*account_id);
  }
  auto rows = db.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::map<int64_t, std::vector<std::pair<std::string, std::string>>> out;
  for (const auto& r : *rows) out[r.Int(0)].emplace_back(r.Text(1), r.Text(2));
  return out;
}

std::vector<std::string> PeopleOf(const core::AccountRecord& rec) {
  std::vector<std::string> out;
  for (const core::Contact* c : {&rec.main_leader, &rec.deputy_leader, &rec.chief_editor})
    if (!c->name.empty()) out.push_back(std::string(core::Trim(c->name)));
  for (const auto& c : rec.staff)
    if (!c.name.empty()) out.push_back(std::string(core::Trim(c.name)));
  return out;
}

/// Who left, with the day of the change filing that took them off the account's people (the
/// latest one filed after the custodian was recorded), when known.
std::vector<core::Departure> DeparturesOf(const core::AccountRecord& rec, const std::vector<core::Custodian>& active,
                                          const std::map<int64_t, std::string>& created_at,
                                          const std::vector<std::pair<std::string, std::string>>* changes) {
  auto out = core::FindDepartures(active, PeopleOf(rec));
  for (auto& d : out) {
    if (d.reason != "staff_change" || !changes) continue;
    const auto it = created_at.find(d.custodian_id);
    std::string best;
    for (const auto& [filed_at, event_on] : *changes)
      if ((it == created_at.end() || filed_at >= it->second) && event_on > best) best = event_on;
    if (!best.empty()) d.since = core::Date::Parse(best);
  }
  return out;
}

core::SecurityLedger ToCore(const LedgerRow& l, const std::vector<CustodianRow>& active) {
  core::SecurityLedger s;
  s.recorded = l.recorded;
  s.two_factor = l.two_factor;
  s.last_password_change = l.last_change;
  s.rotation_days = l.rotation_days;
  for (const auto& c : active) s.custodians.push_back(c.c);
  return s;
}

json WarningJson(const core::SecurityWarning& w) {
  json out{{"code", w.code}, {"label", std::string(core::SecurityWarningLabel(w.code))}, {"message", w.message}};
  if (w.custodian_id) out["custodian_id"] = w.custodian_id;
  return out;
}

json CustodianJson(const CustodianRow& c) {
  return {{"id", c.c.id},
          {"name", c.c.name},
          {"role", c.c.role},
          {"storage", c.c.storage},
          {"user_id", c.c.user_id ? json(*c.c.user_id) : json()},
          {"user_disabled", c.c.user_disabled},
          {"listed", c.c.listed},
          {"since", c.since},
          {"ended_on", c.ended_on ? json(*c.ended_on) : json()}};
}

json LedgerAudit(const LedgerRow& l, const std::vector<CustodianRow>& active) {
  json custodians = json::array();
  for (const auto& c : active)
    custodians.push_back({{"id", c.c.id}, {"name", c.c.name}, {"role", c.c.role}, {"storage", c.c.storage}});
  return {{"two_factor", l.two_factor},
          {"bound_phone", core::MaskPhone(l.phone)},
          {"bound_email", core::MaskEmail(l.email)},
          {"last_password_change", DateJson(l.last_change)},
          {"rotation_days", l.rotation_days},
          {"devices", l.devices},
          {"custodians", custodians}};
}

core::Result<PlanRow> ReadPlan(storage::Db& db, int64_t unit_id) {
  auto rows = db.Query(
      "SELECT reference, filename, mime, size, sha256, last_drill_on, contact_name, contact_phone, updated_by, "
      "updated_at FROM emergency_plans WHERE unit_id = ?",
      {unit_id});
  if (!rows.ok()) return rows.status();
  PlanRow p;
  if (rows->empty()) return p;
  const auto& r = rows->front();
  p.recorded = true;
  p.reference = r.Text(0);
  p.filename = r.OptText(1);
  p.mime = r.OptText(2);
  p.size = r.IsNull(3) ? 0 : r.Int(3);
  p.sha256 = r.OptText(4);
  if (auto d = r.OptText(5)) p.last_drill_on = core::Date::Parse(*d);
  p.contact_name = r.Text(6);
  p.contact_phone = r.Text(7);
  p.updated_by = r.Text(8);
  p.updated_at = r.Text(9);
  return p;
}

core::EmergencyPlan PlanCore(const PlanRow& p) {
  return {p.sha256.has_value() || !p.reference.empty(), p.last_drill_on};
}

json PlanAudit(const PlanRow& p) {
  return {{"reference", p.reference},
          {"filename", p.filename.value_or("")},
          {"sha256", p.sha256.value_or("")},
          {"last_drill_on", DateJson(p.last_drill_on)},
          {"contact_name", p.contact_name},
          {"contact_phone", core::MaskPhone(p.contact_phone)}};
}

/// A trimmed text field of `body` checked for length and control characters; `*out` unchanged when
/// absent. InvalidArgument naming `field`.
Status TextField(const json& body, const char* key, const std::string& field, size_t max, bool required,
                 const std::string& label, std::string* out) {
  if (!body.contains(key)) {
    if (required) return Status::InvalidArgument(field, "请填写" + label);
    return Status::Ok();
  }
  const json& v = body[key];
  if (!v.is_null() && !v.is_string()) return Status::InvalidArgument(field, label + "应为文本");
  std::string t = v.is_string() ? std::string(core::Trim(v.get<std::string>())) : "";
  if (required && t.empty()) return Status::InvalidArgument(field, "请填写" + label);
  if (auto why = core::TextProblem(t, max, false); !why.empty()) return Status::InvalidArgument(field, label + why);
  *out = std::move(t);
  return Status::Ok();
}

Status DateField(const json& body, const char* key, const std::string& label, core::Date today,
                 std::optional<core::Date>* out) {
  if (!body.contains(key)) return Status::Ok();
  const json& v = body[key];
  if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) {
    out->reset();
    return Status::Ok();
  }
  auto d = v.is_string() ? core::Date::Parse(v.get<std::string>()) : std::nullopt;
  if (!d) return Status::InvalidArgument(key, label + "格式应为 YYYY-MM-DD");
  if (*d > today) return Status::InvalidArgument(key, label + "不能晚于今天");
  *out = d;
  return Status::Ok();
}

/// A masked value sent back as it was shown ("138****5678") means "unchanged".
bool IsMaskOf(const std::string& sent, const std::string& stored, bool email) {
  return sent.find('*') != std::string::npos &&
         sent == (email ? core::MaskEmail(stored) : core::MaskPhone(stored));
}

Status CheckKnown(const json& body, const std::vector<std::string>& known) {
  if (!body.is_object()) return Status::InvalidArgument("body", "应为 JSON 对象");
  for (auto it = body.begin(); it != body.end(); ++it)
    if (std::find(known.begin(), known.end(), it.key()) == known.end())
      return Status::InvalidArgument(it.key(), "未知字段");
  return Status::Ok();
}

}  // namespace

core::Result<storage::AccountRow> SecurityService::LoadAccount(const core::Principal& p, int64_t account_id,
                                                               core::Action a) {
  auto acc = store_.GetAccount(account_id);
  if (!acc.ok()) return acc.status().IsNotFound() ? Status::NotFound("账号不存在") : acc.status();
  if (Status s = core::Authorize(p, a, acc->record.unit_id); !s.ok()) return s;
  return acc;
}

Status SecurityService::MayReveal(const core::Principal& p, int64_t unit_id) {
  if (core::SeesContacts(p, unit_id)) return Status::Ok();
  if (p.role == core::Role::kDutyOfficer) {
    // As the account contacts: the duty officer reaches a unit with an open alert, and only then.
    auto open = storage::QueryOne(db_,
                                  "SELECT COUNT(*) FROM alerts al JOIN accounts a ON a.id = al.account_id "
                                  "WHERE a.unit_id = ? AND al.status IN ('new', 'acknowledged')",
                                  {unit_id});
    if (!open.ok()) return open.status();
    if (open->Int(0) > 0) return Status::Ok();
    return Status::PermissionDenied("该单位没有待处置的告警，不能查看绑定手机和邮箱");
  }
  return Status::PermissionDenied("当前角色不能查看绑定手机和邮箱");
}

core::Result<json> SecurityService::Ledger(const core::Principal& p, int64_t account_id) {
  auto acc = LoadAccount(p, account_id, core::Action::kReadRegistry);
  if (!acc.ok()) return acc.status();
  auto l = ReadLedger(db_, account_id);
  if (!l.ok()) return l.status();
  auto all = ReadCustodians(db_, account_id, false);
  if (!all.ok()) return all.status();
  auto changes = ChangeFilings(db_, account_id);
  if (!changes.ok()) return changes.status();
  std::vector<CustodianRow> active;
  std::map<int64_t, std::string> created;
  json ended = json::array();
  for (const auto& c : *all) {
    if (c.ended_on) {
      ended.push_back(CustodianJson(c));
      continue;
    }
    active.push_back(c);
    created[c.c.id] = c.created_at;
  }
  const core::SecurityLedger ledger = ToCore(*l, active);
  const auto it = changes->find(account_id);
  const auto departures = DeparturesOf(acc->record, ledger.custodians, created, it == changes->end() ? nullptr : &it->second);
  const auto warnings = core::IsActive(acc->status) ? core::AccountSecurityWarnings(ledger, departures, clock_.Today())
                                                    : std::vector<core::SecurityWarning>{};
  // Only the unit's own operators see the bound phone and e-mail as they are; the rest reveal them.
  const bool clear = p.role == core::Role::kUnitOperator && p.unit_id == acc->record.unit_id;
  json custodians = json::array(), departed = json::array(), warns = json::array(), handovers = json::array();
  for (const auto& c : active) custodians.push_back(CustodianJson(c));
  for (const auto& d : departures)
    departed.push_back({{"custodian_id", d.custodian_id},
                        {"name", d.name},
                        {"role", d.role},
                        {"reason", d.reason},
                        {"reason_label", d.reason == "user_disabled" ? "登录账号已停用" : "已不在账号人员名单中"},
                        {"since", DateJson(d.since)}});
  for (const auto& w : warnings) warns.push_back(WarningJson(w));
  auto hs = db_.Query(
      "SELECT id, from_custodian_id, from_name, to_name, to_role, handed_over_on, password_changed, reason, note, "
      "created_by, created_at FROM security_handovers WHERE account_id = ? ORDER BY handed_over_on DESC, id DESC",
      {account_id});
  if (!hs.ok()) return hs.status();
  for (const auto& h : *hs)
    handovers.push_back({{"id", h.Int(0)},
                         {"from_custodian_id", h.Int(1)},
                         {"from_name", h.Text(2)},
                         {"to_name", h.Text(3)},
                         {"to_role", h.Text(4)},
                         {"handed_over_on", h.Text(5)},
                         {"password_changed", h.Bool(6)},
                         {"reason", h.Text(7)},
                         {"note", h.Text(8)},
                         {"created_by", h.Text(9)},
                         {"created_at", h.Text(10)}});
  // The unit's logins, for those who may edit: a custodian linked to one needs a handover when it
  // is disabled.
  json unit_users = json::array();
  if (core::Authorize(p, core::Action::kEditAccount, acc->record.unit_id).ok()) {
    auto users = db_.Query("SELECT id, username, disabled FROM users WHERE unit_id = ? ORDER BY username",
                           {acc->record.unit_id});
    if (!users.ok()) return users.status();
    for (const auto& u : *users)
      unit_users.push_back({{"id", u.Int(0)}, {"username", u.Text(1)}, {"disabled", u.Bool(2)}});
  }
  return json{{"account_id", account_id},
              {"account_name", acc->record.name},
              {"unit_users", unit_users},
              {"unit_id", acc->record.unit_id},
              {"unit_name", acc->unit_name},
              {"in_force", core::IsActive(acc->status)},
              {"recorded", l->recorded},
              {"two_factor", l->two_factor},
              {"bound_phone", clear ? l->phone : core::MaskPhone(l->phone)},
              {"bound_email", clear ? l->email : core::MaskEmail(l->email)},
              {"contacts_masked", !clear},
              {"last_password_change", DateJson(l->last_change)},
              {"rotation_days", l->rotation_days},
              {"rotation_due_on", DateJson(core::RotationDueOn(ledger))},
              {"devices", l->devices},
              {"custodians", custodians},
              {"former_custodians", ended},
              {"departures", departed},
              {"handovers", handovers},
              {"warnings", warns},
              {"updated_by", l->updated_by},
              {"updated_at", l->updated_at}};
}

core::Result<json> SecurityService::UpdateLedger(const core::Principal& p, int64_t account_id, const json& body) {
  // Who may, first: another unit's operator learns nothing from a validation message.
  if (auto acc = LoadAccount(p, account_id, core::Action::kEditAccount); !acc.ok()) return acc.status();
  if (Status s = CheckKnown(body, {"two_factor", "bound_phone", "bound_email", "last_password_change", "rotation_days",
                                   "devices", "custodians"});
      !s.ok())
    return s;
  const core::Date today = clock_.Today();
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    auto acc = LoadAccount(p, account_id, core::Action::kEditAccount);
    if (!acc.ok()) return acc.status();
    auto before = ReadLedger(db_, account_id);
    if (!before.ok()) return before.status();
    auto active = ReadCustodians(db_, account_id, true);
    if (!active.ok()) return active.status();
    LedgerRow after = *before;
    if (body.contains("two_factor")) {
      if (!body["two_factor"].is_boolean()) return Status::InvalidArgument("two_factor", "双重验证应为是或否");
      after.two_factor = body["two_factor"].get<bool>();
    }
    std::string phone = after.phone, email = after.email;
    if (Status s = TextField(body, "bound_phone", "bound_phone", 30, false, "绑定手机", &phone); !s.ok()) return s;
    if (!IsMaskOf(phone, before->phone, false)) {
      if (!phone.empty() && !core::IsValidPhone(phone))
        return Status::InvalidArgument("bound_phone", "绑定手机应为手机号码或固定电话");
      after.phone = phone;
    }
    if (Status s = TextField(body, "bound_email", "bound_email", 254, false, "绑定邮箱", &email); !s.ok()) return s;
    if (!IsMaskOf(email, before->email, true)) {
      if (!email.empty() && !core::IsEmailAddress(email))
        return Status::InvalidArgument("bound_email", "绑定邮箱格式不正确");
      after.email = email;
    }
    if (Status s = DateField(body, "last_password_change", "最近修改密码日期", today, &after.last_change); !s.ok())
      return s;
    if (body.contains("rotation_days")) {
      const json& v = body["rotation_days"];
      if (v.is_null()) {
        after.rotation_days = core::kDefaultRotationDays;
      } else if (!v.is_number_integer() || v.get<int64_t>() < core::kMinRotationDays ||
                 v.get<int64_t>() > core::kMaxRotationDays) {
        return Status::InvalidArgument("rotation_days", "密码轮换周期应为 " + std::to_string(core::kMinRotationDays) +
                                                            "–" + std::to_string(core::kMaxRotationDays) + " 天");
      } else {
        after.rotation_days = static_cast<int>(v.get<int64_t>());
      }
    }
    if (body.contains("devices")) {
      const json& v = body["devices"];
      if (!v.is_array()) return Status::InvalidArgument("devices", "设备和第三方工具应为列表");
      if (v.size() > kMaxSecurityDevices)
        return Status::InvalidArgument("devices", "设备和第三方工具最多 " + std::to_string(kMaxSecurityDevices) + " 项");
      json devices = json::array();
      for (size_t i = 0; i < v.size(); ++i) {
        const std::string f = "devices[" + std::to_string(i) + "]";
        if (!v[i].is_object()) return Status::InvalidArgument(f, "应为对象");
        std::string name, kind = "device", note;
        if (Status s = TextField(v[i], "name", f + ".name", 60, true, "设备或工具名称", &name); !s.ok()) return s;
        if (Status s = TextField(v[i], "kind", f + ".kind", 10, false, "类别", &kind); !s.ok()) return s;
        if (kind != "device" && kind != "tool")
          return Status::InvalidArgument(f + ".kind", "类别应为 device（设备）或 tool（第三方工具）");
        if (Status s = TextField(v[i], "note", f + ".note", 200, false, "说明", &note); !s.ok()) return s;
        for (const auto& [field, text] : {std::pair{f + ".name", name}, std::pair{f + ".note", note}})
          if (Status s = core::CheckNotASecret(field, text); !s.ok()) return s;
        devices.push_back({{"name", name}, {"kind", kind}, {"note", note}});
      }
      after.devices = std::move(devices);
    }
    const std::vector<std::string> people = PeopleOf(acc->record);
    auto listed = [&people](const std::string& name) {
      return std::find(people.begin(), people.end(), name) != people.end();
    };
    // Custodians: the whole list as the form holds it.
    std::vector<CustodianRow> kept;
    std::vector<CustodianRow> added;
    std::set<int64_t> keep_ids;
    if (body.contains("custodians")) {
      const json& v = body["custodians"];
      if (!v.is_array()) return Status::InvalidArgument("custodians", "保管人应为列表");
      if (v.size() > kMaxCustodians)
        return Status::InvalidArgument("custodians", "保管人最多 " + std::to_string(kMaxCustodians) + " 人");
      const auto departures = core::FindDepartures(ToCore(*before, *active).custodians, people);
      for (size_t i = 0; i < v.size(); ++i) {
        const std::string f = "custodians[" + std::to_string(i) + "]";
        if (!v[i].is_object()) return Status::InvalidArgument(f, "应为对象");
        CustodianRow c;
        std::optional<int64_t> id;
        if (v[i].contains("id") && !v[i]["id"].is_null()) {
          if (!v[i]["id"].is_number_integer()) return Status::InvalidArgument(f + ".id", "应为整数");
          id = v[i]["id"].get<int64_t>();
          auto found = std::find_if(active->begin(), active->end(), [&](const CustodianRow& x) { return x.c.id == *id; });
          if (found == active->end()) return Status::InvalidArgument(f + ".id", "不是本账号在任的保管人");
          c = *found;
        }
        std::string name = c.c.name;
        if (Status s = TextField(v[i], "name", f + ".name", 30, true, "保管人姓名", &name); !s.ok()) return s;
        if (id && name != c.c.name)
          return Status::InvalidArgument(f + ".name", "保管人更换请登记交接，不能直接修改姓名（" + c.c.name + "）");
        c.c.name = name;
        if (Status s = TextField(v[i], "role", f + ".role", 30, false, "职务或角色", &c.c.role); !s.ok()) return s;
        if (Status s = TextField(v[i], "storage", f + ".storage", 200, true, "密码存放位置", &c.c.storage); !s.ok())
          return s;
        if (Status s = core::CheckNotASecret(f + ".storage", c.c.storage); !s.ok()) return s;
        if (v[i].contains("user_id")) {
          const json& u = v[i]["user_id"];
          if (u.is_null()) {
            c.c.user_id.reset();
          } else {
            if (!u.is_number_integer()) return Status::InvalidArgument(f + ".user_id", "应为整数");
            auto user = db_.Query("SELECT unit_id, disabled FROM users WHERE id = ?", {u.get<int64_t>()});
            if (!user.ok()) return user.status();
            if (user->empty() || user->front().IsNull(0) || user->front().Int(0) != acc->record.unit_id)
              return Status::InvalidArgument(f + ".user_id", "应为本单位的平台用户");
            if (user->front().Bool(1) && (!id || c.c.user_id != u.get<int64_t>()))
              return Status::InvalidArgument(f + ".user_id", "该平台用户已停用");
            c.c.user_id = u.get<int64_t>();
          }
        }
        if (keep_ids.count(c.c.id) || std::any_of(added.begin(), added.end(), [&](const CustodianRow& x) {
              return x.c.name == name;
            }))
          return Status::InvalidArgument(f + ".name", "保管人「" + name + "」重复");
        if (id) {
          keep_ids.insert(*id);
          kept.push_back(std::move(c));
        } else {
          c.c.listed = listed(name);
          c.since = today.ToString();
          added.push_back(std::move(c));
        }
      }
      for (const auto& c : *active) {
        if (keep_ids.count(c.c.id)) continue;
        for (const auto& d : departures)
          if (d.custodian_id == c.c.id)
            return Status::InvalidArgument("custodians", c.c.name + "已离岗，须登记交接（交接时修改密码），不能直接删除");
      }
    } else {
      kept = *active;
      for (const auto& c : kept) keep_ids.insert(c.c.id);
    }
    if (Status s = db_.Exec(
            "INSERT INTO security_ledgers (account_id, two_factor, bound_phone, bound_email, last_password_change, "
            "rotation_days, devices, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (account_id) DO UPDATE SET two_factor = excluded.two_factor, bound_phone = excluded.bound_phone, "
            "bound_email = excluded.bound_email, last_password_change = excluded.last_password_change, "
            "rotation_days = excluded.rotation_days, devices = excluded.devices, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            {account_id, static_cast<int64_t>(after.two_factor), after.phone, after.email, OptDate(after.last_change),
             static_cast<int64_t>(after.rotation_days), after.devices.dump(), p.username, now});
        !s.ok())
      return s;
    for (const auto& c : *active)
      if (!keep_ids.count(c.c.id))
        if (Status s = db_.Exec("UPDATE security_custodians SET ended_on = ? WHERE id = ?", {today.ToString(), c.c.id});
            !s.ok())
          return s;
    for (const auto& c : kept)
      if (Status s = db_.Exec("UPDATE security_custodians SET role = ?, storage = ?, user_id = ? WHERE id = ?",
                              {c.c.role, c.c.storage, c.c.user_id ? storage::Value(*c.c.user_id) : storage::Value(nullptr),
                               c.c.id});
          !s.ok())
        return s;
    for (auto& c : added) {
      auto id = db_.Insert(
          "INSERT INTO security_custodians (account_id, name, role, storage, user_id, listed, since, created_by, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {account_id, c.c.name, c.c.role, c.c.storage,
           c.c.user_id ? storage::Value(*c.c.user_id) : storage::Value(nullptr), static_cast<int64_t>(c.c.listed),
           c.since, p.username, now});
      if (!id.ok()) return id.status();
      c.c.id = *id;
    }
    std::vector<CustodianRow> now_active = kept;
    now_active.insert(now_active.end(), added.begin(), added.end());
    return audit_.Append({0, now, p.username, "security.update", "account", std::to_string(account_id),
                          before->recorded || !active->empty() ? LedgerAudit(*before, *active).dump() : "",
                          LedgerAudit(after, now_active).dump()});
  });
  if (!st.ok()) return st;
  return Ledger(p, account_id);
}

core::Result<json> SecurityService::RevealLedgerContacts(const core::Principal& p, int64_t account_id) {
  auto acc = LoadAccount(p, account_id, core::Action::kReadRegistry);
  if (!acc.ok()) return acc.status();
  if (Status s = MayReveal(p, acc->record.unit_id); !s.ok()) return s;
  auto l = ReadLedger(db_, account_id);
  if (!l.ok()) return l.status();
  if (p.role != core::Role::kUnitOperator) {
    // Who looked, at which account, at which fields — never the values.
    Status st = db_.Transaction([&] {
      return audit_.Append({0, clock_.NowRfc3339(), p.username, "security.contacts_view", "account",
                            std::to_string(account_id), "",
                            json{{"account", acc->record.name},
                                 {"unit_id", acc->record.unit_id},
                                 {"fields", {"bound_phone", "bound_email"}}}
                                .dump()});
    });
    if (!st.ok()) return st;
  }
  return json{{"account_id", account_id}, {"bound_phone", l->phone}, {"bound_email", l->email}};
}

core::Result<json> SecurityService::RecordHandover(const core::Principal& p, int64_t account_id, const json& body) {
  if (auto acc = LoadAccount(p, account_id, core::Action::kEditAccount); !acc.ok()) return acc.status();
  if (Status s = CheckKnown(body, {"from_custodian_id", "to_name", "to_role", "to_storage", "to_user_id",
                                   "handed_over_on", "password_changed", "note"});
      !s.ok())
    return s;
  const core::Date today = clock_.Today();
  const std::string now = clock_.NowRfc3339();
  if (!body.contains("from_custodian_id") || !body["from_custodian_id"].is_number_integer())
    return Status::InvalidArgument("from_custodian_id", "请选择交出账号的保管人");
  const int64_t from_id = body["from_custodian_id"].get<int64_t>();
  core::Handover h;
  std::string to_storage, note;
  if (Status s = TextField(body, "to_name", "to_name", 30, true, "接手人姓名", &h.to_name); !s.ok()) return s;
  if (Status s = TextField(body, "to_role", "to_role", 30, false, "接手人职务或角色", &h.to_role); !s.ok()) return s;
  if (Status s = TextField(body, "to_storage", "to_storage", 200, true, "交接后密码存放位置", &to_storage); !s.ok())
    return s;
  if (Status s = core::CheckNotASecret("to_storage", to_storage); !s.ok()) return s;
  if (Status s = TextField(body, "note", "note", 500, false, "备注", &note); !s.ok()) return s;
  if (Status s = core::CheckNotASecret("note", note); !s.ok()) return s;
  std::optional<core::Date> on;
  if (Status s = DateField(body, "handed_over_on", "交接日期", today, &on); !s.ok()) return s;
  if (!on) return Status::InvalidArgument("handed_over_on", "请填写交接日期");
  h.handed_over_on = *on;
  if (body.contains("password_changed") && !body["password_changed"].is_boolean())
    return Status::InvalidArgument("password_changed", "交接时是否修改密码应为是或否");
  h.password_changed = body.value("password_changed", false);
  if (Status s = core::ValidateHandover(h, today); !s.ok()) return s;
  std::optional<int64_t> to_user;
  if (body.contains("to_user_id") && !body["to_user_id"].is_null()) {
    if (!body["to_user_id"].is_number_integer()) return Status::InvalidArgument("to_user_id", "应为整数");
    to_user = body["to_user_id"].get<int64_t>();
  }
  Status st = db_.Transaction([&]() -> Status {
    auto acc = LoadAccount(p, account_id, core::Action::kEditAccount);
    if (!acc.ok()) return acc.status();
    auto active = ReadCustodians(db_, account_id, true);
    if (!active.ok()) return active.status();
    auto from = std::find_if(active->begin(), active->end(), [&](const CustodianRow& c) { return c.c.id == from_id; });
    if (from == active->end()) return Status::InvalidArgument("from_custodian_id", "不是本账号在任的保管人");
    if (h.to_name == from->c.name) return Status::InvalidArgument("to_name", "接手人不能是交出人本人");
    if (from->since > h.handed_over_on.ToString())
      return Status::InvalidArgument("handed_over_on", "交接日期早于交出人登记为保管人的日期（" + from->since + "）");
    if (to_user) {
      auto user = db_.Query("SELECT unit_id, disabled FROM users WHERE id = ?", {*to_user});
      if (!user.ok()) return user.status();
      if (user->empty() || user->front().IsNull(0) || user->front().Int(0) != acc->record.unit_id)
        return Status::InvalidArgument("to_user_id", "应为本单位的平台用户");
      if (user->front().Bool(1)) return Status::InvalidArgument("to_user_id", "该平台用户已停用");
    }
    const auto people = PeopleOf(acc->record);
    const auto departures = core::FindDepartures({from->c}, people);
    const std::string reason = departures.empty() ? "other" : departures.front().reason;
    auto hid = db_.Insert(
        "INSERT INTO security_handovers (account_id, from_custodian_id, from_name, to_name, to_role, handed_over_on, "
        "password_changed, reason, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id",
        {account_id, from_id, from->c.name, h.to_name, h.to_role, h.handed_over_on.ToString(), reason, note, p.username,
         now});
    if (!hid.ok()) return hid.status();
    if (Status s = db_.Exec("UPDATE security_custodians SET ended_on = ?, handover_id = ? WHERE id = ?",
                            {h.handed_over_on.ToString(), *hid, from_id});
        !s.ok())
      return s;
    // The successor takes over, unless already a custodian (then only the storage is updated).
    auto same = std::find_if(active->begin(), active->end(), [&](const CustodianRow& c) { return c.c.name == h.to_name; });
    int64_t to_id = 0;
    if (same != active->end()) {
      to_id = same->c.id;
      if (Status s = db_.Exec("UPDATE security_custodians SET storage = ? WHERE id = ?", {to_storage, to_id}); !s.ok())
        return s;
    } else {
      const bool on_list = std::find(people.begin(), people.end(), h.to_name) != people.end();
      auto id = db_.Insert(
          "INSERT INTO security_custodians (account_id, name, role, storage, user_id, listed, since, created_by, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {account_id, h.to_name, h.to_role, to_storage, to_user ? storage::Value(*to_user) : storage::Value(nullptr),
           static_cast<int64_t>(on_list), h.handed_over_on.ToString(), p.username, now});
      if (!id.ok()) return id.status();
      to_id = *id;
    }
    // The password changed at the handover: the rotation counts from that day.
    auto l = ReadLedger(db_, account_id);
    if (!l.ok()) return l.status();
    const core::Date changed = l->last_change && *l->last_change > h.handed_over_on ? *l->last_change : h.handed_over_on;
    if (Status s = db_.Exec(
            "INSERT INTO security_ledgers (account_id, last_password_change, updated_by, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (account_id) DO UPDATE SET last_password_change = excluded.last_password_change, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            {account_id, changed.ToString(), p.username, now});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "security.handover", "account", std::to_string(account_id), "",
                          json{{"handover_id", *hid},
                               {"from_name", from->c.name},
                               {"to_name", h.to_name},
                               {"to_role", h.to_role},
                               {"to_custodian_id", to_id},
                               {"handed_over_on", h.handed_over_on.ToString()},
                               {"password_changed", true},
                               {"reason", reason},
                               {"note", note}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return Ledger(p, account_id);
}

core::Result<json> SecurityService::Plan(const core::Principal& p, int64_t unit_id) {
  auto unit = store_.GetUnit(unit_id);
  if (!unit.ok()) return unit.status().IsNotFound() ? Status::NotFound("单位不存在") : unit.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, unit_id); !s.ok()) return s;
  auto plan = ReadPlan(db_, unit_id);
  if (!plan.ok()) return plan.status();
  const core::EmergencyPlan c = PlanCore(*plan);
  const bool clear = p.role == core::Role::kUnitOperator && p.unit_id == unit_id;
  json warns = json::array();
  for (const auto& w : core::UnitSecurityWarnings(plan->recorded ? &c : nullptr, clock_.Today()))
    warns.push_back(WarningJson(w));
  json document;
  if (plan->sha256)
    document = {{"filename", plan->filename.value_or("")},
                {"mime", plan->mime.value_or("")},
                {"size", plan->size},
                {"sha256", *plan->sha256}};
  return json{{"unit_id", unit_id},
              {"unit_name", unit->name},
              {"recorded", plan->recorded},
              {"reference", plan->reference},
              {"document", document},
              {"last_drill_on", DateJson(plan->last_drill_on)},
              {"next_drill_due", DateJson(core::NextDrillDue(c))},
              {"contact_name", plan->contact_name},
              {"contact_phone", clear ? plan->contact_phone : core::MaskPhone(plan->contact_phone)},
              {"contact_masked", !clear},
              {"warnings", warns},
              {"updated_by", plan->updated_by},
              {"updated_at", plan->updated_at}};
}

core::Result<json> SecurityService::UpdatePlan(const core::Principal& p, int64_t unit_id, const json& body) {
  if (Status s = core::Authorize(p, core::Action::kEditAccount, unit_id); !s.ok()) return s;
  if (Status s = CheckKnown(body, {"reference", "last_drill_on", "contact_name", "contact_phone"}); !s.ok()) return s;
  const core::Date today = clock_.Today();
  const std::string now = clock_.NowRfc3339();
  Status st = db_.Transaction([&]() -> Status {
    auto unit = store_.GetUnit(unit_id);
    if (!unit.ok()) return unit.status().IsNotFound() ? Status::NotFound("单位不存在") : unit.status();
    if (Status s = core::Authorize(p, core::Action::kEditAccount, unit_id); !s.ok()) return s;
    auto before = ReadPlan(db_, unit_id);
    if (!before.ok()) return before.status();
    PlanRow after = *before;
    if (Status s = TextField(body, "reference", "reference", 300, false, "预案存放位置或文号", &after.reference); !s.ok())
      return s;
    if (Status s = DateField(body, "last_drill_on", "最近一次应急演练日期", today, &after.last_drill_on); !s.ok())
      return s;
    if (Status s = TextField(body, "contact_name", "contact_name", 30, false, "账号被盗用时的联系人", &after.contact_name);
        !s.ok())
      return s;
    std::string phone = after.contact_phone;
    if (Status s = TextField(body, "contact_phone", "contact_phone", 30, false, "联系人电话", &phone); !s.ok()) return s;
    if (!IsMaskOf(phone, before->contact_phone, false)) {
      if (!phone.empty() && !core::IsValidPhone(phone))
        return Status::InvalidArgument("contact_phone", "联系人电话应为手机号码或固定电话");
      after.contact_phone = phone;
    }
    if (Status s = db_.Exec(
            "INSERT INTO emergency_plans (unit_id, reference, last_drill_on, contact_name, contact_phone, updated_by, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET reference = excluded.reference, "
            "last_drill_on = excluded.last_drill_on, contact_name = excluded.contact_name, "
            "contact_phone = excluded.contact_phone, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            {unit_id, after.reference, OptDate(after.last_drill_on), after.contact_name, after.contact_phone, p.username,
             now});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "emergency_plan.update", "unit", std::to_string(unit_id),
                          before->recorded ? PlanAudit(*before).dump() : "", PlanAudit(after).dump()});
  });
  if (!st.ok()) return st;
  return Plan(p, unit_id);
}

core::Result<json> SecurityService::UploadPlanDocument(const core::Principal& p, int64_t unit_id,
                                                       const std::string& filename, const std::string& bytes) {
  if (Status s = core::Authorize(p, core::Action::kEditAccount, unit_id); !s.ok()) return s;
  const std::string name(core::Trim(filename));
  if (name.empty() || core::Utf8Length(name) > 200) return Status::InvalidArgument("filename", "文件名应为 1–200 个字");
  if (bytes.empty() || bytes.size() > kMaxPlanDocumentBytes)
    return Status::InvalidArgument("content_base64", "应急预案文件应为 1 字节至 5 MB");
  const std::string mime = SniffDocument(bytes, name);
  if (mime.empty() || mime.find("sheet") != std::string::npos || mime.find("excel") != std::string::npos)
    return Status::InvalidArgument("content_base64", "应急预案只接受 PDF、Word（.doc、.docx）、WPS 文件或 PNG、JPEG 图片");
  const std::string now = clock_.NowRfc3339();
  const std::string sha = storage::Sha256Hex(bytes);
  Status st = db_.Transaction([&]() -> Status {
    auto unit = store_.GetUnit(unit_id);
    if (!unit.ok()) return unit.status().IsNotFound() ? Status::NotFound("单位不存在") : unit.status();
    if (Status s = core::Authorize(p, core::Action::kEditAccount, unit_id); !s.ok()) return s;
    auto before = ReadPlan(db_, unit_id);
    if (!before.ok()) return before.status();
    if (Status s = db_.Exec(
            "INSERT INTO emergency_plans (unit_id, filename, mime, size, sha256, data, updated_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET filename = excluded.filename, "
            "mime = excluded.mime, size = excluded.size, sha256 = excluded.sha256, data = excluded.data, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            {unit_id, name, mime, static_cast<int64_t>(bytes.size()), sha, storage::Blob{bytes}, p.username, now});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "emergency_plan.upload", "unit", std::to_string(unit_id),
                          before->sha256 ? json{{"filename", before->filename.value_or("")}, {"sha256", *before->sha256}}.dump()
                                         : "",
                          json{{"filename", name}, {"sha256", sha}, {"size", static_cast<int64_t>(bytes.size())}}.dump()});
  });
  if (!st.ok()) return st;
  return Plan(p, unit_id);
}

core::Result<PlanDocument> SecurityService::ReadPlanDocument(const core::Principal& p, int64_t unit_id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, unit_id); !s.ok()) return s;
  auto rows = db_.Query("SELECT filename, mime, sha256, data FROM emergency_plans WHERE unit_id = ? AND data IS NOT NULL",
                        {unit_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("该单位尚未上传应急预案文件");
  const auto& r = rows->front();
  return PlanDocument{r.Text(0), r.Text(1), r.Text(2), r.Text(3)};
}

core::Result<json> SecurityService::RevealPlanContact(const core::Principal& p, int64_t unit_id) {
  auto unit = store_.GetUnit(unit_id);
  if (!unit.ok()) return unit.status().IsNotFound() ? Status::NotFound("单位不存在") : unit.status();
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, unit_id); !s.ok()) return s;
  if (Status s = MayReveal(p, unit_id); !s.ok()) return s;
  auto plan = ReadPlan(db_, unit_id);
  if (!plan.ok()) return plan.status();
  if (p.role != core::Role::kUnitOperator) {
    Status st = db_.Transaction([&] {
      return audit_.Append({0, clock_.NowRfc3339(), p.username, "emergency_plan.contact_view", "unit",
                            std::to_string(unit_id), "",
                            json{{"unit", unit->name}, {"fields", {"contact_phone"}}}.dump()});
    });
    if (!st.ok()) return st;
  }
  return json{{"unit_id", unit_id}, {"contact_name", plan->contact_name}, {"contact_phone", plan->contact_phone}};
}

core::Result<std::vector<SecurityItem>> SecurityService::Warnings(const core::Principal& p,
                                                                  std::optional<int64_t> unit_id) {
  if (Status s = core::Authorize(p, core::Action::kReadRegistry); !s.ok()) return s;
  if (auto scope = core::ScopeUnit(p)) {
    if (unit_id && *unit_id != *scope) return std::vector<SecurityItem>{};
    unit_id = scope;
  }
  return UnitWarnings(unit_id);
}

core::Result<std::vector<SecurityItem>> SecurityService::UnitWarnings(std::optional<int64_t> unit_id) {
  storage::AccountFilter f;
  f.unit_id = unit_id;
  f.limit = std::numeric_limits<int64_t>::max();
  auto accounts = store_.ListAccounts(f, nullptr);
  if (!accounts.ok()) return accounts.status();
  auto custodians = ReadCustodians(db_, std::nullopt, true);
  if (!custodians.ok()) return custodians.status();
  auto changes = ChangeFilings(db_, std::nullopt);
  if (!changes.ok()) return changes.status();
  std::map<int64_t, std::vector<CustodianRow>> by_account;
  for (auto& c : *custodians) by_account[c.account_id].push_back(std::move(c));
  const core::Date today = clock_.Today();
  std::map<int64_t, std::string> units;  // units with an account in force
  std::vector<SecurityItem> out;
  for (const auto& a : *accounts) {
    if (!core::IsActive(a.status)) continue;
    units[a.record.unit_id] = a.unit_name;
    auto l = ReadLedger(db_, a.id);
    if (!l.ok()) return l.status();
    const auto& active = by_account[a.id];
    std::map<int64_t, std::string> created;
    for (const auto& c : active) created[c.c.id] = c.created_at;
    const core::SecurityLedger ledger = ToCore(*l, active);
    const auto it = changes->find(a.id);
    const auto departures = DeparturesOf(a.record, ledger.custodians, created, it == changes->end() ? nullptr : &it->second);
    for (auto& w : core::AccountSecurityWarnings(ledger, departures, today))
      out.push_back({a.record.unit_id, a.unit_name, a.id, a.record.name,
                     std::string(core::PlatformLabel(a.record.platform)), std::move(w)});
  }
  for (const auto& [id, name] : units) {
    auto plan = ReadPlan(db_, id);
    if (!plan.ok()) return plan.status();
    const core::EmergencyPlan c = PlanCore(*plan);
    for (auto& w : core::UnitSecurityWarnings(plan->recorded ? &c : nullptr, today))
      out.push_back({id, name, std::nullopt, "", "", std::move(w)});
  }
  std::stable_sort(out.begin(), out.end(), [](const SecurityItem& x, const SecurityItem& y) {
    if (x.unit_id != y.unit_id) return x.unit_name < y.unit_name;
    return x.account_id.value_or(0) < y.account_id.value_or(0);
  });
  return out;
}

json SecurityService::ItemJson(const SecurityItem& item) {
  json out = WarningJson(item.warning);
  out["unit_id"] = item.unit_id;
  out["unit_name"] = item.unit_name;
  out["account_id"] = item.account_id ? json(*item.account_id) : json();
  out["account_name"] = item.account_name;
  out["platform_label"] = item.platform_label;
  // A handover never recorded is a finding candidate for the inspector.
  out["finding_candidate"] = item.warning.code == "security_handover_missing";
  return out;
}

}  // namespace govmedia::app
