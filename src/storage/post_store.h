// SQL for the archive of posts: every version kept, keyed by account and the platform's id.
// Thread-safety: as the Db it uses.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/db.h"

namespace govmedia::storage {

/// What an archived item is: a post of the account, or a comment (留言) left under one.
inline constexpr std::string_view kKindPost = "post";
inline constexpr std::string_view kKindComment = "comment";

/// Engagement counts as the platform showed them when the item was fetched or pushed.
struct EngagementCounts {
  std::optional<int64_t> reads, likes, reposts, comments;
};

struct IncomingPost {
  int64_t account_id = 0;
  std::string kind = std::string(kKindPost);
  std::string platform_post_id;
  std::string parent_platform_id;  // a comment's post
  std::string author;              // a comment's author
  std::string published_at;  // RFC 3339
  int64_t published_epoch = 0;
  std::string text;
  std::string url;
  std::optional<EngagementCounts> metrics;  // none given
  // ContentHash(*this) when computed ahead (a bulk import does it on its other core); empty:
  // Archive computes it.
  std::string content_hash;
};

/// What tells two versions of a post apart: SHA-256 of its text and link.
std::string ContentHash(const IncomingPost& p);

enum class ArchiveOutcome { kNew, kEdited, kUnchanged };

struct Archived {
  ArchiveOutcome outcome = ArchiveOutcome::kUnchanged;
  int64_t post_id = 0;
  int version = 0;  // the post's current version after archiving
  int64_t published_epoch = 0;  // the post's, as stored: (post_id, published_epoch) is its key
};

struct ArchivedPost {
  int64_t id = 0;
  std::string platform_post_id;
  int64_t published_epoch = 0;
  int version = 0;
  bool deleted = false;
};

struct PostSearchFilter {
  std::string query;
  std::optional<int64_t> unit_id, account_id, from_epoch, to_epoch;
  std::string platform, category;
  std::string kind;  // post, comment, or empty for both
  int64_t limit = 50, offset = 0;
  // 0: count every match. N: stop counting past N — a total of N + 1 then means "more than N" (a
  // word found a million times costs its count more than its first page).
  int64_t count_up_to = 0;
};

struct PostSearchRow {
  int64_t post_id = 0;
  std::string kind, platform_post_id, parent_platform_id, author;
  int64_t account_id = 0;
  std::string account_name, unit_name, platform, published_at;
  int version = 0, versions = 0;
  bool deleted = false;
  std::string text;  // the current version
  struct Hit {
    std::string category, term;
    int64_t start = 0, end = 0;
    std::string matched;
    std::string level, suggestion, context, note;  // as scan_hits keeps them (contracts/scan.md)
  };
  std::vector<Hit> hits;
  // The evidence of the current version and of the post's presence.
  std::string url, content_hash, first_seen, last_seen;
  std::optional<std::string> deleted_at;      // deletion confirmed by the post's own page
  std::optional<std::string> not_seen_since;  // gone from its feed, deletion not confirmed (未再出现)
  bool date_missing = false;                  // the feed gave no readable date: published = first seen
};

/// One archived version of a post, with the fetch that captured it (none for pushed or imported
/// posts: a version's seen_at is the fetched_at of the feed_fetches row that archived it).
struct PostVersionRow {
  int version = 0;
  std::string content_hash, text, url, seen_at;
  struct Fetch {
    int64_t id = 0;
    std::string url, fetched_at, outcome, reason;
    int64_t http_status = 0;
  };
  std::optional<Fetch> fetch;
};

/// A look at a missing post's own page (post_deletion_checks).
struct DeletionCheckRow {
  std::string checked_at, url, verdict, body_sha256, excerpt, marker, detail;
  int64_t http_status = 0;
};

struct PostDetail {
  PostSearchRow post;
  int64_t unit_id = 0;
  std::vector<PostVersionRow> versions;  // oldest first
  std::vector<DeletionCheckRow> deletion_checks;
};

/// A post as stored, as Archive needs it: its current version and that version's content hash.
struct StoredPost {
  int64_t id = 0;
  int64_t version = 0;
  int64_t published_epoch = 0;
  std::string content_hash;
};

/// What a batch knows of its items' posts before archiving them (PostStore::Known): the stored
/// state by KnownKey, nullopt for a post not stored. Archive keeps it up to date as it writes.
using KnownPosts = std::unordered_map<std::string, std::optional<StoredPost>>;
std::string KnownKey(const IncomingPost& p);

class PostStore final {
 public:
  explicit PostStore(Db& db) : db_(db) {}
  /// Archives a post: new, a new version when its content hash changed, or nothing when it did not.
  /// With `known` (a batch's Known), a post found there is not looked up again.
  Result<Archived> Archive(const IncomingPost& p, const std::string& now, KnownPosts* known = nullptr);
  /// The stored state of the posts of items[from, to) in one query — a bulk import's batch on
  /// PostgreSQL, where each of Archive's own lookups is a round trip to the server. Only for use
  /// in the same transaction, which must hold the write turn alone (Db::Transaction, not
  /// TransactionFor), so that nobody archives those posts in between. Empty on SQLite (Archive
  /// then looks each post up itself, in the process).
  Result<KnownPosts> Known(const std::vector<IncomingPost>& items, size_t from, size_t to);
  /// The text of one version of a post.
  Result<std::string> VersionText(int64_t post_id, int version);
  /// Posts (not comments) of an account published in (from, to], oldest first, deleted ones included.
  Result<std::vector<ArchivedPost>> PostsBetween(int64_t account_id, int64_t from, int64_t to);
  Result<int64_t> CountPosts(int64_t account_id);
  /// Whether any feed of the account is failing (数据源异常) now.
  Result<bool> AnyFeedFailing(int64_t account_id);

  /// A post with every version and every deletion check: NotFound if there is no such post.
  Result<PostDetail> Detail(int64_t post_id);

  /// Substring search over the current versions, case-insensitive for Latin letters: 3 or more
  /// characters through the trigram index (SQLite: search_index.h, PostgreSQL: pg_trgm), shorter
  /// ones by a scan.
  Result<std::vector<PostSearchRow>> Search(const PostSearchFilter& f, int64_t* total);

  Result<int64_t> CommittedLines(const std::string& file_hash);
  Status SetCommittedLines(const std::string& file_hash, const std::string& kind, const std::string& path,
                           int64_t lines, const std::string& now);

 private:
  Status AddVersion(int64_t post_id, int64_t published_epoch, int64_t version, const std::string& hash,
                    const IncomingPost& p, const std::string& now);
  Result<PostSearchRow> Row(int64_t post_id);
  Db& db_;
};

}  // namespace govmedia::storage
