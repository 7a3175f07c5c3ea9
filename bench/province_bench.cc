// A province on PostgreSQL (issue 14 item 5): the data of a province and the feeds of its accounts.
//
//   province_bench generate --db URL --state FILE --feed-port PORT [--accounts 5000] [--units 500]
//                           [--days 365] [--fetch-days 90] [--seed 14] [--corpus FILE]
//     Fills a database that `govmedia` has migrated (and nothing else has written to) with a
//     province: units (the 51 built in and more, named after Jiangsu's cities), accounts with the
//     platform mix of a real province and every field of 附件4, their filings (historical, opened
//     this year with an application, changes), a year of posts (about 2 a day per account, in office
//     hours on working days, some silence) with their versions and content hashes, comments, the
//     collection's fetch history (a fetch every 15 minutes, outages), the feeds' state, quarterly
//     reports and self-inspections. Rows go in with COPY; the archive's secondary indexes are
//     dropped before and rebuilt after, as a restore does. Writes FILE for `feeds`.
//
//   province_bench feeds --state FILE [--threads 16] [--delay-ms 0] [--new-per-round 2]
//     Serves every account's feed on 127.0.0.1:PORT as an RSSHub bridge would (RSS 2.0, the 20 newest
//     items, ETag): the same posts as the database holds, plus a few new ones in each round.
//     POST /control/round?n=R[&quiet=1] makes round R visible (round 0, or a quiet round: nothing new,
//     so a feed fetched with its ETag answers 304); GET /control/stats?round=R
//     says how often each feed was fetched in that round and how many new items it offered.
//
// The texts are the corpus's (../shared/data/corpus), cycled. The feeds and the database agree on
// every item (id, link, date and the text the platform's feed parser reads): `generate` checks it on
// a sample of accounts with the platform's own parser before writing anything.
#include <libpq-fe.h>
#include <httplib.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/account.h"
#include "core/date.h"
#include "core/timestamp.h"
#include "core/work_calendar.h"
#include "fetch/feed_parser.h"
#include "storage/db.h"
#include "storage/embedded.h"
#include "storage/record_codec.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace core = govmedia::core;

constexpr int kFeedItems = 20;       // items a feed holds (RSSHub's default for Weibo is 20)
constexpr int64_t kPollSeconds = 900;  // the fetch history's interval (the platform's default, 15 minutes)
constexpr int kMaxRounds = 16;

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "province_bench: " << what << "\n";
  std::exit(1);
}

// ---- deterministic randomness -------------------------------------------------------------------

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
uint64_t Hash(uint64_t a, uint64_t b, uint64_t c = 0) { return Mix(Mix(Mix(a) ^ b) ^ c); }

struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed) {}
  uint64_t Next() { return Mix(s += 0x9e3779b97f4a7c15ULL); }
  double Unit() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool Chance(double p) { return Unit() < p; }
  int Poisson(double mean) {
    const double l = std::exp(-mean);
    int k = 0;
    double p = 1;
    do {
      ++k;
      p *= Unit();
    } while (p > l);
    return k - 1;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Next() % v.size()]; }
};

// ---- the province -------------------------------------------------------------------------------

struct PlatformMix {
  const char* id;
  double share;          // of the accounts
  double posts_per_day;  // mean over the year
  double comments;       // comments archived per post
  const char* route;     // the RSSHub-like route of its feed
};

// A provincial registry: WeChat subscription accounts first, then Weibo and Douyin; apps and
// service accounts are few. Posting rates: Weibo accounts post most, service accounts weekly.
// The mean over the mix is 2 posts a day.
const std::vector<PlatformMix> kPlatforms = {
    {"wechat_subscription", 0.32, 1.6, 0.4, "wechat/mp"}, {"weibo", 0.20, 3.4, 1.0, "weibo/user"},
    {"douyin", 0.18, 1.5, 0.9, "douyin/user"},            {"toutiao", 0.09, 2.5, 0.5, "toutiao/user"},
    {"wechat_channels", 0.07, 1.0, 0.3, "wechat/channels"}, {"kuaishou", 0.05, 1.2, 0.6, "kuaishou/profile"},
    {"app", 0.04, 4.0, 0.1, "app/news"},                  {"wechat_service", 0.03, 0.3, 0.2, "wechat/mp"},
    {"bilibili", 0.015, 0.5, 0.8, "bilibili/user/dynamic"}, {"other", 0.005, 1.0, 0.1, "website/news"},
};

const PlatformMix& MixOf(const std::string& id) {
  for (const auto& p : kPlatforms)
    if (id == p.id) return p;
  Die("unknown platform " + id);
}

struct Account {
  int64_t id = 0, unit_id = 0;
  std::string name, platform;
  double rate = 2;            // posts a day
  int64_t start = 0;          // first possible post (the year's start, or the opening day)
  int64_t stop = 0;           // no posts after (silent since, or the feed failing since)
  int64_t gap_from = 0, gap_to = 0;  // a silent spell earlier in the year
  bool failing = false;       // the bridge answers 503
  int64_t outage_from = 0, outage_to = 0;  // a blind spell of the collection
};

struct Model {
  uint64_t seed = 14;
  int64_t t_from = 0, t_end = 0;  // the year of posts: (t_from, t_end]
  int port = 0;
  int new_per_round = 2;
  std::string corpus_path;
  std::vector<Account> accounts;  // id = index + 1
  std::vector<std::string> corpus;
  core::WorkCalendar calendar;
  std::array<std::atomic<bool>, kMaxRounds + 1> quiet{};  // rounds in which nobody posts
};

struct PostRef {
  int64_t epoch = 0;
  uint32_t corpus = 0;
  bool edited = false;  // a second version (corrected later)
};

bool Workday(const Model& m, core::Date d) {
  auto w = m.calendar.IsWorkday(d);
  return w.ok() ? *w : !d.is_weekend();
}

// The account's posts of the year, oldest first. The same for every caller: the generator writes
// them, the feed server serves the newest.
std::vector<PostRef> Timeline(const Model& m, const Account& a) {
  std::vector<PostRef> out;
  Rng rng(Hash(m.seed, a.id, 1));
  const core::Date first = core::BeijingDay(a.start), last = core::BeijingDay(a.stop);
  // Working days carry most posts; a day off about a third of a working day's.
  const double work_mean = a.rate / (0.68 + 0.32 * 0.3), off_mean = work_mean * 0.3;
  out.reserve(static_cast<size_t>(a.rate * 370));
  for (core::Date d = first; d <= last; d = d.AddDays(1)) {
    const int n = rng.Poisson(Workday(m, d) ? work_mean : off_mean);
    std::vector<int64_t> day;
    for (int i = 0; i < n; ++i) {
      // Office hours mostly (08:30–12:00, 14:00–18:00), some in the evening (18:00–21:30).
      int64_t minute = rng.Chance(0.88) ? (rng.Chance(0.45) ? rng.Between(510, 719) : rng.Between(840, 1079))
                                        : rng.Between(1080, 1289);
      day.push_back(core::StartOfDay(d) + minute * 60 + rng.Between(0, 59));
    }
    std::sort(day.begin(), day.end());
    for (int64_t t : day) {
      if (t <= a.start || t > a.stop || (t >= a.gap_from && t < a.gap_to)) continue;
      out.push_back({t, 0, false});
    }
  }
  for (size_t j = 0; j < out.size(); ++j) {
    const uint64_t h = Hash(m.seed, a.id, 1000 + j);
    out[j].corpus = static_cast<uint32_t>(h % m.corpus.size());
    out[j].edited = (h >> 32) % 100 == 0;
  }
  return out;
}

