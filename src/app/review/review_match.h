// The archive's side of review before publication (先审后发): each new or edited version of a post
// of an account whose unit publishes only after review (from its enabling day) is matched to the
// account's drafts approved in the 30 days before its publication (core::CompareDraft). The best
// match is kept in review_matches; a post with no approved draft is a review-level hit 未经审核发布,
// one whose best draft differs materially 发布内容与审核稿不一致 (category improper, indicator
// improper_content unless the lexicon maps it elsewhere; the note says which and why). A post too
// short, or truncated too early, to be judged is recorded 无法判定 and raises nothing.
// Thread-safety: a function of the database only; runs inside the archiving transaction.
#pragma once

#include <string>

#include "core/status.h"
#include "storage/db.h"
#include "storage/post_store.h"

namespace govmedia::app {

/// How far back an approved draft may lie before the post it became.
inline constexpr int64_t kReviewWindowDays = 30;

/// Matches the post version just archived; nothing for comments, unchanged posts, posts without a
/// publication time, or accounts not (yet) under review. `indicator` is what the hits count under.
core::Status MatchReviewedPost(storage::Db& db, const storage::IncomingPost& p, const storage::Archived& a,
                               const std::string& indicator, const std::string& now);

}  // namespace govmedia::app
