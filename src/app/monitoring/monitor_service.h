// Monitoring of archived posts: every new or edited version is scanned against the lexicon; each
// hit is kept with its level (and becomes a derived finding of the account's next inspection); an
// alert-level hit (veto-level, no mitigating context) raises an alert for the duty officer (值班值守)
// at once — once per post.
// Thread-safety: safe to call concurrently (the scanner is guarded by a mutex).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/inspection_scoring.h"
#include "core/source_credit.h"
#include "scan/scanner.h"
#include "storage/audit_log.h"
#include "storage/post_store.h"

namespace govmedia::app {

struct AlertHit {
  std::string term;
  uint32_t start = 0, end = 0;
  std::string matched;
  std::string level;       // alert, review (contracts/scan.md)
  std::string suggestion;  // the correct form of a wording error; may be empty
  std::string context;     // the mitigating phrase that made a veto-level hit review; may be empty
  std::string note;        // why a dated or leaders rule fired; may be empty
};

struct Alert {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string account_name, unit_name;
  int64_t post_id = 0;
  std::string kind;  // post, comment
  std::string platform_post_id;
  int post_version = 0;
  std::string category, indicator, status, created_at;
  std::optional<std::string> acknowledged_by, acknowledged_at, handled_by, handled_at, forwarded_to;
  std::string note;
  std::string text;
  std::string url;  // the archived version's link to the post; may be empty
  std::optional<int64_t> rectification_id;  // the rectification opened from it (一键整改)
  int64_t unit_id = 0;
  std::vector<AlertHit> hits;
  std::string type = "content";  // content (the lexicon's), hijack (疑似账号被盗用, app/security/hijack_service.h)
  std::string evidence;          // hijack: the signals and posts as JSON; empty otherwise
};

/// A stored hit with its post, for the list of hits an inspector decides (待研判).
struct HitRow {
  int64_t id = 0, post_id = 0, account_id = 0;
  std::string account_name, unit_name, kind, platform_post_id, published_at, url;
  int post_version = 0;
  std::string category, indicator, term, matched, level, suggestion, context, note, created_at;
  uint32_t start = 0, end = 0;
  std::string text;  // the version's whole text
};

struct HitFilter {
  std::string level;     // alert, review; empty: both
  std::string category;  // empty: every category
  std::optional<int64_t> account_id, unit_id;
  int64_t limit = 50, offset = 0;
};

/// The indicator every hit in a comment counts under: the account showed it (留言审看不到位).
inline constexpr std::string_view kCommentIndicator = "comment_moderation";

class MonitorService final {
 public:
  MonitorService(storage::Db& db, storage::PostStore& posts, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), posts_(posts), audit_(audit), clock_(clock) {}

  /// Puts the newest lexicon version of the database in use when it is not already (one query
  /// when nothing changed): called before each batch of posts, so a version published on another
  /// node takes effect without a restart.
  core::Status Refresh();
  /// Whether a lexicon and allow-list would build: InvalidArgument ("line N", "allow[i]") if not.
  core::Status Check(std::string_view tsv, const std::vector<std::string>& allow);
  /// The hits of the lexicon in use (its wording rules and leaders' table included) in a text not
  /// archived, as of `day`: a draft's pre-scan (先审后发). Nothing before the first Refresh.
  std::vector<scan::Hit> ScanText(std::string_view text, std::optional<core::Date> day);
  /// The indicator a category's hits count under in the lexicon in use (its default otherwise).
  std::string IndicatorOf(const std::string& category);
  /// The lexicon version in use (0 before the first Refresh).
  int64_t lexicon_version();
  /// Called with a new alert's id inside the transaction that raised it (the webhook outbox).
  void SetAlertHook(std::function<core::Status(int64_t alert_id)> hook) { on_alert_ = std::move(hook); }
  /// What other capabilities do with an item once archived and scanned (a netizen request found
  /// in a comment, a post matched to its approved draft): each hook runs in the archiving
  /// transaction, for every item archived — new, edited or unchanged (its engagement counts may
  /// have moved): each hook checks `a.outcome` — in the order added. Add them before serving.
  using ArchiveHook = std::function<core::Status(const storage::IncomingPost&, const storage::Archived&)>;
  void AddArchiveHook(ArchiveHook hook) { archive_hooks_.push_back(std::move(hook)); }
  /// Findings other capabilities make on an account for (from, to], added to Findings().
  using FindingSource =
      std::function<core::Result<std::vector<core::DerivedFinding>>(int64_t account_id, int64_t from, int64_t to)>;
  void AddFindingSource(FindingSource source) { finding_sources_.push_back(std::move(source)); }
  /// What OnArchived finds in an item's text alone — the lexicon's hits and the source credits —
  /// found ahead of the archiving transaction: a bulk import reads the next batch on its other
  /// core while this one is written. Touches no database; safe beside OnArchived.
  struct TextReading {
    int64_t lexicon_version = -1;  // the lexicon the hits are of; -1: none was in use
    std::vector<scan::Hit> hits;
    std::vector<core::SourceCredit> credits;
  };
  TextReading Read(const storage::IncomingPost& p);
  /// Scans a post version just archived (nothing for an unchanged post); must run inside the
  /// transaction that archived it. A post's source credits (来源：X, 转自X, X的微博视频, the
  /// original's link; core/source_credit.h) are checked against the approved source units: a
  /// publisher not on the list, or outside its period on the day of publication, is a review-level
  /// hit of the improper category (内容发布不当) whose note names it.
  ///
  /// `read`, when given, is Read(p) taken earlier: OnArchived then uses its findings instead of
  /// reading the text again (unless the lexicon changed in between).
  core::Status OnArchived(const storage::IncomingPost& p, const storage::Archived& a,
                          const TextReading* read = nullptr);
  /// What a scan added: hits not stored before, and an alert when the post had none.
  struct ScanAdded {
    int64_t hits = 0, alerts = 0;
  };
  /// Scans a stored post version again with the lexicon in use (重新扫描存档, RescanService): hits
  /// are added as the archive's own scan adds them — one found before is not added twice, and a
  /// post that alerted before does not alert again — and counted in `added`. Must run inside a
  /// transaction.
  core::Status Rescan(const storage::IncomingPost& p, const storage::Archived& a, ScanAdded* added) {
    return ScanLexicon(p, a, added);
  }