// New posts of round r (r >= 1) of a feed: 1 to 2n-1 (n on average), none for a silent or failing
// one, nor in a quiet round.
int NewInRound(const Model& m, const Account& a, int r) {
  if (a.failing || a.stop < m.t_end || m.new_per_round <= 0 || m.quiet[r]) return 0;
  return 1 + static_cast<int>(Hash(m.seed, a.id, 500000 + r) % static_cast<uint64_t>(2 * m.new_per_round - 1));
}

// The year's posts plus those published since, as the feed shows them in round r.
std::vector<PostRef> Visible(const Model& m, const Account& a, int round) {
  std::vector<PostRef> out = Timeline(m, a);
  int extra = 0;
  for (int r = 1; r <= round; ++r) extra += NewInRound(m, a, r);
  const size_t base = out.size();
  for (int j = 0; j < extra; ++j) {
    const uint64_t h = Hash(m.seed, a.id, 1000 + base + j);
    out.push_back({m.t_end + 60 * (j + 1), static_cast<uint32_t>(h % m.corpus.size()), false});
  }
  return out;
}

// Base-62 digits of n (ids and tokens as the platforms write them).
std::string Base62(uint64_t n, size_t width) {
  static const char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string s;
  while (n > 0 || s.size() < width) {
    s += kDigits[n % 62];
    n /= 62;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

uint64_t Uid(const Account& a) { return 1800000000ULL + static_cast<uint64_t>(a.id) * 7919; }

// The platform's id of post j of the account, and its page.
std::string PostId(const Account& a, size_t j) {
  const uint64_t n = static_cast<uint64_t>(a.id) * 100000 + j;
  const std::string& p = a.platform;
  if (p == "weibo") return "N" + Base62(n * 7 + 3, 8);
  if (p == "douyin" || p == "toutiao" || p == "kuaishou") return std::to_string(7300000000000000000ULL + n * 13);
  if (p == "bilibili") return "BV1" + Base62(n * 11 + 5, 9);
  if (p.rfind("wechat", 0) == 0) return Base62(Hash(a.id, j, 77), 11) + Base62(n, 11);
  return std::to_string(n);
}

std::string PostUrl(const Account& a, const std::string& pid) {
  const std::string& p = a.platform;
  if (p == "weibo") return "https://weibo.com/" + std::to_string(Uid(a)) + "/" + pid;
  if (p == "douyin") return "https://www.douyin.com/video/" + pid;
  if (p == "toutiao") return "https://www.toutiao.com/article/" + pid + "/";
  if (p == "kuaishou") return "https://www.kuaishou.com/short-video/" + pid;
  if (p == "bilibili") return "https://www.bilibili.com/video/" + pid;
  if (p == "wechat_channels") return "https://channels.weixin.qq.com/web/pages/feed?eid=" + pid;
  if (p.rfind("wechat", 0) == 0) return "https://mp.weixin.qq.com/s/" + pid;
  return "https://app" + std::to_string(a.unit_id) + ".jszwfw.gov.cn/news/" + pid + ".html";
}

std::string FeedUrl(const Model& m, const Account& a) {
  return "http://127.0.0.1:" + std::to_string(m.port) + "/rsshub/" + MixOf(a.platform).route + "/" + std::to_string(a.id);
}

std::string ChannelImage(const Account& a) {
  return "https://tvax1.sinaimg.cn/crop.0.0.180.180.180/" + Base62(Hash(a.id, 9, 9), 12) + ".jpg";
}

const std::string kEditMark = "（本文已更正）";

std::string RawText(const Model& m, const PostRef& p) {
  return p.edited ? m.corpus[p.corpus] + kEditMark : m.corpus[p.corpus];
}

// ---- RSS as a bridge writes it --------------------------------------------------------------------

void XmlEscape(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '"': *out += "&quot;"; break;
      default: *out += c;
    }
  }
}

// The first n code points of s, with no line break (the bridge's title).
std::string Head(std::string_view s, size_t n) {
  std::string out;
  size_t cps = 0;
  for (size_t i = 0; i < s.size() && cps < n; ++cps) {
    size_t len = 1;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) len = 4; else if (c >= 0xE0) len = 3; else if (c >= 0xC0) len = 2;
    std::string_view ch = s.substr(i, len);
    out += (ch == "\n" || ch == "\r") ? std::string_view(" ") : ch;
    i += len;
  }
  return out;
}

std::string Rfc822(int64_t epoch) {
  const std::time_t t = static_cast<std::time_t>(epoch + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0800", &tm);
  return buf;
}

void AppendItem(std::string* s, const std::string& raw, const std::string& pid, const std::string& link, int64_t epoch) {
  *s += "<item><title>";
  XmlEscape(s, Head(raw, 30));
  *s += "</title><description>";
  XmlEscape(s, raw);
  *s += "</description><pubDate>" + Rfc822(epoch) + "</pubDate><guid isPermaLink=\"false\">" + pid +
        "</guid><link>";
  XmlEscape(s, link);
  *s += "</link></item>";
}

std::string ChannelHead(const Account& a) {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>";
  XmlEscape(&s, a.name);
  s += "</title><link>https://weibo.com/" + std::to_string(Uid(a)) +
       "</link><description>Powered by RSSHub</description><image><url>" + ChannelImage(a) + "</url></image>";
  return s;
}

std::string FeedXml(const Model& m, const Account& a, const std::vector<PostRef>& posts) {
  std::string s = ChannelHead(a);
  const size_t from = posts.size() > kFeedItems ? posts.size() - kFeedItems : 0;
  for (size_t j = posts.size(); j-- > from;) {
    const std::string pid = PostId(a, j);
    AppendItem(&s, RawText(m, posts[j]), pid, PostUrl(a, pid), posts[j].epoch);
  }
  return s + "</channel></rss>";
}

// ---- the model: accounts, units, saved as the state file -------------------------------------------

json ToJson(const Model& m) {
  json accounts = json::array();
  for (const auto& a : m.accounts)
    accounts.push_back({a.id, a.unit_id, a.name, a.platform, a.rate, a.start, a.stop, a.gap_from, a.gap_to, a.failing,
                        a.outage_from, a.outage_to});
  return {{"seed", m.seed},     {"t_from", m.t_from},           {"t_end", m.t_end},
          {"port", m.port},     {"corpus", m.corpus_path},      {"accounts", accounts}};
}

void LoadCorpus(Model* m) {
  std::ifstream in(m->corpus_path);
  if (!in) Die("cannot read the corpus " + m->corpus_path);
  for (std::string line; std::getline(in, line);) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("text") && j["text"].is_string() && !j["text"].get<std::string>().empty())
      m->corpus.push_back(j["text"].get<std::string>());
  }
  if (m->corpus.empty()) Die("no texts in " + m->corpus_path);
}

void LoadCalendar(Model* m) {
  auto years = govmedia::storage::ParseCalendarData(govmedia::storage::Embedded("calendar/cn.json"));
  if (!years.ok()) Die("the built-in calendar: " + years.status().ToString());
  for (const auto& y : *years) (void)m->calendar.AddYear(y);
}

void FromJson(const json& j, Model& m) {
  m.seed = j.at("seed").get<uint64_t>();
  m.t_from = j.at("t_from").get<int64_t>();
  m.t_end = j.at("t_end").get<int64_t>();
  m.port = j.at("port").get<int>();
  m.corpus_path = j.at("corpus").get<std::string>();
  for (const auto& x : j.at("accounts")) {
    Account a;
    a.id = x[0];
    a.unit_id = x[1];
    a.name = x[2];
    a.platform = x[3];
    a.rate = x[4];
    a.start = x[5];
    a.stop = x[6];
    a.gap_from = x[7];
    a.gap_to = x[8];
    a.failing = x[9];
    a.outage_from = x[10];
    a.outage_to = x[11];
    m.accounts.push_back(std::move(a));
  }
  LoadCorpus(&m);
  LoadCalendar(&m);
}

// ---- PostgreSQL ---------------------------------------------------------------------------------

