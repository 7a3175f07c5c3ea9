#include "app/auth/auth_service.h"

#include <mutex>
#include <nlohmann/json.hpp>

#include "app/auth/password.h"
#include "core/text.h"
#include "storage/row_json.h"

namespace govmedia::app {

using core::Status;

core::Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                             const std::string& address, int64_t* retry_after) {
  const int64_t now = clock_.NowSeconds();
  auto waiting = throttle_.RetryAfter(username, address, now);
  if (!waiting.ok()) return waiting.status();
  if (int64_t wait = *waiting; wait > 0) {
    *retry_after = wait;
    return Status::TooManyRequests("登录失败次数过多，请 " + std::to_string((wait + 59) / 60) + " 分钟后再试");
  }
  std::call_once(dummy_once_, [this] { dummy_hash_ = HashPassword(RandomHex(16)).value(); });
  auto user = users_.FindByName(username);
  const bool ok = user.ok() ? VerifyPassword(user->password_hash, password)
                            : (VerifyPassword(dummy_hash_, password), false);
  if (!ok || user->disabled) {
    auto starts = throttle_.RecordFailure(username, address, now);
    if (!starts.ok()) return starts.status();
    if (*starts && user.ok()) {
      // The pair's delays start now: on record, with the address, for the city office to see.
      const std::string at = clock_.NowRfc3339();
      (void)db_.Transaction([&] {
        return audit_.Append({0, at, "system", "login.lock", "user", std::to_string(user->id), "",
                              nlohmann::json{{"username", user->username}, {"address", address},
                                             {"failures", LoginThrottle::kFreeFailures}}
                                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
      });
    }
    return Status::Unauthenticated("用户名或密码错误");
  }
  if (Status st = throttle_.RecordSuccess(username, address, now); !st.ok()) return st;
  LoginResult out;
  out.token = RandomHex(32);
  storage::SessionRow s{storage::Sha256Hex(out.token), user->id, RandomHex(32), now, now + kSessionSeconds};
  (void)users_.DeleteExpiredSessions(now);
  if (Status st = users_.InsertSession(s); !st.ok()) return st;
  out.session.user = *user;
  out.session.principal = {user->id, user->username, user->role, user->unit_id};
  out.session.csrf_token = s.csrf_token;
  out.session.token_hash = s.token_hash;
  return out;
}

core::Result<SessionInfo> AuthService::Authenticate(const std::string& token) {
  if (token.empty()) return Status::Unauthenticated("请先登录");
  const std::string hash = storage::Sha256Hex(token);
  auto s = users_.FindSession(hash);
  if (!s.ok() || s->expires_at < clock_.NowSeconds()) return Status::Unauthenticated("登录已过期，请重新登录");
  auto user = users_.FindById(s->user_id);
  if (!user.ok() || user->disabled) return Status::Unauthenticated("请先登录");
  SessionInfo out;
  out.user = *user;
  out.principal = {user->id, user->username, user->role, user->unit_id};
  out.csrf_token = s->csrf_token;
  out.token_hash = hash;
  return out;
}

Status AuthService::Logout(const SessionInfo& s) { return users_.DeleteSession(s.token_hash); }

Status AuthService::ChangePassword(const SessionInfo& s, const std::string& old_password,
                                   const std::string& new_password) {
  if (Status st = CheckPasswordStrength(new_password, "new_password"); !st.ok()) return st;
  auto user = users_.FindById(s.user.id);
  if (!user.ok()) return user.status();
  if (!VerifyPassword(user->password_hash, old_password)) {
    return Status::InvalidArgument("old_password", "原口令不正确");
  }
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  return db_.Transaction([&]() -> Status {
    if (Status st = users_.SetPassword(user->id, *hash); !st.ok()) return st;
    if (Status st = users_.DeleteSessionsOf(user->id, s.token_hash); !st.ok()) return st;
    // The audit row says a password changed, never what it is.
    return audit_.Append({0, clock_.NowRfc3339(), user->username, "user.password", "user",
                          std::to_string(user->id), "", "{\"password\":\"changed\"}"});
  });
}

core::Result<storage::UserRow> AuthService::AddUser(const std::string& actor, const NewUser& u) {
  const std::string name(core::Trim(u.username));
  if (name.empty() || name.size() > 64) return Status::InvalidArgument("username", "用户名须为 1–64 个字符");
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
      return Status::InvalidArgument("username", "用户名只能包含字母、数字、下划线、连字符和点");
    }
  }
  if (u.role == core::Role::kUnitOperator && !u.unit_id) {
    return Status::InvalidArgument("unit", "单位运维人员（unit_operator）必须指定所属单位");
  }
  if (u.role != core::Role::kUnitOperator && u.unit_id) {
    return Status::InvalidArgument("unit", "只有单位运维人员（unit_operator）可以指定所属单位");
  }
  if (u.unit_id) {
    if (auto unit = registry_.GetUnit(*u.unit_id); !unit.ok()) return Status::InvalidArgument("unit", "单位不存在");
  }
  if (Status s = CheckPasswordStrength(u.password, "password"); !s.ok()) return s;
  auto hash = HashPassword(u.password);
  if (!hash.ok()) return hash.status();
  storage::UserRow row{0, name, *hash, u.role, u.unit_id, "", false};
  Status st = db_.Transaction([&]() -> Status {
    auto id = users_.InsertUser(row, clock_.NowRfc3339());
    if (!id.ok()) return id.status();
    row.id = *id;
    return audit_.Append({0, clock_.NowRfc3339(), actor, "user.create", "user", std::to_string(row.id), "",
                          storage::UserJson(row).dump()});
  });
  if (!st.ok()) return st;
  return users_.FindById(row.id);
}