  /// Findings the monitoring made on an account: hits in its posts and comments published in
  /// (from, to], outages of its URLs going on in that time, and those of the finding sources, by
  /// indicator.
  core::Result<std::vector<core::DerivedFinding>> Findings(int64_t account_id, int64_t from, int64_t to);

  /// Stored hits, newest first, restricted to the person's unit (InvalidArgument "level").
  core::Result<std::vector<HitRow>> ListHits(const core::Principal& p, const HitFilter& f, int64_t* total);

  /// Alerts newest first; `type` content or hijack narrows them (InvalidArgument "status", "type").
  core::Result<std::vector<Alert>> ListAlerts(const core::Principal& p, const std::string& status,
                                              const std::string& type = "");
  /// One alert, for those who handle alerts.
  core::Result<Alert> Get(const core::Principal& p, int64_t id);
  core::Result<Alert> Acknowledge(const core::Principal& p, int64_t id);
  core::Result<Alert> Handle(const core::Principal& p, int64_t id, const std::string& note);
  core::Result<Alert> Forward(const core::Principal& p, int64_t id, const std::string& department,
                              const std::string& note);

 private:
  core::Status ScanLexicon(const storage::IncomingPost& p, const storage::Archived& a, ScanAdded* added = nullptr,
                           const TextReading* read = nullptr);
  core::Status CheckSources(const storage::IncomingPost& p, const storage::Archived& a,
                            const std::vector<core::SourceCredit>& credits);
  // What a source credit is checked against: the approved source units and the names of the
  // registry's accounts (the city's own media), read again only when either may have changed.
  struct SourceLists {
    std::vector<core::ApprovedSource> approved;
    std::vector<std::string> account_names;
  };
  // The lists, and the name of `account_id`'s unit, in one query while nothing changed.
  core::Result<std::shared_ptr<const SourceLists>> SourceListsFor(int64_t account_id, std::string* unit_name);
  core::Result<Alert> Load(int64_t id);
  core::Result<Alert> Move(const core::Principal& p, int64_t id, const std::string& action,
                           const std::function<core::Status(const Alert&)>& change);

  storage::Db& db_;
  storage::PostStore& posts_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
  // A lexicon version in use: its scanner and its map of categories to indicators. Shared, so a
  // post's hits are read against the version that found them even if another is loaded meanwhile.
  struct Lexicon {
    int64_t version = 0;
    std::unique_ptr<scan::Scanner> scanner;
    std::map<std::string, std::string> indicator_of;
  };
  std::mutex mu_;  // guards the normaliser, the pointer below and the scanner's scratch space
  std::unique_ptr<scan::Normalizer> normalizer_;
  std::shared_ptr<const Lexicon> lexicon_;
  std::function<core::Status(int64_t)> on_alert_;
  std::vector<ArchiveHook> archive_hooks_;
  std::vector<FindingSource> finding_sources_;
  std::mutex lists_mu_;  // guards the two below
  std::string lists_fingerprint_;
  std::shared_ptr<const SourceLists> lists_;
};

/// The Chinese label of a lexicon category ("有害信息").
std::string CategoryLabel(const std::string& category);

}  // namespace govmedia::app
