// Review before publication (先审后发, issue 12 item 4): 坚持分级分类审核、先审后发，明确审核主体、
// 审核流程. A unit names its review levels (初审, 复审, 终审 …: 1 to 5, each a reviewer of the unit),
// for all its accounts or for one, and the day from which its accounts publish only after review.
// An editor (unit_operator) submits a draft for one of the unit's accounts; it is pre-scanned at
// once (the lexicon in use, its wording rules and personal data) and goes through the levels in
// order: only a level's named reviewer acts on it, never its editor; a return goes back to the
// editor, whose resubmission starts the chain again. Final approval records the approved text's
// SHA-256, the approvers and times. Every change is audited.
//
// Once archived, each post of an account under review is matched to the account's approved drafts
// (app/review/review_match.h): one published without an approved draft is flagged 未经审核发布,
// one whose text differs materially 发布内容与审核稿不一致; Compare shows the two side by side.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/monitor_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct ReviewLevel {
  int level = 0;
  std::string name;
  int64_t reviewer_id = 0;
  std::string reviewer;  // user name
};

/// What a draft filter asks: the person's queue (drafts waiting for them), a status, an account.
struct DraftFilter {
  bool queue = false;
  std::string status;  // reviewing, returned, approved; empty: all
  std::optional<int64_t> account_id, unit_id;
};

class ReviewService final {
 public:
  ReviewService(storage::Db& db, MonitorService& monitor, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), monitor_(monitor), audit_(audit), clock_(clock) {}

  /// The unit's review settings: {unit_id, unit_name, enabled_from, levels, accounts: [{account_id,
  /// account_name, levels}], reviewers: [{id, username}]} (the unit's operators, who may be named).
  /// A unit operator reads their own unit (`unit_id` ignored); others name it (InvalidArgument).
  core::Result<nlohmann::json> Config(const core::Principal& p, std::optional<int64_t> unit_id);
  /// {unit_id?, account_id?, enabled_from?: "YYYY-MM-DD"|null, levels: [{name, reviewer_id}]}: the
  /// unit's chain, or with `account_id` that account's own (an empty list removes it). The unit's
  /// operators and the city office; audited. InvalidArgument naming the field ("levels[1].name").
  core::Result<nlohmann::json> SetConfig(const core::Principal& p, const nlohmann::json& body);

  /// {account_id, title?, text}: an editor submits a draft; pre-scanned; audited.
  core::Result<nlohmann::json> Submit(const core::Principal& p, const nlohmann::json& body);
  /// {title?, text}: the editor resubmits a returned draft; the chain starts again.
  core::Result<nlohmann::json> Resubmit(const core::Principal& p, int64_t id, const nlohmann::json& body);
  /// `decision` approve or return (a return needs a comment): the level's named reviewer only
  /// (PermissionDenied otherwise, and always for the draft's editor).
  core::Result<nlohmann::json> Decide(const core::Principal& p, int64_t id, const std::string& decision,
                                      const std::string& comment);
  /// An image (PNG, JPEG, WebP) added by the editor to a draft not yet approved.
  core::Result<nlohmann::json> AddImage(const core::Principal& p, int64_t id, const std::string& filename,
                                        const std::string& bytes);
  /// An image's bytes and type, for those who may read the draft. NotFound otherwise.
  core::Result<std::pair<std::string, std::string>> Image(const core::Principal& p, int64_t image_id);

  /// Drafts, newest first, restricted to the person's unit.
  core::Result<nlohmann::json> List(const core::Principal& p, const DraftFilter& f);
  /// One draft with its hits, steps, images and the posts matched to it.
  core::Result<nlohmann::json> Get(const core::Principal& p, int64_t id);

  /// The posts matched (flagged ones by default: differs and unreviewed), newest first.
  core::Result<nlohmann::json> Matches(const core::Principal& p, const std::string& verdict,
                                       std::optional<int64_t> unit_id);
  /// A post's latest version beside its draft: both texts and the differing spans of each.
  core::Result<nlohmann::json> Compare(const core::Principal& p, int64_t post_id);

  /// The number of drafts waiting for this reviewer, the oldest submission first (for 我的任务).
  core::Result<std::vector<nlohmann::json>> Waiting(const core::Principal& p);

 private:
  core::Result<std::vector<ReviewLevel>> ChainOf(int64_t unit_id, int64_t account_id);
  core::Result<nlohmann::json> Prescan(const std::string& title, const std::string& text);
  core::Result<nlohmann::json> Load(int64_t id, bool details);
  core::Status Audit(const core::Principal& p, const std::string& action, const std::string& entity,
                     const std::string& id, const nlohmann::json& before, const nlohmann::json& after);
  storage::Db& db_;
  MonitorService& monitor_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