struct Pg {
  PGconn* c = nullptr;
  explicit Pg(const std::string& url) {
    c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) Die(std::string("connecting: ") + PQerrorMessage(c));
  }
  ~Pg() { PQfinish(c); }
  Pg(const Pg&) = delete;
  Pg& operator=(const Pg&) = delete;
  void Exec(const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string e = PQresultErrorMessage(r);
      PQclear(r);
      Die(sql.substr(0, 200) + ": " + e);
    }
    PQclear(r);
  }
  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::string e = PQresultErrorMessage(r);
      PQclear(r);
      Die(sql.substr(0, 200) + ": " + e);
    }
    std::vector<std::vector<std::string>> out(PQntuples(r));
    for (int i = 0; i < PQntuples(r); ++i)
      for (int k = 0; k < PQnfields(r); ++k) out[i].push_back(PQgetisnull(r, i, k) ? "" : PQgetvalue(r, i, k));
    PQclear(r);
    return out;
  }
  std::string One(const std::string& sql) {
    auto rows = Rows(sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }
};

// One COPY … FROM STDIN in text format, buffered. A deferred one keeps its rows in memory and
// sends them at Finish, so that several small tables can be written in turn on one connection.
class Copy {
 public:
  Copy(Pg& pg, const std::string& table_and_columns, bool deferred = false)
      : pg_(pg), what_(table_and_columns), deferred_(deferred) {
    if (!deferred_) Start();
    buf_.reserve(kFlush + 65536);
  }
  // A field: text escaped for COPY's text format.
  Copy& F(std::string_view s) {
    Sep();
    for (char c : s) {
      switch (c) {
        case '\\': buf_ += "\\\\"; break;
        case '\t': buf_ += "\\t"; break;
        case '\n': buf_ += "\\n"; break;
        case '\r': buf_ += "\\r"; break;
        default: buf_ += c;
      }
    }
    return *this;
  }
  Copy& F(int64_t v) {
    Sep();
    char b[24];
    auto [p, ec] = std::to_chars(b, b + sizeof b, v);
    buf_.append(b, p);
    return *this;
  }
  Copy& Null() {
    Sep();
    buf_ += "\\N";
    return *this;
  }
  void End() {
    buf_ += '\n';
    first_ = true;
    ++rows_;
    if (!deferred_ && buf_.size() >= kFlush) Flush();
  }
  int64_t Finish() {
    if (deferred_) Start(), deferred_ = false;
    Flush();
    if (PQputCopyEnd(pg_.c, nullptr) != 1) Die(std::string("COPY end: ") + PQerrorMessage(pg_.c));
    PGresult* r = PQgetResult(pg_.c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(std::string("COPY: ") + PQresultErrorMessage(r));
    PQclear(r);
    while ((r = PQgetResult(pg_.c))) PQclear(r);
    return rows_;
  }

 private:
  static constexpr size_t kFlush = 1 << 20;
  void Start() {
    PGresult* r = PQexec(pg_.c, ("COPY " + what_ + " FROM STDIN").c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) Die("COPY " + what_ + ": " + PQresultErrorMessage(r));
    PQclear(r);
  }
  void Sep() {
    if (!first_) buf_ += '\t';
    first_ = false;
  }
  void Flush() {
    if (buf_.empty()) return;
    if (PQputCopyData(pg_.c, buf_.data(), static_cast<int>(buf_.size())) != 1)
      Die(std::string("COPY data: ") + PQerrorMessage(pg_.c));
    buf_.clear();
  }
  Pg& pg_;
  std::string what_;
  bool deferred_;
  std::string buf_;
  bool first_ = true;
  int64_t rows_ = 0;
};

// "2026-03-02T01:15:00Z" (what the platform writes as seen/first-seen times and the parser's dates).
std::string Utc(int64_t epoch) {
  const core::Date d = core::Date::FromDays(epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400);
  const int64_t s = epoch - d.days() * 86400;
  char b[32];
  std::snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year(), d.month(), d.day(), static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  return b;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  static const char* kHex = "0123456789abcdef";
  std::string out(2 * sizeof h, '0');
  for (size_t i = 0; i < sizeof h; ++i) out[2 * i] = kHex[h[i] >> 4], out[2 * i + 1] = kHex[h[i] & 15];
  return out;
}

// ---- names ------------------------------------------------------------------------------------------

const std::vector<std::pair<std::string, std::vector<std::string>>> kCities = {
    {"南京市", {"玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区", "六合区", "溧水区", "高淳区"}},
    {"无锡市", {"梁溪区", "锡山区", "惠山区", "滨湖区", "新吴区", "江阴市", "宜兴市"}},
    {"徐州市", {"鼓楼区", "云龙区", "贾汪区", "泉山区", "铜山区", "丰县", "沛县", "睢宁县", "新沂市", "邳州市"}},
    {"常州市", {"天宁区", "钟楼区", "新北区", "武进区", "金坛区", "溧阳市"}},
    {"苏州市", {"姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", "常熟市", "张家港市", "太仓市"}},
    {"南通市", {"崇川区", "通州区", "海门区", "如东县", "启东市", "如皋市", "海安市"}},
    {"连云港市", {"连云区", "海州区", "赣榆区", "东海县", "灌云县", "灌南县"}},
    {"淮安市", {"淮安区", "淮阴区", "清江浦区", "洪泽区", "涟水县", "盱眙县", "金湖县"}},
    {"盐城市", {"亭湖区", "盐都区", "大丰区", "响水县", "滨海县", "阜宁县", "射阳县", "建湖县", "东台市"}},
    {"扬州市", {"广陵区", "邗江区", "江都区", "宝应县", "仪征市", "高邮市"}},
    {"镇江市", {"京口区", "润州区", "丹徒区", "丹阳市", "扬中市", "句容市"}},
    {"泰州市", {"海陵区", "高港区", "姜堰区", "兴化市", "靖江市", "泰兴市"}},
    {"宿迁市", {"宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县"}},
};
const std::vector<std::string> kDepartments = {
    "公安局", "教育局", "卫生健康委员会", "市场监督管理局", "人力资源和社会保障局", "文化广电和旅游局", "生态环境局",
    "交通运输局", "住房和城乡建设局", "应急管理局", "民政局", "农业农村局", "自然资源和规划局", "医疗保障局",
    "城市管理局", "发展和改革委员会", "司法局", "财政局", "商务局", "水利局", "退役军人事务局", "体育局",
    "科学技术局", "工业和信息化局", "审计局", "统计局", "数据局"};
const std::vector<std::string> kLineUnits = {"税务局", "气象局", "消防救援支队"};
const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
                                            "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
                                            "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "顾", "陆", "沈", "钱"};
const std::vector<std::string> kGiven = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛",
                                         "明", "超", "秀英", "华", "慧", "建国", "建华", "晓东", "海燕", "志强",
                                         "丽", "军", "平", "刚", "桂英", "文", "斌", "宇", "浩", "欣怡", "子涵"};
const std::vector<std::string> kComments = {
    "支持！", "点赞", "辛苦了，为你们点赞！", "希望能早日落实到位。", "请问这个政策什么时候开始执行？",
    "我们小区的路灯坏了好几天了，能不能派人来修一下？", "为家乡点赞", "转发了", "说得好", "收到，谢谢提醒",
    "请问在哪里可以办理？需要带哪些材料？", "这个好，方便群众", "期待", "加油！", "已转发，让更多人看到",
    "请问周末可以办理吗？", "老家的变化真大", "学习了", "实用的信息，收藏了", "什么时候能开通网上办理？",
    "建议多发一些这样的便民信息", "希望公交线路能延长到我们这里", "请问社保卡补办在哪个窗口？", "好消息！",
    "工作人员态度很好，办事效率很高", "我想咨询一下孩子入学的问题，应该找哪个部门？", "感谢政府！", "赞",
    "这个活动怎么报名？", "环境越来越好了", "门口这段路一直在施工，什么时候能完工？", "为基层工作者点赞",
    "请问公积金提取需要多长时间？", "关注了", "太及时了", "希望能多举办这样的活动", "已经预约了，谢谢",
    "问一下，电话一直打不通怎么办？", "家乡越来越美", "正能量"};

