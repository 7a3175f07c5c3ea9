// The public correction entry (contracts/public-corrections.md) through the HTTP API: the public
// routes without a session, and the handling by the unit and the city office.
#include <set>

#include "app/scoring/indicator_set_json.h"
#include "http/api_fixture.h"
#include "storage/audit_log.h"

namespace govmedia::testing {
namespace {

class CorrectionsTest : public ApiTest {
 protected:
  static int ZeroBits(const std::string& hex) {
    int bits = 0;
    for (char c : hex) {
      const int v = c >= 'a' ? c - 'a' + 10 : c - '0';
      if (v == 0) {
        bits += 4;
        continue;
      }
      for (int b = 3; b >= 0 && !(v >> b & 1); --b) ++bits;
      break;
    }
    return bits;
  }
  // The answer a browser's worker finds: the first n whose SHA-256(salt + n) has enough zero bits.
  static std::string Solve(const json& challenge, bool wrong = false) {
    const std::string salt = challenge["salt"];
    const int bits = challenge["difficulty"];
    for (uint64_t n = 0;; ++n) {
      const bool ok = ZeroBits(storage::Sha256Hex(salt + std::to_string(n))) >= bits;
      if (ok != wrong) return std::to_string(n);
    }
  }
  Reply PublicGet(const std::string& path) { return ToReply(client_->Get(path.c_str())); }
  Reply PublicPost(const std::string& path, const json& body, const httplib::Headers& h = {}) {
    return ToReply(client_->Post(path.c_str(), h, body.dump(), "application/json"));
  }
  json Form() {
    auto f = PublicGet("/api/public/correction-form");
    EXPECT_EQ(f.status, 200) << f.body.dump();
    return f.body;
  }
  // Files a report with a freshly solved challenge.
  Reply File(json body) {
    const json ch = Form()["challenge"];
    body["challenge"] = ch["id"];
    body["answer"] = Solve(ch);
    return PublicPost("/api/public/corrections", body);
  }
  json Report(int64_t account, const std::string& contact = "") {
    json b{{"account_id", account}, {"kind", "content_error"}, {"description", "文章中的办事电话号码写错了，少了一位数字。"}};
    if (!contact.empty()) b["contact"] = contact;
    return b;
  }
  std::string Path(int64_t id, const std::string& tail = "") {
    return "/api/corrections/" + std::to_string(id) + tail;
  }
  int64_t IdOf(const Session& s, const std::string& ticket) {
    auto list = Get(s, "/api/corrections?q=" + ticket);
    EXPECT_EQ(list.body["items"].size(), 1u) << list.body.dump();
    return list.body["items"].empty() ? 0 : list.body["items"][0]["id"].get<int64_t>();
  }
};

TEST_F(CorrectionsTest, TheFormNeedsNoSessionAndOffersOpenAccountsKindsAndAChallenge) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  Post(admin, "/api/accounts", NewAccountBody(UnitId("张浦镇"), "张浦申请中"));  // applied, not open
  const json f = Form();
  ASSERT_EQ(f["accounts"].size(), 1u) << f.dump();
  EXPECT_EQ(f["accounts"][0]["account_id"], acc);
  EXPECT_EQ(f["accounts"][0]["unit_name"], "张浦镇");
  std::set<std::string> kinds;
  for (const auto& k : f["kinds"]) kinds.insert(k["value"]);
  for (const char* k : {"content_error", "link_broken", "not_updated", "improper", "other"}) EXPECT_TRUE(kinds.count(k)) << k;
  EXPECT_EQ(f["challenge"]["algorithm"], "SHA-256");
  EXPECT_EQ(f["challenge"]["difficulty"], 16);
  EXPECT_EQ(f["challenge"]["salt"].get<std::string>().size(), 32u);
}

TEST_F(CorrectionsTest, AReportGetsATicketAndACodeAndTheWrongCodeAnswersLikeAnUnknownTicket) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  auto filed = File(Report(acc, "138 1234 5678"));
  ASSERT_EQ(filed.status, 201) << filed.body.dump();
  const std::string ticket = filed.body["ticket"], code = filed.body["code"];
  EXPECT_EQ(ticket, "JC20241018-0001");
  EXPECT_GE(code.size(), 8u);
  auto second = File(Report(acc));
  EXPECT_EQ(second.body["ticket"], "JC20241018-0002");

