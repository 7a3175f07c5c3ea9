// Evidence anyone can verify: a published notice's evidence package carries the archived version
// a finding rests on (text, URL, SHA-256, the fetch that captured it), the inspector's finding and
// its screenshot, signed with the deployment's Ed25519 key; `govmedia verify` accepts it untouched
// and names the first altered item of a tampered one. Also: the post detail's evidence, and the
// hits an inspector decides (待研判) with their level and context.
#include <sodium.h>

#include "app/monitoring/fetch_history.h"
#include "app/supervision/evidence.h"
#include "storage/audit_log.h"
#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class EvidenceTest : public ApiTest {
 protected:
  std::string S(int64_t id) { return std::to_string(id); }

  // A post archived by a fetch of the account's feed at `at` (the fetch row is what the poller
  // writes), and scanned as the poller scans it.
  int64_t Archive(int64_t account, const std::string& id, const std::string& text, const std::string& at) {
    app::FetchRecord f;
    f.account_id = account;
    f.url = "https://rss.example.cn/feed";
    f.fetched_at = at;
    f.fetched_epoch = *core::ParseRfc3339(at);
    f.outcome = "ok";
    f.http_status = 200;
    f.items = 1;
    EXPECT_TRUE(app::RecordFetch(node_->db(), f).ok());
    storage::IncomingPost p;
    p.account_id = account;
    p.platform_post_id = id;
    p.published_at = at;
    p.published_epoch = *core::ParseRfc3339(at);
    p.text = text;
    p.url = "https://mp.weixin.qq.com/s/" + id;
    auto a = node_->posts().Archive(p, at);
    EXPECT_TRUE(a.ok());
    EXPECT_TRUE(node_->monitor().OnArchived(p, *a).ok());
    return a->post_id;
  }

  // The account inspected in a published notice: round, inspection with a finding and a
  // screenshot, notice published. Returns the notice's id.
  int64_t PublishedNotice(const Session& admin, const Session& insp, int64_t account) {
    auto round = Post(admin, "/api/spot-rounds", {{"year", 2024}, {"quarter", 4}, {"name", "第二季度抽查"}, {"method", "count"},
                                                 {"count", 1}, {"seed", 7}, {"monitoring_time", "2024-10-18T08:00:00+08:00"}});
    EXPECT_EQ(round.status, 201) << round.body.dump();
    const int64_t round_id = round.body["id"];
    const int64_t item = round.body["items"][0]["id"];
    EXPECT_EQ(Post(admin, "/api/spot-rounds/" + S(round_id) + "/assign", {{"item_ids", {item}}, {"inspector", "insp"}}).status,
              200);
    auto started = Post(insp, "/api/spot-round-items/" + S(item) + "/inspection", json::object());
    EXPECT_EQ(started.status, 201) << started.body.dump();
    const int64_t inspection = started.body["inspection_id"];
    auto found = Post(insp, "/api/inspections/" + S(inspection) + "/findings",
                      {{"indicator", "improper_content"}, {"evidence", "转发未核实信息"}});
    EXPECT_EQ(found.status, 200) << found.body.dump();
    const int64_t finding = found.body["findings"][0]["id"];
    EXPECT_EQ(Post(insp, "/api/findings/" + S(finding) + "/screenshots",
                   {{"filename", "shot.png"}, {"content_base64", kTinyPng}})
                  .status,
              200);
    EXPECT_EQ(Post(insp, "/api/inspections/" + S(inspection) + "/close", json::object()).status, 200);
    EXPECT_EQ(Post(admin, "/api/spot-rounds/" + S(round_id) + "/finish", json::object()).status, 200);
    auto draft = Post(admin, "/api/spot-rounds/" + S(round_id) + "/notice",
                      {{"title", "关于第二季度抽查情况的通报"}, {"doc_number", "昆政办〔2024〕12号"}});
    EXPECT_EQ(draft.status, 201) << draft.body.dump();
    const int64_t notice = draft.body["id"];
    // A draft's title and 文号 can still be edited (audited); not once published.
    auto edited = Patch(admin, "/api/notices/" + S(notice), {{"title", "关于2024年第四季度抽查情况的通报"}, {"doc_number", "昆政办〔2024〕30号"}});
    EXPECT_EQ(edited.status, 200) << edited.body.dump();
    EXPECT_EQ(edited.body["doc_number"], "昆政办〔2024〕30号");
    EXPECT_EQ(Patch(admin, "/api/notices/" + S(notice), {{"title", ""}}).body["error"]["field"], "title");
    EXPECT_EQ(Patch(insp, "/api/notices/" + S(notice), {{"title", "x"}}).status, 403);
    // A draft's evidence may still change: no package for it.
    EXPECT_EQ(Get(admin, "/api/notices/" + S(notice) + "/evidence").status, 409);
    EXPECT_EQ(Post(admin, "/api/notices/" + S(notice) + "/publish", {{"published_on", "2024-10-18"}}).status, 200);
    EXPECT_EQ(Patch(admin, "/api/notices/" + S(notice), {{"title", "改标题"}}).status, 409);
    return notice;
  }

  std::string Package(const Session& s, int64_t notice) {
    auto r = client_->Get(("/api/notices/" + S(notice) + "/evidence").c_str(),
                          {{"Cookie", s.cookie}});
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    return r->body;
  }

  CommandResult Verify(const json& package, const std::string& extra = "") {
    const std::string path = tmp_.File("package.json");
    WriteFile(path, package.dump(1));
    return RunGovmedia("verify " + path + extra);
  }
};

