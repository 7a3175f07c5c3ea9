// Evidence that anyone can verify (证据包): the evidence behind a published notice — each
// inspection's result, every archived post version a finding rests on (its text, URL, SHA-256,
// first and last seen, the fetch that captured it), the inspectors' findings with their
// screenshots, the indicator set version — signed with the deployment's Ed25519 key (libsodium),
// so that a unit or a higher office can check a deduction offline with `govmedia verify`.
//
// The package is JSON: `manifest` (the notice, the indicator sets, and each item's type, label and
// SHA-256 of its canonical JSON), `items` (the items themselves), `public_key` and `signature` (of
// the manifest's canonical JSON). Canonical JSON is nlohmann's compact dump: keys sorted, UTF-8
// as is, integers only (no floating point anywhere in a package).
// Thread-safety: safe to call concurrently.
#pragma once

#include <string>
#include <string_view>

#include "app/scoring/scoring_service.h"
#include "app/supervision/spot_check_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "storage/audit_log.h"
#include "storage/db.h"

namespace govmedia::app {

inline constexpr std::string_view kEvidenceFormat = "govmedia-evidence/1";

class EvidenceService final {
 public:
  EvidenceService(storage::Db& db, SpotCheckService& spot, ScoringService& scoring, storage::AuditLog& audit,
                  const core::Clock& clock)
      : db_(db), spot_(spot), scoring_(scoring), audit_(audit), clock_(clock) {}

  /// The deployment's signing public key (hex), made and stored on first use.
  core::Result<std::string> PublicKey();
  /// The signed package of a published notice (Conflict for a draft), restricted to the person's
  /// unit for a unit operator. Each export is in the audit log.
  core::Result<std::string> NoticePackage(const core::Principal& p, int64_t notice_id);

 private:
  struct KeyPair {
    std::string public_hex, secret_hex;
  };
  core::Result<KeyPair> Key();
  storage::Db& db_;
  SpotCheckService& spot_;
  ScoringService& scoring_;
  storage::AuditLog& audit_;
  const core::Clock& clock_;
};

struct VerifyResult {
  bool ok = false;
  std::string message;      // what was found, in Chinese: the first altered item when not ok
  std::string title;        // the notice's title
  std::string fingerprint;  // of the signing key: the first 16 bytes of its SHA-256, hex in groups
  size_t items = 0;
};

/// Checks a package offline: its signature over the manifest, each item against the manifest,
/// each post version's text and URL against its SHA-256, each screenshot against its SHA-256.
/// `expected_key` (hex), when not empty, must be the key that signed it.
VerifyResult VerifyPackage(std::string_view text, std::string_view expected_key);

/// The fingerprint of a public key (hex) as VerifyResult shows it.
std::string KeyFingerprint(std::string_view public_hex);

}  // namespace govmedia::app
