// SQL for logins: users and server-side sessions. Thread-safety: as the Db it uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "storage/db.h"

namespace govmedia::storage {

struct UserRow {
  int64_t id = 0;
  std::string username;
  std::string password_hash;  // argon2id, libsodium's encoded string
  core::Role role = core::Role::kViewer;
  std::optional<int64_t> unit_id;
  std::string unit_name;
  bool disabled = false;
};

struct SessionRow {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

class UserStore final {
 public:
  explicit UserStore(Db& db) : db_(db) {}
  Result<int64_t> InsertUser(const UserRow& u, const std::string& now);
  Result<UserRow> FindByName(const std::string& username);
  Result<UserRow> FindById(int64_t id);
  Result<std::vector<UserRow>> ListUsers();
  Status SetPassword(int64_t id, const std::string& hash);

  Status InsertSession(const SessionRow& s);
  Result<SessionRow> FindSession(const std::string& token_hash);
  Status DeleteSession(const std::string& token_hash);
  Status DeleteSessionsOf(int64_t user_id, const std::string& except_hash);
  Status DeleteExpiredSessions(int64_t now);

 private:
  Db& db_;
};

}  // namespace govmedia::storage
