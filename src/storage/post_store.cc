#include "storage/post_store.h"

#include "storage/audit_log.h"

namespace govmedia::storage {

Result<Archived> PostStore::Archive(const IncomingPost& p, const std::string& now) {
  const std::string hash = Sha256Hex(p.text + '\x1f' + p.url);
  Archived out;
  ArchiveOutcome& outcome = out.outcome;
  Status st = db_.Transaction([&]() -> Status {
    auto rows = db_.Query("SELECT id, current_version FROM posts WHERE account_id = ? AND platform_post_id = ?",
                          {p.account_id, p.platform_post_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) {
      auto id = db_.Insert(
          "INSERT INTO posts (account_id, platform_post_id, published_at, published_epoch, current_version, "
          "first_seen, last_seen) VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id",
          {p.account_id, p.platform_post_id, p.published_at, p.published_epoch, now, now});
      if (!id.ok()) return id.status();
      outcome = ArchiveOutcome::kNew;
      out.post_id = *id;
      out.version = 1;
      return db_.Exec("INSERT INTO post_versions (post_id, version, content_hash, text, url, seen_at) VALUES (?, 1, ?, ?, ?, ?)",
                      {*id, hash, p.text, p.url, now});
    }
    const int64_t id = rows->front().Int(0), version = rows->front().Int(1);
    out.post_id = id;
    out.version = static_cast<int>(version);
    auto current = QueryOne(db_, "SELECT content_hash FROM post_versions WHERE post_id = ? AND version = ?", {id, version});
    if (!current.ok()) return current.status();
    if (current->Text(0) == hash) {
      return db_.Exec("UPDATE posts SET last_seen = ? WHERE id = ?", {now, id});
    }
    outcome = ArchiveOutcome::kEdited;
    out.version = static_cast<int>(version + 1);
    if (Status s = db_.Exec("INSERT INTO post_versions (post_id, version, content_hash, text, url, seen_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            {id, version + 1, hash, p.text, p.url, now});
        !s.ok())
      return s;
    return db_.Exec("UPDATE posts SET current_version = ?, last_seen = ? WHERE id = ?", {version + 1, now, id});
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::string> PostStore::VersionText(int64_t post_id, int version) {
  auto r = QueryOne(db_, "SELECT text FROM post_versions WHERE post_id = ? AND version = ?",
                    {post_id, static_cast<int64_t>(version)});
  if (!r.ok()) return r.status();
  return r->Text(0);
}

Result<std::vector<ArchivedPost>> PostStore::PostsBetween(int64_t account_id, int64_t from, int64_t to) {
  auto rows = db_.Query(
      "SELECT id, platform_post_id, published_epoch, current_version, deleted_at FROM posts "
      "WHERE account_id = ? AND published_epoch > ? AND published_epoch <= ? ORDER BY published_epoch",
      {account_id, from, to});
  if (!rows.ok()) return rows.status();
  std::vector<ArchivedPost> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), static_cast<int>(r.Int(3)), !r.IsNull(4)});
  }
  return out;
}

Result<int64_t> PostStore::CountPosts(int64_t account_id) {
  auto r = QueryOne(db_, "SELECT COUNT(*) FROM posts WHERE account_id = ?", {account_id});
  if (!r.ok()) return r.status();
  return r->Int(0);
}

Result<bool> PostStore::AnyFeedFailing(int64_t account_id) {
  auto r = QueryOne(db_, "SELECT COUNT(*) FROM feed_state WHERE account_id = ? AND health = 'failing'", {account_id});
  if (!r.ok()) return r.status();
  return r->Int(0) > 0;
}

Result<int64_t> PostStore::CommittedLines(const std::string& file_hash) {
  auto rows = db_.Query("SELECT committed_lines FROM import_progress WHERE file_hash = ?", {file_hash});
  if (!rows.ok()) return rows.status();
  return rows->empty() ? 0 : rows->front().Int(0);
}

Status PostStore::SetCommittedLines(const std::string& file_hash, const std::string& kind, const std::string& path,
                                    int64_t lines, const std::string& now) {
  return db_.Exec(
      "INSERT INTO import_progress (file_hash, kind, path, committed_lines, updated_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (file_hash) DO UPDATE SET committed_lines = excluded.committed_lines, updated_at = excluded.updated_at",
      {file_hash, kind, path, lines, now});
}

}  // namespace govmedia::storage
