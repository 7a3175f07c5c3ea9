// Logins, sessions and users. Sessions are server-side: the cookie holds a random token, the
// database only its SHA-256, with a CSRF token bound to the session.
// Thread-safety: safe to call concurrently.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "app/auth/login_throttle.h"
#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/registry_store.h"
#include "storage/user_store.h"

namespace govmedia::app {

struct SessionInfo {
  core::Principal principal;
  storage::UserRow user;
  std::string csrf_token;
  std::string token_hash;
};

struct LoginResult {
  std::string token;  // goes into the cookie, never stored
  SessionInfo session;
};

struct NewUser {
  std::string username;
  core::Role role = core::Role::kViewer;
  std::optional<int64_t> unit_id;
  std::string password;
};

/// A change the city office makes to a login: its role and unit (together, as for a new user),
/// and whether it is disabled. Absent fields stay as they are.
struct UserChange {
  std::optional<core::Role> role;
  std::optional<std::optional<int64_t>> unit_id;  // set: the new unit (nullopt inside: none)
  std::optional<bool> disabled;
};

class AuthService final {
 public:
  static constexpr int64_t kSessionSeconds = 8 * 3600;

  AuthService(storage::Db& db, storage::UserStore& users, storage::RegistryStore& registry,
              storage::AuditLog& audit, const core::Clock& clock)
      : db_(db), users_(users), registry_(registry), audit_(audit), clock_(clock), throttle_(db) {}

  /// Unauthenticated for a wrong name or password (the same message for both); TooManyRequests
  /// with *retry_after set when throttled.
  core::Result<LoginResult> Login(const std::string& username, const std::string& password,
                                  const std::string& address, int64_t* retry_after);
  /// The session for a cookie token; Unauthenticated when missing or expired.
  core::Result<SessionInfo> Authenticate(const std::string& token);
  core::Status Logout(const SessionInfo& s);
  /// Checks the old password, sets the new, ends the user's other sessions.
  core::Status ChangePassword(const SessionInfo& s, const std::string& old_password,
                              const std::string& new_password);
  /// Creates a login. `actor` is who did it ("cli" from the command line). InvalidArgument naming
  /// the field; Conflict when the name is taken.
  core::Result<storage::UserRow> AddUser(const std::string& actor, const NewUser& u);
  core::Result<std::vector<storage::UserRow>> ListUsers(const core::Principal& p);
  /// The city office changes a login (audited; a disabled login's sessions end at once). A person
  /// cannot disable or demote themselves (Conflict), so the office never locks itself out.
  core::Result<storage::UserRow> UpdateUser(const core::Principal& p, int64_t user_id, const UserChange& c);
  /// The city office sets a new password for a login that lost it (strength checked; the user's
  /// sessions end; audited without the password).
  core::Status ResetPassword(const core::Principal& p, int64_t user_id, const std::string& new_password);
  /// The city office clears every login delay of a user (audited when there was one).
  core::Status Unlock(const core::Principal& p, int64_t user_id);
  /// Seconds until `username` may try again from its most delayed address; 0 when not delayed.
  core::Result<int64_t> LockedFor(const std::string& username);
  /// Forgets login failures and successes too old to matter (a maintenance job).
  core::Status PruneLoginThrottle();

 private:
  storage::Db& db_;
  storage::UserStore& users_;
  storage::RegistryStore& registry_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
  LoginThrottle throttle_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against for unknown names, so timing reveals nothing
};

}  // namespace govmedia::app
