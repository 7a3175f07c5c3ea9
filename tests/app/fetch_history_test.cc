// The fetch history's summaries (issue 14: freshness of a province read from a row per account
// and day, not from 43 million fetches): they must give exactly the verdicts the fetches give —
// the blind days of core::BlindDays, the latest blind reason, the channel's changes — whether they
// were written with each fetch or built by migration 029 from fetches already kept. On SQLite and
// on PostgreSQL (TestDb).
#include "app/monitoring/fetch_history.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/timestamp.h"
#include "storage/db.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::app {
namespace {

constexpr int64_t kDay = core::kSecondsPerDay;
// 2024-10-01 00:00 Beijing: the history's first day.
const int64_t kStart = core::StartOfDay(*core::Date::Parse("2024-10-01"));
constexpr int kDays = 40;

class FetchHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenDb(target_.target());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_).ok());
    ASSERT_TRUE(db_->ExecScript("INSERT INTO units (name, category, created_at) VALUES ('张浦镇', '镇', 'x')").ok());
    for (int a = 1; a <= 3; ++a) {
      ASSERT_TRUE(db_->Exec("INSERT INTO accounts (unit_id, name, platform, status, record_json, created_at, "
                            "updated_at) VALUES (1, ?, 'weibo', 'open', '{}', 'x', 'x')",
                            {"账号" + std::to_string(a)})
                      .ok());
    }
  }

  void Record(const FetchRecord& f) {
    ASSERT_TRUE(db_->Transaction([&] { return RecordFetch(*db_, f); }).ok());
    fetches_.push_back(f);
  }

  // A history with what makes summaries hard: days without fetches, days all blind, days healthy
  // that end blind, two fetches in one second with different outcomes, fetches recorded after a
  // later one of the same day, and two feeds of one account.
  void RecordRandomHistory(uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pct(0, 99);
    for (int64_t account = 1; account <= 3; ++account) {
      for (int d = 0; d < kDays; ++d) {
        const int kind = pct(rng);
        if (kind < 15) continue;  // no fetch that day
        const int blind_share = kind < 40 ? 100 : kind < 60 ? 0 : 50;
        const int n = 1 + pct(rng) % 6;
        std::vector<FetchRecord> day;
        for (int i = 0; i < n; ++i) {
          FetchRecord f;
          f.account_id = account;
          f.url = pct(rng) < 80 ? "https://rss.example.cn/a" : "https://rss.example.cn/b";
          f.fetched_epoch = kStart + d * kDay + (pct(rng) % 24) * 3600 + (pct(rng) % 4) * 900;
          f.fetched_at = core::FormatRfc3339Beijing(f.fetched_epoch);
          f.outcome = pct(rng) < blind_share ? "blind" : (pct(rng) < 50 ? "ok" : "not_modified");
          if (f.outcome == "blind") f.reason = "HTTP 50" + std::to_string(pct(rng) % 4) + "（第 " + std::to_string(d) + " 天）";
          day.push_back(f);
        }
        if (pct(rng) < 20) day.push_back(day.back()), day.back().outcome = day.front().outcome == "blind" ? "ok" : "blind";
        // Mostly in time order; sometimes one recorded late.
        std::stable_sort(day.begin(), day.end(), [](const auto& a, const auto& b) { return a.fetched_epoch < b.fetched_epoch; });
        if (day.size() > 2 && pct(rng) < 30) std::swap(day[0], day[day.size() - 1]);
        for (const auto& f : day) Record(f);
      }
    }
  }

  // The verdicts from the fetches themselves, as freshness read them before the summaries.
  std::vector<core::Date> BlindDaysFromFetches(int64_t account, int64_t from, int64_t to) const {
    std::vector<core::CollectionCheck> checks;
    for (const auto& f : fetches_)
      if (f.account_id == account && f.fetched_epoch <= to) checks.push_back({f.fetched_epoch, f.outcome != "blind"});
    return core::BlindDays(checks, from, to);
  }
  std::map<int64_t, std::string> ReasonsFromFetches(int64_t from) const {
    std::map<int64_t, std::pair<int64_t, std::string>> latest;
    for (const auto& f : fetches_) {
      if (f.outcome != "blind" || f.fetched_epoch <= from) continue;
      auto& l = latest[f.account_id];
      if (f.fetched_epoch >= l.first) l = {f.fetched_epoch, f.reason};
    }
    std::map<int64_t, std::string> out;
    for (const auto& [a, l] : latest) out[a] = l.second;
    return out;
  }

  // Every whole-day period of the history, and a few that start or end outside it.
  void ExpectSameVerdictsAsTheFetches() {
    for (int first = -2; first < kDays + 2; first += 3) {
      for (int len : {1, 7, 14, 30}) {
        const int64_t from = kStart + first * kDay - 1, to = from + len * kDay;
        for (int64_t account = 1; account <= 3; ++account) {
          auto got = BlindDaysOf(*db_, account, from, to);
          ASSERT_TRUE(got.ok()) << got.status().ToString();
          EXPECT_EQ(*got, BlindDaysFromFetches(account, from, to))
              << "account " << account << ", days " << first << "+" << len;
        }
      }
      auto reasons = LatestBlindReasons(*db_, kStart + first * kDay - 1);
      ASSERT_TRUE(reasons.ok());
      EXPECT_EQ(*reasons, ReasonsFromFetches(kStart + first * kDay - 1)) << "from day " << first;
    }
  }

  testing::TempDir tmp_;
  testing::TestDb target_{tmp_};
  std::unique_ptr<storage::Db> db_;
  std::vector<FetchRecord> fetches_;
};

