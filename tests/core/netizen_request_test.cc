#include "core/netizen_request.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/work_calendar.h"

namespace govmedia::core {
namespace {

TEST(NetizenRequestTest, AskingTheAccountIsARequestAndSaysWhy) {
  auto q = ClassifyComment("请问社保卡丢了在哪里补办");
  EXPECT_EQ(q.kind, RequestKind::kQuestion);
  ASSERT_FALSE(q.cues.empty());
  EXPECT_EQ(q.cues.front().term, "请问");
  EXPECT_EQ(q.cues.front().start, 0u);
  EXPECT_EQ(q.cues.front().end, 2u);

  EXPECT_EQ(ClassifyComment("公积金提取现在能在网上办吗？").kind, RequestKind::kQuestion);
  EXPECT_EQ(ClassifyComment("35岁还能报不").kind, RequestKind::kQuestion);  // colloquial A-not-A
  EXPECT_EQ(ClassifyComment("请尽快修一下路口的红绿灯，已经坏了三天了").kind, RequestKind::kRequest);
  EXPECT_EQ(ClassifyComment("希望延长图书馆的开放时间").kind, RequestKind::kRequest);
  EXPECT_EQ(ClassifyComment("举报！有家饭店天天往河里倒泔水").kind, RequestKind::kComplaint);
}

TEST(NetizenRequestTest, WishesPraiseRhetoricAndAsidesToNetizensAreNone) {
  EXPECT_EQ(ClassifyComment("辛苦了！为一线工作人员点赞").kind, RequestKind::kNone);
  EXPECT_EQ(ClassifyComment("希望疫情早日过去").kind, RequestKind::kNone);      // a wish, no action asked
  EXPECT_EQ(ClassifyComment("建议收藏").kind, RequestKind::kNone);              // a tip to other readers
  EXPECT_EQ(ClassifyComment("请大家不要信谣传谣").kind, RequestKind::kNone);    // said to netizens
  EXPECT_EQ(ClassifyComment("还有谁没打疫苗？赶紧去啊").kind, RequestKind::kNone);
  auto rhetorical = ClassifyComment("难道不是应该的吗？");
  EXPECT_EQ(rhetorical.kind, RequestKind::kNone);
  EXPECT_NE(rhetorical.dismissed_because.find("难道"), std::string::npos);
  EXPECT_EQ(ClassifyComment("吗啡").kind, RequestKind::kNone);
  // A strong cue stands beside a rhetorical marker.
  EXPECT_EQ(ClassifyComment("请问难道周末不上班吗").kind, RequestKind::kQuestion);
}

// The figures docs/interaction.md publishes, pinned: a drop below them fails.
struct Figures {
  int tp = 0, fp = 0, fn = 0, kind_right = 0;
  double precision() const { return tp ? static_cast<double>(tp) / (tp + fp) : 0; }
  double recall() const { return tp ? static_cast<double>(tp) / (tp + fn) : 0; }
};

Figures Measure(const std::string& file, bool replies) {
  std::ifstream in(std::string(GOVMEDIA_SOURCE_DIR) + "/tests/data/request-eval/" + file);
  EXPECT_TRUE(in) << file;
  Figures f;
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    const std::string label = line.substr(0, tab), text = line.substr(tab + 1);
    ++lines;
    bool want, got;
    std::string kind;
    if (replies) {
      want = label == "vent";
      got = FindVenting(text).venting;
    } else {
      want = label != "none";
      const auto v = ClassifyComment(text);
      got = v.kind != RequestKind::kNone;
      kind = std::string(RequestKindId(v.kind));
    }
    if (got && want) {
      ++f.tp;
      f.kind_right += replies || kind == label;
    } else if (got) {
      ++f.fp;
    } else if (want) {
      ++f.fn;
    }
  }
  EXPECT_GT(lines, 20) << file;
  return f;
}

TEST(NetizenRequestTest, HeldOutCommentsAsPublished) {
  const Figures f = Measure("test.tsv", false);
  EXPECT_EQ(f.tp, 60);
  EXPECT_LE(f.fp, 1);
  EXPECT_LE(f.fn, 1);
  EXPECT_GE(f.kind_right, 59);
}

TEST(NetizenRequestTest, DevCommentsAllRight) {
  const Figures f = Measure("dev.tsv", false);
  EXPECT_EQ(f.fp, 0);
  EXPECT_EQ(f.fn, 0);
  EXPECT_EQ(f.kind_right, f.tp);
}

TEST(NetizenRequestTest, VentingRepliesNoFalseHitOnCourteousOnes) {
  for (const char* file : {"replies.tsv", "replies-test.tsv", "replies-test2.tsv"}) {
    const Figures f = Measure(file, true);
    EXPECT_EQ(f.fp, 0) << file;  // precision first: a false hit costs the unit points
  }
  EXPECT_EQ(Measure("replies.tsv", true).fn, 0);
  EXPECT_EQ(Measure("replies-test.tsv", true).fn, 0);
  EXPECT_GE(Measure("replies-test2.tsv", true).tp, 7);
}

TEST(NetizenRequestTest, VentingIsTheAccountsOwnWordsNotNamesOrQuotes) {
  EXPECT_TRUE(FindVenting("你行你上啊").venting);
  EXPECT_TRUE(FindVenting("自己不会看通知吗？问了八百遍了").venting);
  EXPECT_FALSE(FindVenting("感谢@翻滚吧香菜 的反馈，已转交").venting);      // a nickname
  EXPECT_FALSE(FindVenting("网友说我们是“杠精”，我们虚心接受批评").venting);  // a quotation
  EXPECT_FALSE(FindVenting("您好，请您不要着急，已转交相关部门").venting);
  // Tone without courtesy, belittling and a rhetorical question; any courtesy clears it.
  EXPECT_TRUE(FindVenting("你自己不看清楚还怪别人？").venting);
  EXPECT_FALSE(FindVenting("您好，请您看清楚通知，还怪我们吗？").venting);
}

TEST(NetizenRequestTest, TheReplyNamesWhomItAnswers) {
  EXPECT_EQ(ReplyAddressee("回复@市民小王:您好，已转交"), "市民小王");
  EXPECT_EQ(ReplyAddressee("@张三 您好"), "张三");
  EXPECT_EQ(ReplyAddressee("回复@李四：收到"), "李四");
  EXPECT_EQ(ReplyAddressee("您好，已转交"), "");
}

TEST(NetizenRequestTest, DeadlinesCountWorkingDaysAcrossTheNationalDayHoliday) {
  CalendarYear y{2024, {}, {}};
  for (int day = 1; day <= 7; ++day) y.days.push_back({*Date::FromYmd(2024, 10, day), "国庆节", true});
  y.days.push_back({*Date::Parse("2024-09-29"), "国庆节", false});
  y.days.push_back({*Date::Parse("2024-10-12"), "国庆节", false});
  WorkCalendar cal;
  ASSERT_TRUE(cal.AddYear(y).ok());
  const RequestDeadlines d;  // 3, 5, 10 working days
  const Date asked = *Date::Parse("2024-09-30");
  // Oct 1–7 are off; the 8th, 9th and 10th are the first three working days after the 30th.
  EXPECT_EQ(RequestDueDate(cal, d, RequestKind::kQuestion, asked).ToString(), "2024-10-10");
  // Saturday the 12th is an adjusted working day.
  EXPECT_EQ(RequestDueDate(cal, d, RequestKind::kRequest, asked).ToString(), "2024-10-12");
  const Date due = *Date::Parse("2024-10-10");
  EXPECT_EQ(JudgeRequest(due, *Date::Parse("2024-10-10"), *Date::Parse("2024-11-01")), RequestTimeliness::kOnTime);
  EXPECT_EQ(JudgeRequest(due, *Date::Parse("2024-10-11"), *Date::Parse("2024-11-01")), RequestTimeliness::kLate);
  EXPECT_EQ(JudgeRequest(due, std::nullopt, *Date::Parse("2024-10-10")), RequestTimeliness::kPending);
  EXPECT_EQ(JudgeRequest(due, std::nullopt, *Date::Parse("2024-10-11")), RequestTimeliness::kOverdue);
}

}  // namespace
}  // namespace govmedia::core