std::string PersonName(Rng& r) { return r.Pick(kSurnames) + r.Pick(kGiven); }
std::string Mobile(Rng& r) {
  static const char* kPrefixes[] = {"139", "138", "137", "136", "135", "150", "151", "152", "158", "159", "186", "187", "188", "189", "133", "153", "180", "181", "177"};
  return std::string(kPrefixes[r.Next() % 19]) + std::to_string(r.Between(10000000, 99999999));
}

struct Unit {
  int64_t id;
  std::string name, category;
  bool city_office;
};

// ---- generate -----------------------------------------------------------------------------------

struct Options {
  std::string db, state, corpus = "/work/shared/data/corpus/weibo-cctvnews-2020q1.jsonl";
  int accounts = 5000, units = -1, days = 365, fetch_days = 90, port = 0, threads = 16, delay_ms = 0,
      new_per_round = 2;
  uint64_t seed = 14;
};

// Which quarters of the data's year are over: (year, quarter 1–4, last day).
std::vector<std::tuple<int, int, core::Date>> QuartersOver(core::Date from, core::Date today) {
  std::vector<std::tuple<int, int, core::Date>> out;
  for (int y = from.year(); y <= today.year(); ++y)
    for (int q = 1; q <= 4; ++q) {
      const core::Date end = core::Date::FromYmd(y, 3 * q, q == 1 || q == 4 ? 31 : 30).value();
      if (end >= from && end < today) out.emplace_back(y, q, end);
    }
  return out;
}

core::Date AddWorkdays(const Model& m, core::Date d, int n) {
  while (n > 0) {
    d = d.AddDays(1);
    if (Workday(m, d)) --n;
  }
  return d;
}

