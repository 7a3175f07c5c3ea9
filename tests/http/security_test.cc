// The security ledger (安全台账, issue 13 item 1) through the API of a real node on loopback: a
// custodian who leaves the account's staff in a change filing (or whose login is disabled) needs a
// handover, refused without a password change and clearing the warning with one; rotation; the
// bound phone and e-mail masked for everyone outside the unit, revealed to the city office only
// with an audit row that never holds them; the unit's emergency plan and its drill.
#include <set>

#include "http/api_fixture.h"
#include "http/json_body.h"
#include "storage/audit_log.h"

namespace govmedia::testing {
namespace {

class SecurityTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = Login("admin");
    zp_ = Login("zp");
    account_ = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
    url_ = "/api/accounts/" + std::to_string(account_) + "/security";
  }
  /// The codes of the ledger's warnings.
  static std::vector<std::string> Codes(const json& ledger) {
    std::vector<std::string> out;
    for (const auto& w : ledger["warnings"]) out.push_back(w["code"]);
    return out;
  }
  static bool Has(const json& ledger, const std::string& code) {
    auto c = Codes(ledger);
    return std::find(c.begin(), c.end(), code) != c.end();
  }
  int64_t AuditRows(const std::string& action) {
    return storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = ?", {action})->Int(0);
  }
  /// Rows of the audit log holding `text` anywhere.
  int64_t AuditHolding(const std::string& text) {
    return storage::QueryOne(node_->db(),
                             "SELECT COUNT(*) FROM audit_log WHERE instr(before_json, ?) > 0 OR instr(after_json, ?) > 0",
                             {text, text})
        ->Int(0);
  }
  /// The ledger with 李四 (on the account's staff) as custodian, two-factor on, password changed on
  /// the 1st: no warning.
  json FillLedger() {
    auto r = Patch(zp_, url_,
                   {{"two_factor", true},
                    {"bound_phone", "13912345678"},
                    {"bound_email", "ops@zp.gov.cn"},
                    {"last_password_change", "2024-10-01"},
                    {"devices", json::array({{{"name", "运营手机（华为）"}, {"kind", "device"}},
                                             {{"name", "新媒体管家"}, {"kind", "tool"}, {"note", "定时发布"}}})},
                    {"custodians", json::array({{{"name", "李四"},
                                                 {"role", "编辑"},
                                                 {"storage", "张浦镇党政办 2 号保险柜密封信封"}}})}});
    EXPECT_EQ(r.status, 200) << r.body.dump();
    return r.body;
  }

  Session admin_, zp_;
  int64_t account_ = 0;
  std::string url_;
};

