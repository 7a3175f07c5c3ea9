// The lifecycle of an account: 申请 → 批准/驳回 → 开设 → 变更 → 关停 → 注销, and the filings
// (备案) that record every step after approval with their deadlines.
//
// The seed: "开设、变更、关停、注销政务新媒体应在2个工作日内向市政府办公室备案，政府办公室接到备案后在
// 1个工作日内按程序报送至全省政务新媒体备案检查系统". PRODUCT.md: the deadline is the end of the N-th
// working day after the event day, and a filing made on that day is on time.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account.h"
#include "core/date.h"
#include "core/status.h"
#include "core/work_calendar.h"

namespace govmedia::core {

enum class FilingKind { kOpen, kChange, kClose, kCancel };
const std::vector<FilingKind>& AllFilingKinds();
std::string_view FilingKindId(FilingKind k);     // "open"
std::string_view FilingKindLabel(FilingKind k);  // "开设"
std::optional<FilingKind> ParseFilingKind(std::string_view id);

enum class Decision { kApprove, kReject };

/// Status after the city office decides an application; Conflict unless the account is applied.
Result<AccountStatus> Decide(AccountStatus current, Decision d);

/// Status after a re-application; Conflict unless the account was rejected.
Result<AccountStatus> Reapply(AccountStatus current);

struct FilingTransition {
  AccountStatus next;
  bool without_application = false;  // opened before an approval: flagged, not refused
};
/// Status after a filing of `kind`. Allowed: open from approved (or from applied/rejected,
/// flagged as opened without an approved application); change and close from open; cancel from
/// open or closed. Everything else — including any move out of cancelled — is Conflict with a
/// Chinese message naming both states.
Result<FilingTransition> ApplyFiling(AccountStatus current, FilingKind kind);

/// Working days allowed by the seed; named here, used nowhere else.
inline constexpr int kFilingDeadlineWorkdays = 2;
inline constexpr int kForwardDeadlineWorkdays = 1;

/// A filing's dates as stored.
struct FilingDates {
  Date event_on;
  Date filed_on;
  std::optional<Date> forwarded_on;
};

/// Deadlines and lateness of a filing as of `today`.
struct FilingStanding {
  Date due_on;           // end of the 2nd working day after event_on
  Date forward_due_on;   // end of the 1st working day after filed_on
  bool filed_late = false;
  bool forward_late = false;  // forwarded after the deadline, or not yet and today is past it
  bool pending = true;        // not yet forwarded to the provincial system
  bool calendar_fell_back = false;  // a year without holiday data was counted Monday–Friday
  bool overdue() const { return filed_late || forward_late; }
};
FilingStanding AssessFiling(const WorkCalendar& cal, const FilingDates& f, Date today);

/// Strict lateness of a filing for scoring: InvalidArgument naming the uncovered year.
Result<bool> IsFiledLate(const WorkCalendar& cal, Date event_on, Date filed_on);

/// Checks a new filing's dates: event not in the future, filed on or after the event;
/// InvalidArgument naming "event_on" or "filed_on".
Status ValidateFilingDates(Date event_on, Date filed_on, Date today);

}  // namespace govmedia::core
