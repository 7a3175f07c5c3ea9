// One year of the supervision loop through the HTTP API, for one town (张浦镇) and one department
// (昆山市教育局): accounts filed, four quarters of self-inspections and reports (one late), a spot
// check with a published notice, one rectification on time and one overdue, a higher-level check,
// a commendation — and the assessment the platform computes equals `govmedia score assessment`
// on the same facts written out by hand.
#include "core/date.h"
#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class SupervisionTest : public ApiTest {
 protected:
  void On(const std::string& day) { clock_.SetToday(D(day.c_str())); }
  std::string S(int64_t id) { return std::to_string(id); }
  // Applied, approved and opened on `event_on`, filed on today's date.
  int64_t Open(const Session& admin, int64_t unit, const std::string& name, const std::string& platform,
               const std::string& event_on) {
    auto a = Post(admin, "/api/accounts", NewAccountBody(unit, name, platform));
    EXPECT_EQ(a.status, 201) << a.body.dump();
    const int64_t id = a.body["id"];
    EXPECT_EQ(Post(admin, "/api/accounts/" + S(id) + "/decision", {{"decision", "approve"}}).status, 200);
    auto f = Post(admin, "/api/accounts/" + S(id) + "/filings", {{"kind", "open"}, {"event_on", event_on}, {"reason", "开设"}});
    EXPECT_EQ(f.status, 201) << f.body.dump();
    return id;
  }
  int64_t Inspect(const Session& s, int64_t account, const std::string& kind, const std::string& at,
                  const json& findings = json::array(), const std::string& level = "") {
    json body{{"account_id", account}, {"kind", kind}, {"monitoring_time", at}};
    if (!level.empty()) body["level"] = level;
    auto r = Post(s, "/api/inspections", body);
    EXPECT_EQ(r.status, 201) << r.body.dump();
    const int64_t id = r.body["id"];
    for (const auto& f : findings) EXPECT_EQ(Post(s, "/api/inspections/" + S(id) + "/findings", f).status, 200);
    EXPECT_EQ(Post(s, "/api/inspections/" + S(id) + "/close", json::object()).status, 200);
    return id;
  }
  void Report(const Session& s, int64_t unit, int quarter, const std::string& on) {
    On(on);
    auto saved = Put(s, "/api/reports", {{"unit_id", unit}, {"year", 2024}, {"quarter", quarter},
                                         {"checked", "本季度检查了全部账号"}, {"problems", "无"}, {"rectification", "无"}});
    ASSERT_EQ(saved.status, 200) << saved.body.dump();
    auto sent = Post(s, "/api/reports/" + S(saved.body["id"]) + "/submit", json::object());
    ASSERT_EQ(sent.status, 200) << sent.body.dump();
    EXPECT_EQ(sent.body["submitted_on"], on);
  }
};