  auto status = PublicGet("/api/public/corrections/" + ticket + "?code=" + code);
  ASSERT_EQ(status.status, 200) << status.body.dump();
  EXPECT_EQ(status.body["status"], "submitted");
  EXPECT_EQ(status.body["unit_name"], "张浦镇");
  EXPECT_EQ(status.body["accept_by"], "2024-10-21");  // Friday's report: accepted by Monday
  EXPECT_FALSE(status.body.contains("answer"));
  EXPECT_FALSE(status.body.dump().find("13812345678") != std::string::npos);

  auto wrong = PublicGet("/api/public/corrections/" + ticket + "?code=WRONGCODE1");
  auto unknown = PublicGet("/api/public/corrections/JC20241018-0099?code=" + code);
  EXPECT_EQ(wrong.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(PublicGet("/api/public/corrections/" + ticket).status, 404);  // no code at all
}

TEST_F(CorrectionsTest, AWrongReusedOrExpiredAnswerIsRefusedNamingTheAnswer) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  json body = Report(acc);
  json ch = Form()["challenge"];
  body["challenge"] = ch["id"];
  body["answer"] = Solve(ch, /*wrong=*/true);
  auto wrong = PublicPost("/api/public/corrections", body);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.body["error"]["field"], "answer");
  body["answer"] = Solve(ch);  // right now, but the challenge was used by the wrong attempt
  EXPECT_EQ(PublicPost("/api/public/corrections", body).body["error"]["field"], "answer");

  ch = Form()["challenge"];
  body["challenge"] = ch["id"];
  body["answer"] = Solve(ch);
  ASSERT_EQ(PublicPost("/api/public/corrections", body).status, 201);
  auto reused = PublicPost("/api/public/corrections", body);
  EXPECT_EQ(reused.status, 400);
  EXPECT_EQ(reused.body["error"]["field"], "answer");

  ch = Form()["challenge"];
  ASSERT_TRUE(node_->db().Exec("UPDATE correction_challenges SET expires_epoch = expires_epoch - 601 WHERE id = ?",
                               {ch["id"].get<std::string>()}).ok());
  body["challenge"] = ch["id"];
  body["answer"] = Solve(ch);
  EXPECT_EQ(PublicPost("/api/public/corrections", body).body["error"]["field"], "answer");
  EXPECT_EQ(Count("corrections"), 1);

  // A mistake in the form names its field and leaves the challenge usable.
  ch = Form()["challenge"];
  body["challenge"] = ch["id"];
  body["answer"] = Solve(ch);
  body["description"] = "太短";
  EXPECT_EQ(PublicPost("/api/public/corrections", body).body["error"]["field"], "description");
  body["description"] = "文章中的办事电话号码写错了，少了一位数字。";
  body["contact"] = "王先生";
  EXPECT_EQ(PublicPost("/api/public/corrections", body).body["error"]["field"], "contact");
  body.erase("contact");
  body["kind"] = "rumour";
  EXPECT_EQ(PublicPost("/api/public/corrections", body).body["error"]["field"], "kind");
  body["kind"] = "other";
  EXPECT_EQ(PublicPost("/api/public/corrections", body).status, 201);
}

TEST_F(CorrectionsTest, ManyReportsFromOneAddressAreRefusedWithRetryAfter) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(File(Report(acc)).status, 201) << i;
  const json ch = Form()["challenge"];
  json body = Report(acc);
  body["challenge"] = ch["id"];
  body["answer"] = Solve(ch);
  auto r = client_->Post("/api/public/corrections", body.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  const int retry = std::stoi(r->get_header_value("Retry-After"));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 600);
  EXPECT_EQ(Count("corrections"), 5);
}

