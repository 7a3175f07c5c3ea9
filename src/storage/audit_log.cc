#include "storage/audit_log.h"

#include <sodium.h>

namespace govmedia::storage {
namespace {

core::AuditEntry FromRow(const Row& r) {
  core::AuditEntry e;
  e.id = r.Int(0);
  e.at = r.Text(1);
  e.actor = r.Text(2);
  e.action = r.Text(3);
  e.entity = r.Text(4);
  e.entity_id = r.Text(5);
  e.before = r.Text(6);
  e.after = r.Text(7);
  e.prev_hash = r.Text(8);
  e.hash = r.Text(9);
  return e;
}

// The first UTC instant of Beijing day `d` (UTC+8, no daylight saving) in the form `at` is
// written in ("YYYY-MM-DDTHH:MM:SSZ"), so rows compare as text.
std::string BeijingDayStart(core::Date d) { return d.AddDays(-1).ToString() + "T16:00:00Z"; }

constexpr const char* kColumns =
    "id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash";

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string Blake2bHex(std::initializer_list<std::string_view> parts) {
  unsigned char out[32];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof out);
  for (std::string_view p : parts)
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(p.data()), p.size());
  crypto_generichash_final(&state, out, sizeof out);
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

Status AuditLog::Append(core::AuditEntry e) {
  return db_.Transaction([&]() -> Status {
    // The chain has one end: appenders take turns at it even inside transactions of different
    // accounts, which PostgreSQL runs side by side (Db::TransactionFor); the lock lasts until commit.
    if (db_.Dialect() == "postgres") {
      if (Status s = db_.Exec("SELECT pg_advisory_xact_lock(1635083380)"); !s.ok()) return s;  // "audt"
    }
    auto last = db_.Query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!last.ok()) return last.status();
    e.id = last->empty() ? 1 : last->front().Int(0) + 1;
    e.prev_hash = last->empty() ? core::kAuditGenesisHash : last->front().Text(1);
    e.hash = Sha256Hex(core::AuditCanonical(e));
    return db_.Exec(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after, e.prev_hash, e.hash});
  });
}

Result<std::vector<core::AuditEntry>> AuditLog::List(const Filter& f, int64_t* total) {
  std::string where = " WHERE 1=1";
  Params p;
  if (!f.entity.empty()) {
    where += " AND entity = ?";
    p.emplace_back(f.entity);
  }
  if (!f.entity_id.empty()) {
    where += " AND entity_id = ?";
    p.emplace_back(f.entity_id);
  }
  if (!f.actor.empty()) {
    where += " AND actor = ?";
    p.emplace_back(f.actor);
  }
  if (!f.action.empty()) {
    where += " AND action = ?";
    p.emplace_back(f.action);
  }
  if (f.from) {
    where += " AND at >= ?";
    p.emplace_back(BeijingDayStart(*f.from));
  }
  if (f.to) {
    where += " AND at < ?";
    p.emplace_back(BeijingDayStart(f.to->AddDays(1)));
  }
  auto count = QueryOne(db_, "SELECT COUNT(*) FROM audit_log" + where, p);
  if (!count.ok()) return count.status();
  *total = count->Int(0);
  Params lp = p;
  lp.emplace_back(f.limit);
  lp.emplace_back(f.offset);
  auto rows = db_.Query(std::string("SELECT ") + kColumns + " FROM audit_log" + where +
                            " ORDER BY id DESC LIMIT ? OFFSET ?",
                        lp);
  if (!rows.ok()) return rows.status();
  std::vector<core::AuditEntry> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<std::optional<int64_t>> AuditLog::Verify(std::string* why) {
  auto rows = db_.Query(std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY id");
  if (!rows.ok()) return rows.status();
  std::string prev = core::kAuditGenesisHash;
  int64_t expected_id = 1;
  for (const auto& r : *rows) {
    core::AuditEntry e = FromRow(r);
    if (e.id != expected_id) {
      *why = "第 " + std::to_string(expected_id) + " 行缺失（下一行编号为 " + std::to_string(e.id) + "）";
      return std::optional<int64_t>(expected_id);
    }
    if (e.prev_hash != prev) {
      *why = "第 " + std::to_string(e.id) + " 行的前序哈希与上一行不符";
      return std::optional<int64_t>(e.id);
    }
    if (Sha256Hex(core::AuditCanonical(e)) != e.hash) {
      *why = "第 " + std::to_string(e.id) + " 行内容与其哈希不符（被修改）";
      return std::optional<int64_t>(e.id);
    }
    prev = e.hash;
    ++expected_id;
  }
  return std::optional<int64_t>();
}

}  // namespace govmedia::storage