TEST_F(SupervisionTest, AYearOfRecordsGivesTheAssessmentTheCliComputesFromTheSameFacts) {
  Session admin = Login("admin"), insp = Login("insp"), zp = Login("zp"), edu = Login("edu");
  const int64_t town = UnitId("张浦镇"), dept = UnitId("昆山市教育局");

  // Filings: the town's two accounts on time; the department's filed after the 2nd working day
  // (2024-02-01 Thu → Fri 02-02 and Sun 02-04, a 调休 working day; filed Mon 02-05: late).
  On("2024-01-11");
  const int64_t zp_wx = Open(admin, town, "张浦发布", "wechat_subscription", "2024-01-10");
  const int64_t zp_wb = Open(admin, town, "张浦微博", "weibo", "2024-01-10");
  On("2024-02-05");
  const int64_t edu_wx = Open(admin, dept, "昆山教育", "wechat_subscription", "2024-02-01");

  // Self-inspections every quarter; the town inspects one of its two accounts in Q3.
  const char* at[] = {"2024-03-15T10:00:00+08:00", "2024-06-14T10:00:00+08:00", "2024-09-13T10:00:00+08:00",
                      "2024-12-13T10:00:00+08:00"};
  for (int q = 0; q < 4; ++q) {
    Inspect(zp, zp_wx, "self", at[q]);
    if (q != 2) Inspect(zp, zp_wb, "self", at[q]);
    Inspect(edu, edu_wx, "self", at[q]);
  }
  auto q3 = Get(admin, "/api/self-inspections?year=2024&quarter=3&unit_id=" + S(town));
  ASSERT_EQ(q3.status, 200) << q3.body.dump();
  EXPECT_EQ(q3.body["units"][0]["in_scope"], 2);
  EXPECT_EQ(q3.body["units"][0]["inspected"], 1);
  EXPECT_DOUBLE_EQ(q3.body["units"][0]["coverage"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(q3.body["units"][0]["annual_coverage"].get<double>(), 1.0);

  // Reports: the town's second is late.
  Report(zp, town, 1, "2024-03-29");
  Report(zp, town, 2, "2024-07-02");
  Report(zp, town, 3, "2024-09-30");
  for (int q = 1; q <= 3; ++q) Report(edu, dept, q, q == 1 ? "2024-03-28" : q == 2 ? "2024-06-28" : "2024-09-27");
  auto status = Get(admin, "/api/reports?year=2024&quarter=2");
  bool seen = false;
  for (const auto& x : status.body["items"]) {
    if (x["unit_id"] != town) continue;
    seen = true;
    EXPECT_EQ(x["status"], "submitted");
    EXPECT_TRUE(x["late"].get<bool>());
  }
  EXPECT_TRUE(seen);

  // A Q2 spot check of all three accounts (count 3 over three strata: one each).
  On("2024-05-27");
  auto round = Post(admin, "/api/spot-rounds", {{"year", 2024}, {"quarter", 2}, {"name", "第二季度抽查"}, {"method", "count"},
                                               {"count", 3}, {"seed", 2024}, {"monitoring_time", "2024-05-20T10:00:00+08:00"}});
  ASSERT_EQ(round.status, 201) << round.body.dump();
  const int64_t round_id = round.body["id"];
  EXPECT_EQ(round.body["seed"], 2024);
  std::vector<int64_t> item_ids;
  std::map<int64_t, int64_t> item_of;  // account → item
  for (const auto& s : round.body["strata"]) {
    if (s["unit_id"] == town || s["unit_id"] == dept) EXPECT_EQ(s["sampled"], 1) << s.dump();
  }
  for (const auto& i : round.body["items"]) {
    item_ids.push_back(i["id"]);
    item_of[i["account_id"]] = i["id"];
  }
  ASSERT_TRUE(item_of.count(zp_wx) && item_of.count(zp_wb) && item_of.count(edu_wx)) << round.body.dump();
  ASSERT_EQ(Post(admin, "/api/spot-rounds/" + S(round_id) + "/assign", {{"item_ids", item_ids}, {"inspector", "insp"}}).status, 200);
  auto record = [&](int64_t account, const json& findings) {
    auto started = Post(insp, "/api/spot-round-items/" + S(item_of[account]) + "/inspection", json::object());
    EXPECT_EQ(started.status, 201) << started.body.dump();
    const int64_t id = started.body["inspection_id"];
    for (const auto& f : findings) EXPECT_EQ(Post(insp, "/api/inspections/" + S(id) + "/findings", f).status, 200);
    EXPECT_EQ(Post(insp, "/api/inspections/" + S(id) + "/close", json::object()).status, 200);
  };
  record(zp_wx, {{{"indicator", "improper_content"}, {"evidence", "转发未核实信息"}}});
  EXPECT_EQ(Post(admin, "/api/spot-rounds/" + S(round_id) + "/finish", json::object()).status, 409);  // two to go
  record(zp_wb, json::array());
  record(edu_wx, {{{"indicator", "commercial_ad"}, {"evidence", "推送培训机构广告"}}});
  auto finished = Post(admin, "/api/spot-rounds/" + S(round_id) + "/finish", json::object());
  ASSERT_EQ(finished.status, 200) << finished.body.dump();
  EXPECT_EQ(finished.body["results"]["checked"], 3);

  // The notice, published on 06-03: two problems, two rectifications due 06-13.
  auto draft = Post(admin, "/api/spot-rounds/" + S(round_id) + "/notice", {{"title", "关于2024年第二季度政务新媒体抽查情况的通报"},
                                                                           {"doc_number", "昆政办〔2024〕12号"}});
  ASSERT_EQ(draft.status, 201) << draft.body.dump();
  const int64_t notice = draft.body["id"];
  EXPECT_EQ(ToReply(client_->Get(("/api/public/notices/" + S(notice)).c_str())).status, 404);  // a draft is not public
  On("2024-06-03");
  auto published = Post(admin, "/api/notices/" + S(notice) + "/publish", {{"published_on", "2024-06-03"}});
  ASSERT_EQ(published.status, 200) << published.body.dump();
  EXPECT_EQ(published.body["units"].size(), 2u);
  EXPECT_EQ(ToReply(client_->Get(("/api/public/notices/" + S(notice)).c_str())).body["title"], draft.body["title"]);
  EXPECT_EQ(Post(admin, "/api/notices/" + S(notice) + "/publish", {{"published_on", "2024-06-03"}}).status, 409);

  auto tasks = Get(admin, "/api/rectifications?notice_id=" + S(notice));
  ASSERT_EQ(tasks.body["items"].size(), 2u) << tasks.body.dump();
  std::map<int64_t, int64_t> task_of;  // unit → task
  for (const auto& t : tasks.body["items"]) {
    EXPECT_EQ(t["due_on"], "2024-06-13");
    task_of[t["unit_id"]] = t["id"];
  }
  // The town answers in time; the department after the due date, sent back once first.
  On("2024-06-10");
  ASSERT_EQ(Post(zp, "/api/rectifications/" + S(task_of[town]) + "/answer", {{"answer", "已删除并说明"}}).status, 200);
  EXPECT_EQ(Post(zp, "/api/rectifications/" + S(task_of[dept]) + "/answer", {{"answer", "x"}}).status, 404);
  On("2024-06-12");
  ASSERT_EQ(Post(admin, "/api/rectifications/" + S(task_of[town]) + "/review", {{"decision", "close"}}).status, 200);
  ASSERT_EQ(Post(edu, "/api/rectifications/" + S(task_of[dept]) + "/answer", {{"answer", "已处理"}}).status, 200);
  ASSERT_EQ(Post(admin, "/api/rectifications/" + S(task_of[dept]) + "/review", {{"decision", "return"}, {"note", "未见删除截图"}}).status, 200);
  On("2024-06-20");
  ASSERT_EQ(Post(edu, "/api/rectifications/" + S(task_of[dept]) + "/answer",
                 {{"answer", "已删除广告并附截图"}, {"evidence_url", "https://example.gov.cn/x"}}).status, 200);
  On("2024-06-21");
  auto closed = Post(admin, "/api/rectifications/" + S(task_of[dept]) + "/review", {{"decision", "close"}});
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.body["closed_on"], "2024-06-20");
  EXPECT_TRUE(closed.body["overdue"].get<bool>());

  // A provincial check of the department's account, qualified; a Suzhou commendation of the town.
  Inspect(admin, edu_wx, "higher", "2024-08-20T10:00:00+08:00", json::array(), "province");
  ASSERT_EQ(Patch(admin, "/api/assessments/" + S(town), {{"year", 2024}, {"commendations", {{{"level", "suzhou"}}}}}).status, 200);

  // Fourth quarter reports, then the year's assessment.
  Report(zp, town, 4, "2024-12-30");
  Report(edu, dept, 4, "2024-12-27");
  const json town_facts = json::parse(R"({
    "year": 2024, "unit": {"name": "张浦镇", "category": "区镇"}, "accounts": 2,
    "quarterly_inspections": [true, true, true, true],
    "quarterly_reports": ["2024-03-29", "2024-07-02", "2024-09-30", "2024-12-30"],
    "quarterly_coverage": [1.0, 1.0, 0.5, 1.0], "annual_coverage": 1.0,
    "rectifications": [{"published_on": "2024-06-03", "rectified_on": "2024-06-10"}],
    "filings": [{"kind": "open", "event_on": "2024-01-10", "filed_on": "2024-01-11", "applied": true},
                {"kind": "open", "event_on": "2024-01-10", "filed_on": "2024-01-11", "applied": true}],
    "higher_checks": [], "commendations": [{"level": "suzhou"}]})");
  const json dept_facts = json::parse(R"({
    "year": 2024, "unit": {"name": "昆山市教育局", "category": "市级部门"}, "accounts": 1,
    "quarterly_inspections": [true, true, true, true],
    "quarterly_reports": ["2024-03-28", "2024-06-28", "2024-09-27", "2024-12-27"],
    "quarterly_coverage": [1.0, 1.0, 1.0, 1.0], "annual_coverage": 1.0,
    "rectifications": [{"published_on": "2024-06-03", "rectified_on": "2024-06-20"}],
    "filings": [{"kind": "open", "event_on": "2024-02-01", "filed_on": "2024-02-05", "applied": true}],
    "higher_checks": [{"level": "province", "qualified": true, "serious_error": false}]})");
  for (const auto& [unit, facts] : {std::pair{town, town_facts}, std::pair{dept, dept_facts}}) {
    auto platform = Get(admin, "/api/assessments/" + S(unit) + "?year=2024");
    ASSERT_EQ(platform.status, 200) << platform.body.dump();
    // The running year: both judge it as it stands on the platform's today (issue 11).
    json case_json = facts;
    case_json["as_of"] = "2024-12-27";
    auto cli = RunGovmedia("score assessment -", case_json.dump());
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_EQ(platform.body["result"], json::parse(cli.out)) << facts["unit"]["name"];
  }
  // Each deduction is traced to its records.
  const json town_records = Get(admin, "/api/assessments/" + S(town) + "?year=2024").body["facts"]["records"];
  ASSERT_EQ(town_records["spot_check.report_late"].size(), 1u) << town_records.dump();
  EXPECT_EQ(town_records["spot_check.report_late"][0]["quarter"], 2);
  EXPECT_EQ(town_records["spot_check.report_late"][0]["submitted_on"], "2024-07-02");
  EXPECT_FALSE(town_records.contains("rectification.overdue"));
  const json dept_records = Get(admin, "/api/assessments/" + S(dept) + "?year=2024").body["facts"]["records"];
  ASSERT_EQ(dept_records["rectification.overdue"].size(), 1u) << dept_records.dump();
  EXPECT_EQ(dept_records["rectification.overdue"][0]["id"], task_of[dept]);
  ASSERT_EQ(dept_records["filing.late"].size(), 1u) << dept_records.dump();
  EXPECT_EQ(dept_records["filing.late"][0]["account"], "昆山教育");
  // What the figures mean: the town loses 5 for the late report and gains 1; the department loses
  // 10 (overdue rectification) and 2 (late filing), and gains 10 + 10 + nothing for commendations.
  EXPECT_EQ(Get(admin, "/api/assessments/" + S(town) + "?year=2024").body["result"]["score"], 96);
  EXPECT_EQ(Get(admin, "/api/assessments/" + S(dept) + "?year=2024").body["result"]["deduction_score"], 88);

  // The dashboards: the office's figures of the year, the town's own.
  On("2024-12-31");
  auto office = Get(admin, "/api/dashboard/supervision?year=2024");
  ASSERT_EQ(office.status, 200) << office.body.dump();
  EXPECT_EQ(office.body["quarters"][1]["checked"], 3);
  EXPECT_EQ(office.body["quarters"][1]["qualified"], 3);  // points lost, none below 60
  EXPECT_TRUE(office.body["quarters"][0]["rate"].is_null());
  EXPECT_EQ(office.body["rectifications"]["closed"], 2);
  EXPECT_EQ(office.body["reports"]["quarter"], 4);
  EXPECT_EQ(office.body["reports"]["submitted"], 2);
  EXPECT_TRUE(office.body["tasks"].is_null());
  bool ranked = false;
  for (const auto& row : office.body["ranking"])
    if (row["unit_id"] == town) ranked = row["score"] == 96;
  EXPECT_TRUE(ranked) << office.body["ranking"].dump();
  EXPECT_EQ(office.body["score_trend"][1]["inspections"], 6);  // three self-inspections and three city checks in Q2
  auto own = Get(zp, "/api/dashboard/supervision?year=2024");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.body["ranking"].size(), 1u);
  EXPECT_EQ(own.body["tasks"]["report"]["status"], "submitted");
  EXPECT_TRUE(own.body["tasks"]["self_inspection_todo"].empty());
  EXPECT_TRUE(own.body["tasks"]["rectifications"].empty());
}

