// Review before publication (先审后发): whether a published post is the draft its reviewers
// approved. The texts are first brought to a canonical form that forgets what a platform or an
// operator changes without changing the content: whitespace, punctuation and its full- or
// half-width form, emoji ([心], 👍), links, Weibo's truncation ("...展开全文"), a video card
// ("X的微博视频"), traditional characters (a table of common ones) and letter case. Hashtag signs
// are dropped and the words of a hashtag (#…#) or a mention (@name) are "soft": adding or leaving
// out a whole one is no change. What remains is compared by an edit script (Myers' diff over code
// points). The similarity is 2·LCS / (|draft| + |post|) over the canonical texts.
//
// The decision, precision first (docs/review.md has the figures on a labelled set of real posts):
// - similarity below kRelatedDraft: another text, not this draft (kUnrelated);
// - a post whose canonical text is shorter than kMinJudgeChars, or a truncated post whose visible
//   part is, cannot be judged (kUndecidable);
// - a truncated post is compared by containment: its visible part against the draft's opening,
//   the rest of the draft unseen;
// - otherwise every differing stretch is material unless it is a whole hashtag or mention added or
//   left out, or a single character added or left out (的, 了) that is neither a digit nor a
//   negation — at most kToleratedEdits of those; a changed number, date, name, negation or
//   sentence, or any character replaced by another, is material (kDiffers); else kSame.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govmedia::core {

inline constexpr double kRelatedDraft = 0.5;
inline constexpr size_t kMinJudgeChars = 20;
inline constexpr int kToleratedEdits = 3;

/// A text in canonical form, each character with its place in the original (code points).
struct CanonicalText {
  std::u32string chars;
  std::vector<uint32_t> pos;  // code point index in the original of each of `chars`
  std::vector<uint32_t> soft;  // 0, or which hashtag or mention (from 1) the character is in
  bool truncated = false;     // the platform cut the text ("...展开全文")
};

CanonicalText Canonicalize(std::string_view utf8);

/// The simplified form of a traditional character of the table, or `c` itself.
char32_t SimplifiedOf(char32_t c);

enum class DraftVerdict { kSame, kDiffers, kUnrelated, kUndecidable };
std::string_view DraftVerdictId(DraftVerdict v);  // same, differs, unrelated, undecidable

/// A stretch of one text, in code points of the original: [start, end).
struct DiffSpan {
  uint32_t start = 0, end = 0;
  bool material = false;
};

struct DraftComparison {
  DraftVerdict verdict = DraftVerdict::kUnrelated;
  double similarity = 0;
  bool truncated = false;
  int tolerated = 0;  // single-character edits let pass
  std::vector<DiffSpan> draft_spans, post_spans;  // what differs, on each side
  std::string reason;  // in Chinese: why (发布内容与审核稿不一致：数字不同 …)
};

/// Compares an approved draft with a published post's text.
DraftComparison CompareDraft(std::string_view draft, std::string_view post);

}  // namespace govmedia::core