TEST_F(FetchHistoryTest, TheDaySummaryGivesTheBlindDaysAndReasonsOfEveryFetch) {
  RecordRandomHistory(20241001);
  // The summary is a row per account and day, not per fetch.
  auto rows = storage::QueryOne(*db_, "SELECT COUNT(*) FROM feed_fetch_days");
  ASSERT_TRUE(rows.ok());
  EXPECT_LE(rows->Int(0), 3 * kDays);
  EXPECT_GT(static_cast<int64_t>(fetches_.size()), 2 * rows->Int(0));
  ExpectSameVerdictsAsTheFetches();
  // All of them at once, as the freshness page reads them.
  const int64_t from = kStart + 9 * kDay - 1, to = from + 30 * kDay;
  auto all = CollectionChecks(*db_, std::nullopt, from, to);
  ASSERT_TRUE(all.ok());
  for (int64_t account = 1; account <= 3; ++account)
    EXPECT_EQ(core::BlindDays((*all)[account], from, to), BlindDaysFromFetches(account, from, to));
}

TEST_F(FetchHistoryTest, AHealthyDayEndingBlindIsHealthyAndTheNextUnfetchedDayBlind) {
  auto fetch = [&](int64_t at, const char* outcome) {
    FetchRecord f;
    f.account_id = 1;
    f.url = "u";
    f.fetched_epoch = at;
    f.fetched_at = core::FormatRfc3339Beijing(at);
    f.outcome = outcome;
    f.reason = std::string(outcome) == "blind" ? "HTTP 502" : "";
    Record(f);
  };
  fetch(kStart + 3600, "ok");
  fetch(kStart + 7200, "blind");
  // Day 2: nothing fetched, and the last fetch before it was blind.
  fetch(kStart + 2 * kDay + 3600, "ok");
  auto days = BlindDaysOf(*db_, 1, kStart - 1, kStart + 3 * kDay - 1);
  ASSERT_TRUE(days.ok());
  EXPECT_EQ(*days, std::vector<core::Date>{*core::Date::Parse("2024-10-02")});
  // Two fetches in one second: the one recorded last is the day's last.
  fetch(kStart + 3 * kDay + 60, "ok");
  fetch(kStart + 3 * kDay + 60, "blind");
  days = BlindDaysOf(*db_, 1, kStart - 1, kStart + 5 * kDay - 1);
  ASSERT_TRUE(days.ok());
  EXPECT_EQ(*days, (std::vector<core::Date>{*core::Date::Parse("2024-10-02"), *core::Date::Parse("2024-10-05")}));
  EXPECT_EQ(*days, BlindDaysFromFetches(1, kStart - 1, kStart + 5 * kDay - 1));
}

