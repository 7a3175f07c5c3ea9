#include "app/review/review_match.h"

#include "core/draft_match.h"
#include "core/similarity.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;

Status MatchReviewedPost(storage::Db& db, const storage::IncomingPost& p, const storage::Archived& a,
                         const std::string& indicator, const std::string& now) {
  if (a.outcome == storage::ArchiveOutcome::kUnchanged || p.kind != storage::kKindPost || p.published_at.empty())
    return Status::Ok();
  auto setting = db.Query(
      "SELECT s.enabled_from FROM review_settings s JOIN accounts a ON a.unit_id = s.unit_id WHERE a.id = ? AND "
      "s.enabled_from IS NOT NULL",
      {p.account_id});
  if (!setting.ok()) return setting.status();
  if (setting->empty()) return Status::Ok();
  // Published on or after the enabling day (Beijing time)?
  const auto day = core::BeijingDay(p.published_epoch);
  if (day.ToString() < setting->front().Text(0)) return Status::Ok();
  auto drafts = db.Query(
      "SELECT id, text FROM review_drafts WHERE account_id = ? AND status = 'approved' AND approved_epoch <= ? AND "
      "approved_epoch >= ? ORDER BY approved_epoch DESC, id DESC",
      {p.account_id, p.published_epoch, p.published_epoch - kReviewWindowDays * core::kSecondsPerDay});
  if (!drafts.ok()) return drafts.status();
  // The best draft: one the post is (the most similar), else the most similar related one.
  std::optional<int64_t> best_id;
  core::DraftComparison best = core::CompareDraft("", p.text);
  for (const auto& r : *drafts) {
    // A draft sharing under a third of the post's character pairs is another text: no diff needed.
    if (core::BigramContainment(p.text, r.Text(1)) < 0.3) continue;
    auto c = core::CompareDraft(r.Text(1), p.text);
    if (c.verdict == core::DraftVerdict::kUndecidable) {
      best = c;
      break;
    }
    const auto rank = [](const core::DraftComparison& x) {
      return x.verdict == core::DraftVerdict::kSame ? 2 : x.verdict == core::DraftVerdict::kDiffers ? 1 : 0;
    };
    if (rank(c) > rank(best) || (rank(c) == rank(best) && c.similarity > best.similarity && rank(c) > 0)) {
      best = c;
      best_id = r.Int(0);
    }
  }
  std::string verdict;
  switch (best.verdict) {
    case core::DraftVerdict::kSame: verdict = "same"; break;
    case core::DraftVerdict::kDiffers: verdict = "differs"; break;
    case core::DraftVerdict::kUndecidable: verdict = "undecidable"; best_id.reset(); break;
    case core::DraftVerdict::kUnrelated: verdict = "unreviewed"; best_id.reset(); break;
  }
  std::string reason = best.reason;
  if (verdict == "unreviewed")
    reason = "未经审核发布：发布前 " + std::to_string(kReviewWindowDays) + " 天内没有与之相符的审核通过稿件";
  if (Status s = db.Exec(
          "INSERT INTO review_matches (post_id, post_version, account_id, draft_id, verdict, similarity, reason, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post_id, post_version) DO UPDATE SET "
          "draft_id = excluded.draft_id, verdict = excluded.verdict, similarity = excluded.similarity, "
          "reason = excluded.reason",
          {a.post_id, static_cast<int64_t>(a.version), p.account_id,
           best_id ? storage::Value(*best_id) : storage::Value(nullptr), verdict, best.similarity, reason, now});
      !s.ok())
    return s;
  if (verdict != "differs" && verdict != "unreviewed") return Status::Ok();
  // The hit marks the first material difference, or for a post never reviewed its whole text.
  uint32_t start = 0, end = 0;
  for (const auto& sp : best.post_spans) {
    if (!sp.material) continue;
    start = sp.start;
    end = sp.end;
    break;
  }
  const std::string term = verdict == "differs" ? "发布内容与审核稿不一致" : "未经审核发布";
  std::string note = reason;
  if (best_id) note += "（审核稿 #" + std::to_string(*best_id) + "）";
  if (end == 0) {
    const auto c = core::Canonicalize(p.text);
    end = c.pos.empty() ? 0 : c.pos.back() + 1;
  }
  // The matched text: the stretch itself, at most 60 characters.
  std::string matched;
  uint32_t cp = 0;
  for (size_t i = 0; i < p.text.size(); ++i) {
    const bool lead = (static_cast<unsigned char>(p.text[i]) & 0xC0) != 0x80;
    if (lead && i > 0) ++cp;
    if (cp >= end || cp >= start + 60) break;
    if (cp >= start) matched += p.text[i];
  }
  return db.Exec(
      "INSERT INTO scan_hits (post_id, post_version, account_id, category, indicator, term, start_cp, end_cp, "
      "matched, created_at, level, suggestion, context, note) VALUES (?, ?, ?, 'improper', ?, ?, ?, ?, ?, ?, "
      "'review', '', '', ?) ON CONFLICT DO NOTHING",
      {a.post_id, static_cast<int64_t>(a.version), p.account_id, indicator, term, static_cast<int64_t>(start),
       static_cast<int64_t>(end), matched, now, note});
}

}  // namespace govmedia::app
