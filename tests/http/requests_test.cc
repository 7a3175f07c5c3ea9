// Netizen requests answered in time (限时办理) through the HTTP API: a request found among pushed
// comments, its deadline, its reply matched from the account's own reply, one answered late, one
// never answered that becomes a finding of the next inspection, a venting reply flagged, a request
// entered by the unit and answered with a library entry, the push API, unit scope, and 无法判定
// while the collection has never shown the account's replies.
#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class RequestsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = Login("admin");
    auto made = Post(admin_, "/api/integrations", {{"name", "留言采集"}});
    ASSERT_EQ(made.status, 201);
    token_ = made.body["token"];
  }
  Reply PushJson(const std::string& path, const json& body) {
    return ToReply(client_->Post(path.c_str(), {{"Authorization", "Bearer " + token_}}, body.dump(), "application/json"));
  }
  Reply Comment(int64_t account, const std::string& id, const std::string& post, const std::string& author,
                const std::string& text, const std::string& at) {
    return PushJson("/api/ingest/comments",
                    {{"comments", json::array({{{"account_id", account}, {"id", id}, {"post_id", post},
                                                {"author", author}, {"published_at", at}, {"text", text}}})}});
  }
  // The requests of a list answer, by the comment or message id they were asked in.
  static std::map<std::string, json> ById(const Reply& r) {
    std::map<std::string, json> out;
    for (const auto& x : r.body["items"]) out[x["platform_id"].get<std::string>()] = x;
    return out;
  }
  static std::optional<json> Derived(const Reply& inspection, const std::string& indicator) {
    for (const auto& d : inspection.body["derived"])
      if (d["indicator"] == indicator) return d;
    return std::nullopt;
  }

  Session admin_;
  std::string token_;
};