TEST_F(CorrectionsTest, AReportGoesToTheUnitOfTheAccountOrToTheCityOffice) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  Session zp = Login("zp");
  Session edu = Login("edu");
  const std::string t1 = File(Report(acc, "wang.li@example.com")).body["ticket"];
  json by_name{{"account_name", "张浦发布"}, {"kind", "link_broken"}, {"description", "菜单里的预约挂号入口打不开，显示404。"}};
  const std::string t2 = File(by_name).body["ticket"];
  json unknown{{"account_name", "某某街道服务号"}, {"kind", "other"}, {"description", "这个账号是不是政府的？内容很久没有更新了。"}};
  const std::string t3 = File(unknown).body["ticket"];

  auto mine = Get(zp, "/api/corrections");
  ASSERT_EQ(mine.body["total"], 2) << mine.body.dump();
  EXPECT_EQ(Get(edu, "/api/corrections").body["total"], 0);
  const int64_t id1 = IdOf(zp, t1);
  EXPECT_EQ(Get(edu, Path(id1)).status, 404);
  EXPECT_EQ(Post(edu, Path(id1, "/accept"), json::object()).status, 404);
  const int64_t id3 = IdOf(admin, t3);
  auto office = Get(admin, Path(id3));
  EXPECT_EQ(office.body["unit_name"], "昆山市人民政府办公室") << office.body.dump();
  EXPECT_EQ(office.body["account_name"], "某某街道服务号");
  EXPECT_EQ(Get(zp, Path(id3)).status, 404);
  // Named by its account's name, the second report went to the town as well.
  EXPECT_EQ(Get(zp, Path(IdOf(zp, t2))).body["account_id"], acc);

  // The contact: masked in lists, whole for the unit; the office's look is on record and the
  // audit log never holds the contact itself.
  auto list = Get(admin, "/api/corrections?q=" + t1);
  EXPECT_EQ(list.body["items"][0]["contact"], "w***@example.com");
  EXPECT_EQ(Get(zp, Path(id1)).body["contact"], "wang.li@example.com");
  auto viewer = Login("boss");
  EXPECT_EQ(Get(viewer, Path(id1)).body["contact"], "w***@example.com");
  EXPECT_EQ(Get(admin, "/api/audit?action=correction.contact_view").body["total"], 0);
  EXPECT_EQ(Get(admin, Path(id1)).body["contact"], "wang.li@example.com");
  auto looks = Get(admin, "/api/audit?action=correction.contact_view");
  ASSERT_EQ(looks.body["total"], 1);
  EXPECT_EQ(looks.body["items"][0]["actor"], "admin");
  auto rows = node_->db().Query("SELECT COUNT(*) FROM audit_log WHERE before_json LIKE '%wang.li%' OR after_json LIKE '%wang.li%'");
  EXPECT_EQ(rows->front().Int(0), 0);
}

