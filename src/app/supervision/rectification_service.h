// Rectification (整改) of the problems of published notices — or of an alert, opened by the city
// office in one step (一键整改) — : the unit answers with what it did and the evidence; the city
// office re-checks (复查) and closes the task or sends it back. A task is overdue when it is not
// closed by its due date, or was closed on an answer given after it.
// Thread-safety: safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/evidence_images.h"
#include "app/monitoring/monitor_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/date.h"
#include "storage/audit_log.h"

namespace govmedia::app {

struct Rectification {
  int64_t id = 0;
  int64_t notice_id = 0;                 // 0 when opened from an alert
  std::optional<int64_t> alert_id;       // the alert it was opened from
  std::string notice_title;              // for an alert's: "告警 #N"
  std::optional<std::string> published_on;  // the notice's publication, or the day it was opened
  int64_t account_id = 0;
  std::string account_name;
  int64_t unit_id = 0;
  std::string unit_name, indicator, problem, due_on, status, answer, evidence_url, review_note;
  std::optional<std::string> answered_on, answered_by, reviewed_by, closed_on;
  std::vector<EvidenceImage> images;  // 佐证图片 the unit sent, without their bytes
  bool Overdue(core::Date today) const;
};

struct RectificationFilter {
  std::string status;
  std::optional<int64_t> unit_id, notice_id, alert_id;
  std::optional<int> year;  // of the notice's publication
};

class RectificationService final {
 public:
  RectificationService(storage::Db& db, storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  core::Result<std::vector<Rectification>> List(const core::Principal& p, RectificationFilter f);
  /// The unit's answer; InvalidArgument naming "answer" when empty. Conflict once closed.
  core::Result<Rectification> Answer(const core::Principal& p, int64_t id, const std::string& answer,
                                     const std::string& evidence_url);
  /// 一键整改 (city office): a rectification of the alert's account with the alert's evidence —
  /// the terms hit in their context, the post and its link — as the problem, due in 10 days; the
  /// alert is marked handled (处置) with a note naming the rectification. One transaction, both
  /// audited (rectification.open, alert.handle). Conflict when the alert is already handled,
  /// forwarded or rectified.
  core::Result<Rectification> OpenFromAlert(const core::Principal& p, MonitorService& monitor, int64_t alert_id);
  /// An image as evidence of the rectification (the unit's, until the task is closed); audited
  /// ("rectification.image"). The same image sent twice is stored once. InvalidArgument naming
  /// "content_base64" or "filename" (CheckEvidenceImage); Conflict once closed.
  core::Result<Rectification> AddImage(const core::Principal& p, int64_t id, const std::string& filename,
                                       const std::string& bytes);
  /// The office's re-check: "close" accepts the last answer, "return" sends the task back.
  core::Result<Rectification> Review(const core::Principal& p, int64_t id, const std::string& decision,
                                     const std::string& note);
  /// Every task of a unit's notices published in `year`, for the assessment (no access check).
  core::Result<std::vector<Rectification>> OfUnit(int64_t unit_id, int year);

 private:
  core::Result<Rectification> Load(int64_t id);
  core::Result<std::vector<Rectification>> Query(const RectificationFilter& f);
  storage::Db& db_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace govmedia::app