TEST_F(EvidenceTest, AnUntouchedPackageVerifiesAndATamperedOneNamesItsFirstAlteredItem) {
  Session admin = Login("admin"), insp = Login("insp");
  const int64_t account = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const int64_t post = Archive(account, "p-secret", "会议纪要：本文件为机密文件，请勿外传。", "2024-10-17T01:00:00Z");
  const int64_t notice = PublishedNotice(admin, insp, account);

  const json pkg = json::parse(Package(admin, notice));
  ASSERT_EQ(pkg["manifest"]["format"], "govmedia-evidence/1");
  ASSERT_EQ(pkg["items"].size(), pkg["manifest"]["items"].size());
  // The archived version the secret-leak veto rests on, with the fetch that captured it.
  std::optional<size_t> post_item, shot_item;
  for (size_t i = 0; i < pkg["items"].size(); ++i) {
    const json& it = pkg["items"][i];
    if (it["type"] == "post_version") post_item = i;
    if (it["type"] == "screenshot") shot_item = i;
  }
  ASSERT_TRUE(post_item && shot_item) << pkg.dump();
  const json& version = pkg["items"][*post_item];
  EXPECT_EQ(version["post_id"], post);
  EXPECT_EQ(version["text"], "会议纪要：本文件为机密文件，请勿外传。");
  EXPECT_EQ(version["content_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(version["first_seen"], "2024-10-17T01:00:00Z");
  ASSERT_TRUE(version["fetch"].is_object()) << version.dump();
  EXPECT_EQ(version["fetch"]["fetched_at"], "2024-10-17T01:00:00Z");
  EXPECT_EQ(version["hits"][0]["indicator"], "veto.secret_leak");

  // Untouched: exit 0 with the notice and the key's fingerprint.
  auto ok = Verify(pkg);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("证据包完好"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find(pkg["fingerprint"].get<std::string>()), std::string::npos) << ok.out;

  // The post's text altered: the item is named by its number and label.
  json altered = pkg;
  altered["items"][*post_item]["text"] = "会议纪要：本文件为公开文件。";
  auto bad = Verify(altered);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("第 " + std::to_string(*post_item + 1) + " 项（帖子 p-secret 第 1 版"), std::string::npos)
      << bad.err;
  // The screenshot swapped.
  altered = pkg;
  altered["items"][*shot_item]["data_base64"] = "aGVsbG8=";
  bad = Verify(altered);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("第 " + std::to_string(*shot_item + 1) + " 项（截图 shot.png）"), std::string::npos) << bad.err;
  // The manifest edited (its hash of the item replaced too): the signature no longer holds.
  altered = pkg;
  altered["manifest"]["notice"]["title"] = "另一份通报";
  bad = Verify(altered);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("签名无效"), std::string::npos) << bad.err;
  // An item dropped.
  altered = pkg;
  altered["items"].erase(altered["items"].size() - 1);
  EXPECT_EQ(Verify(altered).exit_code, 1);

  // The key the deployment publishes: required, it verifies; another key is refused.
  auto key = Get(admin, "/api/evidence/public-key");
  ASSERT_EQ(key.status, 200);
  EXPECT_EQ(key.body["public_key"], pkg["public_key"]);
  EXPECT_EQ(Verify(pkg, " --public-key " + key.body["public_key"].get<std::string>()).exit_code, 0);
  auto other = Verify(pkg, " --public-key " + std::string(64, 'a'));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("公钥"), std::string::npos);
  // Not a package at all: exit 1 with a reason; no file: exit 2.
  EXPECT_EQ(RunGovmedia("verify " + tmp_.File("none.json")).exit_code, 2);

  // A unit operator of another unit gets a package without this unit's evidence.
  const json theirs = json::parse(Package(Login("edu"), notice));
  EXPECT_EQ(theirs["items"].size(), 0u) << theirs.dump();
  EXPECT_EQ(Verify(theirs).exit_code, 0);
  // The export is in the audit log.
  EXPECT_GE(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'evidence.export'")->Int(0), 2);
}