TEST_F(CorrectionsTest, TheUnitAcceptsAndAnswersAndTheAnswerIsPublished) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  Session zp = Login("zp");
  auto filed = File(Report(acc));
  const std::string ticket = filed.body["ticket"], code = filed.body["code"];
  const int64_t id = IdOf(zp, ticket);
  EXPECT_EQ(Post(zp, Path(id, "/answer"), {{"answer", "已更正"}}).status, 409);  // accept first
  auto accepted = Post(zp, Path(id, "/accept"), json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body.dump();
  EXPECT_EQ(accepted.body["answer_by"], "2024-10-23");  // 3 working days after Friday 18 October
  EXPECT_EQ(Post(zp, Path(id, "/accept"), json::object()).status, 409);
  EXPECT_EQ(Post(zp, Path(id, "/answer"), {{"answer", ""}}).body["error"]["field"], "answer");
  ASSERT_EQ(Post(zp, Path(id, "/answer"), {{"answer", "感谢指正，电话已更正为 0512-57451234。"}}).status, 200);
  auto pub = PublicGet("/api/public/corrections/" + ticket + "?code=" + code);
  EXPECT_EQ(pub.body["status"], "answered");
  EXPECT_EQ(pub.body["answer"], "感谢指正，电话已更正为 0512-57451234。");
  EXPECT_TRUE(pub.body.contains("accepted_at"));
  EXPECT_TRUE(pub.body.contains("answered_at"));
  for (const char* a : {"correction.submit", "correction.accept", "correction.answer"})
    EXPECT_EQ(Get(admin, std::string("/api/audit?action=") + a).body["total"], 1) << a;

  // 不予受理 needs its reason, which is published as the answer.
  auto other = File(Report(acc));
  const int64_t id2 = IdOf(zp, other.body["ticket"]);
  EXPECT_EQ(Post(zp, Path(id2, "/reject"), json::object()).body["error"]["field"], "reason");
  ASSERT_EQ(Post(zp, Path(id2, "/reject"), {{"reason", "所反映内容非本单位发布。"}}).status, 200);
  auto rejected = PublicGet("/api/public/corrections/" + other.body["ticket"].get<std::string>() +
                            "?code=" + other.body["code"].get<std::string>());
  EXPECT_EQ(rejected.body["status"], "rejected");
  EXPECT_EQ(rejected.body["answer"], "所反映内容非本单位发布。");
  // Only the unit (or the office) handles it.
  EXPECT_EQ(Post(Login("insp"), Path(id, "/accept"), json::object()).status, 403);
}

TEST_F(CorrectionsTest, DeadlinesCrossTheNationalDayHolidayAndALateReportIsEscalated) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  Session zp = Login("zp");
  clock_.SetToday(D("2024-09-30"));
  auto filed = File(Report(acc));
  const std::string ticket = filed.body["ticket"], code = filed.body["code"];
  EXPECT_EQ(ticket, "JC20240930-0001");
  const int64_t id = IdOf(zp, ticket);
  EXPECT_EQ(Get(zp, Path(id)).body["accept_by"], "2024-10-08");  // 1–7 October are off
  clock_.SetToday(D("2024-10-08"));
  EXPECT_EQ(PublicGet("/api/public/corrections/" + ticket + "?code=" + code).body["status"], "submitted");
  EXPECT_EQ(Get(admin, "/api/audit?action=correction.escalate").body["total"], 0);
  clock_.SetToday(D("2024-10-09"));
  EXPECT_EQ(PublicGet("/api/public/corrections/" + ticket + "?code=" + code).body["status"], "escalated");
  auto escalated = Get(admin, "/api/corrections?status=escalated");
  ASSERT_EQ(escalated.body["total"], 1) << escalated.body.dump();
  EXPECT_EQ(escalated.body["items"][0]["escalated_step"], "accept");
  auto audit = Get(admin, "/api/audit?action=correction.escalate");
  ASSERT_EQ(audit.body["total"], 1);
  EXPECT_EQ(audit.body["items"][0]["actor"], "system");

  // Accepted late: the answer is due 3 working days later, the worked Saturday 12 October counted.
  auto accepted = Post(zp, Path(id, "/accept"), json::object());
  EXPECT_EQ(accepted.body["answer_by"], "2024-10-12");
  EXPECT_EQ(accepted.body["status"], "escalated");  // still 已督办 until answered
  clock_.SetToday(D("2024-10-14"));
  ASSERT_EQ(Post(zp, Path(id, "/answer"), {{"answer", "已更正。"}}).status, 200);
  EXPECT_EQ(PublicGet("/api/public/corrections/" + ticket + "?code=" + code).body["status"], "answered");

  auto figures = Get(admin, "/api/corrections/figures?year=2024");
  ASSERT_EQ(figures.body["units"].size(), 1u) << figures.body.dump();
  const json& u = figures.body["units"][0];
  EXPECT_EQ(u["unit_name"], "张浦镇");
  EXPECT_EQ(u["received"], 1);
  EXPECT_EQ(u["accepted_on_time"], 0);
  EXPECT_EQ(u["answered_on_time"], 0);
  EXPECT_EQ(u["late"], 1);
  EXPECT_EQ(u["open"], 0);
}

