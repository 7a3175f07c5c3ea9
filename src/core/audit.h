// The audit log's rows and the canonical form their hash chain covers. The chain itself is
// computed by the storage adapter (SHA-256 lives outside the core); the rule of what is hashed
// lives here so the writer and the verifier cannot disagree. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace govmedia::core {

struct AuditEntry {
  int64_t id = 0;
  std::string at;         // RFC 3339, UTC
  std::string actor;      // username, or "system"
  std::string action;     // "account.create", "filing.forward" …
  std::string entity;     // "account", "filing", "unit", "user"
  std::string entity_id;
  std::string before;     // JSON or empty
  std::string after;      // JSON or empty
  std::string prev_hash;  // hex of the previous row's hash; 64 zeros for the first row
  std::string hash;       // hex SHA-256 of AuditCanonical(*this)
};

/// Length-prefixed concatenation of every field but `hash`, so no field can be shifted into
/// another without changing the bytes.
std::string AuditCanonical(const AuditEntry& e);

inline const std::string kAuditGenesisHash(64, '0');

}  // namespace govmedia::core