TEST_F(EvidenceTest, APostShowsItsVersionsWithHashesAndTheHitsCarryLevelAndContext) {
  Session admin = Login("admin"), zp = Login("zp"), edu = Login("edu");
  const int64_t account = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const int64_t post = Archive(account, "p1", "本文件为机密文件，请勿外传。", "2024-10-17T01:00:00Z");
  Archive(account, "p1", "本文件为机密文件，请勿外传！已更正。", "2024-10-17T02:00:00Z");
  // The same veto-level term in the police's own anti-drug news: a review hit with its context.
  Archive(account, "p2", "我市公安机关破获一起贩毒案件，缴获冰毒500克，犯罪嫌疑人已被依法刑事拘留。", "2024-10-17T03:00:00Z");

  auto d = Get(zp, "/api/posts/" + S(post));
  ASSERT_EQ(d.status, 200) << d.body.dump();
  ASSERT_EQ(d.body["version_history"].size(), 2u);
  EXPECT_EQ(d.body["version"], 2);
  EXPECT_EQ(d.body["first_seen"], "2024-10-17T01:00:00Z");
  EXPECT_EQ(d.body["last_seen"], "2024-10-17T02:00:00Z");
  EXPECT_EQ(d.body["content_hash"], d.body["version_history"][1]["content_hash"]);
  EXPECT_NE(d.body["version_history"][0]["content_hash"], d.body["version_history"][1]["content_hash"]);
  EXPECT_EQ(d.body["version_history"][1]["fetch"]["fetched_at"], "2024-10-17T02:00:00Z");
  EXPECT_TRUE(d.body["not_seen_since"].is_null());
  EXPECT_FALSE(d.body["date_missing"].get<bool>());
  EXPECT_EQ(d.body["hits"][0]["level"], "alert");
  // Another unit's operator is not even told it exists.
  EXPECT_EQ(Get(edu, "/api/posts/" + S(post)).status, 404);

  auto review = Get(admin, "/api/scan-hits?level=review");
  ASSERT_EQ(review.status, 200) << review.body.dump();
  bool drug = false;
  for (const auto& h : review.body["items"]) {
    EXPECT_EQ(h["level"], "review");
    if (h["platform_post_id"] == "p2" && h["term"] == "冰毒") {
      drug = true;
      EXPECT_FALSE(h["context"].get<std::string>().empty()) << h.dump();
    }
  }
  EXPECT_TRUE(drug) << review.body.dump();
  EXPECT_EQ(Get(admin, "/api/scan-hits?level=loud").body["error"]["field"], "level");
  EXPECT_EQ(Get(edu, "/api/scan-hits").body["total"], 0);

  // The alert carries each hit's level and the indicator's name.
  auto alerts = Get(admin, "/api/alerts");
  ASSERT_EQ(alerts.status, 200);
  ASSERT_GE(alerts.body["items"].size(), 1u);
  EXPECT_EQ(alerts.body["items"][0]["hits"][0]["level"], "alert");
  EXPECT_NE(alerts.body["items"][0]["indicator_name"], alerts.body["items"][0]["indicator"]);
}

