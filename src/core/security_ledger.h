// The security ledger (安全台账) rules: 加强对账号密码的安全管理，防止账号被盗用 — who holds an
// account's credentials (never the password itself, only where it is kept), password rotation,
// two-factor, handovers when a custodian leaves, and the unit's emergency plan (应急预案) with its
// yearly drill. The warnings are computed here from plain values; app::SecurityService reads and
// writes the ledger. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace govmedia::core {

/// A password is changed at least every this many days unless the account's ledger says otherwise.
inline constexpr int kDefaultRotationDays = 90;
inline constexpr int kMinRotationDays = 7;
inline constexpr int kMaxRotationDays = 365;
/// The emergency plan is drilled at least once a year: a drill older than this is overdue.
inline constexpr int kDrillIntervalDays = 365;

/// A person who holds an account's credentials (保管人), still in charge.
struct Custodian {
  int64_t id = 0;
  std::string name;
  std::string role;     // 职务/角色, e.g. 运维编辑
  std::string storage;  // where the credentials are kept: 某保险柜密封信封, a vault reference
  std::optional<int64_t> user_id;  // the person's login on this platform, when they have one
  bool user_disabled = false;      // that login is disabled now
  /// The name was among the account's people (附件4: leaders, editor, staff) when recorded, so
  /// its disappearance from them is a departure.
  bool listed = false;
};

struct SecurityLedger {
  bool recorded = false;  // the unit has saved the ledger at least once
  bool two_factor = false;
  std::optional<Date> last_password_change;
  int rotation_days = kDefaultRotationDays;
  std::vector<Custodian> custodians;
};

/// A custodian who left without a recorded handover (交接): no longer among the account's
/// people (a staff change, 变更备案), or their login disabled.
struct Departure {
  int64_t custodian_id = 0;
  std::string name, role;
  std::string reason;         // staff_change, user_disabled
  std::optional<Date> since;  // the change filing's event date, when known
};

/// The custodians who left: those `listed` whose name is not among `people` (the account's people
/// now), and those whose login is disabled. One entry per custodian (a disabled login first).
std::vector<Departure> FindDepartures(const std::vector<Custodian>& custodians, const std::vector<std::string>& people);

/// The last day the password may stay unchanged: last change + rotation interval; nullopt when the
/// last change is not recorded.
std::optional<Date> RotationDueOn(const SecurityLedger& ledger);

/// A warning of the ledger: codes are stable, messages Chinese.
///   security_no_custodian, security_no_two_factor, security_rotation_overdue,
///   security_handover_missing (one per departure; custodian_id set) — per account;
///   security_no_plan, security_drill_overdue — per unit.
struct SecurityWarning {
  std::string code;
  std::string message;
  int64_t custodian_id = 0;
};
std::string_view SecurityWarningLabel(std::string_view code);  // "未登记保管人" …

std::vector<SecurityWarning> AccountSecurityWarnings(const SecurityLedger& ledger,
                                                     const std::vector<Departure>& departures, Date today);

/// The unit's emergency plan (应急预案), as far as the rules need it.
struct EmergencyPlan {
  bool has_document = false;   // an uploaded file or a reference to where it is kept
  std::optional<Date> last_drill_on;
};
/// The day the next drill is due: a year after the last one; nullopt when none is recorded.
std::optional<Date> NextDrillDue(const EmergencyPlan& plan);
/// No plan (or no document in it): security_no_plan; no drill recorded, or the last over a year
/// ago: security_drill_overdue. `plan` null: the unit has recorded nothing.
std::vector<SecurityWarning> UnitSecurityWarnings(const EmergencyPlan* plan, Date today);

/// A handover (交接) as the unit records it.
struct Handover {
  std::string to_name, to_role;
  Date handed_over_on;
  bool password_changed = false;
};
/// InvalidArgument naming the field: no successor, a date in the future, or a password not changed
/// at the handover (交接时必须修改密码) — the handover is then refused.
Status ValidateHandover(const Handover& h, Date today);

/// Refuses text that looks like a password rather than a place or a name: "密码：…", "password=…",
/// or a run of 6+ printable ASCII characters with a symbol (other than - _ ( )) mixing three of
/// lower case, upper case, digits and symbols, with no path separator (a vault reference like
/// vault://ks/weibo or secret/weibo-01, a device model like SM-G9980 or Mate40 is fine).
/// InvalidArgument naming `field`.
Status CheckNotASecret(std::string_view field, std::string_view text);

bool IsEmailAddress(std::string_view s);
/// "z***@ks.gov.cn": the first character of the local part kept.
std::string MaskEmail(std::string_view email);

}  // namespace govmedia::core
