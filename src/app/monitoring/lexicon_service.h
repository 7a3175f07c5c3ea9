// Lexicon versions (词库版本) managed by the city office: the terms, the map of categories to
// indicators of 附件2, and an allow-list of phrases whose hits do not count. The newest version
// is the one in use; publishing one reloads the scanner at once, no restart (other nodes pick it
// up at their next batch through MonitorService::Refresh). Thread-safety: safe to call concurrently.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/monitor_service.h"
#include "app/scoring/scoring_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"

namespace govmedia::app {

struct LexiconVersion {
  int64_t version = 0;
  std::string terms_tsv;
  std::map<std::string, std::string> categories;  // category → indicator id
  std::vector<std::string> allow;
  std::string leaders_tsv;  // the leaders table (领导职务表), core::ParseLeaders; may be empty
  std::string note, created_by, created_at;
  bool active = false;
  int64_t terms = 0;    // entries in terms_tsv
  int64_t leaders = 0;  // tenures in leaders_tsv
};

struct LexiconDraft {
  std::string terms_tsv;
  std::optional<std::map<std::string, std::string>> categories;  // nullopt: the active version's
  std::vector<std::string> allow;
  std::optional<std::string> leaders_tsv;  // nullopt: the active version's
  std::string note;
};

class LexiconService final {
 public:
  LexiconService(storage::Db& db, MonitorService& monitor, ScoringService& scoring, storage::AuditLog& audit,
                 const core::Clock& clock)
      : db_(db), monitor_(monitor), scoring_(scoring), audit_(audit), clock_(clock) {}

  /// Stores the built-in default lexicon as version 1 when there is none, and loads the newest.
  core::Status EnsureDefault();

  core::Result<std::vector<LexiconVersion>> List(const core::Principal& p);
  core::Result<LexiconVersion> Get(const core::Principal& p, int64_t version);
  /// Validates (InvalidArgument naming "terms_tsv" or "leaders_tsv" with the line, "categories.x",
  /// "allow[i]"),
  /// stores the next version, audits it and puts it in use.
  core::Result<LexiconVersion> Publish(const core::Principal& p, const LexiconDraft& d);

  /// The indicator ids a category may map to, with their names (the current indicator set's).
  core::Result<std::vector<std::pair<std::string, std::string>>> Indicators();

 private:
  core::Result<LexiconVersion> Load(int64_t version);
  storage::Db& db_;
  MonitorService& monitor_;
  ScoringService& scoring_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

/// The map every lexicon starts from (contracts/scan.md): secret, harmful, serious_error, ad,
/// improper, privacy → their indicators.
std::map<std::string, std::string> DefaultCategoryMap();

}  // namespace govmedia::app