TEST_F(SecurityTest, StaffChangeWithoutHandoverWarnsAndAHandoverWithPasswordChangeClearsIt) {
  json ledger = FillLedger();
  EXPECT_TRUE(ledger["warnings"].empty()) << ledger.dump();
  EXPECT_EQ(ledger["custodians"][0]["listed"], true);
  EXPECT_EQ(ledger["rotation_due_on"], "2024-12-30");
  const int64_t li = ledger["custodians"][0]["id"];

  // 变更备案: 李四 leaves the account's staff, 王五 joins.
  auto filed = Post(zp_, "/api/accounts/" + std::to_string(account_) + "/filings",
                    {{"kind", "change"},
                     {"event_on", "2024-10-17"},
                     {"reason", "人员调整"},
                     {"changes", {{"staff", json::array({{{"name", "王五"}, {"title", "科员"}, {"phone", "0512-57512346"}}})}}}});
  ASSERT_EQ(filed.status, 201) << filed.body.dump();
  ledger = Get(zp_, url_).body;
  ASSERT_EQ(ledger["departures"].size(), 1u) << ledger.dump();
  EXPECT_EQ(ledger["departures"][0]["name"], "李四");
  EXPECT_EQ(ledger["departures"][0]["reason"], "staff_change");
  EXPECT_EQ(ledger["departures"][0]["since"], "2024-10-17");
  ASSERT_TRUE(Has(ledger, "security_handover_missing")) << ledger.dump();
  // 李四 no longer counts as a custodian either.
  EXPECT_TRUE(Has(ledger, "security_no_custodian"));

  // On the unit's home, and a finding candidate for the inspector; counted for the city office.
  auto home = Get(zp_, "/api/my-tasks");
  bool task = false;
  for (const auto& t : home.body["items"])
    task |= t["kind"] == "security" && t["title"] == "登记「张浦发布」的账号交接";
  EXPECT_TRUE(task) << home.body.dump();
  Session insp = Login("insp");
  auto candidates = Get(insp, "/api/security/warnings?code=security_handover_missing");
  ASSERT_EQ(candidates.status, 200);
  ASSERT_EQ(candidates.body["items"].size(), 1u);
  EXPECT_EQ(candidates.body["items"][0]["account_name"], "张浦发布");
  EXPECT_EQ(candidates.body["items"][0]["finding_candidate"], true);
  auto city = Get(admin_, "/api/security/warnings");
  EXPECT_EQ(city.body["counts"]["security_handover_missing"], 1);
  EXPECT_EQ(city.body["accounts_with_warnings"], 1);

  // Removing the custodian instead of handing over is refused.
  auto removed = Patch(zp_, url_, {{"custodians", json::array()}});
  EXPECT_EQ(removed.status, 400);
  EXPECT_EQ(removed.body["error"]["field"], "custodians");

  // A handover without a password change is refused, and changes nothing.
  const json handover{{"from_custodian_id", li},       {"to_name", "王五"},
                      {"to_role", "科员"},              {"to_storage", "张浦镇党政办 2 号保险柜密封信封（已换新）"},
                      {"handed_over_on", "2024-10-18"}, {"password_changed", false}};
  const int64_t audit_before = Count("audit_log");
  auto refused = Post(zp_, url_ + "/handovers", handover);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body["error"]["field"], "password_changed");
  EXPECT_NE(refused.body["error"]["message"].get<std::string>().find("修改"), std::string::npos);
  EXPECT_EQ(Count("security_handovers"), 0);
  EXPECT_EQ(Count("audit_log"), audit_before);
  EXPECT_TRUE(Has(Get(zp_, url_).body, "security_handover_missing"));

  json ok = handover;
  ok["password_changed"] = true;
  auto done = Post(zp_, url_ + "/handovers", ok);
  ASSERT_EQ(done.status, 201) << done.body.dump();
  EXPECT_FALSE(Has(done.body, "security_handover_missing")) << done.body.dump();
  EXPECT_FALSE(Has(done.body, "security_no_custodian"));
  EXPECT_TRUE(done.body["departures"].empty());
  EXPECT_EQ(done.body["last_password_change"], "2024-10-18");
  ASSERT_EQ(done.body["custodians"].size(), 1u);
  EXPECT_EQ(done.body["custodians"][0]["name"], "王五");
  EXPECT_EQ(done.body["custodians"][0]["listed"], true);
  EXPECT_EQ(done.body["former_custodians"][0]["name"], "李四");
  ASSERT_EQ(done.body["handovers"].size(), 1u);
  EXPECT_EQ(done.body["handovers"][0]["reason"], "staff_change");
  EXPECT_EQ(AuditRows("security.handover"), 1);
  EXPECT_TRUE(Get(insp, "/api/security/warnings?code=security_handover_missing").body["items"].empty());
  home = Get(zp_, "/api/my-tasks");
  for (const auto& t : home.body["items"]) EXPECT_NE(t["title"], "登记「张浦发布」的账号交接");
}

