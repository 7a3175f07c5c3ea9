// Netizen requests answered in time (限时办理): which comments ask the account something or ask
// it for something, when each is due, whether the account's reply came in time, and whether a
// reply vents at or mocks the netizen (主观泄愤、回怼网民, 互动回应失当).
//
// The classifier is rules over cue phrases, chosen over a statistical model because there is no
// real comment corpus to train on here, because its reasons must be shown to the unit (the cue is
// the evidence), and because its figures on the hand-labelled sets in tests/data/request-eval/
// are published in docs/interaction.md. It favours precision: a comment is a request only on a
// cue addressed to the account, never on a question mark alone, and a rhetorical question, a
// wish or an aside to other netizens is none. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/work_calendar.h"

namespace govmedia::core {

/// What a comment asks: 咨询 (a question), 求助 (a request for help or action), 投诉 (a complaint
/// or report of wrongdoing), or nothing.
enum class RequestKind { kNone, kQuestion, kRequest, kComplaint };

/// "question", "request", "complaint", "none".
std::string_view RequestKindId(RequestKind kind);
/// 咨询, 求助, 投诉, 非诉求; the id itself for an unknown one.
std::string_view RequestKindLabel(std::string_view id);
/// The kind of an id ("question" …, not "none"); nullopt otherwise.
std::optional<RequestKind> ParseRequestKind(std::string_view id);

/// A phrase that decided a classification, with its place in code points.
struct Cue {
  std::string term;
  uint32_t start = 0, end = 0;
};

struct RequestVerdict {
  RequestKind kind = RequestKind::kNone;
  std::vector<Cue> cues;  // of the winning kind, in text order; empty for none
  /// Why a comment with cues is none ("反问", "对网友说"); empty otherwise.
  std::string dismissed_because;
};

/// Classifies a comment's text.
RequestVerdict ClassifyComment(std::string_view text);

/// Whether a reply vents at or mocks the netizen, with the phrases that say so.
struct VentVerdict {
  bool venting = false;
  std::vector<Cue> cues;
};
VentVerdict FindVenting(std::string_view reply);

/// The netizen a reply addresses: the name after a leading "回复@" or "@" (Weibo writes
/// "回复@name:text"), up to a colon, a space or the end; empty when the reply names no one.
std::string ReplyAddressee(std::string_view reply);

/// Working days to answer each kind (configurable in the monitoring settings).
struct RequestDeadlines {
  int question_workdays = 3;
  int request_workdays = 5;
  int complaint_workdays = 10;
  int For(RequestKind kind) const;
};

/// The day a request asked on `asked_on` must be answered by, on the platform's calendar
/// (lenient: an uncovered year counts Monday–Friday and says so through *fell_back).
Date RequestDueDate(const WorkCalendar& calendar, const RequestDeadlines& d, RequestKind kind, Date asked_on,
                    bool* fell_back = nullptr);

/// answered in time, answered after its day, open before its day, open past its day.
enum class RequestTimeliness { kOnTime, kLate, kPending, kOverdue };
RequestTimeliness JudgeRequest(Date due, std::optional<Date> answered_on, Date today);
/// "on_time", "late", "pending", "overdue".
std::string_view RequestTimelinessId(RequestTimeliness t);

}  // namespace govmedia::core