TEST_F(RequestsTest, RequestsFoundInCommentsAreAnsweredOnTimeLateOrNotAtAll) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  Session zp = Login("zp");
  clock_.SetToday(D("2024-10-09"));
  // Four comments under post p1 on Tuesday 8 October 2024: a question, a complaint, praise and a
  // question of another netizen; the account replies to two of them.
  ASSERT_EQ(Comment(acc, "c1", "p1", "市民小王", "请问社保卡丢了在哪里补办？", "2024-10-08T09:00:00+08:00").status, 200);
  ASSERT_EQ(Comment(acc, "c2", "p1", "老李", "举报！南港路有家饭店天天往河里倒泔水", "2024-10-08T10:00:00+08:00").status, 200);
  ASSERT_EQ(Comment(acc, "c3", "p1", "阿花", "辛苦了，为你们点赞", "2024-10-08T11:00:00+08:00").status, 200);
  ASSERT_EQ(Comment(acc, "c4", "p1", "路人甲", "停车场晚上几点关门？", "2024-10-08T12:00:00+08:00").status, 200);
  Reply listed = Get(admin_, "/api/netizen-requests");
  ASSERT_EQ(listed.status, 200) << listed.body.dump();
  auto found = ById(listed);
  ASSERT_EQ(found.size(), 3u) << listed.body.dump();  // the praise is none
  EXPECT_EQ(found["c1"]["kind"], "question");
  EXPECT_EQ(found["c1"]["kind_label"], "咨询");
  EXPECT_EQ(found["c1"]["cues"][0]["term"], "请问");
  EXPECT_EQ(found["c1"]["author"], "市民小王");
  EXPECT_EQ(found["c1"]["asked_on"], "2024-10-08");
  EXPECT_EQ(found["c1"]["due_on"], "2024-10-11");   // three working days
  EXPECT_EQ(found["c2"]["kind"], "complaint");
  EXPECT_EQ(found["c2"]["due_on"], "2024-10-21");   // ten working days, Saturday the 12th worked
  EXPECT_EQ(found["c1"]["timeliness"], "pending");  // until its day passes

  // The account answers 市民小王 on the 10th (on time) and 老李 on the 23rd (late), addressing
  // each by name, under the same post. 路人甲's question is never answered.
  ASSERT_EQ(Comment(acc, "r1", "p1", "张浦发布", "回复@市民小王:您好，可携带身份证到各银行网点补办。",
                    "2024-10-10T16:00:00+08:00").status, 200);
  ASSERT_EQ(Comment(acc, "r2", "p1", "张浦发布", "回复@老李:您好，执法人员已到现场查处。", "2024-10-23T09:00:00+08:00")
                .status,
            200);
  clock_.SetToday(D("2024-10-25"));
  found = ById(Get(admin_, "/api/netizen-requests"));
  EXPECT_EQ(found["c1"]["status"], "answered");
  EXPECT_EQ(found["c1"]["timeliness"], "on_time");
  EXPECT_EQ(found["c1"]["reply_source"], "matched");
  EXPECT_EQ(found["c1"]["reply_match"], "本账号回复@市民小王");
  EXPECT_EQ(found["c2"]["timeliness"], "late");
  EXPECT_EQ(found["c2"]["replied_on"], "2024-10-23");
  EXPECT_EQ(found["c4"]["status"], "open");
  EXPECT_EQ(found["c4"]["timeliness"], "overdue");

  // The figures: one of three judged in time, for the account and for its unit.
  Reply figures = Get(admin_, "/api/netizen-requests/figures?year=2024");
  ASSERT_EQ(figures.status, 200) << figures.body.dump();
  ASSERT_EQ(figures.body["accounts"].size(), 1u);
  EXPECT_EQ(figures.body["accounts"][0]["on_time"], 1);
  EXPECT_EQ(figures.body["accounts"][0]["late"], 1);
  EXPECT_EQ(figures.body["accounts"][0]["overdue"], 1);
  EXPECT_NEAR(figures.body["units"][0]["on_time_rate"].get<double>(), 1.0 / 3, 1e-9);
  EXPECT_EQ(figures.body["units"][0]["name"], "张浦镇");

  // The counts and the filters by judged status.
  Reply overdue = Get(zp, "/api/netizen-requests?status=overdue");
  ASSERT_EQ(overdue.body["total"], 1);
  EXPECT_EQ(overdue.body["items"][0]["platform_id"], "c4");
  EXPECT_EQ(overdue.body["counts"]["late"], 1);
  EXPECT_EQ(Get(zp, "/api/netizen-requests?status=sideways").body["error"]["field"], "status");

  // The unit sees it on its home, overdue.
  Reply home = Get(zp, "/api/my-tasks");
  bool task = false;
  for (const auto& t : home.body["items"]) {
    if (t["kind"] != "request") continue;
    task = true;
    EXPECT_TRUE(t["overdue"].get<bool>());
    EXPECT_NE(t["detail"].get<std::string>().find("已超过答复期限"), std::string::npos);
  }
  EXPECT_TRUE(task) << home.body.dump();

  // The unanswered one is a finding of the account's next inspection (互动回应失当); the late
  // one is not (it was answered).
  auto insp = Post(Login("insp"), "/api/inspections",
                   {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", "2024-10-25T09:00:00+08:00"}});
  ASSERT_EQ(insp.status, 201) << insp.body.dump();
  auto reply = Derived(insp, "improper_reply");
  ASSERT_TRUE(reply) << insp.body["derived"].dump();
  EXPECT_EQ((*reply)["occurrences"], 1);
  const std::string evidence = (*reply)["evidence"][0];
  EXPECT_NE(evidence.find("停车场晚上几点关门"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("未见答复"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("c4"), std::string::npos) << evidence;
}

TEST_F(RequestsTest, AReplyThatVentsAtTheNetizenIsAReviewHitOfImproperReply) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Comment(acc, "c1", "p1", "小张", "请问周末政务中心上班吗", "2024-10-14T09:00:00+08:00").status, 200);
  ASSERT_EQ(Comment(acc, "r1", "p1", "张浦发布", "回复@小张:自己不会看通知吗？问了八百遍了", "2024-10-14T10:00:00+08:00")
                .status,
            200);
  Reply hits = Get(admin_, "/api/scan-hits?level=review&category=reply");
  ASSERT_EQ(hits.status, 200) << hits.body.dump();
  ASSERT_EQ(hits.body["items"].size(), 1u) << hits.body.dump();
  EXPECT_EQ(hits.body["items"][0]["platform_post_id"], "r1");
  // The request counts as answered (in time), but the reply itself is the finding.
  auto found = ById(Get(admin_, "/api/netizen-requests"));
  EXPECT_EQ(found["c1"]["timeliness"], "on_time");
  auto insp = Post(Login("insp"), "/api/inspections",
                   {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", "2024-10-18T09:00:00+08:00"}});
  auto reply = Derived(insp, "improper_reply");
  ASSERT_TRUE(reply) << insp.body["derived"].dump();
  EXPECT_EQ((*reply)["occurrences"], 1);
  // A courteous reply of the account is no hit.
  ASSERT_EQ(Comment(acc, "r2", "p1", "张浦发布", "回复@小张:您好，周末正常上班。", "2024-10-14T11:00:00+08:00").status, 200);
  EXPECT_EQ(Get(admin_, "/api/scan-hits?level=review&category=reply").body["items"].size(), 1u);
}

TEST_F(RequestsTest, WithoutAnyReplyOfTheAccountInTheCollectionAnUnansweredRequestIsUndetermined) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Comment(acc, "c1", "p1", "小张", "请问周末政务中心上班吗", "2024-10-08T09:00:00+08:00").status, 200);
  clock_.SetToday(D("2024-10-25"));
  auto found = ById(Get(admin_, "/api/netizen-requests"));
  EXPECT_EQ(found["c1"]["timeliness"], "undetermined");
  EXPECT_FALSE(found["c1"]["replies_seen"].get<bool>());
  auto insp = Post(Login("insp"), "/api/inspections",
                   {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", "2024-10-25T09:00:00+08:00"}});
  ASSERT_EQ(insp.status, 201) << insp.body.dump();
  EXPECT_FALSE(Derived(insp, "improper_reply")) << insp.body["derived"].dump();
  // Entering the reply settles it; the unit may also say it was no request.
  Session zp = Login("zp");
  const std::string id = std::to_string(found["c1"]["id"].get<int64_t>());
  EXPECT_EQ(Post(zp, "/api/netizen-requests/" + id + "/dismiss", json::object()).body["error"]["field"], "reason");
  auto dismissed = Post(zp, "/api/netizen-requests/" + id + "/dismiss", {{"reason", "网友之间的闲聊"}});
  ASSERT_EQ(dismissed.status, 200) << dismissed.body.dump();
  EXPECT_EQ(dismissed.body["timeliness"], "dismissed");
  EXPECT_EQ(Post(zp, "/api/netizen-requests/" + id + "/reply", {{"text", "您好"}}).status, 409);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'request.dismiss'")->Int(0), 1);
}

TEST_F(RequestsTest, TheUnitEntersARequestAndAnswersItFromTheLibrary) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  Session zp = Login("zp");
  Session edu = Login("edu");
  const json body{{"account_id", acc},
                  {"text", "您好，我想咨询一下新生儿医保怎么办理，需要带什么材料"},
                  {"channel", "私信"},
                  {"author", "新手妈妈"},
                  {"asked_at", "2024-10-16T10:00:00+08:00"}};
  EXPECT_EQ(Post(edu, "/api/netizen-requests", body).status, 404);  // another unit's account
  json bad = body;
  bad["asked_at"] = "昨天";
  EXPECT_EQ(Post(zp, "/api/netizen-requests", bad).body["error"]["field"], "asked_at");
  json none = body;
  none["text"] = "谢谢你们";
  EXPECT_EQ(Post(zp, "/api/netizen-requests", none).body["error"]["field"], "kind");  // no request found, none given
  auto made = Post(zp, "/api/netizen-requests", body);
  ASSERT_EQ(made.status, 201) << made.body.dump();
  EXPECT_EQ(made.body["source"], "entered");
  EXPECT_EQ(made.body["kind"], "question");
  EXPECT_EQ(made.body["due_on"], "2024-10-21");
  const std::string url = "/api/netizen-requests/" + std::to_string(made.body["id"].get<int64_t>());
  EXPECT_EQ(Get(edu, url).status, 404);

  // Changing the kind counts the deadline again.
  auto kind = Patch(zp, url, {{"kind", "request"}});
  ASSERT_EQ(kind.status, 200) << kind.body.dump();
  EXPECT_EQ(kind.body["due_on"], "2024-10-23");

  auto entry = Post(zp, "/api/qa-entries", {{"question", "新生儿如何办理医保"}, {"answer", "出生后三个月内凭出生证明在线办理。"}});
  ASSERT_EQ(entry.status, 201) << entry.body.dump();
  // While answering, the library suggests the entry; another unit cannot ask for suggestions on it.
  const std::string suggest = "/api/qa-entries/suggest?request_id=" + std::to_string(made.body["id"].get<int64_t>());
  Reply suggested = Get(zp, suggest);
  ASSERT_EQ(suggested.status, 200) << suggested.body.dump();
  ASSERT_FALSE(suggested.body["items"].empty()) << suggested.body.dump();
  EXPECT_EQ(suggested.body["items"][0]["id"], entry.body["id"]);
  EXPECT_EQ(Get(edu, suggest).status, 404);
  auto answered = Post(zp, url + "/reply",
                       {{"text", "您好，出生后三个月内凭出生证明在线办理。"}, {"qa_entry_id", entry.body["id"]},
                        {"replied_at", "2024-10-17T09:00:00+08:00"}});
  ASSERT_EQ(answered.status, 200) << answered.body.dump();
  EXPECT_EQ(answered.body["timeliness"], "on_time");
  EXPECT_EQ(answered.body["reply_source"], "entered");
  EXPECT_EQ(Get(zp, "/api/qa-entries/" + std::to_string(entry.body["id"].get<int64_t>())).body["used_count"], 1);
  EXPECT_EQ(Post(zp, url + "/reply", {{"text", "再答一次"}}).status, 409);
  EXPECT_EQ(storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'request.%'")->Int(0), 3);
}

TEST_F(RequestsTest, AnotherSystemPushesRequestsAndTheirReplies) {
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  const json first{{"requests", json::array({{{"account_id", acc}, {"id", "m-1"}, {"text", "小区门口的路灯坏了"},
                                              {"asked_at", "2024-10-09T08:00:00+08:00"}},
                                             {{"account_id", acc}, {"id", "m-2"}, {"text", "请问公积金怎么提取"},
                                              {"asked_at", "2024-10-09T09:00:00+08:00"}}})}};
  json broken = first;
  broken["requests"][1]["asked_at"] = "";
  Reply refused = PushJson("/api/ingest/requests", broken);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body["error"]["field"], "requests[1].asked_at");
  EXPECT_EQ(Count("netizen_requests"), 0);  // all or nothing
  Reply pushed = PushJson("/api/ingest/requests", first);
  ASSERT_EQ(pushed.status, 200) << pushed.body.dump();
  EXPECT_EQ(pushed.body["added"], 2);
  auto found = ById(Get(admin_, "/api/netizen-requests?source=pushed"));
  // Past its day, but the system has never sent a reply: it may not send them (无法判定).
  EXPECT_EQ(found["m-2"]["timeliness"], "undetermined");
  EXPECT_EQ(found["m-1"]["kind"], "request");  // the system says it is one; the classifier finds no cue
  EXPECT_EQ(found["m-2"]["kind"], "question");
  // The same id again, now with its reply: answered, not added twice.
  const json again{{"requests", json::array({{{"account_id", acc}, {"id", "m-1"}, {"text", "小区门口的路灯坏了"},
                                              {"asked_at", "2024-10-09T08:00:00+08:00"},
                                              {"reply", "已通知物业维修。"},
                                              {"replied_at", "2024-10-10T08:00:00+08:00"}}})}};
  Reply answered = PushJson("/api/ingest/requests", again);
  ASSERT_EQ(answered.status, 200) << answered.body.dump();
  EXPECT_EQ(answered.body["answered"], 1);
  EXPECT_EQ(Count("netizen_requests"), 2);
  found = ById(Get(admin_, "/api/netizen-requests?source=pushed"));
  EXPECT_EQ(found["m-1"]["timeliness"], "on_time");
  EXPECT_EQ(found["m-1"]["reply_source"], "pushed");
  EXPECT_EQ(found["m-2"]["timeliness"], "overdue");  // the system does send replies
  EXPECT_EQ(ToReply(client_->Post("/api/ingest/requests", first.dump(), "application/json")).status, 401);
}

TEST_F(RequestsTest, SettingsChangeTheDeadlinesOfNewRequests) {
  EXPECT_EQ(Put(admin_, "/api/settings/monitoring", {{"request_question_workdays", 0}}).body["error"]["field"],
            "request_question_workdays");
  ASSERT_EQ(Put(admin_, "/api/settings/monitoring", {{"request_question_workdays", 1}}).status, 200);
  const int64_t acc = OpenAccount(admin_, UnitId("张浦镇"), "张浦发布");
  ASSERT_EQ(Comment(acc, "c1", "p1", "小张", "请问周末政务中心上班吗", "2024-10-08T09:00:00+08:00").status, 200);
  EXPECT_EQ(ById(Get(admin_, "/api/netizen-requests"))["c1"]["due_on"], "2024-10-09");
}

}  // namespace
}  // namespace govmedia::testing
