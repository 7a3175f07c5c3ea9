// The registry through the API: lifecycle, unit scope on every route, field errors that change
// nothing, masking of contacts, the audit trail.
#include <set>

#include "http/api_fixture.h"
#include "storage/audit_log.h"

namespace govmedia::testing {
namespace {

std::string Path(const std::string& tmpl, int64_t id) {
  std::string p = tmpl;
  const size_t b = p.find('{');
  if (b != std::string::npos) p.replace(b, p.find('}') - b + 1, std::to_string(id));
  return p;
}

TEST_F(ApiTest, WholeLifecycleWithRefusedSteps) {
  Session admin = Login("admin");
  Session op = Login("zp");
  const int64_t zp = UnitId("张浦镇");
  auto created = Post(op, "/api/accounts", NewAccountBody(zp, "张浦发布"));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string acc = "/api/accounts/" + std::to_string(created.body["id"].get<int64_t>());
  EXPECT_EQ(created.body["status"], "applied");

  // The unit may not decide its own application; an open filing before approval is allowed but flagged.
  EXPECT_EQ(Post(op, acc + "/decision", {{"decision", "approve"}}).status, 403);
  EXPECT_EQ(Post(op, acc + "/filings", {{"kind", "change"}, {"event_on", "2024-10-17"}}).status, 409);
  auto approved = Post(admin, acc + "/decision", {{"decision", "approve"}, {"note", "同意"}});
  ASSERT_EQ(approved.status, 200);
  EXPECT_EQ(approved.body["status"], "approved");
  EXPECT_EQ(Post(admin, acc + "/decision", {{"decision", "reject"}, {"note", "x"}}).status, 409);

  auto opened = Post(op, acc + "/filings", {{"kind", "open"}, {"event_on", "2024-10-16"}, {"reason", "开设"}});
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  EXPECT_EQ(opened.body["due_on"], "2024-10-18");
  EXPECT_EQ(opened.body["filed_late"], false);
  EXPECT_EQ(opened.body["forward_due_on"], "2024-10-21");
  EXPECT_EQ(opened.body["state"], "pending_forward");
  EXPECT_EQ(Post(op, acc + "/filings", {{"kind", "open"}, {"event_on", "2024-10-16"}}).status, 409);

  auto changed = Post(op, acc + "/filings", {{"kind", "change"}, {"event_on", "2024-10-17"}, {"reason", "改名"},
                                             {"changes", {{"name", "张浦发布厅"}}}});
  ASSERT_EQ(changed.status, 201) << changed.body.dump();
  EXPECT_EQ(Get(op, acc).body["name"], "张浦发布厅");

  auto no_notice = Post(op, acc + "/filings", {{"kind", "close"}, {"event_on", "2024-10-17"}});
  EXPECT_EQ(no_notice.status, 400);
  EXPECT_EQ(no_notice.body["error"]["field"], "closure_notice_url");
  auto closed = Post(op, acc + "/filings", {{"kind", "close"}, {"event_on", "2024-10-17"},
                                            {"closure_notice_url", "https://example.org/n"},
                                            {"closure_notice_on", "2024-10-17"}});
  ASSERT_EQ(closed.status, 201);
  EXPECT_EQ(Get(op, acc).body["status"], "closed");
  EXPECT_EQ(Post(op, acc + "/filings", {{"kind", "change"}, {"event_on", "2024-10-18"}}).status, 409);
  ASSERT_EQ(Post(op, acc + "/filings", {{"kind", "cancel"}, {"event_on", "2024-10-18"}}).status, 201);
  auto final_state = Get(admin, acc);
  EXPECT_EQ(final_state.body["status"], "cancelled");
  EXPECT_EQ(final_state.body["filings"].size(), 4u);
  EXPECT_EQ(Post(op, acc + "/filings", {{"kind", "open"}, {"event_on", "2024-10-18"}}).status, 409);
  EXPECT_EQ(Patch(op, acc, {{"name", "复活"}}).status, 409);

  // The city office forwards; a second forward is a conflict.
  auto pending = Get(admin, "/api/filings?view=pending");
  ASSERT_EQ(pending.body["total"], 4);
  const std::string fwd = "/api/filings/" + std::to_string(pending.body["items"][0]["id"].get<int64_t>()) + "/forward";
  EXPECT_EQ(Post(op, fwd, json::object()).status, 403);
  auto forwarded = Post(admin, fwd, json::object());
  ASSERT_EQ(forwarded.status, 200);
  EXPECT_EQ(forwarded.body["forwarded_on"], "2024-10-18");
  EXPECT_EQ(forwarded.body["state"], "forwarded");
  EXPECT_EQ(Post(admin, fwd, json::object()).status, 409);
  EXPECT_EQ(Get(admin, "/api/filings?view=pending").body["total"], 3);
}

TEST_F(ApiTest, OpeningWithoutApprovalIsFlaggedAndLateFilingsAreOverdue) {
  Session admin = Login("admin");
  const int64_t zp = UnitId("张浦镇");
  auto a = Post(admin, "/api/accounts", NewAccountBody(zp, "张浦抖音", "douyin"));
  const std::string acc = "/api/accounts/" + std::to_string(a.body["id"].get<int64_t>());
  // Event on Friday 10-11, Saturday 10-12 was a working day (调休): due Monday 10-14.
  auto f = Post(admin, acc + "/filings", {{"kind", "open"}, {"event_on", "2024-10-11"}, {"filed_on", "2024-10-15"}});
  ASSERT_EQ(f.status, 201) << f.body.dump();
  EXPECT_EQ(f.body["due_on"], "2024-10-14");
  EXPECT_EQ(f.body["filed_late"], true);
  EXPECT_EQ(f.body["overdue"], true);
  auto got = Get(admin, acc);
  EXPECT_EQ(got.body["opened_without_application"], true);
  bool flagged = false;
  for (const auto& w : got.body["warnings"]) flagged |= w["code"] == "opened_without_application";
  EXPECT_TRUE(flagged);
  auto overdue = Get(admin, "/api/filings?view=overdue");
  EXPECT_EQ(overdue.body["total"], 1);
  EXPECT_EQ(Get(admin, "/api/dashboard").body["overdue_filings"], 1);
}

TEST_F(ApiTest, OnlyTheCityOfficeBackdatesFilings) {
  Session admin = Login("admin");
  Session op = Login("zp");
  const int64_t id = Post(admin, "/api/accounts", NewAccountBody(UnitId("张浦镇"), "张浦号")).body["id"];
  Post(admin, "/api/accounts/" + std::to_string(id) + "/decision", {{"decision", "approve"}});
  auto r = Post(op, "/api/accounts/" + std::to_string(id) + "/filings",
                {{"kind", "open"}, {"event_on", "2024-10-10"}, {"filed_on", "2024-10-11"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "filed_on");
}

TEST_F(ApiTest, SecondAccountOnAPlatformWarnsBoth) {
  Session admin = Login("admin");
  const int64_t zp = UnitId("张浦镇");
  const int64_t first = OpenAccount(admin, zp, "张浦发布");
  auto second = Post(admin, "/api/accounts", NewAccountBody(zp, "张浦发布二"));
  ASSERT_EQ(second.status, 201);
  ASSERT_EQ(second.body["warnings"].size(), 1u);
  EXPECT_EQ(second.body["warnings"][0]["code"], "same_platform_duplicate");
  EXPECT_EQ(Get(admin, "/api/accounts/" + std::to_string(first)).body["warnings"].size(), 1u);
  EXPECT_EQ(Get(admin, "/api/accounts?warning=true").body["total"], 2);
  // Another platform is fine.
  auto weibo = Post(admin, "/api/accounts", NewAccountBody(zp, "张浦微博", "weibo"));
  EXPECT_TRUE(weibo.body["warnings"].empty());
}

TEST_F(ApiTest, BadInputNamesTheFieldAndWritesNothing) {
  Session admin = Login("admin");
  const int64_t zp = UnitId("张浦镇");
  const int64_t accounts = Count("accounts"), audit = Count("audit_log"), apps = Count("applications");
  struct Case {
    json body;
    const char* field;
  };
  std::vector<Case> cases;
  json b = NewAccountBody(zp, "甲");
  b["main_leader"]["phone"] = "12345";
  cases.push_back({b, "main_leader.phone"});
  b = NewAccountBody(zp, "甲");
  b["staff"][0]["phone"] = "abc";
  cases.push_back({b, "staff[0].phone"});
  b = NewAccountBody(zp, "");
  cases.push_back({b, "name"});
  b = NewAccountBody(zp, "甲", "myspace");
  cases.push_back({b, "platform"});
  b = NewAccountBody(zp, "甲");
  b["opened_on"] = "2024-02-30";
  cases.push_back({b, "opened_on"});
  b = NewAccountBody(zp, "甲");
  b["url"] = "javascript:alert(1)";
  cases.push_back({b, "url"});
  b = NewAccountBody(999, "甲");
  cases.push_back({b, "unit_id"});
  b = NewAccountBody(zp, "甲");
  b["colour"] = "red";
  cases.push_back({b, "colour"});
  b = NewAccountBody(zp, "甲");
  b["registration"] = "existing";  // needs opened_on
  cases.push_back({b, "opened_on"});
  for (const auto& c : cases) {
    auto r = Post(admin, "/api/accounts", c.body);
    EXPECT_EQ(r.status, 400) << c.field << " " << r.body.dump();
    EXPECT_EQ(r.body["error"]["field"], c.field) << r.body.dump();
    EXPECT_FALSE(r.body["error"]["message"].get<std::string>().empty());
  }
  auto broken = ToReply(client_->Post("/api/accounts", {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}},
                                      "{not json", "application/json"));
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.body["error"]["field"], "body");
  EXPECT_EQ(Count("accounts"), accounts);
  EXPECT_EQ(Count("applications"), apps);
  EXPECT_EQ(Count("audit_log"), audit);

  // A bad change filing leaves the account and its filings as they were.
  const int64_t id = OpenAccount(admin, zp, "张浦发布");
  const std::string acc = "/api/accounts/" + std::to_string(id);
  const int64_t filings = Count("filings");
  const json before = Get(admin, acc).body;
  auto r = Post(admin, acc + "/filings", {{"kind", "change"}, {"event_on", "2024-10-17"},
                                          {"changes", {{"name", "新名"}, {"chief_editor", {{"phone", "999"}}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "changes.chief_editor.phone");
  r = Post(admin, acc + "/filings", {{"kind", "change"}, {"event_on", "2024-13-01"}});
  EXPECT_EQ(r.body["error"]["field"], "event_on");
  r = Post(admin, acc + "/filings", {{"kind", "change"}, {"event_on", "2024-10-19"}});  // tomorrow
  EXPECT_EQ(r.body["error"]["field"], "event_on");
  r = Post(admin, acc + "/filings", {{"kind", "rename"}, {"event_on", "2024-10-17"}});
  EXPECT_EQ(r.body["error"]["field"], "kind");
  EXPECT_EQ(Count("filings"), filings);
  EXPECT_EQ(Get(admin, acc).body, before);
}

TEST_F(ApiTest, ContactsAreMaskedForRolesThatDoNotNeedThem) {
  Session admin = Login("admin");
  const int64_t id = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const std::string acc = "/api/accounts/" + std::to_string(id);
  EXPECT_EQ(Get(admin, acc).body["main_leader"]["phone"], "13812345678");
  EXPECT_EQ(Get(Login("zp"), acc).body["main_leader"]["phone"], "13812345678");
  for (const char* who : {"insp", "boss"}) {
    auto r = Get(Login(who), acc);
    EXPECT_EQ(r.body["main_leader"]["phone"], "138****5678") << who;
    EXPECT_EQ(r.body["staff"][0]["phone"], "051*-****2345") << who;
    EXPECT_EQ(r.body["contacts_masked"], true);
    auto list = Get(Login(who), "/api/accounts");
    EXPECT_EQ(list.body["items"][0]["main_leader"]["phone"], "138****5678");
  }
}

// Every route that names a record, called by the operator of another unit: 403 or 404, never the
// record; every list: nothing of the other unit. A new route must be added here or the test fails.
TEST_F(ApiTest, UnitOperatorCannotReachAnotherUnitThroughAnyRoute) {
  Session admin = Login("admin");
  const int64_t zp = UnitId("张浦镇");
  const int64_t id = OpenAccount(admin, zp, "张浦发布");
  const int64_t applied = Post(admin, "/api/accounts", NewAccountBody(zp, "张浦待批", "weibo")).body["id"];
  const int64_t filing = Get(admin, "/api/filings").body["items"][0]["id"];
  // An inspection of the town's account, with a finding, a screenshot and a 核减.
  json body = NewAccountBody(zp, "张浦抖音", "douyin");
  body["registration"] = "existing";
  body["opened_on"] = "2018-05-01";
  body["certification"] = "别的认证";
  const int64_t douyin = Post(admin, "/api/accounts", body).body["id"];
  auto insp = Post(admin, "/api/inspections", {{"account_id", douyin}, {"kind", "city"},
                                               {"monitoring_time", "2024-10-18T09:00:00+08:00"}});
  ASSERT_EQ(insp.status, 201) << insp.body.dump();
  const int64_t inspection = insp.body["id"];
  auto with_finding = Post(admin, "/api/inspections/" + std::to_string(inspection) + "/findings",
                           {{"indicator", "improper_content"}, {"evidence", "x"}});
  const int64_t finding = with_finding.body["findings"][0]["id"];
  auto with_shot = Post(admin, "/api/findings/" + std::to_string(finding) + "/screenshots",
                        {{"filename", "a.png"}, {"content_base64", kTinyPng}});
  ASSERT_EQ(with_shot.status, 200) << with_shot.body.dump();
  const int64_t shot = with_shot.body["findings"][0]["screenshots"][0]["id"];
  auto dismissed = Post(admin, "/api/inspections/" + std::to_string(inspection) + "/dismissals",
                        {{"indicator", "certification_irregular"}, {"reason", "误报"}});
  ASSERT_EQ(dismissed.status, 200) << dismissed.body.dump();
  const int64_t dismissal = dismissed.body["dismissals"][0]["id"];
  const int64_t set_row = Get(admin, "/api/indicator-sets").body["items"][0]["id"];
  const int64_t integration = Post(admin, "/api/integrations", {{"name", "张浦融媒"}}).body["id"];
  // The town's quarterly report with an attachment, and a rectification task of a notice.
  auto report = Put(admin, "/api/reports", {{"unit_id", zp}, {"year", 2024}, {"quarter", 4}, {"checked", "已检查"}});
  ASSERT_EQ(report.status, 200) << report.body.dump();
  const int64_t report_id = report.body["id"];
  auto attached = Post(admin, "/api/reports/" + std::to_string(report_id) + "/attachments",
                       {{"filename", "检查表.png"}, {"content_base64", kTinyPng}});
  ASSERT_EQ(attached.status, 201) << attached.body.dump();
  const int64_t attachment = attached.body["id"];
  ASSERT_TRUE(node_->db()
                  .ExecScript("INSERT INTO spot_rounds (id, year, quarter, name, method, ratio, seed, monitoring_time, "
                              "population_json, status, created_by, created_at) VALUES (1, 2024, 4, 'r', 'ratio', 0.5, 1, "
                              "'2024-10-18T09:00:00+08:00', '[]', 'finished', 'admin', 'x');"
                              "INSERT INTO notices (id, round_id, title, status, published_on, created_by, created_at) "
                              "VALUES (1, 1, '通报', 'published', '2024-10-18', 'admin', 'x');")
                  .ok());
  const int64_t rectification = *node_->db().Insert(
      "INSERT INTO rectifications (notice_id, account_id, unit_id, indicator, problem, due_on) "
      "VALUES (1, ?, ?, 'improper_content', '张浦的问题', '2024-10-28') RETURNING id",
      {douyin, zp});

  // A photo as evidence of the rectification.
  auto with_image = Post(admin, "/api/rectifications/" + std::to_string(rectification) + "/images",
                         {{"filename", "整改后.png"}, {"content_base64", kTinyPng}});
  ASSERT_EQ(with_image.status, 200) << with_image.body.dump();
  const int64_t image = with_image.body["images"][0]["id"];

  const int64_t unregistered = Post(admin, "/api/unregistered-accounts", {{"unit_id", zp}, {"platform", "douyin"},
                                                                      {"name", "张浦便民"}, {"source", "inspection"}})
                                   .body["id"];

  storage::IncomingPost post;
  post.account_id = id;
  post.platform_post_id = "zp-post";
  post.published_at = "2024-10-17T09:00:00+08:00";
  post.published_epoch = 1729126800;
  post.text = "张浦镇召开会议。";
  const int64_t post_id = node_->posts().Archive(post, "2024-10-17T01:00:00Z")->post_id;

  // A netizen's correction report on the town's account (纠错入口).
  const int64_t correction = *node_->db().Insert(
      "INSERT INTO corrections (ticket, code_hash, account_id, unit_id, kind, description, status, submitted_at, "
      "submitted_on, contact) VALUES ('JC20241018-0001', 'x', ?, ?, 'content_error', '张浦的文章有错字需要更正', "
      "'submitted', '2024-10-18T01:00:00Z', '2024-10-18', '13812345678') RETURNING id",
      {id, zp});

  // A draft under review (先审后发) with an image, and the post matched to nothing.
  const int64_t draft = *node_->db().Insert(
      "INSERT INTO review_drafts (unit_id, account_id, title, text, status, round, current_level, chain_json, "
      "created_by, created_by_id, created_at, submitted_at) VALUES (?, ?, '张浦稿件', '张浦镇召开会议。', 'reviewing', 1, 1, "
      "'[]', 'zp', (SELECT id FROM users WHERE username = 'zp'), '2024-10-18T01:00:00Z', '2024-10-18T01:00:00Z') "
      "RETURNING id",
      {zp, id});
  const int64_t draft_image = *node_->db().Insert(
      "INSERT INTO review_images (draft_id, unit_id, filename, mime, size, sha256, data, created_by, created_at) "
      "VALUES (?, ?, '张浦.png', 'image/png', 1, 'x', 'x', 'zp', '2024-10-18T01:00:00Z') RETURNING id",
      {draft, zp});
  ASSERT_TRUE(node_->db()
                  .Exec("INSERT INTO review_matches (post_id, post_version, account_id, verdict, reason, created_at) "
                        "VALUES (?, 1, ?, 'unreviewed', '张浦', '2024-10-18T01:00:00Z')",
                        {post_id, id})
                  .ok());

  // The town's own entry of the Q&A library.
  const int64_t qa_entry = Post(admin, "/api/qa-entries", {{"unit_id", zp}, {"question", "张浦镇的问题？"}, {"answer", "张浦的答复"}})
                               .body["id"];

  // A netizen's request the town entered (限时办理).
  auto request = Post(admin, "/api/netizen-requests", {{"account_id", id}, {"text", "请问张浦的停车场几点关门"}});
  ASSERT_EQ(request.status, 201) << request.body.dump();
  const int64_t request_id = request.body["id"];

  // The town's security ledger (安全台账) with a custodian, and its emergency plan.
  auto ledger = Patch(admin, "/api/accounts/" + std::to_string(id) + "/security",
                      {{"bound_phone", "13912345678"},
                       {"custodians", json::array({{{"name", "张浦管理员"}, {"storage", "张浦镇党政办保险柜"}}})}});
  ASSERT_EQ(ledger.status, 200) << ledger.body.dump();
  const int64_t custodian = ledger.body["custodians"][0]["id"];
  ASSERT_EQ(Patch(admin, "/api/units/" + std::to_string(zp) + "/emergency-plan", {{"reference", "张浦镇应急预案"}}).status, 200);

  // An anomaly of the town's account proposed by the engagement detector.
  const int64_t anomaly = *node_->db().Insert(
      "INSERT INTO engagement_anomalies (account_id, unit_id, kind, subject, occurred_on, summary, evidence, created_at) "
      "VALUES (?, ?, 'post_outlier', 'account:x', '2024-10-17', '张浦的异常', '{}', '2024-10-18T01:00:00Z') RETURNING id",
      {id, zp});

  // The town's workbook, built for its operator (我的报表): only its requester downloads it.
  auto asked = Post(Login("zp"), "/api/generated-reports", {{"kind", "assessment"}, {"year", 2024}});
  ASSERT_EQ(asked.status, 201) << asked.body.dump();
  const int64_t zp_report = asked.body["id"];
  RunDueJobs();

  Session edu = Login("edu");
  const int64_t before_audit = Count("audit_log");

  struct Call {
    std::string method;
    std::string path;  // OpenAPI template
    int64_t id;
    json body;
  };
  const std::vector<Call> calls = {
      {"GET", "/api/accounts/{id}", id, nullptr},
      {"GET", "/api/accounts/{id}/contacts", id, nullptr},
      {"POST", "/api/accounts/{id}/urge", id, {{"note", "x"}}},
      {"GET", "/api/posts/{id}", post_id, nullptr},
      {"PATCH", "/api/accounts/{id}", id, {{"name", "被改"}}},
      {"POST", "/api/accounts/{id}/apply", applied, {{"reason", "x"}}},
      {"POST", "/api/accounts/{id}/decision", applied, {{"decision", "approve"}}},
      {"POST", "/api/accounts/{id}/filings", id, {{"kind", "change"}, {"event_on", "2024-10-17"}}},
      {"POST", "/api/filings/{id}/forward", filing, json::object()},
      {"GET", "/api/units/{id}/history", zp, nullptr},
      {"PATCH", "/api/units/{id}", zp, {{"name", "被改镇"}}},
      {"GET", "/api/inspections/{id}", inspection, nullptr},
      {"POST", "/api/inspections/{id}/findings", inspection, {{"indicator", "commercial_ad"}}},
      {"POST", "/api/findings/{id}/withdraw", finding, {{"reason", "x"}}},
      {"POST", "/api/findings/{id}/screenshots", finding, {{"filename", "b.png"}, {"content_base64", kTinyPng}}},
      {"GET", "/api/screenshots/{id}", shot, nullptr},
      {"POST", "/api/inspections/{id}/dismissals", inspection, {{"indicator", "certification_irregular"}, {"reason", "x"}}},
      {"POST", "/api/dismissals/{id}/withdraw", dismissal, json::object()},
      {"POST", "/api/inspections/{id}/close", inspection, json::object()},
      {"POST", "/api/inspections/{id}/rescore", inspection, {{"indicator_set", set_row}}},
      {"GET", "/api/assessments/{id}?year=2024", zp, nullptr},
      {"PATCH", "/api/assessments/{id}", zp, {{"year", 2024}, {"fraud", true}}},
      {"POST", "/api/integrations/{id}/revoke", integration, json::object()},
      {"POST", "/api/alerts/{id}/acknowledge", 1, json::object()},
      {"POST", "/api/alerts/{id}/handle", 1, {{"note", "x"}}},
      {"POST", "/api/alerts/{id}/forward", 1, {{"department", "x"}}},
      {"POST", "/api/alerts/{id}/rectification", 1, json::object()},
      {"GET", "/api/reports/{id}", report_id, nullptr},
      {"POST", "/api/reports/{id}/submit", report_id, json::object()},
      {"POST", "/api/reports/{id}/attachments", report_id, {{"filename", "b.png"}, {"content_base64", kTinyPng}}},
      {"GET", "/api/report-attachments/{id}", attachment, nullptr},
      {"POST", "/api/rectifications/{id}/answer", rectification, {{"answer", "已整改"}}},
      {"POST", "/api/rectifications/{id}/review", rectification, {{"decision", "close"}}},
      {"POST", "/api/rectifications/{id}/images", rectification, {{"filename", "b.png"}, {"content_base64", kTinyPng}}},
      {"GET", "/api/evidence-images/{id}", image, nullptr},
      {"POST", "/api/accounts/{id}/closure-images", id, {{"filename", "b.png"}, {"content_base64", kTinyPng}}},
      {"POST", "/api/unregistered-accounts/{id}/resolve", unregistered, {{"status", "dismissed"}}},
      {"GET", "/api/corrections/{id}", correction, nullptr},
      {"POST", "/api/corrections/{id}/accept", correction, json::object()},
      {"POST", "/api/corrections/{id}/reject", correction, {{"reason", "x"}}},
      {"POST", "/api/corrections/{id}/answer", correction, {{"answer", "x"}}},
      {"GET", "/api/review/drafts/{id}", draft, nullptr},
      {"POST", "/api/review/drafts/{id}/resubmit", draft, {{"text", "x"}}},
      {"POST", "/api/review/drafts/{id}/decision", draft, {{"decision", "approve"}}},
      {"POST", "/api/review/drafts/{id}/images", draft, {{"filename", "b.png"}, {"content_base64", kTinyPng}}},
      {"GET", "/api/review/images/{id}", draft_image, nullptr},
      {"GET", "/api/review/posts/{id}", post_id, nullptr},
      {"GET", "/api/qa-entries/{id}", qa_entry, nullptr},
      {"PATCH", "/api/qa-entries/{id}", qa_entry, {{"answer", "被改"}}},
      {"POST", "/api/qa-entries/{id}/review", qa_entry, json::object()},
      {"GET", "/api/accounts/{id}/security", id, nullptr},
      {"PATCH", "/api/accounts/{id}/security", id, {{"two_factor", true}}},
      {"GET", "/api/accounts/{id}/security/contacts", id, nullptr},
      {"POST", "/api/accounts/{id}/security/handovers", id,
       {{"from_custodian_id", custodian}, {"to_name", "x"}, {"to_storage", "y"}, {"handed_over_on", "2024-10-18"},
        {"password_changed", true}}},
      {"GET", "/api/units/{id}/emergency-plan", zp, nullptr},
      {"PATCH", "/api/units/{id}/emergency-plan", zp, {{"reference", "x"}}},
      {"POST", "/api/units/{id}/emergency-plan/document", zp, {{"filename", "b.png"}, {"content_base64", kTinyPng}}},
      {"GET", "/api/units/{id}/emergency-plan/document", zp, nullptr},
      {"GET", "/api/units/{id}/emergency-plan/contact", zp, nullptr},
      {"GET", "/api/netizen-requests/{id}", request_id, nullptr},
      {"PATCH", "/api/netizen-requests/{id}", request_id, {{"kind", "complaint"}}},
      {"POST", "/api/netizen-requests/{id}/reply", request_id, {{"text", "x"}}},
      {"POST", "/api/netizen-requests/{id}/dismiss", request_id, {{"reason", "x"}}},
      {"GET", "/api/engagement/anomalies/{id}", anomaly, nullptr},
      {"POST", "/api/engagement/anomalies/{id}/decision", anomaly, {{"decision", "dismiss"}, {"reason", "x"}}},
      {"GET", "/api/accounts/{id}/engagement", id, nullptr},
      {"GET", "/api/generated-reports/{id}/file", zp_report, nullptr},
  };
  std::set<std::string> covered;
  for (const auto& c : calls) {
    const std::string path = Path(c.path, c.id);
    Reply r = c.method == "GET" ? Get(edu, path) : Send(c.method, edu, path, c.body);
    EXPECT_TRUE(r.status == 403 || r.status == 404) << c.method << " " << path << " → " << r.status;
    EXPECT_FALSE(r.body.dump().find("张浦") != std::string::npos) << path;
    covered.insert(c.method + " " + c.path.substr(0, c.path.find('?')));
  }
  // Lists: scoped, even when asked for the other unit.
  for (const std::string& list : std::vector<std::string>{"/api/accounts", "/api/accounts?unit_id=" + std::to_string(zp),
                                 "/api/filings", "/api/filings?unit_id=" + std::to_string(zp),
                                 "/api/filings?account_id=" + std::to_string(id), "/api/filings?view=pending",
                                 "/api/inspections", "/api/inspections?unit_id=" + std::to_string(zp),
                                 "/api/inspections?account_id=" + std::to_string(douyin),
                                 "/api/rectifications", "/api/rectifications?unit_id=" + std::to_string(zp),
                                 "/api/review/drafts", "/api/review/drafts?unit_id=" + std::to_string(zp),
                                 "/api/review/posts", "/api/review/posts?unit_id=" + std::to_string(zp),
                                 "/api/unregistered-accounts", "/api/consolidation",
                                 "/api/consolidation?unit_id=" + std::to_string(zp), "/api/closures-not-done",
                                 "/api/security/warnings", "/api/security/warnings?unit_id=" + std::to_string(zp),
                                 "/api/corrections", "/api/corrections?unit_id=" + std::to_string(zp),
                                 "/api/qa-entries", "/api/qa-entries?unit_id=" + std::to_string(zp),
                                 "/api/netizen-requests", "/api/netizen-requests?unit_id=" + std::to_string(zp),
                                 "/api/engagement/anomalies", "/api/engagement/anomalies?unit_id=" + std::to_string(zp),
                                 "/api/generated-reports"}) {
    auto r = Get(edu, list);
    EXPECT_EQ(r.status, 200) << list;
    EXPECT_EQ(r.body["total"], 0) << list;
  }
  auto units = Get(edu, "/api/units");
  ASSERT_EQ(units.body.size(), 1u);
  EXPECT_EQ(units.body[0]["name"], "昆山市教育局");
  auto dash = Get(edu, "/api/dashboard");
  EXPECT_EQ(dash.body["accounts"]["total"], 0);
  EXPECT_TRUE(dash.body["todo"].empty());
  auto assessments = Get(edu, "/api/assessments?year=2024");
  ASSERT_EQ(assessments.body["items"].size(), 1u);
  EXPECT_EQ(assessments.body["items"][0]["unit_name"], "昆山市教育局");
  // Creating records for another unit is refused too.
  EXPECT_EQ(Post(edu, "/api/accounts", NewAccountBody(zp, "冒名")).status, 404);
  EXPECT_EQ(Post(edu, "/api/inspections", {{"account_id", douyin}, {"kind", "self"},
                                           {"monitoring_time", "2024-10-18T09:00:00+08:00"}}).body["error"]["field"],
            "account_id");
  EXPECT_EQ(Count("audit_log"), before_audit);

  // Every route with a path parameter is in the list above, but for the records of the city office
  // that belong to no unit: indicator sets, lexicons, spot-check rounds and notices (a unit sees a
  // round's items of its own only, and changing them is the office's).
  const std::set<std::string> global = {
      "GET /api/indicator-sets/{id}",         "GET /api/lexicons/{id}",
      "GET /api/spot-rounds/{id}",            "POST /api/spot-rounds/{id}/items",
      "POST /api/spot-rounds/{id}/assign",    "POST /api/spot-round-items/{id}/inspection",
      "POST /api/spot-rounds/{id}/finish",    "POST /api/spot-rounds/{id}/notice",
      "GET /api/notices/{id}",                "GET /api/public/notices/{id}",
      "POST /api/notices/{id}/publish",       "GET /api/notices/{id}/export",
      "PATCH /api/notices/{id}",              "GET /api/notices/{id}/evidence",  // scoped inside (EvidenceTest)
      "POST /api/users/{id}/unlock",  // city_admin only (RobustnessTest checks a unit operator's 403)
      "PATCH /api/users/{id}",        "POST /api/users/{id}/password",  // city_admin only (OfficeTest)
      "GET /api/public/corrections/{ticket}",  // public, behind the ticket's code (CorrectionsTest)
      "GET /api/repost-tasks/{id}",  // the office's; a unit sees its own targets only (RepostsTest)
      // The list of approved source units is the city's, read by all, edited by the office only
      // (ApprovedSourcesTest checks a unit operator's 403).
      "GET /api/approved-sources/{id}", "PATCH /api/approved-sources/{id}", "POST /api/approved-sources/{id}/delete",
      "POST /api/jobs/schedules/{name}/run"};  // city_admin only (JobsApiTest checks the others' 403)
  for (const auto& route : server_->routes()) {
    if (route.path.find('{') == std::string::npos) continue;
    std::string m = route.method;
    for (auto& ch : m) ch = static_cast<char>(std::toupper(ch));
    const std::string key = m + " " + route.path;
    EXPECT_TRUE(covered.count(key) || global.count(key)) << "route not checked for unit scope: " << key;
  }
}

TEST_F(ApiTest, UnitsAreRenamedAndRetiredWithHistory) {
  Session admin = Login("admin");
  const int64_t zp = UnitId("张浦镇");
  EXPECT_EQ(Patch(Login("zp"), "/api/units/" + std::to_string(zp), {{"name", "x"}}).status, 403);
  auto r = Patch(admin, "/api/units/" + std::to_string(zp), {{"name", "张浦镇人民政府"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["name"], "张浦镇人民政府");
  auto h = Get(admin, "/api/units/" + std::to_string(zp) + "/history");
  ASSERT_EQ(h.body["items"].size(), 1u);
  EXPECT_EQ(h.body["items"][0]["name"], "张浦镇");
  auto bad = Patch(admin, "/api/units/" + std::to_string(zp), {{"category", "乡镇"}});
  EXPECT_EQ(bad.body["error"]["field"], "category");
  auto created = Post(admin, "/api/units", {{"name", "昆山市数据局"}, {"category", "市级部门"}});
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(Post(admin, "/api/units", {{"name", "昆山市数据局"}, {"category", "市级部门"}}).status, 409);
  const std::string unit = "/api/units/" + std::to_string(created.body["id"].get<int64_t>());
  ASSERT_EQ(Patch(admin, unit, {{"retired", true}}).status, 200);
  EXPECT_EQ(Get(admin, "/api/units").body.size(), 51u);
  EXPECT_EQ(Get(admin, "/api/units?include_retired=true").body.size(), 52u);
  auto on_retired = Post(admin, "/api/accounts", NewAccountBody(created.body["id"], "数据昆山"));
  EXPECT_EQ(on_retired.body["error"]["field"], "unit_id");
}

TEST_F(ApiTest, EveryChangeIsAuditedAndTheChainHolds) {
  Session admin = Login("admin");
  const int64_t id = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Patch(admin, "/api/accounts/" + std::to_string(id), {{"positioning", "新定位"}}).status, 200);
  auto audit = Get(admin, "/api/audit?entity=account&entity_id=" + std::to_string(id));
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> actions;
  for (const auto& e : audit.body["items"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"account.update", "account.file_open", "application.approve",
                                               "account.apply"}));
  const json& update = audit.body["items"][0];
  EXPECT_EQ(update["actor"], "admin");
  EXPECT_EQ(update["before"]["positioning"], "政务信息发布");
  EXPECT_EQ(update["after"]["positioning"], "新定位");
  EXPECT_EQ(Get(Login("insp"), "/api/audit").status, 403);
  storage::AuditLog log(node_->db());
  std::string why;
  auto broken = log.Verify(&why);
  ASSERT_TRUE(broken.ok());
  EXPECT_FALSE(broken->has_value()) << why;
}

TEST_F(ApiTest, OpenApiDocumentListsEveryRouteAndNoOther) {
  auto doc = ToReply(client_->Get("/api/openapi.json"));
  ASSERT_EQ(doc.status, 200);
  ASSERT_TRUE(doc.body.contains("paths")) << "openapi.json has no paths";
  EXPECT_EQ(doc.body["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> routes, documented;
  for (const auto& r : server_->routes()) routes.insert(r.method + " " + r.path);
  for (auto p = doc.body["paths"].begin(); p != doc.body["paths"].end(); ++p) {
    for (auto m = p->begin(); m != p->end(); ++m) {
      if (m.key() == "parameters") continue;
      documented.insert(m.key() + " " + p.key());
      EXPECT_TRUE(m->contains("responses")) << m.key() << " " << p.key();
    }
  }
  for (const auto& r : routes) EXPECT_TRUE(documented.count(r)) << "route missing from openapi.json: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routes.count(d)) << "openapi.json documents a route that does not exist: " << d;
}

TEST_F(ApiTest, UnknownApiPathIsAJsonNotFound) {
  auto r = ToReply(client_->Get("/api/nothing-here"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body["error"]["code"], "not_found");
}

}  // namespace
}  // namespace govmedia::testing