TEST_F(SupervisionTest, ReportsAreTheUnitsOwnAndFrozenOnceSubmitted) {
  Session zp = Login("zp"), edu = Login("edu"), admin = Login("admin");
  const int64_t town = UnitId("张浦镇");
  EXPECT_EQ(Put(edu, "/api/reports", {{"unit_id", town}, {"year", 2024}, {"quarter", 3}, {"checked", "x"}}).status, 404);
  EXPECT_EQ(Put(zp, "/api/reports", {{"unit_id", town}, {"year", 2024}, {"quarter", 5}}).body["error"]["field"], "quarter");
  auto draft = Put(zp, "/api/reports", {{"unit_id", town}, {"year", 2024}, {"quarter", 3}});
  ASSERT_EQ(draft.status, 200) << draft.body.dump();
  const std::string id = S(draft.body["id"]);
  EXPECT_EQ(draft.body["due_on"], "2024-09-30");
  EXPECT_EQ(Post(zp, "/api/reports/" + id + "/submit", json::object()).body["error"]["field"], "checked");
  EXPECT_EQ(Post(zp, "/api/reports/" + id + "/attachments", {{"filename", "a.txt"}, {"content_base64", "aGVsbG8="}})
                .body["error"]["field"],
            "content_base64");
  ASSERT_EQ(Post(zp, "/api/reports/" + id + "/attachments", {{"filename", "检查表.png"}, {"content_base64", kTinyPng}}).status, 201);
  // A legacy Word file (OLE2) is accepted as .doc; the same bytes named otherwise are refused.
  const std::string ole = "0M8R4KGxGuEAAAAAAAAAAAAAAAAAAAAAPgADAP7/CQAGAAAAAAAAAAAAAAA=";
  EXPECT_EQ(Post(zp, "/api/reports/" + id + "/attachments", {{"filename", "整改说明.DOC"}, {"content_base64", ole}}).status, 201);
  auto refused = Post(zp, "/api/reports/" + id + "/attachments", {{"filename", "整改说明.bin"}, {"content_base64", ole}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body["error"]["message"].get<std::string>().find(".doc"), std::string::npos);
  ASSERT_EQ(Put(zp, "/api/reports", {{"unit_id", town}, {"year", 2024}, {"quarter", 3}, {"checked", "已检查"}}).status, 200);
  auto sent = Post(zp, "/api/reports/" + id + "/submit", json::object());
  ASSERT_EQ(sent.status, 200);
  EXPECT_EQ(sent.body["attachments"].size(), 2u);
  EXPECT_TRUE(sent.body["late"].get<bool>());  // today is 2024-10-18
  EXPECT_EQ(Put(zp, "/api/reports", {{"unit_id", town}, {"year", 2024}, {"quarter", 3}, {"checked", "改"}}).status, 409);
  EXPECT_EQ(Post(zp, "/api/reports/" + id + "/submit", json::object()).status, 409);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'report.%'")->Int(0), 5);  // two saves, two attachments, submit
  // The office sees who has not reported.
  auto q3 = Get(admin, "/api/reports?year=2024&quarter=3");
  EXPECT_EQ(q3.body["counts"]["submitted"], 1);
  EXPECT_EQ(q3.body["counts"]["late"], 1);
  EXPECT_EQ(q3.body["counts"]["missing"], q3.body["items"].size() - 1);
}

TEST_F(SupervisionTest, ConsolidationClosuresAndScopeComeIntoTheAssessment) {
  Session admin = Login("admin"), insp = Login("insp"), zp = Login("zp");
  const int64_t town = UnitId("张浦镇");
  On("2024-03-05");
  const int64_t a = Open(admin, town, "张浦发布", "wechat_subscription", "2024-03-04");
  const int64_t b = Open(admin, town, "张浦镇发布", "wechat_subscription", "2024-03-04");
  const int64_t c = Open(admin, town, "张浦发布厅", "wechat_subscription", "2024-03-04");
  const int64_t other = Open(admin, town, "平安张浦", "weibo", "2024-03-04");

  // The three look alike: one proposed group; the office confirms it.
  auto groups = Get(zp, "/api/consolidation");
  ASSERT_EQ(groups.body["items"].size(), 1u) << groups.body.dump();
  const std::string key = groups.body["items"][0]["key"];
  EXPECT_EQ(key, S(a) + "," + S(b) + "," + S(c));
  EXPECT_EQ(groups.body["items"][0]["status"], "proposed");
  EXPECT_EQ(Post(zp, "/api/consolidation/decide", {{"key", key}, {"decision", "confirm"}}).status, 403);
  EXPECT_EQ(Post(admin, "/api/consolidation/decide", {{"key", "1,2"}, {"decision", "confirm"}}).status, 404);
  auto confirmed = Post(admin, "/api/consolidation/decide", {{"key", key}, {"decision", "confirm"}, {"note", "三号合一"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body.dump();
  EXPECT_EQ(confirmed.body["status"], "confirmed");

  // The weibo account is reported closed on 05-10 but still publishes on 05-20.
  On("2024-05-10");
  auto closed = Post(admin, "/api/accounts/" + S(other) + "/filings",
                     {{"kind", "close"}, {"event_on", "2024-05-10"}, {"reason", "整合"},
                      {"closure_notice_url", "https://example.gov.cn/notice"}, {"closure_notice_on", "2024-05-10"}});
  ASSERT_EQ(closed.status, 201) << closed.body.dump();
  storage::IncomingPost post;
  post.account_id = other;
  post.platform_post_id = "after-close";
  post.published_at = "2024-05-20T09:00:00+08:00";
  post.published_epoch = *core::ParseRfc3339(post.published_at);
  post.text = "关停后仍在更新";
  ASSERT_TRUE(node_->posts().Archive(post, "2024-05-20T09:00:00Z").ok());
  auto closures = Get(admin, "/api/closures-not-done?year=2024");
  ASSERT_EQ(closures.body["items"].size(), 1u) << closures.body.dump();
  EXPECT_EQ(closures.body["items"][0]["account_id"], other);
  EXPECT_EQ(closures.body["items"][0]["posts_after"], 1);

  // An account found by an inspector outside the registry; another one dismissed.
  auto found = Post(insp, "/api/unregistered-accounts",
                    {{"unit_id", town}, {"platform", "douyin"}, {"name", "张浦便民"}, {"source", "inspection"}});
  ASSERT_EQ(found.status, 201) << found.body.dump();
  EXPECT_EQ(Post(insp, "/api/unregistered-accounts", {{"platform", "douyin"}, {"name", "x"}, {"source", "rumour"}})
                .body["error"]["field"],
            "source");
  auto wrong = Post(insp, "/api/unregistered-accounts",
                    {{"unit_id", town}, {"platform", "weibo"}, {"name", "张浦某商户"}, {"source", "monitoring"}});
  ASSERT_EQ(Post(admin, "/api/unregistered-accounts/" + S(wrong.body["id"]) + "/resolve",
                 {{"status", "dismissed"}, {"note", "非政务账号"}}).status,
            200);
  EXPECT_EQ(Get(zp, "/api/unregistered-accounts?status=open").body["items"].size(), 1u);
  // A monitoring service reports what it came across: a registered account and one already
  // listed are known; a new one is listed.
  const std::string token = Post(admin, "/api/integrations", {{"name", "账号发现服务"}}).body["token"];
  auto push = [&](const json& body) {
    return ToReply(client_->Post("/api/ingest/accounts", {{"Authorization", "Bearer " + token}}, body.dump(), "application/json"));
  };
  EXPECT_EQ(push({{"accounts", {{{"platform", "weibo"}, {"name", ""}}}}}).body["error"]["field"], "accounts[0].name");
  // A member of another type is refused by name (it was a 500: a thrown type_error).
  auto typed = push({{"accounts", {{{"platform", "weibo"}, {"name", "某号"}}, {{"platform", "weibo"}, {"name", 7}}}}});
  EXPECT_EQ(typed.status, 400);
  EXPECT_EQ(typed.body["error"]["field"], "accounts[1].name") << typed.body.dump();
  EXPECT_EQ(push({{"accounts", {{{"platform", "weibo"}, {"name", "某号"}}}}, {"source", 1}}).body["error"]["field"], "source");
  auto reported = push({{"accounts", {{{"platform", "wechat_subscription"}, {"name", "张浦发布"}},
                                      {{"platform", "douyin"}, {"name", "张浦便民"}},
                                      {{"platform", "kuaishou"}, {"name", "张浦生活"}, {"unit_id", town}}}}});
  ASSERT_EQ(reported.status, 200) << reported.body.dump();
  EXPECT_EQ(reported.body["listed"], 1);
  EXPECT_EQ(reported.body["known"], 2);
  auto listed = Get(admin, "/api/unregistered-accounts?status=open").body["items"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["source"], "monitoring");
  EXPECT_EQ(listed[0]["found_by"], "integration:账号发现服务");
  // Dismiss it again, so the figures below count the inspector's find only.
  ASSERT_EQ(Post(admin, "/api/unregistered-accounts/" + S(listed[0]["id"]) + "/resolve", {{"status", "dismissed"}, {"note", "x"}}).status,
            200);

  auto detail = Get(admin, "/api/assessments/" + S(town) + "?year=2024");
  EXPECT_EQ(detail.body["facts"]["similar_account_groups"], 1) << detail.body["facts"].dump();
  EXPECT_EQ(detail.body["facts"]["closures_not_done"], 1);
  EXPECT_EQ(detail.body["facts"]["accounts_outside_scope"], 1);
  // No self-inspections were made here (a veto); the office's entry of paper inspections lets the
  // items be scored.
  ASSERT_EQ(Patch(admin, "/api/assessments/" + S(town),
                  {{"year", 2024}, {"quarterly_inspections", {true, true, true, true}},
                   {"quarterly_coverage", {1, 1, 1, 1}}, {"annual_coverage", 1}})
                .status,
            200);
  auto result = Get(admin, "/api/assessments/" + S(town) + "?year=2024").body["result"];
  std::map<std::string, int> points;
  for (const auto& d : result["deductions"]) points[d["indicator"]] = d["points"];
  EXPECT_EQ(points["consolidation.similar_accounts"], 5) << result.dump();
  EXPECT_EQ(points["consolidation.closure_not_done"], 1) << result.dump();
  EXPECT_EQ(points["scope.account_missing"], 1) << result.dump();
}

}  // namespace
}  // namespace govmedia::testing
