// SQL for the archive of posts: every version kept, keyed by account and the platform's id.
// Thread-safety: as the Db it uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace govmedia::storage {

struct IncomingPost {
  int64_t account_id = 0;
  std::string platform_post_id;
  std::string published_at;  // RFC 3339
  int64_t published_epoch = 0;
  std::string text;
  std::string url;
};

enum class ArchiveOutcome { kNew, kEdited, kUnchanged };

struct Archived {
  ArchiveOutcome outcome = ArchiveOutcome::kUnchanged;
  int64_t post_id = 0;
  int version = 0;  // the post's current version after archiving
};

struct ArchivedPost {
  int64_t id = 0;
  std::string platform_post_id;
  int64_t published_epoch = 0;
  int version = 0;
  bool deleted = false;
};

class PostStore final {
 public:
  explicit PostStore(Db& db) : db_(db) {}
  /// Archives a post: new, a new version when its content hash changed, or nothing when it did not.
  Result<Archived> Archive(const IncomingPost& p, const std::string& now);
  /// The text of one version of a post.
  Result<std::string> VersionText(int64_t post_id, int version);
  /// Posts of an account published in (from, to], oldest first, deleted ones included.
  Result<std::vector<ArchivedPost>> PostsBetween(int64_t account_id, int64_t from, int64_t to);
  Result<int64_t> CountPosts(int64_t account_id);
  /// Whether any feed of the account is failing (数据源异常) now.
  Result<bool> AnyFeedFailing(int64_t account_id);

  Result<int64_t> CommittedLines(const std::string& file_hash);
  Status SetCommittedLines(const std::string& file_hash, const std::string& kind, const std::string& path,
                           int64_t lines, const std::string& now);

 private:
  Db& db_;
};

}  // namespace govmedia::storage
