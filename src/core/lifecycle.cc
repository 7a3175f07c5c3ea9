#include "core/lifecycle.h"

#include <array>

namespace govmedia::core {
namespace {

struct KindInfo {
  FilingKind k;
  std::string_view id;
  std::string_view label;
};
constexpr std::array<KindInfo, 4> kKinds{{
    {FilingKind::kOpen, "open", "开设"},
    {FilingKind::kChange, "change", "变更"},
    {FilingKind::kClose, "close", "关停"},
    {FilingKind::kCancel, "cancel", "注销"},
}};

Status Refused(AccountStatus from, std::string_view what) {
  return Status::Conflict("账号当前状态为「" + std::string(AccountStatusLabel(from)) + "」，不能" +
                          std::string(what));
}

}  // namespace

const std::vector<FilingKind>& AllFilingKinds() {
  static const std::vector<FilingKind> all{FilingKind::kOpen, FilingKind::kChange,
                                           FilingKind::kClose, FilingKind::kCancel};
  return all;
}
std::string_view FilingKindId(FilingKind k) {
  for (const auto& i : kKinds)
    if (i.k == k) return i.id;
  return "open";
}
std::string_view FilingKindLabel(FilingKind k) {
  for (const auto& i : kKinds)
    if (i.k == k) return i.label;
  return "";
}
std::optional<FilingKind> ParseFilingKind(std::string_view id) {
  for (const auto& i : kKinds)
    if (i.id == id) return i.k;
  return std::nullopt;
}

Result<AccountStatus> Decide(AccountStatus current, Decision d) {
  if (current != AccountStatus::kApplied) return Refused(current, "审批开设申请");
  return d == Decision::kApprove ? AccountStatus::kApproved : AccountStatus::kRejected;
}

Result<AccountStatus> Reapply(AccountStatus current) {
  if (current != AccountStatus::kRejected) return Refused(current, "重新申请");
  return AccountStatus::kApplied;
}

Result<FilingTransition> ApplyFiling(AccountStatus current, FilingKind kind) {
  using S = AccountStatus;
  switch (kind) {
    case FilingKind::kOpen:
      if (current == S::kApproved) return FilingTransition{S::kOpen, false};
      if (current == S::kApplied || current == S::kRejected) return FilingTransition{S::kOpen, true};
      return Refused(current, "开设备案");
    case FilingKind::kChange:
      if (current == S::kOpen) return FilingTransition{S::kOpen, false};
      return Refused(current, "变更备案");
    case FilingKind::kClose:
      if (current == S::kOpen) return FilingTransition{S::kClosed, false};
      return Refused(current, "关停备案");
    case FilingKind::kCancel:
      if (current == S::kOpen || current == S::kClosed) return FilingTransition{S::kCancelled, false};
      return Refused(current, "注销备案");
  }
  return Status::Internal("unknown filing kind");
}

FilingStanding AssessFiling(const WorkCalendar& cal, const FilingDates& f, Date today) {
  FilingStanding s;
  const auto due = cal.AddWorkdaysLenient(f.event_on, kFilingDeadlineWorkdays);
  const auto fwd = cal.AddWorkdaysLenient(f.filed_on, kForwardDeadlineWorkdays);
  s.due_on = due.date;
  s.forward_due_on = fwd.date;
  s.calendar_fell_back = due.fell_back || fwd.fell_back;
  s.filed_late = f.filed_on > s.due_on;
  s.pending = !f.forwarded_on.has_value();
  s.forward_late = f.forwarded_on ? *f.forwarded_on > s.forward_due_on : today > s.forward_due_on;
  return s;
}

Result<bool> IsFiledLate(const WorkCalendar& cal, Date event_on, Date filed_on) {
  auto due = cal.AddWorkdays(event_on, kFilingDeadlineWorkdays);
  if (!due.ok()) return due.status();
  return filed_on > *due;
}

Status ValidateFilingDates(Date event_on, Date filed_on, Date today) {
  if (event_on > today) return Status::InvalidArgument("event_on", "事件日期不能晚于今天");
  if (filed_on < event_on) return Status::InvalidArgument("filed_on", "备案日期不能早于事件日期");
  if (filed_on > today) return Status::InvalidArgument("filed_on", "备案日期不能晚于今天");
  return Status::Ok();
}

}  // namespace govmedia::core
