#include "app/supervision/evidence.h"

#include <sodium.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

std::string Hex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

// The bytes of a hex text of exactly `n` bytes; empty when it is not one.
std::string Unhex(std::string_view hex, size_t n) {
  std::string out(n, '\0');
  size_t len = 0;
  if (hex.size() != n * 2 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), n, hex.data(), hex.size(), nullptr, &len,
                     nullptr) != 0 ||
      len != n)
    return "";
  return out;
}

std::string Base64(std::string_view data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> Unbase64(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

// Canonical JSON: compact, keys sorted (nlohmann's object is ordered by key), UTF-8 as is.
std::string Canonical(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A member of a package as text: "" when the value is not an object, or the member is absent or not
// a string. A package comes from anywhere; json::value would throw on a member of another type.
std::string MemberText(const json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::string KeyFingerprint(std::string_view public_hex) {
  const std::string digest = storage::Sha256Hex(Unhex(public_hex, crypto_sign_PUBLICKEYBYTES));
  std::string out;
  for (size_t i = 0; i < 32 && i < digest.size(); i += 4) out += (i ? " " : "") + digest.substr(i, 4);
  return out;
}

core::Result<EvidenceService::KeyPair> EvidenceService::Key() {
  auto newest = [&]() -> core::Result<std::optional<KeyPair>> {
    auto rows = db_.Query("SELECT public_key, secret_key FROM signing_keys ORDER BY id DESC LIMIT 1");
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<KeyPair>();
    return std::optional<KeyPair>(KeyPair{rows->front().Text(0), rows->front().Text(1)});
  };
  auto have = newest();
  if (!have.ok()) return have.status();
  if (*have) return **have;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  const std::string pk_hex = Hex(pk, sizeof pk), sk_hex = Hex(sk, sizeof sk);
  sodium_memzero(sk, sizeof sk);
  // Only when there is none: two nodes making one at once end with the same key in use.
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("INSERT INTO signing_keys (public_key, secret_key, created_at) SELECT ?, ?, ? "
                            "WHERE NOT EXISTS (SELECT 1 FROM signing_keys)",
                            {pk_hex, sk_hex, clock_.NowRfc3339()});
        !s.ok())
      return s;
    return audit_.Append({0, clock_.NowRfc3339(), "system", "evidence.key", "signing_key", pk_hex.substr(0, 16), "",
                          json{{"fingerprint", KeyFingerprint(pk_hex)}}.dump()});
  });
  if (!st.ok()) return st;
  auto made = newest();
  if (!made.ok()) return made.status();
  return **made;
}

core::Result<std::string> EvidenceService::PublicKey() {
  auto k = Key();
  if (!k.ok()) return k.status();
  return k->public_hex;
}

core::Result<std::string> EvidenceService::NoticePackage(const core::Principal& p, int64_t notice_id) {
  auto notice = spot_.GetNotice(p, notice_id);
  if (!notice.ok()) return notice.status();
  if (notice->status != "published") return Status::Conflict("通报发布后才能导出证据包");
  const std::optional<int64_t> scope = core::ScopeUnit(p);
  json items = json::array();
  std::set<int64_t> sets_seen;
  std::set<std::pair<int64_t, int64_t>> versions_seen;
  std::map<std::pair<int64_t, int64_t>, size_t> version_item;  // (post, version) → index in items
  for (const auto& result : notice->body.value("results", json::array())) {
    if (scope && result.value("unit_id", int64_t{0}) != *scope) continue;
    const int64_t inspection_id = result.value("inspection_id", int64_t{0});
    auto row = storage::QueryOne(
        db_,
        "SELECT i.account_id, i.monitoring_time, i.monitoring_epoch, i.indicator_set_row, s.set_id, s.version, "
        "s.body_json, s.published_at FROM inspections i JOIN indicator_sets s ON s.id = i.indicator_set_row "
        "WHERE i.id = ?",
        {inspection_id});
    if (!row.ok()) return row.status();
    const int64_t account_id = row->Int(0), monitoring_epoch = row->Int(2), set_row = row->Int(3);
    if (sets_seen.insert(set_row).second) {
      items.push_back({{"type", "indicator_set"},
                       {"set_id", row->Text(4)},
                       {"version", row->Int(5)},
                       {"published_at", row->Text(7)},
                       {"body_json", row->Text(6)},
                       {"sha256", storage::Sha256Hex(row->Text(6))}});
    }
    std::set<std::string> indicators;
    for (const auto& pr : result.value("problems", json::array())) indicators.insert(pr.value("indicator", ""));
    items.push_back({{"type", "inspection"},
                     {"inspection_id", inspection_id},
                     {"account_id", account_id},
                     {"account_name", result.value("account_name", "")},
                     {"unit_name", result.value("unit_name", "")},
                     {"platform", result.value("platform", "")},
                     {"monitoring_time", row->Text(1)},
                     {"indicator_set", {{"set_id", row->Text(4)}, {"version", row->Int(5)}}},
                     {"verdict", result.value("verdict", "")},
                     {"score", result.contains("score") ? result["score"] : json(nullptr)},
                     {"problems", result.value("problems", json::array())}});
    // The archived versions the inspection's derived findings rest on: the hits the monitoring
    // found in the account's posts of the inspection's look-back, under an indicator noticed.
    auto set = scoring_.LoadSet(set_row);
    if (!set.ok()) return set.status();
    const int64_t from = monitoring_epoch - LookBackSeconds(set->set);
    auto hits = db_.Query(
        "SELECT h.post_id, h.post_version, h.indicator, h.category, h.term, h.matched, h.start_cp, h.end_cp, h.level "
        "FROM scan_hits h JOIN posts p ON p.id = h.post_id "
        "WHERE h.account_id = ? AND p.published_epoch > ? AND p.published_epoch <= ? ORDER BY p.published_epoch, h.id",
        {account_id, from, monitoring_epoch});
    if (!hits.ok()) return hits.status();
    for (const auto& h : *hits) {
      if (!indicators.count(h.Text(2))) continue;
      const std::pair<int64_t, int64_t> key{h.Int(0), h.Int(1)};
      if (versions_seen.insert(key).second) {
        auto v = storage::QueryOne(
            db_,
            "SELECT p.platform_post_id, p.kind, p.published_at, p.first_seen, p.last_seen, p.deleted_at, "
            "p.not_seen_since, v.text, v.url, v.content_hash, v.seen_at, a.name, "
            "f.id, f.url, f.fetched_at, f.http_status, f.outcome "
            "FROM post_versions v JOIN posts p ON p.id = v.post_id AND p.published_epoch = v.published_epoch "
            "JOIN accounts a ON a.id = p.account_id "
            "LEFT JOIN feed_fetches f ON f.id = (SELECT MIN(x.id) FROM feed_fetches x WHERE x.account_id = p.account_id "
            "AND x.fetched_at = v.seen_at) WHERE v.post_id = ? AND v.version = ?",
            {key.first, key.second});
        if (!v.ok()) return v.status();
        json fetch = nullptr;
        if (!v->IsNull(12)) {
          fetch = {{"id", v->Int(12)}, {"url", v->Text(13)}, {"fetched_at", v->Text(14)},
                   {"http_status", v->Int(15)}, {"outcome", v->Text(16)}};
        }
        version_item[key] = items.size();
        items.push_back({{"type", "post_version"},
                         {"post_id", key.first},
                         {"version", key.second},
                         {"account_id", account_id},
                         {"account_name", v->Text(11)},
                         {"platform_post_id", v->Text(0)},
                         {"kind", v->Text(1)},
                         {"published_at", v->Text(2)},
                         {"first_seen", v->Text(3)},
                         {"last_seen", v->Text(4)},
                         {"deleted_at", Opt(v->OptText(5))},
                         {"not_seen_since", Opt(v->OptText(6))},
                         {"text", v->Text(7)},
                         {"url", v->Text(8)},
                         {"content_hash", v->Text(9)},
                         {"seen_at", v->Text(10)},
                         {"fetch", fetch},
                         {"hits", json::array()}});
      }
      items[version_item[key]]["hits"].push_back({{"inspection_id", inspection_id},
                                                  {"indicator", h.Text(2)},
                                                  {"category", h.Text(3)},
                                                  {"term", h.Text(4)},
                                                  {"matched", h.Text(5)},
                                                  {"start", h.Int(6)},
                                                  {"end", h.Int(7)},
                                                  {"level", h.Text(8)}});
    }
    // The inspectors' own findings and their screenshots.
    auto findings = db_.Query(
        "SELECT id, indicator, count, evidence, evidence_url, created_by, created_at FROM inspection_findings "
        "WHERE inspection_id = ? AND withdrawn = 0 ORDER BY id",
        {inspection_id});
    if (!findings.ok()) return findings.status();
    for (const auto& f : *findings) {
      items.push_back({{"type", "finding"},
                       {"inspection_id", inspection_id},
                       {"finding_id", f.Int(0)},
                       {"indicator", f.Text(1)},
                       {"count", f.Int(2)},
                       {"evidence", f.Text(3)},
                       {"evidence_url", f.Text(4)},
                       {"created_by", f.Text(5)},
                       {"created_at", f.Text(6)}});
      auto shots = db_.Query("SELECT id, filename, mime, size, sha256, data, created_at FROM screenshots "
                             "WHERE finding_id = ? ORDER BY id",
                             {f.Int(0)});
      if (!shots.ok()) return shots.status();
      for (const auto& s : *shots) {
        items.push_back({{"type", "screenshot"},
                         {"finding_id", f.Int(0)},
                         {"screenshot_id", s.Int(0)},
                         {"filename", s.Text(1)},
                         {"mime", s.Text(2)},
                         {"size", s.Int(3)},
                         {"sha256", s.Text(4)},
                         {"data_base64", Base64(s.Text(5))},
                         {"created_at", s.Text(6)}});
      }
    }
  }
  auto key = Key();
  if (!key.ok()) return key.status();
  json listed = json::array();
  for (size_t i = 0; i < items.size(); ++i) {
    const json& it = items[i];
    const std::string type = it["type"];
    std::string label;
    if (type == "indicator_set") {
      label = "指标体系 " + it["set_id"].get<std::string>() + " 第 " + std::to_string(it["version"].get<int64_t>()) + " 版";
    } else if (type == "inspection") {
      label = "检查 #" + std::to_string(it["inspection_id"].get<int64_t>()) + "（" + it["account_name"].get<std::string>() + "）";
    } else if (type == "post_version") {
      label = (it["kind"] == "comment" ? "留言 " : "帖子 ") + it["platform_post_id"].get<std::string>() + " 第 " +
              std::to_string(it["version"].get<int64_t>()) + " 版（" + it["account_name"].get<std::string>() + "）";
    } else if (type == "finding") {
      label = "检查 #" + std::to_string(it["inspection_id"].get<int64_t>()) + " 的问题记录 #" +
              std::to_string(it["finding_id"].get<int64_t>());
    } else {
      label = "截图 " + it["filename"].get<std::string>();
    }
    listed.push_back({{"n", i + 1}, {"type", type}, {"label", label}, {"sha256", storage::Sha256Hex(Canonical(it))}});
  }
  const std::string now = clock_.NowRfc3339();
  json manifest{{"format", kEvidenceFormat},
                {"notice",
                 {{"id", notice->id},
                  {"title", notice->title},
                  {"doc_number", notice->doc_number},
                  {"published_on", Opt(notice->published_on)}}},
                {"unit_id", scope ? json(*scope) : json(nullptr)},
                {"generated_at", now},
                {"generated_by", p.username},
                {"items", listed}};
  const std::string signed_text = Canonical(manifest);
  const std::string sk = Unhex(key->secret_hex, crypto_sign_SECRETKEYBYTES);
  if (sk.empty()) return Status::Internal("签名密钥已损坏");
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(),
                       reinterpret_cast<const unsigned char*>(sk.data()));
  if (Status s = audit_.Append({0, now, p.username, "evidence.export", "notice", std::to_string(notice_id), "",
                                json{{"items", items.size()}, {"unit_id", scope ? json(*scope) : json(nullptr)}}.dump()});
      !s.ok())
    return s;
  json package{{"manifest", manifest},
               {"items", items},
               {"public_key", key->public_hex},
               {"fingerprint", KeyFingerprint(key->public_hex)},
               {"signature", Hex(sig, sizeof sig)}};
  return package.dump(1, ' ', false, json::error_handler_t::replace);
}

