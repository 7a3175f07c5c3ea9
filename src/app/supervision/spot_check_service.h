// The city office's quarterly spot checks (市政府办公室季度抽查) and their notices (通报): a round
// draws a stratified, seeded sample of open accounts (core/sampling.h), takes accounts added by
// hand, assigns inspectors, and tracks each account's city inspection; a finished round gives a
// notice whose body is frozen at publication, when every problem becomes a rectification task.
// Thread-safety: safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/scoring/scoring_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/sampling.h"
#include "storage/audit_log.h"
#include "storage/registry_store.h"

namespace govmedia::app {

struct NewRound {
  int year = 0, quarter = 0;
  std::string name;
  core::SampleSpec spec;
  bool seed_given = false;
  std::string monitoring_time;
  std::vector<int64_t> extra_account_ids;
};

struct RoundItem {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string account_name;
  int64_t unit_id = 0;
  std::string unit_name, platform, source;
  std::optional<std::string> inspector;
  std::optional<storage::InspectionRow> inspection;
};

struct Round {
  int64_t id = 0;
  int year = 0, quarter = 0;
  std::string name, method;
  std::optional<double> ratio;
  std::optional<int64_t> count;
  int64_t seed = 0;
  std::string monitoring_time, status, created_by, created_at;
  std::optional<std::string> finished_at;
  nlohmann::json strata;  // [{unit_id, platform, population: [ids], sampled: [ids]}]
  std::vector<RoundItem> items;
  std::optional<int64_t> notice_id;
};

/// 我的待检: a round item assigned to the person, not yet inspected (none begun, or one open).
struct PendingItem {
  RoundItem item;
  int64_t round_id = 0;
  std::string round_name, monitoring_time;
};

struct MyInspections {
  std::vector<PendingItem> pending;  // by round, then unit
  int64_t done = 0;                  // the person's items of open rounds already closed
};

struct Notice {
  int64_t id = 0;
  int64_t round_id = 0;
  std::string title, doc_number, status;
  std::optional<std::string> published_on;
  nlohmann::json body;  // frozen once published; computed from the round while a draft
};

class SpotCheckService final {
 public:
  SpotCheckService(storage::Db& db, storage::RegistryStore& registry, ScoringService& scoring, storage::AuditLog& audit,
                   const core::Clock& clock)
      : db_(db), registry_(registry), scoring_(scoring), audit_(audit), clock_(clock) {}

  core::Result<std::vector<Round>> List(const core::Principal& p, std::optional<int> year);
  core::Result<Round> Get(const core::Principal& p, int64_t id);
  core::Result<Round> Create(const core::Principal& p, const NewRound& n);
  core::Result<Round> AddAccount(const core::Principal& p, int64_t round_id, int64_t account_id);
  core::Result<Round> Assign(const core::Principal& p, int64_t round_id, const std::vector<int64_t>& item_ids,
                             const std::string& inspector);
  /// The item's city inspection, created at the round's monitoring time when there is none yet.
  core::Result<int64_t> StartInspection(const core::Principal& p, int64_t item_id);
  core::Result<Round> Finish(const core::Principal& p, int64_t round_id);
  /// 我的待检: the items of open rounds assigned to the person (an inspector, or the city office)
  /// whose inspection is not closed yet.
  core::Result<MyInspections> MyPending(const core::Principal& p);

  core::Result<Notice> Draft(const core::Principal& p, int64_t round_id, const std::string& title, const std::string& number);
  /// Changes a draft's title and 文号 (audited); Conflict once published.
  core::Result<Notice> EditDraft(const core::Principal& p, int64_t id, const std::string& title, const std::string& number);
  core::Result<std::vector<Notice>> Notices(const core::Principal& p);
  core::Result<Notice> GetNotice(const core::Principal& p, int64_t id);
  /// A published notice for anyone (the public page); NotFound for a draft.
  core::Result<Notice> PublicNotice(int64_t id);
  core::Result<Notice> Publish(const core::Principal& p, int64_t id, core::Date published_on);
  core::Result<std::string> NoticeXlsx(const core::Principal& p, int64_t id);

 private:
  core::Result<Round> Load(int64_t id);
  core::Result<Notice> LoadNotice(int64_t id);
  core::Result<nlohmann::json> NoticeBody(const Round& r);
  storage::Db& db_;
  storage::RegistryStore& registry_;
  ScoringService& scoring_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

/// Qualified rates of a round's closed inspections: overall, by unit and by platform.
nlohmann::json RoundResults(const Round& r);

/// Days a unit has to rectify a problem of a published notice (calendar days, 附件3).
inline constexpr int kRectificationDays = 10;

}  // namespace govmedia::app