TEST_F(SecurityTest, ADisabledLoginOfACustodianNeedsAHandover) {
  AddUser("zp2", core::Role::kUnitOperator, UnitId("张浦镇"));
  const int64_t zp2 = storage::QueryOne(node_->db(), "SELECT id FROM users WHERE username = 'zp2'")->Int(0);
  // Another unit's login cannot be named as the custodian's.
  const int64_t edu = storage::QueryOne(node_->db(), "SELECT id FROM users WHERE username = 'edu'")->Int(0);
  auto foreign = Patch(zp_, url_, {{"custodians", json::array({{{"name", "赵六"}, {"storage", "保险柜"}, {"user_id", edu}}})}});
  EXPECT_EQ(foreign.body["error"]["field"], "custodians[0].user_id");
  // The unit's logins are offered to those who edit the ledger, to no one else.
  std::set<std::string> logins;
  auto offered = Get(zp_, url_);
  for (const auto& u : offered.body["unit_users"]) logins.insert(u["username"].get<std::string>());
  EXPECT_EQ(logins, (std::set<std::string>{"zp", "zp2"}));
  Session insp = Login("insp");
  EXPECT_TRUE(Get(insp, url_).body["unit_users"].empty());
  auto r = Patch(zp_, url_, {{"custodians", json::array({{{"name", "赵六"}, {"storage", "党政办保险柜"}, {"user_id", zp2}}})}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_FALSE(Has(r.body, "security_handover_missing"));
  ASSERT_EQ(Patch(admin_, "/api/users/" + std::to_string(zp2), {{"disabled", true}}).status, 200);
  auto ledger = Get(zp_, url_).body;
  ASSERT_EQ(ledger["departures"].size(), 1u) << ledger.dump();
  EXPECT_EQ(ledger["departures"][0]["reason"], "user_disabled");
  EXPECT_TRUE(Has(ledger, "security_handover_missing"));
}

TEST_F(SecurityTest, RotationOverdueByTheAccountsOwnInterval) {
  // Nothing recorded: the date is missing.
  auto empty = Get(zp_, url_).body;
  EXPECT_EQ(empty["recorded"], false);
  EXPECT_TRUE(Has(empty, "security_rotation_overdue"));
  EXPECT_TRUE(Has(empty, "security_no_custodian"));
  EXPECT_TRUE(Has(empty, "security_no_two_factor"));
  EXPECT_EQ(empty["rotation_days"], 90);

  // Changed on 07-01 with the default 90 days: due 09-29, overdue on 10-18.
  auto r = Patch(zp_, url_, {{"last_password_change", "2024-07-01"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["rotation_due_on"], "2024-09-29");
  ASSERT_TRUE(Has(r.body, "security_rotation_overdue"));
  for (const auto& w : r.body["warnings"])
    if (w["code"] == "security_rotation_overdue")
      EXPECT_NE(w["message"].get<std::string>().find("109 天"), std::string::npos) << w.dump();
  // 120 days for this account: due 10-29, not yet.
  r = Patch(zp_, url_, {{"rotation_days", 120}});
  EXPECT_EQ(r.body["rotation_due_on"], "2024-10-29");
  EXPECT_FALSE(Has(r.body, "security_rotation_overdue"));
  clock_.SetToday(D("2024-10-29"));
  EXPECT_FALSE(Has(Get(zp_, url_).body, "security_rotation_overdue"));
  clock_.SetToday(D("2024-10-30"));
  EXPECT_TRUE(Has(Get(zp_, url_).body, "security_rotation_overdue"));
  clock_.SetToday(D("2024-10-18"));
  // Bad input names its field and changes nothing.
  EXPECT_EQ(Patch(zp_, url_, {{"rotation_days", 3}}).body["error"]["field"], "rotation_days");
  EXPECT_EQ(Patch(zp_, url_, {{"last_password_change", "2024-10-19"}}).body["error"]["field"], "last_password_change");
  EXPECT_EQ(Patch(zp_, url_, {{"password", "x"}}).body["error"]["field"], "password");
  EXPECT_EQ(Get(zp_, url_).body["rotation_days"], 120);
}

TEST_F(SecurityTest, ThePasswordItselfIsNeverTakenAsWhereItIsKept) {
  auto ask = [&](const std::string& storage) {
    return Patch(zp_, url_, {{"custodians", json::array({{{"name", "李四"}, {"storage", storage}}})}});
  };
  for (const std::string bad : {"Zp@2024weibo", "保险柜，密码：abc12345", "password=hunter22", "口令是 Ks2024"}) {
    auto r = ask(bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.body["error"]["field"], "custodians[0].storage") << bad;
    EXPECT_EQ(r.body.dump().find(bad), std::string::npos) << "the refusal repeats the secret: " << bad;
  }
  EXPECT_EQ(Count("security_custodians"), 0);
  for (const std::string good : {"党政办 2 号保险柜密封信封", "vault://kunshan/zp-weibo", "secret/govmedia/zp-weibo-01",
                                 "密码由党政办主任保管", "KeePass 密码库 张浦镇.kdbx"}) {
    auto r = ask(good);
    EXPECT_EQ(r.status, 200) << good << " " << r.body.dump();
  }
}

TEST_F(SecurityTest, PersonalDataMaskedOutsideTheUnitAndEveryRevealAudited) {
  FillLedger();
  // The unit's own operator sees them as they are.
  auto own = Get(zp_, url_).body;
  EXPECT_EQ(own["bound_phone"], "13912345678");
  EXPECT_EQ(own["bound_email"], "ops@zp.gov.cn");
  EXPECT_EQ(own["contacts_masked"], false);
  Session insp = Login("insp"), boss = Login("boss"), edu = Login("edu");
  AddUser("duty", core::Role::kDutyOfficer, std::nullopt);
  Session duty = Login("duty");
  const int64_t views_before = AuditRows("security.contacts_view");
  for (const Session* s : {&admin_, &insp, &boss, &duty}) {
    auto r = Get(*s, url_);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body["bound_phone"], "139****5678");
    EXPECT_EQ(r.body["bound_email"], "o***@zp.gov.cn");
    EXPECT_EQ(r.body["contacts_masked"], true);
  }
  // Roles that need not see them are refused; another unit is not even told the account exists.
  EXPECT_EQ(Get(insp, url_ + "/contacts").status, 403);
  EXPECT_EQ(Get(boss, url_ + "/contacts").status, 403);
  EXPECT_EQ(Get(duty, url_ + "/contacts").status, 403);  // no open alert on the unit
  EXPECT_EQ(Get(edu, url_).status, 404);
  EXPECT_EQ(Get(edu, url_ + "/contacts").status, 404);
  EXPECT_EQ(AuditRows("security.contacts_view"), views_before);

  // The city office reveals them: each look is on record, naming the fields, not the values.
  for (int i = 0; i < 2; ++i) {
    auto r = Get(admin_, url_ + "/contacts");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body["bound_phone"], "13912345678");
    EXPECT_EQ(r.body["bound_email"], "ops@zp.gov.cn");
  }
  EXPECT_EQ(AuditRows("security.contacts_view"), views_before + 2);
  // Its own operator's look is not a privileged view.
  EXPECT_EQ(Get(zp_, url_ + "/contacts").status, 200);
  EXPECT_EQ(AuditRows("security.contacts_view"), views_before + 2);

  // A masked value sent back keeps the number; the change is audited, masked.
  auto kept = Patch(admin_, url_, {{"bound_phone", "139****5678"}, {"two_factor", false}});
  ASSERT_EQ(kept.status, 200) << kept.body.dump();
  EXPECT_EQ(Get(zp_, url_).body["bound_phone"], "13912345678");
  EXPECT_EQ(Patch(zp_, url_, {{"bound_phone", "12345"}}).body["error"]["field"], "bound_phone");
  EXPECT_EQ(Patch(zp_, url_, {{"bound_email", "ops-at-zp"}}).body["error"]["field"], "bound_email");
  EXPECT_GE(AuditRows("security.update"), 2);
  EXPECT_GE(AuditHolding("139****5678"), 1);
  EXPECT_EQ(AuditHolding("13912345678"), 0) << "the bound phone is in the audit log in clear";
  EXPECT_EQ(AuditHolding("ops@zp.gov.cn"), 0) << "the bound e-mail is in the audit log in clear";
}

TEST_F(SecurityTest, EmergencyPlanDocumentDrillAndHijackContact) {
  const int64_t unit = UnitId("张浦镇");
  const std::string plan = "/api/units/" + std::to_string(unit) + "/emergency-plan";
  auto none = Get(zp_, plan);
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(Has(none.body, "security_no_plan"));
  EXPECT_TRUE(Has(none.body, "security_drill_overdue"));

  // The document: told by its bytes, kept with its SHA-256.
  auto text = Post(zp_, plan + "/document", {{"filename", "预案.pdf"}, {"content_base64", "aGVsbG8gd29ybGQ="}});
  EXPECT_EQ(text.status, 400);
  EXPECT_EQ(text.body["error"]["field"], "content_base64");
  const std::string png = *http::DecodeBase64(kTinyPng);
  auto up = Post(zp_, plan + "/document", {{"filename", "应急预案.png"}, {"content_base64", kTinyPng}});
  ASSERT_EQ(up.status, 200) << up.body.dump();
  EXPECT_EQ(up.body["document"]["sha256"], storage::Sha256Hex(png));
  EXPECT_FALSE(Has(up.body, "security_no_plan"));
  auto file = client_->Get((plan + "/document").c_str(), {{"Cookie", admin_.cookie}});
  ASSERT_TRUE(file);
  EXPECT_EQ(file->status, 200);
  EXPECT_EQ(file->body, png);
  EXPECT_EQ(file->get_header_value("X-Content-SHA256"), storage::Sha256Hex(png));

  // A drill last year: overdue a year on; the contact masked outside the unit.
  auto saved = Patch(zp_, plan, {{"last_drill_on", "2023-10-17"}, {"contact_name", "周七"}, {"contact_phone", "13700001111"}});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  EXPECT_EQ(saved.body["next_drill_due"], "2024-10-16");
  EXPECT_TRUE(Has(saved.body, "security_drill_overdue"));
  EXPECT_EQ(saved.body["contact_phone"], "13700001111");
  saved = Patch(zp_, plan, {{"last_drill_on", "2024-06-01"}});
  EXPECT_FALSE(Has(saved.body, "security_drill_overdue"));
  EXPECT_TRUE(saved.body["warnings"].empty()) << saved.body.dump();
  EXPECT_EQ(Patch(zp_, plan, {{"contact_phone", "abc"}}).body["error"]["field"], "contact_phone");

  Session insp = Login("insp");
  EXPECT_EQ(Get(insp, plan).body["contact_phone"], "137****1111");
  EXPECT_EQ(Get(insp, plan + "/contact").status, 403);
  EXPECT_EQ(Get(admin_, plan).body["contact_phone"], "137****1111");
  auto revealed = Get(admin_, plan + "/contact");
  ASSERT_EQ(revealed.status, 200);
  EXPECT_EQ(revealed.body["contact_phone"], "13700001111");
  EXPECT_EQ(AuditRows("emergency_plan.contact_view"), 1);
  EXPECT_EQ(AuditRows("emergency_plan.upload"), 1);
  EXPECT_EQ(AuditHolding("13700001111"), 0);
}

}  // namespace
}  // namespace govmedia::testing