TEST_F(EvidenceTest, TheLeadersTableTheOfficeKeepsChecksTitlesOnThePostsDate) {
  Session admin = Login("admin"), zp = Login("zp");
  const int64_t account = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  auto active = Get(admin, "/api/lexicons/1");
  ASSERT_EQ(active.status, 200);
  // A malformed table is refused naming its line; only the city office publishes.
  auto bad = Post(admin, "/api/lexicons", {{"terms_tsv", active.body["terms_tsv"]}, {"leaders_tsv", "周卫民\t市长\n"}});
  EXPECT_EQ(bad.body["error"]["field"], "leaders_tsv");
  EXPECT_NE(bad.body["error"]["message"].get<std::string>().find("第 1 行"), std::string::npos) << bad.body.dump();
  EXPECT_EQ(Post(zp, "/api/lexicons", {{"terms_tsv", active.body["terms_tsv"]}, {"leaders_tsv", ""}}).status, 403);
  auto published = Post(admin, "/api/lexicons",
                        {{"terms_tsv", active.body["terms_tsv"]},
                         {"leaders_tsv", "周卫民\t市长\t2018-01-15\t2021-06-30\n周卫民\t市委书记\t2021-07-01\t\n"
                                         "李红霞\t市长\t2021-07-01\t\n"},
                         {"note", "领导职务表"}});
  ASSERT_EQ(published.status, 201) << published.body.dump();
  EXPECT_EQ(published.body["leaders"], 2 + 1);
  // The next version keeps the table when a draft leaves it out.
  auto kept = Post(admin, "/api/lexicons", {{"terms_tsv", active.body["terms_tsv"]}, {"note", "只改词条"}});
  ASSERT_EQ(kept.status, 201);
  EXPECT_EQ(kept.body["leaders"], 3);

  // In 2024 周卫民 is 市委书记: "市长周卫民" is a serious wording error with its correct form.
  Archive(account, "p-wrong", "今天上午，市长周卫民来到我镇调研。", "2024-10-17T01:00:00Z");
  Archive(account, "p-right", "今天上午，市委书记周卫民、市长李红霞来到我镇调研。", "2024-10-17T02:00:00Z");
  auto hits = Get(admin, "/api/scan-hits?category=serious_error");
  ASSERT_EQ(hits.status, 200);
  ASSERT_EQ(hits.body["total"], 1) << hits.body.dump();
  const json& h = hits.body["items"][0];
  EXPECT_EQ(h["platform_post_id"], "p-wrong");
  EXPECT_EQ(h["suggestion"], "市委书记周卫民");
  EXPECT_NE(h["note"].get<std::string>().find("李红霞"), std::string::npos) << h.dump();
}

// A package comes from anywhere: members of other types than the platform writes are refused with
// a reason, before and after the signature holds (json::value threw type_error out of `govmedia
// verify`, which aborted). The second half signs its own manifest, as anyone can.
TEST(EvidencePackage, MembersOfAnotherTypeAreRefusedNotThrownOn) {
  auto refused = [](const json& pkg) {
    const app::VerifyResult r = app::VerifyPackage(pkg.dump(), "");
    EXPECT_FALSE(r.ok) << pkg.dump();
    EXPECT_FALSE(r.message.empty());
  };
  const std::string key64(64, 'a'), sig128(128, 'b');
  refused({{"manifest", {{"format", 1}, {"items", json::array()}}}, {"items", json::array()}});
  refused({{"manifest", {{"format", "govmedia-evidence/1"}, {"items", 3}}}, {"items", json::array()}});
  refused({{"manifest", {{"format", "govmedia-evidence/1"}, {"items", json::array()}}},
           {"items", json::array()}, {"public_key", 5}, {"signature", sig128}});
  refused({{"manifest", {{"format", "govmedia-evidence/1"}, {"items", json::array()}, {"notice", "x"}}},
           {"items", json::array()}, {"public_key", key64}, {"signature", json::array()}});

  ASSERT_GE(sodium_init(), 0);
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  auto hex = [](const unsigned char* b, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), b, n);
    out.pop_back();
    return out;
  };
  auto signed_package = [&](const json& manifest, const json& items) {
    const std::string text = manifest.dump(-1, ' ', false, json::error_handler_t::replace);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(), sk);
    return json{{"manifest", manifest}, {"items", items}, {"public_key", hex(pk, sizeof pk)},
                {"signature", hex(sig, sizeof sig)}};
  };
  const json item = {{"type", 7}, {"text", json::array()}};
  const std::string item_hash = storage::Sha256Hex(item.dump(-1, ' ', false, json::error_handler_t::replace));
  // Listed entries that are not objects, members of other types, items that are not objects.
  refused(signed_package({{"format", "govmedia-evidence/1"}, {"items", json::array({5})}, {"notice", {{"title", 2}}}},
                         json::array({item})));
  refused(signed_package({{"format", "govmedia-evidence/1"}, {"items", {{{"label", 1}, {"sha256", item_hash}}, 9}}},
                         {item, "x"}));
  // The same shapes, consistent: the hashes hold, so the package verifies; the odd members are
  // read as empty, never thrown on.
  const app::VerifyResult whole = app::VerifyPackage(
      signed_package({{"format", "govmedia-evidence/1"}, {"items", json::array({{{"label", 1}, {"sha256", item_hash}}})}},
                     json::array({item})).dump(), "");
  EXPECT_TRUE(whole.ok) << whole.message;
  EXPECT_EQ(whole.items, 1u);
}

}  // namespace
}  // namespace govmedia::testing
