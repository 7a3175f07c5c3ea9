// Fake engagement found (严禁购买"粉丝"等数据造假; 附件2 单项否决: 存在购买"粉丝"、强制要求群众点赞等
// 弄虚作假行为).
//
// Counts come in with posts (`metrics` on each pushed or imported post, kept per observation) and as
// account snapshots (followers and totals a day, pushed or imported). The detector (core/engagement)
// finds follower jumps and posts far above the account's own history, an account far above accounts
// of the same platform and size, comments from a handful of authors repeated, and wording that
// forces engagement in the account's posts or in documents the city office records. Each is an
// anomaly with its evidence for an inspector to confirm or dismiss (核减) with a reason, audited; a
// confirmed one is the veto finding (veto.fake_engagement) of the account's inspections made from
// then on, for the month after it was confirmed or happened. Nothing is concluded without an
// inspector: the detector only proposes.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/incoming_item.h"
#include "app/monitoring/ingest_service.h"
#include "app/monitoring/settings_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/engagement.h"
#include "core/inspection_scoring.h"
#include "storage/audit_log.h"
#include "storage/db.h"
#include "storage/post_store.h"

namespace govmedia::app {

inline constexpr std::string_view kFakeEngagementIndicator = "veto.fake_engagement";

struct EngagementAnomaly {
  int64_t id = 0;
  std::optional<int64_t> account_id, post_id, document_id;
  int64_t unit_id = 0;
  std::string account_name, unit_name, platform;
  std::string kind, subject, occurred_on, summary;
  double score = 0;
  nlohmann::json evidence;
  std::string status, reason, created_at;
  std::optional<std::string> decided_by, decided_at;
};

struct AnomalyFilter {
  std::string status, kind;
  std::optional<int64_t> unit_id, account_id;
  int64_t limit = 50, offset = 0;
};

class EngagementService final {
 public:
  EngagementService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock, SettingsService& settings)
      : db_(db), audit_(audit), clock_(clock), settings_(settings) {}

  /// MonitorService's archive hook: keeps the counts that came with the item, and reads a new or
  /// edited post for wording that forces engagement.
  core::Status OnArchived(const storage::IncomingPost& p, const storage::Archived& a);
  /// MonitorService's finding source: confirmed anomalies of the account that happened or were
  /// confirmed in (from, to].
  core::Result<std::vector<core::DerivedFinding>> Findings(int64_t account_id, int64_t from, int64_t to);

  /// Another system pushes account snapshots (`snapshots[i]`: {account_id, observed_at, followers?,
  /// reads?, likes?, reposts?, comments?}); the latest of a day is kept. All or nothing;
  /// InvalidArgument naming "snapshots[i].field". `source` is "push" or "import".
  core::Result<IngestCounts> PushSnapshots(const nlohmann::json& items, const std::string& source,
                                           const std::string& actor);

  /// Runs the detector on one account (or every open account): new anomalies are added, known ones
  /// kept as they are. Returns how many were added.
  core::Result<int> Detect(std::optional<int64_t> account_id);

  /// The city office records a document ({unit_id, account_id?, title, doc_number?, issued_on?,
  /// text}) and it is read at once for forced engagement. Returns the anomalies it raised.
  core::Result<std::vector<EngagementAnomaly>> RecordDocument(const core::Principal& p, const nlohmann::json& body);

  core::Result<std::vector<EngagementAnomaly>> List(const core::Principal& p, const AnomalyFilter& f, int64_t* total);
  core::Result<nlohmann::json> Counts(const core::Principal& p, AnomalyFilter f);
  core::Result<EngagementAnomaly> Get(const core::Principal& p, int64_t id);
  /// confirm or dismiss, with a reason: inspectors and the city office.
  core::Result<EngagementAnomaly> Decide(const core::Principal& p, int64_t id, const std::string& decision,
                                         const std::string& reason);
  /// The account's followers by day, its posts' latest counts and its anomalies, for the charts.
  core::Result<nlohmann::json> Series(const core::Principal& p, int64_t account_id);

  nlohmann::json ToJson(const EngagementAnomaly& a) const;

 private:
  core::Result<core::EngagementSettings> Settings();
  core::Result<std::vector<EngagementAnomaly>> Select(const std::string& where, const storage::Params& params,
                                                      const std::string& tail = "");
  core::Result<bool> Add(std::optional<int64_t> account_id, int64_t unit_id, const std::string& kind,
                         const std::string& subject, std::optional<int64_t> post_id, std::optional<int64_t> document_id,
                         const std::string& occurred_on, double score, const std::string& summary,
                         const nlohmann::json& evidence);
  core::Result<int> DetectAccount(int64_t account_id, const core::EngagementSettings& s);

  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
  SettingsService& settings_;
};

}  // namespace govmedia::app