TEST_F(CorrectionsTest, AnIndicatorSetCanDeductForReportsHandledLateAndNotYetDueOnesArePending) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  Session zp = Login("zp");
  // A set that deducts 2 points per report handled late (the national assessment's line).
  json body = app::IndicatorSetToJson(app::BuiltinIndicatorSets().front());
  body["assessment"]["items"].push_back({{"id", "interaction"}, {"name", "互动回应"}, {"max", 10}});
  body["assessment"]["indicators"].push_back({{"id", "interaction.correction_late"},
                                              {"name", "网民纠错未按时受理或答复"},
                                              {"item", "interaction"},
                                              {"points", 2},
                                              {"max", 10}});
  auto published = Post(admin, "/api/indicator-sets", {{"body", body}});
  ASSERT_EQ(published.status, 201) << published.body.dump();

  // The office's record of the town's year: three quarters inspected and reported, so that the
  // year is scored rather than vetoed.
  ASSERT_EQ(Patch(admin, "/api/assessments/" + std::to_string(UnitId("张浦镇")),
                  {{"year", 2024},
                   {"quarterly_inspections", {true, true, true, false}},
                   {"quarterly_coverage", {1, 1, 1, 0}},
                   {"annual_coverage", 0.7},
                   {"quarterly_reports", {"2024-03-31", "2024-06-30", "2024-09-30", nullptr}}})
                .status,
            200);
  clock_.SetToday(D("2024-10-08"));
  const std::string late_ticket = File(Report(acc)).body["ticket"];  // accept by 9 October; never accepted
  clock_.SetToday(D("2024-10-18"));
  File(Report(acc));  // accept by Monday 21 October: not yet due
  const std::string url = "/api/assessments/" + std::to_string(UnitId("张浦镇")) + "?year=2024";
  auto d = Get(admin, url);
  ASSERT_EQ(d.status, 200) << d.body.dump();
  const json& r = d.body["result"];
  const json* line = nullptr;
  for (const auto& x : r["deductions"])
    if (x["indicator"] == "interaction.correction_late") line = &x;
  ASSERT_NE(line, nullptr) << r.dump();
  EXPECT_EQ((*line)["occurrences"], 1);
  EXPECT_EQ((*line)["points"], 2);
  EXPECT_NE((*line)["evidence"][0].get<std::string>().find(late_ticket), std::string::npos) << line->dump();
  bool pending = false;
  for (const auto& p : r["pending"]) pending |= p["indicator"] == "interaction.correction_late";
  EXPECT_TRUE(pending) << r.dump();
  EXPECT_EQ(d.body["facts"]["records"]["interaction.correction_late"].size(), 1u);
  (void)zp;
}

TEST_F(CorrectionsTest, AnotherSystemFilesWithItsTokenWithoutAChallenge) {
  Session admin = Login("admin");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  auto created = Post(admin, "/api/integrations", {{"name", "市政府门户网站"}});
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string token = created.body["token"];
  auto r = PublicPost("/api/public/corrections", Report(acc), {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(r.status, 201) << r.body.dump();
  auto bad = PublicPost("/api/public/corrections", Report(acc), {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(bad.status, 401);
  auto list = Get(admin, "/api/corrections");
  ASSERT_EQ(list.body["total"], 1);
  EXPECT_EQ(list.body["items"][0]["source"], "integration:市政府门户网站");
}

}  // namespace
}  // namespace govmedia::testing