int Generate(const Options& o) {
  const auto started = Clock::now();
  if (o.db.empty() || o.state.empty() || o.port <= 0) Die("generate needs --db, --state and --feed-port");
  if (sodium_init() < 0) Die("libsodium");
  Model m;
  m.seed = o.seed;
  m.port = o.port;
  m.corpus_path = o.corpus;
  LoadCorpus(&m);
  LoadCalendar(&m);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  m.t_end = now - 3600;  // the year's posts end an hour ago; a feed's new posts come after
  m.t_from = m.t_end - int64_t{o.days} * 86400;
  const core::Date today = core::BeijingDay(now), first_day = core::BeijingDay(m.t_from);

  Pg pg(o.db);
  if (pg.One("SELECT to_regclass('public.jobs') IS NOT NULL") != "t")
    Die("the database is not migrated: start `govmedia` on it once (e.g. `govmedia user add --db URL …`)");
  if (pg.One("SELECT COUNT(*) FROM accounts") != "0" || pg.One("SELECT COUNT(*) FROM posts") != "0")
    Die("the database already holds accounts or posts: use a fresh database");
  const std::string set_row = pg.One("SELECT MAX(id) FROM indicator_sets");
  if (set_row.empty()) Die("no indicator set: the database was not started by govmedia");

  // Units: the built-in ones, then cities' districts, departments and line units up to the number asked.
  std::vector<Unit> units;
  std::set<std::string> names;
  for (const auto& r : pg.Rows("SELECT id, name, category, is_city_office FROM units ORDER BY id")) {
    units.push_back({std::stoll(r[0]), r[1], r[2], r[3] == "1"});
    names.insert(r[1]);
  }
  const int want_units = o.units >= 0 ? o.units : std::max(static_cast<int>(units.size()), o.accounts / 10);
  std::vector<std::vector<std::pair<std::string, std::string>>> per_city;
  for (const auto& [city, districts] : kCities) {
    std::vector<std::pair<std::string, std::string>> v;
    size_t di = 0, de = 0, li = 0;
    // A city's units in the order a province would add them: districts and departments alternating.
    while (di < districts.size() || de < kDepartments.size() || li < kLineUnits.size()) {
      if (di < districts.size()) v.emplace_back(city + districts[di++] + "人民政府", "区镇");
      for (int k = 0; k < 3 && de < kDepartments.size(); ++k) v.emplace_back(city + kDepartments[de++], "市级部门");
      if (de >= 9 && li < kLineUnits.size()) v.emplace_back(city + kLineUnits[li++], "条线单位");
    }
    per_city.push_back(std::move(v));
  }
  std::vector<Unit> added;
  int64_t next_unit = units.empty() ? 1 : units.back().id + 1;
  for (size_t k = 0; static_cast<int>(units.size() + added.size()) < want_units; ++k) {
    bool any = false;
    for (auto& v : per_city) {
      if (k >= v.size()) continue;
      any = true;
      if (static_cast<int>(units.size() + added.size()) >= want_units) break;
      if (names.insert(v[k].first).second) added.push_back({next_unit++, v[k].first, v[k].second, false});
    }
    if (!any) Die("not enough unit names for " + std::to_string(want_units) + " units");
  }
  units.insert(units.end(), added.begin(), added.end());

  // Accounts: a unit's share by its kind (districts and towns run the most), platforms by the mix.
  Rng rng(Hash(o.seed, 0, 7));
  std::vector<double> weight;
  double total_w = 0;
  for (const auto& u : units) {
    const double w = u.city_office ? 8 : u.category == "区镇" ? 16 : u.category == "市级部门" ? 9 : 5;
    weight.push_back(w * (0.6 + 0.8 * rng.Unit()));
    total_w += weight.back();
  }
  std::vector<int> per_unit(units.size());
  int assigned = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    per_unit[i] = std::max(1, static_cast<int>(std::floor(o.accounts * weight[i] / total_w)));
    assigned += per_unit[i];
  }
  for (size_t i = 0; assigned != o.accounts; i = (i + 1) % units.size()) {
    if (assigned < o.accounts) ++per_unit[i], ++assigned;
    else if (per_unit[i] > 1) --per_unit[i], --assigned;
  }
  const int64_t year_start = m.t_from;
  struct Extra {
    core::AccountRecord rec;
    bool without_application = false;
    core::Date opened;
  };
  std::vector<Extra> extras;
  for (size_t ui = 0; ui < units.size(); ++ui) {
    std::map<std::string, int> count;
    for (int k = 0; k < per_unit[ui]; ++k) {
      double x = rng.Unit();
      const PlatformMix* p = &kPlatforms.back();
      for (const auto& pm : kPlatforms) {
        if (x < pm.share) { p = &pm; break; }
        x -= pm.share;
      }
      Account a;
      a.id = static_cast<int64_t>(m.accounts.size()) + 1;
      a.unit_id = units[ui].id;
      a.platform = p->id;
      const auto plat = core::ParsePlatform(p->id).value();
      const int n = ++count[p->id];
      a.name = units[ui].name + std::string(core::PlatformLabel(plat)) + (n > 1 ? std::to_string(n) : "");
      a.rate = p->posts_per_day * (0.5 + rng.Unit());
      Extra e;
      // 5% opened during the year (through an application; a tenth of them without one).
      const bool new_this_year = rng.Chance(0.05) && today.days() - first_day.days() > 40;
      e.opened = new_this_year ? core::Date::FromDays(rng.Between(first_day.days() + 10, today.days() - 30))
                               : core::Date::FromDays(rng.Between(core::Date::FromYmd(2013, 1, 1)->days(), first_day.days() - 1));
      e.without_application = new_this_year && rng.Chance(0.1);
      a.start = std::max(year_start, core::StartOfDay(e.opened));
      a.stop = m.t_end;
      // Silence: 15% had a silent spell of 8–30 days in the year; 7% are silent now (3% past the
      // 7-day warning, 2% past 10 days, 2% past the 2-week veto); 0.5% have a failing bridge.
      if (rng.Chance(0.15)) {
        const int64_t len = rng.Between(8, 30) * 86400;
        const int64_t lo = a.start + 20 * 86400, hi = m.t_end - 45 * 86400 - len;
        if (hi > lo) a.gap_from = rng.Between(lo, hi), a.gap_to = a.gap_from + len;
      }
      const double s = rng.Unit();
      if (s < 0.02) a.stop = m.t_end - rng.Between(15, 60) * 86400;
      else if (s < 0.04) a.stop = m.t_end - rng.Between(10, 13) * 86400 - rng.Between(0, 40000);
      else if (s < 0.07) a.stop = m.t_end - rng.Between(7, 9) * 86400 - rng.Between(0, 40000);
      else if (s < 0.075) a.failing = true, a.stop = m.t_end - rng.Between(2, 6) * 86400;
      // 3% of feeds had a blind spell (the bridge down for 6–48 hours) in the fetch history.
      if (!a.failing && rng.Chance(0.03)) {
        a.outage_from = m.t_end - rng.Between(2, std::max(3, o.fetch_days - 2)) * 86400;
        a.outage_to = a.outage_from + rng.Between(6, 48) * 3600;
      }
      core::AccountRecord& r = e.rec;
      r.unit_id = a.unit_id;
      r.name = a.name;
      r.platform = plat;
      r.positioning = "发布" + units[ui].name + "政务信息、政策解读、办事指南和便民服务信息，回应群众关切";
      r.url = a.platform == "weibo" ? "https://weibo.com/u/" + std::to_string(Uid(a))
                                    : "https://www.jiangsu.gov.cn/zwxmt/" + std::to_string(a.id) + ".html";
      r.managing_office = rng.Chance(0.5) ? "办公室" : "宣传科";
      r.main_leader = {PersonName(rng), units[ui].category == "区镇" ? "区长" : "局长", Mobile(rng)};
      r.deputy_leader = {PersonName(rng), "副局长", Mobile(rng)};
      r.chief_editor = {PersonName(rng), "办公室主任", Mobile(rng)};
      r.staff = {{PersonName(rng), "科员", Mobile(rng)}};
      if (rng.Chance(0.5)) r.staff.push_back({PersonName(rng), "编辑", Mobile(rng)});
      r.feed_urls = {FeedUrl(m, a)};
      if (a.platform == "app")
        r.app_download_urls = {"http://127.0.0.1:" + std::to_string(o.port) + "/app/" + std::to_string(a.id) + "/download"};
      r.opened_on = e.opened;
      r.certification = units[ui].name + "官方账号";
      if (auto st = core::ValidateAccountRecord(r, today); !st.ok()) Die("account " + a.name + ": " + st.ToString());
      m.accounts.push_back(std::move(a));
      extras.push_back(std::move(e));
    }
  }

  // The archive's text of every corpus entry as the platform's feed parser reads it from an item.
  std::vector<std::string> archived[2];
  for (int v = 0; v < 2; ++v) {
    archived[v].resize(m.corpus.size());
    for (size_t c = 0; c < m.corpus.size(); ++c) {
      std::string doc = ChannelHead(m.accounts[0]);
      AppendItem(&doc, v ? m.corpus[c] + kEditMark : m.corpus[c], "x", "https://example.gov.cn/x", m.t_end);
      auto parsed = govmedia::fetch::ParseFeed(doc + "</channel></rss>", "application/rss+xml");
      if (!parsed.ok() || parsed->items.size() != 1) Die("the parser did not read corpus entry " + std::to_string(c));
      archived[v][c] = parsed->items[0].text;
    }
  }
  // The feeds say what the database will hold: a sample of feeds read by the platform's parser.
  for (size_t i = 0; i < m.accounts.size(); i += std::max<size_t>(1, m.accounts.size() / 60)) {
    const Account& a = m.accounts[i];
    const auto posts = Timeline(m, a);
    auto parsed = govmedia::fetch::ParseFeed(FeedXml(m, a, posts), "application/rss+xml");
    if (!parsed.ok()) Die("feed of account " + std::to_string(a.id) + ": " + parsed.status().ToString());
    const size_t n = std::min<size_t>(posts.size(), kFeedItems);
    if (parsed->items.size() != n) Die("feed of account " + std::to_string(a.id) + ": item count");
    for (size_t k = 0; k < n; ++k) {
      const size_t j = posts.size() - 1 - k;
      const auto& it = parsed->items[k];
      const std::string pid = PostId(a, j);
      if (it.id != pid || it.link != PostUrl(a, pid) || it.published_epoch != posts[j].epoch ||
          it.published != Utc(posts[j].epoch) || it.text != archived[posts[j].edited][posts[j].corpus])
        Die("feed of account " + std::to_string(a.id) + " item " + pid + " differs from the archive's row");
    }
    if (parsed->title != a.name || parsed->image != ChannelImage(a)) Die("channel of account " + std::to_string(a.id));
  }
  std::cerr << "model: " << units.size() << " units (" << added.size() << " added), " << m.accounts.size()
            << " accounts; feeds checked against the parser (" << Since(started) << " s)\n";

  // ---- write ----
  std::map<std::string, double> timing;
  auto timed = [&](const std::string& what, const std::function<void()>& f) {
    const auto t = Clock::now();
    f();
    timing[what] = Since(t);
    std::cerr << what << ": " << timing[what] << " s\n";
  };
  const std::string created = Utc(m.t_from);
  // The load skips foreign-key triggers (the rows are consistent by construction), as a restore does.
  pg.Exec("SET session_replication_role = replica");
  pg.Exec("SET synchronous_commit = off");
  std::map<std::string, int64_t> rows;
  timed("registry (units, accounts, filings, reports, inspections)", [&] {
    pg.Exec("BEGIN");
    {
      Copy c(pg, "units (id, name, category, retired, is_city_office, created_at)");
      for (const auto& u : added) {
        c.F(u.id).F(u.name).F(u.category).F(int64_t{0}).F(int64_t{0}).F(created);
        c.End();
      }
      rows["units"] = c.Finish() + static_cast<int64_t>(units.size() - added.size());
    }
    // Each account's warnings as the registry computes them (a unit's accounts are its siblings).
    std::map<int64_t, std::vector<core::SiblingAccount>> siblings;
    for (const auto& a : m.accounts)
      siblings[a.unit_id].push_back({a.id, a.name, core::ParsePlatform(a.platform).value(), core::AccountStatus::kOpen});
    {
      Copy c(pg, "accounts (id, unit_id, name, platform, status, opened_on, opened_without_application, record_json, "
                 "warnings_json, created_at, updated_at)");
      for (size_t i = 0; i < m.accounts.size(); ++i) {
        const Account& a = m.accounts[i];
        const Extra& e = extras[i];
        const auto w = core::ComputeWarnings(e.rec, a.id, core::AccountStatus::kOpen, e.without_application,
                                             siblings[a.unit_id], today);
        const std::string at = e.opened > first_day ? Utc(core::StartOfDay(e.opened) + 9 * 3600) : created;
        c.F(a.id).F(a.unit_id).F(a.name).F(a.platform).F("open").F(e.opened.ToString())
            .F(int64_t{e.without_application}).F(govmedia::storage::EncodeRecordExtras(e.rec))
            .F(govmedia::storage::EncodeWarnings(w)).F(at).F(at);
        c.End();
      }
      rows["accounts"] = c.Finish();
    }
    // Filings: accounts running before the year were registered as 历史补录 when the province
    // started; those opened in the year applied, were approved and filed (some late); 6% changed.
    {
      Copy f(pg, "filings (id, account_id, kind, event_on, filed_on, forwarded_on, forwarded_by, reason, changes_json, "
                 "created_by, created_at, historical)", true);
      Copy ap(pg, "applications (id, account_id, applied_on, reason, decision, decided_on, decided_by, note, created_by)", true);
      int64_t fid = 0, aid = 0;
      Rng fr(Hash(o.seed, 0, 11));
      for (size_t i = 0; i < m.accounts.size(); ++i) {
        const Account& a = m.accounts[i];
        const Extra& e = extras[i];
        const std::string by = "unit" + std::to_string(a.unit_id);
        if (e.opened <= first_day) {
          f.F(++fid).F(a.id).F("open").F(e.opened.ToString()).F(first_day.ToString()).Null().Null().F("已开设账号补录")
              .F("{}").F("admin").F(created).F(int64_t{1});
          f.End();
        } else {
          if (!e.without_application) {
            const core::Date applied = e.opened.AddDays(-fr.Between(7, 20));
            ap.F(++aid).F(a.id).F(applied.ToString()).F("开设" + std::string(core::PlatformLabel(e.rec.platform)) + "账号，发布政务信息")
                .F("approved").F(AddWorkdays(m, applied, 2).ToString()).F("admin").F("同意开设，请按规定备案").F(by);
            ap.End();
          }
          const core::Date filed = AddWorkdays(m, e.opened, fr.Chance(0.85) ? static_cast<int>(fr.Between(0, 2)) : 3);
          const core::Date fwd = AddWorkdays(m, filed, fr.Chance(0.9) ? 1 : 2);
          f.F(++fid).F(a.id).F("open").F(e.opened.ToString()).F(filed.ToString());
          if (fwd < today) f.F(fwd.ToString()).F("admin"); else f.Null().Null();
          f.F("经批准开设").F("{}").F(by).F(Utc(core::StartOfDay(filed) + 3 * 3600)).F(int64_t{0});
          f.End();
        }
        if (fr.Chance(0.06)) {
          const core::Date ev = core::Date::FromDays(fr.Between(std::max(first_day.days(), e.opened.days()) + 1, today.days() - 5));
          const core::Date filed = AddWorkdays(m, ev, fr.Chance(0.85) ? static_cast<int>(fr.Between(0, 2)) : 4);
          const core::Date fwd = AddWorkdays(m, filed, 1);
          f.F(++fid).F(a.id).F("change").F(ev.ToString()).F(filed.ToString());
          if (fwd < today) f.F(fwd.ToString()).F("admin"); else f.Null().Null();
          f.F("分管领导调整").F("{\"reason\":\"分管领导调整\"}").F(by).F(Utc(core::StartOfDay(filed) + 3 * 3600)).F(int64_t{0});
          f.End();
        }
      }
      rows["filings"] = f.Finish();
      rows["applications"] = ap.Finish();
    }
    // Quarterly reports of the quarters over (93% on time, 5% late, 2% missing) and self-inspections
    // (88% of the accounts each quarter; 97% qualified).
    {
      Copy rep(pg, "quarterly_reports (id, unit_id, year, quarter, checked, problems, rectification, status, submitted_on, "
                   "submitted_by, updated_by, updated_at)", true);
      Copy ins(pg, "inspections (id, account_id, kind, level, monitoring_time, monitoring_epoch, indicator_set_row, status, "
                   "result_json, verdict, score, created_by, created_at, closed_at, closed_by)", true);
      Rng qr(Hash(o.seed, 0, 13));
      int64_t rid = 0, iid = 0;
      std::map<int64_t, int> per_unit_count;
      for (const auto& a : m.accounts) per_unit_count[a.unit_id]++;
      const std::string qualified =
          R"({"deductions":[],"indicator_set":"kunshan-2019","score":100,"verdict":"qualified","vetoes":[]})";
      const std::string deducted =
          R"({"deductions":[{"evidence":["推文配图来源未标注（自查发现）"],"indicator":"improper_content","max":10,"occurrences":1,"points":2,"source":"manual"}],"indicator_set":"kunshan-2019","score":98,"verdict":"qualified","vetoes":[]})";
      const std::string vetoed =
          R"({"deductions":[],"indicator_set":"kunshan-2019","score":null,"verdict":"unqualified","vetoes":[{"evidence":["评论、留言功能关闭，也未提供其他互动渠道"],"indicator":"veto.no_interaction","occurrences":1,"source":"manual"}]})";
      for (const auto& [year, q, end] : QuartersOver(first_day, today)) {
        for (const auto& u : units) {
          if (u.city_office || !per_unit_count.count(u.id)) continue;
          const double x = qr.Unit();
          if (x < 0.02) continue;
          const core::Date on = x < 0.07 ? end.AddDays(qr.Between(1, 12)) : end.AddDays(-qr.Between(0, 20));
          const std::string by = "unit" + std::to_string(u.id);
          rep.F(++rid).F(u.id).F(int64_t{year}).F(int64_t{q});
          rep.F("本季度对本单位 " + std::to_string(per_unit_count[u.id]) +
                " 个政务新媒体账号逐一开展自查，对照附件2检查开设、内容更新、内容发布、互动回应和功能等情况。")
              .F("未发现明显问题。").F("继续落实内容三审三校、每日值班和留言审看制度。").F("submitted").F(on.ToString())
              .F(by).F(by).F(Utc(core::StartOfDay(on) + 7 * 3600));
          rep.End();
        }
        for (const auto& a : m.accounts) {
          if (a.start > core::StartOfDay(end) || !qr.Chance(0.88)) continue;
          const core::Date day = end.AddDays(-qr.Between(3, 40));
          const int64_t at = core::StartOfDay(day) + 9 * 3600;
          const double v = qr.Unit();
          const std::string& result = v < 0.03 ? vetoed : v < 0.15 ? deducted : qualified;
          const std::string by = "unit" + std::to_string(a.unit_id);
          ins.F(++iid).F(a.id).F("self").Null().F(core::FormatRfc3339Beijing(at)).F(at).F(std::stoll(set_row)).F("closed")
              .F(result);
          if (v < 0.03) ins.F("unqualified").Null(); else ins.F("qualified").F(int64_t{v < 0.15 ? 98 : 100});
          ins.F(by).F(Utc(at + 3600)).F(Utc(at + 3600)).F(by);
          ins.End();
        }
      }
      rows["quarterly_reports"] = rep.Finish();
      rows["inspections"] = ins.Finish();
    }
    pg.Exec("COMMIT");
  });

  // The archive's secondary indexes and unique constraints go before the load and come back after
  // it, with the definitions the migrations gave them.
  struct IndexDef {
    std::string drop, create;
    bool gin;
  };
  std::vector<IndexDef> indexes;
  for (const std::string t : {"post_keys", "posts", "post_versions", "feed_fetches"}) {
    for (const auto& r : pg.Rows("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '" + t +
                                 "'::regclass AND contype = 'u'"))
      indexes.push_back({"ALTER TABLE " + t + " DROP CONSTRAINT " + r[0], "ALTER TABLE " + t + " ADD CONSTRAINT " + r[0] + " " + r[1], false});
    for (const auto& r : pg.Rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = '" + t +
                                 "' AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = '" + t + "'::regclass)"))
    {
      // A partitioned table's index is defined "ON ONLY" the parent: recreated as such it would
      // cover no partition (post_versions, migration 032), so it is recreated on the whole tree.
      std::string create = r[1];
      if (size_t only = create.find(" ON ONLY "); only != std::string::npos) create.replace(only, 9, " ON ");
      indexes.push_back({"DROP INDEX " + r[0], create, create.find("gin") != std::string::npos});
    }
  }
  for (const auto& x : indexes) pg.Exec(x.drop);
  // The archive's monthly partitions (migrations/postgres/032, 035) for the year loaded and the
  // rounds after it, made before the load so that no row goes through the default partitions.
  for (int64_t t = m.t_from - 31 * 86400; t <= m.t_end + 62 * 86400; t += 14 * 86400)
    pg.Exec("SELECT govmedia_archive_month(" + std::to_string(t) + ")");

  // Posts with their versions and comments (two COPY streams, fed in turn), and beside them the
  // collection's history (a third).
  std::atomic<int64_t> n_posts{0}, n_comments{0}, n_versions{0}, n_edited{0}, n_fetches{0};
  timed("archive and fetch history (COPY)", [&] {
    std::thread history([&] {
      Pg hc(o.db);
      hc.Exec("SET synchronous_commit = off");
      hc.Exec("SET session_replication_role = replica");
      Copy f(hc, "feed_fetches (id, account_id, url, fetched_at, fetched_epoch, outcome, reason, http_status, items, "
                 "unreadable, undated, channel_title, channel_image)");
      struct State {
        int64_t id, failures, last_ok, checked;
        bool failing;
        std::string url;
      };
      std::vector<State> states;
      int64_t id = 0;
      for (const auto& a : m.accounts) {
        const auto posts = Timeline(m, a);
        const std::string url = FeedUrl(m, a), image = ChannelImage(a);
        size_t next = 0;  // the first post the collection has not seen yet
        int64_t t = std::max(m.t_end - int64_t{o.fetch_days} * 86400, a.start) + static_cast<int64_t>(Hash(a.id, 5) % kPollSeconds);
        while (next < posts.size() && posts[next].epoch <= t - kPollSeconds) ++next;
        State s{a.id, 0, 0, 0, false, url};
        for (; t <= m.t_end; t += kPollSeconds) {
          const bool blind = (a.failing && t > a.stop) || (t >= a.outage_from && t < a.outage_to);
          f.F(++id).F(a.id).F(url).F(Utc(t)).F(t);
          if (blind) {
            f.F("blind").F(a.failing ? "HTTP 503" : "HTTP 502").F(int64_t{a.failing ? 503 : 502}).F(int64_t{0}).F(int64_t{0}).F(int64_t{0}).F("").F("");
            ++s.failures;
          } else {
            const size_t before = next;
            while (next < posts.size() && posts[next].epoch <= t) ++next;
            if (next > before)
              f.F("ok").F("").F(int64_t{200}).F(static_cast<int64_t>(std::min<size_t>(next, kFeedItems))).F(int64_t{0}).F(int64_t{0}).F(a.name).F(image);
            else
              f.F("not_modified").F("").F(int64_t{304}).F(int64_t{0}).F(int64_t{0}).F(int64_t{0}).F("").F("");
            s.failures = 0;
            s.last_ok = t;
          }
          s.checked = t;
          f.End();
        }
        s.failing = a.failing;
        states.push_back(s);
      }
      n_fetches = f.Finish();
      Copy st(hc, "feed_state (account_id, url, etag, last_modified, health, failures, last_ok_at, last_error, checked_at)");
      for (const auto& s : states) {
        st.F(s.id).F(s.url).F("").F("").F(s.failing ? "failing" : "ok").F(s.failing ? s.failures : 0);
        if (s.last_ok) st.F(Utc(s.last_ok)); else st.Null();
        st.F(s.failing ? "HTTP 503" : "").F(Utc(s.checked));
        st.End();
      }
      st.Finish();
    });
    Pg kc(o.db), pc(o.db), vc(o.db);
    for (Pg* c : {&kc, &pc, &vc}) {
      c->Exec("SET synchronous_commit = off");
      c->Exec("SET session_replication_role = replica");
    }
    // A post's identity and id (post_keys, migration 035), the post in its month's partition.
    Copy keys(kc, "post_keys (id, account_id, kind, platform_post_id, published_epoch)");
    Copy posts(pc, "posts (id, account_id, kind, platform_post_id, parent_platform_id, author, published_at, published_epoch, "
                   "current_version, first_seen, last_seen)");
    Copy versions(vc, "post_versions (id, post_id, version, content_hash, text, url, seen_at, published_epoch)");
    int64_t post_id = 0, version_id = 0;
    auto version = [&](int64_t of, int64_t published, int64_t v, const std::string& text, const std::string& url,
                       int64_t seen) {
      versions.F(++version_id).F(of).F(v).F(Sha256Hex(text + '\x1f' + url)).F(text).F(url).F(Utc(seen)).F(published);
      versions.End();
    };
    for (const auto& a : m.accounts) {
      const auto tl = Timeline(m, a);
      const PlatformMix& mix = MixOf(a.platform);
      Rng r(Hash(o.seed, a.id, 3));
      for (size_t j = 0; j < tl.size(); ++j) {
        const PostRef& p = tl[j];
        const std::string pid = PostId(a, j), url = PostUrl(a, pid);
        const int64_t first = p.epoch + r.Between(30, kPollSeconds);
        // Seen at every fetch until it rolled off the feed (kFeedItems newer posts), or still in it.
        int64_t last = j + kFeedItems < tl.size() ? tl[j + kFeedItems].epoch + r.Between(30, kPollSeconds)
                                                  : (a.failing ? a.stop : m.t_end);
        last = std::max(last, first);
        keys.F(post_id + 1).F(a.id).F("post").F(pid).F(p.epoch);
        keys.End();
        posts.F(++post_id).F(a.id).F("post").F(pid).F("").F("").F(Utc(p.epoch)).F(p.epoch).F(int64_t{p.edited ? 2 : 1})
            .F(Utc(first)).F(Utc(last));
        posts.End();
        version(post_id, p.epoch, 1, archived[0][p.corpus], url, first);
        if (p.edited) {
          version(post_id, p.epoch, 2, archived[1][p.corpus], url, std::min(last, first + r.Between(3600, 6 * 3600)));
          ++n_edited;
        }
        ++n_posts;
        // Comments (留言) under it, archived as the platform archives pushed ones: no link.
        const int k = r.Poisson(mix.comments);
        for (int c = 0; c < k; ++c) {
          const double u = r.Unit();
          const int64_t at = p.epoch + 60 + static_cast<int64_t>(u * u * 2 * 86400);
          if (at > m.t_end) continue;
          const bool reply = r.Chance(0.04);
          const std::string author = reply ? a.name : "网友" + std::to_string(r.Between(1000, 999999));
          const std::string text = reply ? "回复@网友" + std::to_string(r.Between(1000, 999999)) +
                                               "：您好，感谢您的关注，相关问题已转有关部门办理。"
                                         : r.Pick(kComments);
          const int64_t seen = at + r.Between(30, kPollSeconds);
          keys.F(post_id + 1).F(a.id).F("comment").F("c" + pid + "-" + std::to_string(c)).F(at);
          keys.End();
          posts.F(++post_id).F(a.id).F("comment").F("c" + pid + "-" + std::to_string(c)).F(pid).F(author).F(Utc(at)).F(at)
              .F(int64_t{1}).F(Utc(seen)).F(Utc(seen));
          posts.End();
          version(post_id, at, 1, text, "", seen);
          ++n_comments;
        }
      }
    }
    keys.Finish();
    posts.Finish();
    n_versions = versions.Finish();
    history.join();
  });

  timed("indexes rebuilt", [&] {
    // The trigram index on one connection, the rest on another: the two cores.
    std::thread gin([&] {
      Pg c(o.db);
      c.Exec("SET maintenance_work_mem = '1GB'");
      c.Exec("SET max_parallel_maintenance_workers = 0");
      for (const auto& x : indexes)
        if (x.gin) c.Exec(x.create);
    });
    Pg c(o.db);
    c.Exec("SET maintenance_work_mem = '1GB'");
    c.Exec("SET max_parallel_maintenance_workers = 0");
    for (const auto& x : indexes)
      if (!x.gin) c.Exec(x.create);
    gin.join();
    // Every month's partition has its trigram index (a parent-only index would leave searches to
    // scan every version).
    const auto bare = pg.Rows(
        "SELECT count(*) FROM pg_partition_tree('post_versions') t WHERE t.isleaf AND NOT EXISTS (SELECT 1 FROM "
        "pg_index i WHERE i.indrelid = t.relid AND pg_get_indexdef(i.indexrelid) LIKE '%gin_trgm_ops%')");
    if (bare.empty() || bare[0][0] != "0") Die("post_versions partitions without their trigram index");
  });
  // The fetch history's summaries (app/monitoring/fetch_history.h) are what a node writes with each
  // fetch; for a history loaded at once, migration 029 builds them, as it does on an upgrade.
  timed("fetch summaries (migration 029 over the loaded history)", [&] {
    pg.Exec("DROP TABLE feed_fetch_days");
    pg.Exec("DROP TABLE feed_channels");
    pg.Exec("DELETE FROM schema_migrations WHERE version = 29");
    auto db = govmedia::storage::OpenDb(o.db);
    if (!db.ok()) Die("open " + o.db + ": " + db.status().ToString());
    if (auto s = govmedia::storage::Migrate(**db); !s.ok()) Die("migration 029: " + s.ToString());
  });
  timed("sequences, VACUUM ANALYZE", [&] {
    for (const std::string t : {"units", "accounts", "filings", "applications", "quarterly_reports", "inspections",
                                "post_keys", "post_versions", "feed_fetches"})
      pg.Exec("SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), GREATEST((SELECT MAX(id) FROM " + t + "), 1))");
    pg.Exec("VACUUM (ANALYZE)");
  });

  json state = ToJson(m);
  std::ofstream out(o.state);
  out << state.dump() << "\n";
  if (!out) Die("cannot write " + o.state);
  json summary{{"units", units.size()},
               {"accounts", m.accounts.size()},
               {"posts", n_posts.load()},
               {"edited_posts", n_edited.load()},
               {"comments", n_comments.load()},
               {"post_versions", n_versions.load()},
               {"feed_fetches", n_fetches.load()},
               {"filings", rows["filings"]},
               {"applications", rows["applications"]},
               {"quarterly_reports", rows["quarterly_reports"]},
               {"inspections", rows["inspections"]},
               {"year_from", core::FormatRfc3339Beijing(m.t_from)},
               {"year_to", core::FormatRfc3339Beijing(m.t_end)},
               {"fetch_history_days", o.fetch_days},
               {"seconds", timing},
               {"total_seconds", Since(started)}};
  std::cout << summary.dump(1) << "\n";
  return 0;
}