VerifyResult VerifyPackage(std::string_view text, std::string_view expected_key) {
  VerifyResult r;
  auto fail = [&r](std::string why) {
    r.ok = false;
    r.message = std::move(why);
    return r;
  };
  if (sodium_init() < 0) return fail("libsodium 初始化失败");
  json pkg = json::parse(text, nullptr, false);
  if (pkg.is_discarded() || !pkg.is_object()) return fail("不是有效的证据包：不是 JSON 对象");
  if (!pkg.contains("manifest") || !pkg["manifest"].is_object()) return fail("不是有效的证据包：缺少 manifest");
  if (!pkg.contains("items") || !pkg["items"].is_array()) return fail("不是有效的证据包：缺少 items");
  const json& manifest = pkg["manifest"];
  if (!manifest.contains("items") || !manifest["items"].is_array())
    return fail("不是有效的证据包：清单（manifest）缺少 items");
  if (MemberText(manifest, "format") != kEvidenceFormat)
    return fail("不是有效的证据包：格式应为 " + std::string(kEvidenceFormat));
  const std::string pk_hex = MemberText(pkg, "public_key"), sig_hex = MemberText(pkg, "signature");
  const std::string pk = Unhex(pk_hex, crypto_sign_PUBLICKEYBYTES), sig = Unhex(sig_hex, crypto_sign_BYTES);
  if (pk.empty()) return fail("不是有效的证据包：public_key 应为 64 位十六进制");
  if (sig.empty()) return fail("不是有效的证据包：signature 应为 128 位十六进制");
  r.fingerprint = KeyFingerprint(pk_hex);
  if (manifest.contains("notice")) r.title = MemberText(manifest["notice"], "title");
  if (!expected_key.empty() && expected_key != pk_hex)
    return fail("签名公钥与指定的不一致（证据包公钥指纹 " + r.fingerprint + "）");
  const std::string signed_text = Canonical(manifest);
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(),
                                  reinterpret_cast<const unsigned char*>(pk.data())) != 0)
    return fail("签名无效：清单（manifest）已被改动，或并非由该公钥签发");
  const json& listed = manifest["items"];
  const json& items = pkg["items"];
  for (size_t i = 0; i < items.size() && i < listed.size(); ++i) {
    const json& it = items[i];
    const std::string label = "第 " + std::to_string(i + 1) + " 项（" + MemberText(listed[i], "label") + "）";
    if (storage::Sha256Hex(Canonical(it)) != MemberText(listed[i], "sha256"))
      return fail(label + "已被改动：与签名清单中的哈希不符");
    const std::string type = MemberText(it, "type");
    if (type == "post_version" &&
        storage::Sha256Hex(MemberText(it, "text") + '\x1f' + MemberText(it, "url")) != MemberText(it, "content_hash"))
      return fail(label + "的正文或链接与其存档哈希（SHA-256）不符");
    if (type == "screenshot") {
      auto data = Unbase64(MemberText(it, "data_base64"));
      if (!data || storage::Sha256Hex(*data) != MemberText(it, "sha256"))
        return fail(label + "的图片与其 SHA-256 不符");
    }
    if (type == "indicator_set" && storage::Sha256Hex(MemberText(it, "body_json")) != MemberText(it, "sha256"))
      return fail(label + "的内容与其 SHA-256 不符");
  }
  if (items.size() != listed.size()) {
    return fail("证据项数量与签名清单不符（清单 " + std::to_string(listed.size()) + " 项，实际 " +
                std::to_string(items.size()) + " 项）");
  }
  r.ok = true;
  r.items = items.size();
  r.message = "证据包完好：通报《" + r.title + "》，共 " + std::to_string(r.items) + " 项，签名公钥指纹 " + r.fingerprint;
  return r;
}

}  // namespace govmedia::app
