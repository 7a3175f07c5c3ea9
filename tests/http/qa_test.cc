// The Q&A library (咨询答问库) through the HTTP API: entries per unit and city-wide, search,
// stale entries flagged, suggestions while answering a correction and the use counted.
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

class QaTest : public ApiTest {
 protected:
  json Entry(const std::string& question, const std::string& answer) {
    return {{"question", question},
            {"answer", answer},
            {"policy_title", "昆山市冬季供暖管理办法"},
            {"policy_number", "昆政规〔2023〕5号"},
            {"policy_url", "https://www.ks.gov.cn/zfxxgk/2023/5.html"},
            {"valid_from", "2023-10-01"},
            {"valid_to", "2028-09-30"}};
  }
  static std::string E(int64_t id, const std::string& tail = "") {
    return "/api/qa-entries/" + std::to_string(id) + tail;
  }
};

TEST_F(QaTest, EntriesBelongToAUnitOrTheCityAndAreCheckedField) {
  Session admin = Login("admin");
  Session zp = Login("zp");
  Session edu = Login("edu");
  auto mine = Post(zp, "/api/qa-entries", Entry("张浦镇冬季供暖什么时候开始？", "每年11月15日起供暖。"));
  ASSERT_EQ(mine.status, 201) << mine.body.dump();
  EXPECT_EQ(mine.body["unit_name"], "张浦镇");
  EXPECT_EQ(mine.body["reviewed_by"], "zp");  // the author is its first reviewer
  auto city = Post(admin, "/api/qa-entries", Entry("如何办理居住证？", "携带身份证到派出所办理。"));
  ASSERT_EQ(city.status, 201);
  EXPECT_EQ(city.body["unit_name"], "全市通用");
  // A unit operator's entry is always its unit's, whatever the body says; city-wide entries and
  // other units' are not theirs to change.
  json other = Entry("教育局的问题是什么呢？", "答复。");
  other["unit_id"] = UnitId("张浦镇");
  EXPECT_EQ(Post(edu, "/api/qa-entries", other).body["unit_name"], "昆山市教育局");
  EXPECT_EQ(Patch(edu, E(mine.body["id"]), {{"answer", "改"}}).status, 404);
  EXPECT_EQ(Get(edu, E(mine.body["id"])).status, 404);
  EXPECT_EQ(Patch(zp, E(city.body["id"]), {{"answer", "改"}}).status, 403);
  auto edu_list = Get(edu, "/api/qa-entries");
  EXPECT_EQ(edu_list.body["total"], 2) << edu_list.body.dump();  // its own and the city's
  EXPECT_EQ(Get(admin, "/api/qa-entries").body["total"], 3);

  json bad = Entry("", "答");
  EXPECT_EQ(Post(zp, "/api/qa-entries", bad).body["error"]["field"], "question");
  bad = Entry("问题是什么？", "答");
  bad["policy_url"] = "ftp://x";
  EXPECT_EQ(Post(zp, "/api/qa-entries", bad).body["error"]["field"], "policy_url");
  bad = Entry("问题是什么？", "答");
  bad["valid_to"] = "2020-01-01";
  EXPECT_EQ(Post(zp, "/api/qa-entries", bad).body["error"]["field"], "valid_to");
  EXPECT_EQ(Get(admin, "/api/audit?action=qa.create").body["total"], 3);
}

TEST_F(QaTest, SearchFindsChineseWithoutWordsAndRanksTheQuestionFirst) {
  Session zp = Login("zp");
  const int64_t heating = Post(zp, "/api/qa-entries", Entry("冬季供暖什么时候开始？", "每年11月15日起。")).body["id"];
  const int64_t permit =
      Post(zp, "/api/qa-entries", Entry("居住证怎么办理？", "到派出所办理，冬季供暖期间也可网上办理。")).body["id"];
  auto r = Get(zp, "/api/qa-entries?q=%E4%BE%9B%E6%9A%96%E6%97%B6%E9%97%B4");  // 供暖时间
  ASSERT_EQ(r.status, 200);
  ASSERT_GE(r.body["items"].size(), 1u) << r.body.dump();
  EXPECT_EQ(r.body["items"][0]["id"], heating);
  auto permit_hits = Get(zp, "/api/qa-entries?q=%E5%B1%85%E4%BD%8F%E8%AF%81");  // 居住证
  ASSERT_EQ(permit_hits.body["total"], 1);
  EXPECT_EQ(permit_hits.body["items"][0]["id"], permit);
  EXPECT_EQ(Get(zp, "/api/qa-entries?q=%E5%85%AC%E7%A7%AF%E9%87%91").body["total"], 0);  // 公积金
}

