// The archive's full-text index on SQLite, kept in a file of its own beside the database
// (`<database>.search`), built behind the archive up to a watermark (issue 14 item 4).
//
// Why a file of its own: an FTS5 trigram index costs more to build than the rest of archiving a
// post. In the database's own file it was built inside every archiving transaction, holding the
// one write lock. Here the archive commits without it, and an indexer (the `search.index` job of a
// node, or the import's second thread) adds the committed versions in order, in transactions of
// the index's file, which take no lock of the database.
//
// What a search sees: every version with an id at or below the watermark is in the index; those
// above it (the tail the indexer has not reached) are scanned. The index only proposes candidates
// (FTS5 `detail=none`, no positions: a third of the cost of the full trigram index, and a quarter
// of its size); every candidate is checked against the version's own text. So a search is right at
// once after a commit, and fast once the indexer has caught up.
//
// The index can always be rebuilt from the archive: deleted, it starts again from nothing; if the
// database beside it was replaced (a restore), the version at its watermark no longer matches and
// it starts again too.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "storage/db.h"

struct sqlite3;

namespace govmedia::storage {

class SearchIndex final {
 public:
  /// Opens the index file, creating it (and its tables) when missing.
  static Result<std::unique_ptr<SearchIndex>> Open(const std::string& path);
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  const std::string& path() const { return path_; }

  /// Adds up to `limit` committed versions above the watermark, oldest first, read from `archive`
  /// (outside any transaction of it), in one transaction of the index's file. Returns how many
  /// were added: 0 when the index has caught up. Several indexers (of this or other processes)
  /// may run at once; each batch takes the index's write lock and starts from the watermark it
  /// finds there.
  Result<int64_t> CatchUp(Db& archive, int64_t limit = 5000);

  /// The id of the last version in the index (every version up to it is).
  Result<int64_t> Watermark();

  /// Empties the index when the database beside it is not the one it was built from (the version
  /// at its watermark is gone or has other content). Run when the database is opened and before
  /// each catch-up.
  Status Verify(Db& archive);

  /// The FTS5 expression for a substring query of 3 or more characters: each of its trigrams,
  /// quoted, joined by AND (detail=none indexes no positions, so no phrase). Candidates only.
  static std::string MatchExpression(std::string_view query);

  /// The schema name under which the database's readers attach the index.
  static constexpr const char* kSchema = "search";

 private:
  SearchIndex(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  Status Raw(const std::string& sql);
  Result<std::pair<int64_t, std::string>> Progress();  // watermark and the content hash there
  Status VerifyLocked(Db& archive);

  std::string path_;
  sqlite3* db_;
  std::mutex mu_;  // one batch of this process at a time on the connection
};

}  // namespace govmedia::storage