TEST_F(FetchHistoryTest, TheChannelKeepsItsChangesAndWhereItStoodBefore) {
  auto fetch = [&](int64_t at, const std::string& url, const std::string& title, const std::string& image) {
    FetchRecord f;
    f.account_id = 2;
    f.url = url;
    f.fetched_epoch = at;
    f.fetched_at = core::FormatRfc3339Beijing(at);
    f.outcome = "ok";
    f.channel_title = title;
    f.channel_image = image;
    Record(f);
  };
  for (int i = 0; i < 10; ++i) fetch(kStart + i * 900, "a", "昆山发布", "https://img/1.png");
  fetch(kStart + 10 * 900, "a", "", "");  // a fetch that did not say
  fetch(kStart + kDay, "a", "昆山发布", "https://img/2.png");
  for (int i = 1; i < 5; ++i) fetch(kStart + kDay + i * 900, "a", "昆山发布", "https://img/2.png");
  fetch(kStart + 2 * kDay, "a", "代购小店", "https://img/2.png");
  auto history = ChannelHistory(*db_, 2, kStart + kDay / 2);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);  // as it stood at `from`, then two changes
  EXPECT_EQ((*history)[0].image, "https://img/1.png");
  EXPECT_EQ((*history)[1].epoch, kStart + kDay);
  EXPECT_EQ((*history)[1].image, "https://img/2.png");
  EXPECT_EQ((*history)[2].title, "代购小店");
  EXPECT_EQ(storage::QueryOne(*db_, "SELECT COUNT(*) FROM feed_channels")->Int(0), 3);
  // A second feed of the account, fetched later, is the one compared.
  fetch(kStart + 3 * kDay, "b", "昆山发布（桥接）", "");
  history = ChannelHistory(*db_, 2, kStart);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].title, "昆山发布（桥接）");
  // No channel ever shown: nothing.
  EXPECT_TRUE(ChannelHistory(*db_, 3, kStart)->empty());
}

// A database whose fetches were kept before the summaries existed: migration 029 builds them, and
// they give what summaries written fetch by fetch give.
TEST_F(FetchHistoryTest, Migration029BuildsTheSummariesFromFetchesAlreadyKept) {
  RecordRandomHistory(7);
  auto channel = [&](int64_t at, const std::string& title) {
    FetchRecord f;
    f.account_id = 3;
    f.url = "https://rss.example.cn/c";
    f.fetched_epoch = at;
    f.fetched_at = core::FormatRfc3339Beijing(at);
    f.outcome = "ok";
    f.channel_title = title;
    Record(f);
  };
  channel(kStart + 100, "甲");
  channel(kStart + 200, "甲");
  channel(kStart + 300, "乙");
  channel(kStart + 400, "乙");
  auto dump = [&](const std::string& sql) {
    auto rows = db_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> out;
    for (const auto& r : *rows) {
      std::string line;
      for (size_t i = 0; i < r.size(); ++i) line += (r.IsNull(i) ? "NULL" : r.Text(i)) + "|";
      out.push_back(line);
    }
    return out;
  };
  const std::string days_sql =
      "SELECT account_id, day, fetches, healthy, last_epoch, last_healthy, blind_epoch, blind_reason FROM "
      "feed_fetch_days ORDER BY account_id, day";
  const std::string channels_sql =
      "SELECT account_id, url, epoch, title, image, last_seen_epoch FROM feed_channels ORDER BY account_id, url, epoch";
  const auto days_written = dump(days_sql), channels_written = dump(channels_sql);
  // As if 029 had never run: the fetches only.
  ASSERT_TRUE(db_->ExecScript("DROP TABLE feed_fetch_days; DROP TABLE feed_channels; "
                              "DELETE FROM schema_migrations WHERE version = 29")
                  .ok());
  ASSERT_TRUE(storage::Migrate(*db_).ok());
  // Ties in time between a healthy and a blind fetch are decided by the order they were kept in.
  EXPECT_EQ(dump(days_sql), days_written);
  EXPECT_EQ(dump(channels_sql), channels_written);
  ExpectSameVerdictsAsTheFetches();
}

}  // namespace
}  // namespace govmedia::app
