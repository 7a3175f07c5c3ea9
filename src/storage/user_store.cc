#include "storage/user_store.h"

namespace govmedia::storage {
namespace {

constexpr const char* kUserColumns =
    "s.id, s.username, s.password_hash, s.role, s.unit_id, COALESCE(u.name, ''), s.disabled";

UserRow FromRow(const Row& r) {
  UserRow u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.password_hash = r.Text(2);
  u.role = core::ParseRole(r.Text(3)).value_or(core::Role::kViewer);
  if (!r.IsNull(4)) u.unit_id = r.Int(4);
  u.unit_name = r.Text(5);
  u.disabled = r.Bool(6);
  return u;
}

Result<UserRow> One(Db& db, const std::string& where, const Params& p) {
  auto r = QueryOne(db, std::string("SELECT ") + kUserColumns +
                            " FROM users s LEFT JOIN units u ON u.id = s.unit_id WHERE " + where,
                    p);
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("用户不存在") : r.status();
  return FromRow(*r);
}

}  // namespace

Result<int64_t> UserStore::InsertUser(const UserRow& u, const std::string& now) {
  Value unit = u.unit_id ? Value(*u.unit_id) : Value(nullptr);
  auto id = db_.Insert(
      "INSERT INTO users (username, password_hash, role, unit_id, disabled, created_at) "
      "VALUES (?, ?, ?, ?, 0, ?) RETURNING id",
      {u.username, u.password_hash, std::string(core::RoleId(u.role)), unit, now});
  if (!id.ok() && id.status().IsConflict()) return Status::Conflict("用户名已存在：" + u.username);
  return id;
}

Result<UserRow> UserStore::FindByName(const std::string& username) {
  return One(db_, "s.username = ?", {username});
}

Result<UserRow> UserStore::FindById(int64_t id) { return One(db_, "s.id = ?", {id}); }

Result<std::vector<UserRow>> UserStore::ListUsers() {
  auto rows = db_.Query(std::string("SELECT ") + kUserColumns +
                        " FROM users s LEFT JOIN units u ON u.id = s.unit_id ORDER BY s.id");
  if (!rows.ok()) return rows.status();
  std::vector<UserRow> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Status UserStore::SetPassword(int64_t id, const std::string& hash) {
  return db_.Exec("UPDATE users SET password_hash = ? WHERE id = ?", {hash, id});
}

Status UserStore::InsertSession(const SessionRow& s) {
  return db_.Exec(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at});
}

Result<SessionRow> UserStore::FindSession(const std::string& token_hash) {
  auto r = QueryOne(db_,
                    "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
                    "WHERE token_hash = ?",
                    {token_hash});
  if (!r.ok()) return r.status();
  return SessionRow{r->Text(0), r->Int(1), r->Text(2), r->Int(3), r->Int(4)};
}

Status UserStore::DeleteSession(const std::string& token_hash) {
  return db_.Exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

Status UserStore::DeleteSessionsOf(int64_t user_id, const std::string& except_hash) {
  return db_.Exec("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", {user_id, except_hash});
}

Status UserStore::DeleteExpiredSessions(int64_t now) {
  return db_.Exec("DELETE FROM sessions WHERE expires_at < ?", {now});
}

}  // namespace govmedia::storage
