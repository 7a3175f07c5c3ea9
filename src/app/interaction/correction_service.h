// The public correction entry (纠错入口) and its handling, per contracts/public-corrections.md.
// Netizens report a problem on a government account without an account of their own; the report
// goes to the unit that runs the account (the city office when none is named), which accepts it
// within its working days and answers within its working days of acceptance; a report whose
// deadline passes is escalated (已督办) to the city office and shown on the unit's home. The answer
// is published on the status page, every step audited, and the figures per unit and year feed the
// annual assessment (indicator interaction.correction_late).
//
// The anti-robot check is a proof of work made here (no outside service), challenges and rate
// limits live in the database so every node counts alike. The netizen's contact is the only
// personal data taken: never in the audit log or the logs, masked to everyone but the handling
// unit and the city office, and every look at it by the office is audited.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/settings_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/correction.h"
#include "core/work_calendar.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct Correction {
  int64_t id = 0;
  std::string ticket;
  std::optional<int64_t> account_id;
  std::string account_name, platform;
  int64_t unit_id = 0;
  std::string unit_name, kind, description, url, contact, source;
  std::string status;  // stored: submitted | accepted | answered | rejected
  std::string submitted_at, submitted_on;
  std::optional<std::string> accepted_at, accepted_on, accepted_by, answered_at, answered_on, answered_by;
  std::string answer;
  std::optional<std::string> escalated_at, escalated_step;
  std::optional<int64_t> qa_entry_id;  // the Q&A library entry the answer used
  core::CorrectionDue due;             // its deadlines under the settings it was loaded with
  /// The status the public sees: escalated while a late report is not yet answered.
  std::string PublicStatus() const;
  core::CorrectionTimeline Timeline() const;
};

struct CorrectionFilter {
  std::string status;  // a public status, or "open" (not answered or rejected); empty: all
  std::optional<int64_t> unit_id;
  std::optional<int> year;  // of submission
  std::string q;            // in the ticket, account name or description
  int64_t limit = 50, offset = 0;
};

struct CorrectionReceipt {
  std::string ticket, code;
};

/// A request over a public route's limit: when to try again.
struct RateLimited {
  int retry_after = 0;  // seconds
};

class CorrectionService final {
 public:
  CorrectionService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock,
                    const core::WorkCalendar& calendar, SettingsService& settings)
      : db_(db), audit_(audit), clock_(clock), calendar_(calendar), settings_(settings) {}

  // ---- The public face (no session) ----
  /// What the form needs: open accounts, kinds, and a fresh challenge. TooManyRequests (with
  /// *limited set) when the address asked for too many challenges.
  core::Result<nlohmann::json> Form(const std::string& address, RateLimited* limited);
  /// Files a report. `integration` names another system that authenticated with its token (no
  /// challenge and no rate limit then). InvalidArgument naming the field; "answer" for a wrong,
  /// used or expired challenge; TooManyRequests with *limited set.
  core::Result<CorrectionReceipt> Submit(const nlohmann::json& body, const std::string& address,
                                         const std::string& integration, RateLimited* limited);
  /// The public status of a ticket; NotFound alike for an unknown ticket and a wrong code.
  core::Result<nlohmann::json> PublicStatus(const std::string& ticket, const std::string& code,
                                            const std::string& address, RateLimited* limited);

  // ---- Handling (a session) ----
  core::Result<std::vector<Correction>> List(const core::Principal& p, const CorrectionFilter& f, int64_t* total);
  /// Reports in the person's scope by public status (submitted, accepted, escalated, answered,
  /// rejected), for the list's count cards.
  core::Result<nlohmann::json> Counts(const core::Principal& p);
  /// One report; the contact unmasked for the handling unit and the city office (the office's
  /// look audited as correction.contact_view).
  core::Result<Correction> Get(const core::Principal& p, int64_t id, bool* contact_visible);
  core::Result<Correction> Accept(const core::Principal& p, int64_t id);
  /// 不予受理 with the reason, published as the answer.
  core::Result<Correction> Reject(const core::Principal& p, int64_t id, const std::string& reason);
  /// The answer, with the Q&A library entry it used (recorded and counted for the entry); the
  /// entry must be the city's or the handling unit's (InvalidArgument naming "qa_entry_id").
  core::Result<Correction> Answer(const core::Principal& p, int64_t id, const std::string& answer,
                                  std::optional<int64_t> qa_entry_id = std::nullopt);
  /// Escalates every report whose deadline has passed before the unit acted; returns how many.
  core::Result<int> Sweep();
  /// Received, accepted on time, answered on time, overdue, open: per unit for `year`.
  core::Result<nlohmann::json> Figures(const core::Principal& p, int year);
  /// The year's reports of a unit as assessment facts (no access check).
  core::Result<nlohmann::json> AssessmentFacts(int64_t unit_id, int year);
  nlohmann::json ToJson(const Correction& c, bool contact_visible);

 private:
  core::Result<Correction> Load(int64_t id);
  /// Reports of a query (kColumns and kFrom, then `tail`), each with its deadlines; the settings
  /// are read once per call.
  core::Result<std::vector<Correction>> Select(const std::string& tail, const storage::Params& params);
  core::Result<core::CorrectionDeadlines> Deadlines();
  /// Escalates what is due before a read shows it; a busy database leaves it to the next read.
  core::Status SweepBeforeRead();
  /// Counts a request against a public limit; TooManyRequests with *limited set when over.
  core::Status Throttle(const std::string& bucket, const std::string& address, int max, int window_seconds,
                        RateLimited* limited);
  core::Status CheckChallenge(const std::string& id, const std::string& answer);
  core::Result<Correction> Decide(const core::Principal& p, int64_t id, const std::string& action,
                                  const std::string& text, std::optional<int64_t> qa_entry_id = std::nullopt);
  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
  const core::WorkCalendar& calendar_;
  SettingsService& settings_;
};

}  // namespace govmedia::app
