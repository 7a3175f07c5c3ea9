// Netizen requests answered in time (限时办理): 对于群众诉求要限时办理、及时反馈.
//
// A request is a comment that asks the account something or asks it for something — found among
// the ingested comments by core::ClassifyComment, with the phrases that decided it as evidence —
// or one the unit entered (a private message, a call) or another system pushed. Each gets a
// deadline in working days by kind (the monitoring settings), fixed when it was asked. Its reply is
// matched from the account's own reply in the archive (a comment by the account under the same
// post, after the request, addressed to the netizen or to no one) or entered by the unit; on-time
// rates are given per account and unit.
//
// What it concludes against a unit: a reply that vents at or mocks the netizen is a review-level
// hit of 互动回应失当 (scan_hits for an archived reply; the request's record for an entered one),
// and a request still unanswered past its deadline is a finding of the account's next inspection
// (互动回应失当). Neither is drawn when the evidence is uncertain: a request found in comments, or
// pushed by a system, is not called unanswered while that source has never shown a reply of the
// account (the collector may not see them, the system may not send them) — it is 无法判定 then.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/ingest_service.h"
#include "app/monitoring/settings_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/inspection_scoring.h"
#include "core/netizen_request.h"
#include "core/work_calendar.h"
#include "storage/audit_log.h"
#include "storage/db.h"
#include "storage/post_store.h"

namespace govmedia::app {

/// The indicator a late or venting reply counts under (互动回应失当).
inline constexpr std::string_view kReplyIndicator = "improper_reply";

struct NetizenRequest {
  int64_t id = 0, account_id = 0, unit_id = 0;
  std::string account_name, platform, unit_name;
  std::string source;  // comment | entered | pushed
  std::optional<int64_t> comment_post_id;
  std::string platform_id, parent_platform_id, channel, author, kind, text;
  std::vector<core::Cue> cues;
  std::string asked_at, asked_on, due_on;
  std::string status;  // open | answered | dismissed
  std::string reply_text;
  std::optional<std::string> replied_at, replied_on, reply_source;
  std::optional<int64_t> reply_post_id, qa_entry_id;
  std::string reply_match;
  std::vector<core::Cue> reply_vent;  // an entered reply's venting phrases
  std::string dismissed_reason, created_by, created_at;
  /// Whether the request's source has ever shown a reply of the account: the collection one of its
  /// own comments (found in comments), the pushing system a reply (pushed); always for entered ones.
  bool replies_seen = true;
  /// on_time, late, pending, overdue, undetermined (overdue by the archive, but the collector has
  /// never shown the account's replies), dismissed.
  std::string timeliness;
};

struct RequestFilter {
  std::string status;  // open, answered, dismissed, overdue, late, undetermined; empty: all
  std::string kind, source, q;
  std::optional<int64_t> unit_id, account_id;
  std::optional<int> year;  // of asking
  int64_t limit = 50, offset = 0;
};

/// On-time figures of one account or unit for a year.
struct RequestFigures {
  int64_t id = 0;
  std::string name, unit_name;
  int total = 0, on_time = 0, late = 0, overdue = 0, pending = 0, undetermined = 0, dismissed = 0;
  /// on_time / (on_time + late + overdue); nullopt with nothing judged yet.
  std::optional<double> rate() const;
};

class RequestService final {
 public:
  RequestService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock,
                 const core::WorkCalendar& calendar, SettingsService& settings)
      : db_(db), audit_(audit), clock_(clock), calendar_(calendar), settings_(settings) {}

  /// MonitorService's archive hook: a new comment of a netizen that asks is a request; a new
  /// comment of the account itself is a reply, matched to the request it answers and checked for
  /// venting. Runs in the archiving transaction.
  core::Status OnArchived(const storage::IncomingPost& p, const storage::Archived& a);
  /// MonitorService's finding source: requests of the account due in (from, to] still unanswered
  /// at `to`, and entered replies that vent, made then.
  core::Result<std::vector<core::DerivedFinding>> Findings(int64_t account_id, int64_t from, int64_t to);

  /// The unit enters a request: {account_id, text, kind?, asked_at?, author?, channel?}. Without a
  /// kind the classifier's is taken, and a text it finds no request in must be given one.
  /// InvalidArgument naming the field.
  core::Result<NetizenRequest> Create(const core::Principal& p, const nlohmann::json& body);
  /// Another system pushes requests (`requests[i]`: {account_id, id, text, asked_at, author?,
  /// kind?, reply?, replied_at?}), each kept once per account and id; a later push of the same id
  /// may bring its reply. All or nothing; InvalidArgument naming "requests[i].field".
  core::Result<IngestCounts> Push(const Integration& who, const nlohmann::json& items);
  /// Records the reply the unit gave: {text, replied_at?, qa_entry_id?}. A reply that vents is
  /// recorded with its phrases (互动回应失当).
  core::Result<NetizenRequest> Reply(const core::Principal& p, int64_t id, const nlohmann::json& body);
  /// Not a request after all (the classifier erred): {reason}. Audited; the city office sees it.
  core::Result<NetizenRequest> Dismiss(const core::Principal& p, int64_t id, const std::string& reason);
  /// Changes the kind ({kind}); the deadline is counted again from the day it was asked.
  core::Result<NetizenRequest> SetKind(const core::Principal& p, int64_t id, const std::string& kind);

  core::Result<std::vector<NetizenRequest>> List(const core::Principal& p, const RequestFilter& f, int64_t* total);
  core::Result<NetizenRequest> Get(const core::Principal& p, int64_t id);
  /// Counts by timeliness over the filter (its status ignored), for the page's cards.
  core::Result<nlohmann::json> Counts(const core::Principal& p, RequestFilter f);
  /// On-time figures for a year per account and per unit (a unit operator: the unit's own).
  core::Result<std::pair<std::vector<RequestFigures>, std::vector<RequestFigures>>> Figures(const core::Principal& p,
                                                                                            int year);
  /// Open requests of a unit past their deadline (the unit's home).
  core::Result<int64_t> OverdueCount(int64_t unit_id);

  nlohmann::json ToJson(const NetizenRequest& r) const;

 private:
  core::Result<NetizenRequest> Load(int64_t id);
  core::Result<std::vector<NetizenRequest>> Select(const std::string& where, const storage::Params& params,
                                                   const std::string& tail = "");
  core::Result<core::RequestDeadlines> Deadlines();
  core::Status MatchReply(int64_t account_id, const std::string& parent, const std::string& addressee,
                          int64_t reply_post_id, int64_t reply_epoch, const std::string& reply_at,
                          const std::string& reply_text);
  core::Status MatchEarlierReply(int64_t request_id, int64_t account_id, const std::string& account_name,
                                 const std::string& parent, const std::string& author, int64_t asked_epoch);
  core::Status ScanReply(const storage::IncomingPost& p, const storage::Archived& a);
  void Judge(NetizenRequest* r) const;

  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
  const core::WorkCalendar& calendar_;
  SettingsService& settings_;
};

}  // namespace govmedia::app