TEST_F(QaTest, AnExpiredPolicyOrAYearWithoutReviewMakesAnEntryStale) {
  Session zp = Login("zp");
  json old = Entry("去年的补贴怎么领？", "已停止发放。");
  old["valid_from"] = "2023-01-01";
  old["valid_to"] = "2023-12-31";
  const int64_t expired = Post(zp, "/api/qa-entries", old).body["id"];
  const int64_t fresh = Post(zp, "/api/qa-entries", Entry("冬季供暖什么时候开始？", "每年11月15日起。")).body["id"];
  auto e = Get(zp, E(expired));
  EXPECT_EQ(e.body["stale"], json::array({"policy_expired"}));
  EXPECT_EQ(e.body["stale_labels"][0], "依据政策已失效");
  EXPECT_TRUE(Get(zp, E(fresh)).body["stale"].empty());
  EXPECT_EQ(Get(zp, "/api/qa-entries?stale=true").body["total"], 1);

  clock_.SetToday(D("2025-10-19"));  // a year and a day after the author reviewed it
  EXPECT_EQ(Get(zp, E(fresh)).body["stale"], json::array({"review_due"}));
  auto reviewed = Post(zp, E(fresh, "/review"), json::object());
  ASSERT_EQ(reviewed.status, 200);
  EXPECT_EQ(reviewed.body["reviewed_on"], "2025-10-19");
  EXPECT_TRUE(reviewed.body["stale"].empty());
  EXPECT_EQ(Get(Login("admin"), "/api/audit?action=qa.review").body["total"], 1);
}

TEST_F(QaTest, AnEntryIsSuggestedForACorrectionAndItsUseIsCounted) {
  Session admin = Login("admin");
  Session zp = Login("zp");
  Session edu = Login("edu");
  const int64_t acc = OpenAccount(admin, UnitId("张浦镇"), "张浦发布");
  const int64_t heating =
      Post(zp, "/api/qa-entries", Entry("冬季供暖什么时候开始？", "每年11月15日起，详见昆政规〔2023〕5号。")).body["id"];
  Post(zp, "/api/qa-entries", Entry("居住证怎么办理？", "到派出所办理。"));
  const int64_t edu_entry = Post(edu, "/api/qa-entries", Entry("开学时间是哪天？", "9月1日。")).body["id"];
  // The correction, filed through the integration route (no challenge needed here).
  const std::string token = Post(admin, "/api/integrations", {{"name", "门户网站"}}).body["token"];
  auto filed = client_->Post("/api/public/corrections", {{"Authorization", "Bearer " + token}},
                             json{{"account_id", acc},
                                  {"kind", "content_error"},
                                  {"description", "你们发布的通知说冬季供暖12月开始，到底什么时候开始供暖？"}}
                                 .dump(),
                             "application/json");
  ASSERT_EQ(filed->status, 201) << filed->body;
  const int64_t id = Get(zp, "/api/corrections").body["items"][0]["id"];
  auto suggested = Get(zp, "/api/qa-entries/suggest?correction_id=" + std::to_string(id));
  ASSERT_EQ(suggested.status, 200) << suggested.body.dump();
  ASSERT_EQ(suggested.body["items"].size(), 1u) << suggested.body.dump();
  EXPECT_EQ(suggested.body["items"][0]["id"], heating);
  EXPECT_EQ(Get(edu, "/api/qa-entries/suggest?correction_id=" + std::to_string(id)).status, 404);

  ASSERT_EQ(Post(zp, "/api/corrections/" + std::to_string(id) + "/accept", json::object()).status, 200);
  auto wrong = Post(zp, "/api/corrections/" + std::to_string(id) + "/answer",
                    {{"answer", "9月1日。"}, {"qa_entry_id", edu_entry}});
  EXPECT_EQ(wrong.body["error"]["field"], "qa_entry_id");
  auto answered = Post(zp, "/api/corrections/" + std::to_string(id) + "/answer",
                       {{"answer", "每年11月15日起供暖，原通知有误，已更正。"}, {"qa_entry_id", heating}});
  ASSERT_EQ(answered.status, 200) << answered.body.dump();
  EXPECT_EQ(answered.body["qa_entry_id"], heating);
  EXPECT_EQ(Get(zp, E(heating)).body["used_count"], 1);
  EXPECT_EQ(Count("qa_uses"), 1);
}

}  // namespace
}  // namespace govmedia::testing
