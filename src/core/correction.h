// The public correction entry (纠错入口, contracts/public-corrections.md): what a netizen may
// report, how a report moves (submitted → accepted → answered, or rejected; escalated when a
// deadline passes), the one piece of personal data taken (a contact), the anti-robot proof of
// work, and when a report counts as handled late for the annual assessment. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "core/work_calendar.h"

namespace govmedia::core {

struct CorrectionKind {
  const char* id;     // "content_error"
  const char* label;  // "内容错误"
};
/// The kinds of problem, in the form's order.
const std::vector<CorrectionKind>& CorrectionKinds();
bool IsCorrectionKind(std::string_view id);
std::string_view CorrectionKindLabel(std::string_view id);

/// Statuses as the public sees them: submitted 已提交, accepted 已受理, answered 已答复, rejected
/// 不予受理, escalated 已督办 (a deadline passed before the unit acted).
std::string_view CorrectionStatusLabel(std::string_view status);

/// A netizen's contact: an e-mail address or a phone number (mobile, +86 mobile or landline).
/// Returns it trimmed, spaces and dashes of a mobile removed; empty stays empty (it is optional).
/// InvalidArgument naming "contact" otherwise.
Result<std::string> NormalizeContact(std::string_view contact);
/// "138****5678", "z***@example.com": what everyone but the handling unit and the city office sees.
std::string MaskContact(std::string_view contact);

/// Number of leading zero bits of a digest.
int LeadingZeroBits(const unsigned char* digest, size_t size);
/// Whether `answer` is a proof-of-work answer as the contract writes it: a decimal integer of at
/// most 20 digits without sign or leading zeros (except "0").
bool IsDecimalAnswer(std::string_view answer);

/// The working-day deadlines of one report.
struct CorrectionDeadlines {
  int accept_workdays = 1;  // the unit accepts within this many working days of submission
  int answer_workdays = 3;  // and answers within this many working days of acceptance
};

/// The dates of one report's handling, in Beijing days.
struct CorrectionTimeline {
  Date submitted_on;
  std::optional<Date> accepted_on;  // accepted, or rejected (a decision at the acceptance step)
  std::optional<Date> answered_on;  // answered (for a rejection: the day of the rejection)
  bool rejected = false;
};

/// The due date of the acceptance, and of the answer once accepted (nullopt before).
struct CorrectionDue {
  Date accept_by;
  std::optional<Date> answer_by;
};
/// Deadlines counted on the platform's calendar (lenient: an uncovered year counts Monday–Friday
/// and says so through *fell_back).
CorrectionDue CorrectionDueDates(const WorkCalendar& calendar, const CorrectionDeadlines& d,
                                 const CorrectionTimeline& t, bool* fell_back = nullptr);

enum class CorrectionTimeliness { kOnTime, kLate, kPending };
struct CorrectionJudgement {
  CorrectionTimeliness accept = CorrectionTimeliness::kPending;
  CorrectionTimeliness answer = CorrectionTimeliness::kPending;
  /// The step overdue on `today` (not done and past its day), for escalation: "accept", "answer"
  /// or empty.
  std::string overdue_step;
  /// Late or not handled on `today`: a deduction line when the year is judged.
  bool late() const {
    return accept == CorrectionTimeliness::kLate || answer == CorrectionTimeliness::kLate;
  }
};
/// Judges a report on `today`: a step done by its day is on time, done after it or not done once
/// the day has passed is late, not done before its day is pending.
CorrectionJudgement JudgeCorrection(const CorrectionDue& due, const CorrectionTimeline& t, Date today);

/// "JC20261129-0001": the ticket of the n-th report of a Beijing day.
std::string CorrectionTicket(Date day, int n);
/// Whether `ticket` has that shape (checked before any lookup).
bool IsCorrectionTicket(std::string_view ticket);

}  // namespace govmedia::core