core::Result<storage::UserRow> AuthService::UpdateUser(const core::Principal& p, int64_t user_id, const UserChange& c) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  auto before = users_.FindById(user_id);
  if (!before.ok()) return before.status().IsNotFound() ? Status::NotFound("用户不存在") : before.status();
  storage::UserRow after = *before;
  if (c.role) after.role = *c.role;
  if (c.unit_id) after.unit_id = *c.unit_id;
  if (c.disabled) after.disabled = *c.disabled;
  if (after.role == core::Role::kUnitOperator && !after.unit_id)
    return Status::InvalidArgument("unit_id", "单位运维人员（unit_operator）必须指定所属单位");
  if (after.role != core::Role::kUnitOperator) after.unit_id.reset();
  if (after.unit_id) {
    if (auto unit = registry_.GetUnit(*after.unit_id); !unit.ok()) return Status::InvalidArgument("unit_id", "单位不存在");
  }
  if (user_id == p.user_id && (after.disabled || after.role != before->role))
    return Status::Conflict("不能停用自己或更改自己的角色");
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("UPDATE users SET role = ?, unit_id = ?, disabled = ? WHERE id = ?",
                            {std::string(core::RoleId(after.role)),
                             after.unit_id ? storage::Value(*after.unit_id) : storage::Value(nullptr),
                             static_cast<int64_t>(after.disabled), user_id});
        !s.ok())
      return s;
    // A login that is disabled, or given other rights, starts afresh.
    if (after.disabled || after.role != before->role || after.unit_id != before->unit_id) {
      if (Status s = users_.DeleteSessionsOf(user_id, ""); !s.ok()) return s;
    }
    const std::string action = after.disabled && !before->disabled   ? "user.disable"
                               : !after.disabled && before->disabled ? "user.enable"
                                                                     : "user.update";
    return audit_.Append({0, clock_.NowRfc3339(), p.username, action, "user", std::to_string(user_id),
                          storage::UserJson(*before).dump(), storage::UserJson(after).dump()});
  });
  if (!st.ok()) return st;
  return users_.FindById(user_id);
}

Status AuthService::ResetPassword(const core::Principal& p, int64_t user_id, const std::string& new_password) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  auto user = users_.FindById(user_id);
  if (!user.ok()) return user.status().IsNotFound() ? Status::NotFound("用户不存在") : user.status();
  if (Status s = CheckPasswordStrength(new_password, "password"); !s.ok()) return s;
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  return db_.Transaction([&]() -> Status {
    if (Status s = users_.SetPassword(user_id, *hash); !s.ok()) return s;
    if (Status s = users_.DeleteSessionsOf(user_id, ""); !s.ok()) return s;
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "user.password_reset", "user", std::to_string(user_id), "",
                          nlohmann::json{{"username", user->username}, {"password", "reset"}}.dump()});
  });
}

Status AuthService::Unlock(const core::Principal& p, int64_t user_id) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  auto user = users_.FindById(user_id);
  if (!user.ok()) return user.status();
  auto locked = throttle_.LockedFor(user->username, clock_.NowSeconds());
  if (!locked.ok()) return locked.status();
  auto cleared = throttle_.Unlock(user->username);
  if (!cleared.ok()) return cleared.status();
  if (!*cleared) return Status::Ok();
  return db_.Transaction([&] {
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "login.unlock", "user", std::to_string(user->id), "",
                          nlohmann::json{{"username", user->username}, {"locked_seconds", *locked}}.dump()});
  });
}

core::Result<int64_t> AuthService::LockedFor(const std::string& username) {
  return throttle_.LockedFor(username, clock_.NowSeconds());
}

Status AuthService::PruneLoginThrottle() { return throttle_.Prune(clock_.NowSeconds()); }

core::Result<std::vector<storage::UserRow>> AuthService::ListUsers(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kManageUsers); !s.ok()) return s;
  return users_.ListUsers();
}

}  // namespace govmedia::app