// ---- feeds ----------------------------------------------------------------------------------------

int Feeds(const Options& o) {
  std::ifstream in(o.state);
  if (!in) Die("cannot read " + o.state);
  const json j = json::parse(in, nullptr, false);
  if (!j.is_object()) Die(o.state + " is not the state `generate` wrote");
  Model m;
  FromJson(j, m);
  m.new_per_round = o.new_per_round;
  const size_t n = m.accounts.size();
  std::atomic<int> round{0};
  std::vector<std::unique_ptr<std::atomic<int>[]>> hits;
  for (int r = 0; r <= kMaxRounds; ++r) {
    hits.emplace_back(new std::atomic<int>[n]);
    for (size_t i = 0; i < n; ++i) hits.back()[i] = 0;
  }
  std::vector<std::atomic<int64_t>> not_modified(kMaxRounds + 1), served(kMaxRounds + 1);

  httplib::Server srv;
  srv.new_task_queue = [&] { return new httplib::ThreadPool(static_cast<size_t>(std::max(1, o.threads))); };
  srv.Get(R"(/rsshub/.+/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    const int64_t id = std::stoll(req.matches[1].str());
    if (id < 1 || id > static_cast<int64_t>(n)) {
      res.status = 404;
      return;
    }
    const Account& a = m.accounts[id - 1];
    const int r = round.load();
    hits[r][id - 1]++;
    if (o.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(o.delay_ms));
    if (a.failing) {
      res.status = 503;
      res.set_content("Service Unavailable", "text/plain");
      return;
    }
    const auto posts = Visible(m, a, r);
    const std::string etag = "\"" + std::to_string(id) + "-" + std::to_string(posts.size()) + "\"";
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      not_modified[r]++;
      res.status = 304;
      return;
    }
    served[r]++;
    res.set_content(FeedXml(m, a, posts), "application/rss+xml; charset=utf-8");
  });
  srv.Get(R"(/app/(\d+)/download)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("app", "application/vnd.android.package-archive");
  });
  srv.Get("/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
  auto new_items = [&](int r) {
    int64_t s = 0;
    for (const auto& a : m.accounts) s += NewInRound(m, a, r);
    return s;
  };
  srv.Post("/control/round", [&](const httplib::Request& req, httplib::Response& res) {
    const int r = std::clamp(std::atoi(req.get_param_value("n").c_str()), 0, kMaxRounds);
    m.quiet[r] = req.get_param_value("quiet") == "1";
    round = r;
    res.set_content(json{{"round", r}, {"quiet", m.quiet[r].load()}, {"new_items", new_items(r)}}.dump(), "application/json");
  });
  srv.Get("/control/stats", [&](const httplib::Request& req, httplib::Response& res) {
    const int r = std::clamp(std::atoi(req.get_param_value("round").c_str()), 0, kMaxRounds);
    std::map<int, int64_t> times;  // fetched k times -> feeds
    int64_t requests = 0, failing = 0;
    for (size_t i = 0; i < n; ++i) {
      const int h = hits[r][i];
      times[std::min(h, 3)]++;
      requests += h;
      failing += m.accounts[i].failing;
    }
    res.set_content(json{{"round", r},
                         {"feeds", n},
                         {"failing_feeds", failing},
                         {"requests", requests},
                         {"fetched_0", times[0]},
                         {"fetched_1", times[1]},
                         {"fetched_2", times[2]},
                         {"fetched_3_or_more", times[3]},
                         {"answered_200", served[r].load()},
                         {"answered_304", not_modified[r].load()},
                         {"new_items", new_items(r)}}
                        .dump(),
                    "application/json");
  });
  std::cerr << "feeds of " << n << " accounts on http://127.0.0.1:" << m.port << "/rsshub/…\n";
  if (!srv.listen("127.0.0.1", m.port)) Die("cannot listen on 127.0.0.1:" + std::to_string(m.port));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: province_bench generate --db URL --state FILE --feed-port PORT [--accounts 5000] [--units N]\n"
                 "                              [--days 365] [--fetch-days 90] [--seed 14] [--corpus FILE]\n"
                 "       province_bench feeds --state FILE [--threads 16] [--delay-ms 0] [--new-per-round 2]\n";
    return 2;
  }
  const std::string cmd = argv[1];
  Options o;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) Die("missing value of " + a);
    const std::string v = argv[++i];
    auto num = [&] {
      int x = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      if (ec != std::errc() || p != v.data() + v.size()) Die(a + " wants a number");
      return x;
    };
    if (a == "--db") o.db = v;
    else if (a == "--state") o.state = v;
    else if (a == "--corpus") o.corpus = v;
    else if (a == "--feed-port") o.port = num();
    else if (a == "--accounts") o.accounts = num();
    else if (a == "--units") o.units = num();
    else if (a == "--days") o.days = num();
    else if (a == "--fetch-days") o.fetch_days = num();
    else if (a == "--seed") o.seed = static_cast<uint64_t>(num());
    else if (a == "--threads") o.threads = num();
    else if (a == "--delay-ms") o.delay_ms = num();
    else if (a == "--new-per-round") o.new_per_round = num();
    else Die("unknown option " + a);
  }
  if (cmd == "generate") return Generate(o);
  if (cmd == "feeds") return Feeds(o);
  Die("unknown command " + cmd + " (generate or feeds)");
}
