// The Q&A library (咨询答问库): the answers a unit — or the city, for entries of every unit — gives
// to what netizens ask, each with the policy document it rests on (title, number, link), the
// period it is valid for and who last reviewed it. Entries are searched by character bigrams (so
// Chinese needs no word segmentation); an entry whose policy has expired or that nobody reviewed
// for a year is flagged stale. While a unit answers a correction, matching entries are suggested and
// the one used is recorded (CorrectionService::Answer) and counted per entry.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

struct QaEntry {
  int64_t id = 0;
  std::optional<int64_t> unit_id;  // nullopt: city-wide
  std::string unit_name;
  std::string question, answer, policy_title, policy_number, policy_url;
  std::optional<std::string> valid_from, valid_to, reviewed_by, reviewed_on;
  int64_t used_count = 0;
  std::string created_by, created_at, updated_at;
  double score = 0;  // relevance to the search or the text a suggestion was made for
};

struct QaFilter {
  std::string q;                  // search text; empty lists every entry
  std::optional<int64_t> unit_id;  // one unit's entries (and the city-wide ones)
  bool stale_only = false;
  int64_t limit = 50, offset = 0;
};

class QaService final {
 public:
  QaService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  /// Entries the person may use: a unit operator sees the city-wide ones and the unit's own. With
  /// `q`, the matching ones by relevance.
  core::Result<std::vector<QaEntry>> List(const core::Principal& p, const QaFilter& f, int64_t* total);
  core::Result<QaEntry> Get(const core::Principal& p, int64_t id);
  /// Creates an entry from {unit_id?, question, answer, policy_title, policy_number, policy_url,
  /// valid_from, valid_to}; a unit operator's entries are the unit's, city-wide ones are the city
  /// office's. The author counts as its first reviewer. InvalidArgument naming the field.
  core::Result<QaEntry> Create(const core::Principal& p, const nlohmann::json& body);
  core::Result<QaEntry> Update(const core::Principal& p, int64_t id, const nlohmann::json& patch);
  /// 复核: someone confirms the entry still holds (today, by them).
  core::Result<QaEntry> Review(const core::Principal& p, int64_t id);
  /// The entries that best match `text` (a correction's description), at most `n`, each above a
  /// floor of relevance, for the unit that handles it.
  core::Result<std::vector<QaEntry>> Suggest(const core::Principal& p, const std::string& text,
                                             std::optional<int64_t> unit_id, size_t n = 5);
  /// Why an entry is stale on `today`: "policy_expired", "review_due" (none, or not for a year).
  std::vector<std::string> Stale(const QaEntry& e) const;
  nlohmann::json ToJson(const QaEntry& e) const;

 private:
  core::Result<std::vector<QaEntry>> Visible(const core::Principal& p, std::optional<int64_t> unit_id);
  core::Result<QaEntry> Load(int64_t id);
  core::Status Authorize(const core::Principal& p, std::optional<int64_t> unit_id);
  core::Status Apply(const nlohmann::json& body, QaEntry* e);
  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
