// The availability monitor against real HTTP servers on loopback: IPv4 on 127.0.0.1, IPv6 on ::1,
// a host with no AAAA record, failures in a row making a function broken, and recovery.
#include <atomic>
#include <ctime>
#include <thread>

#include "core/timestamp.h"
#include "http/api_fixture.h"

namespace govmedia::testing {
namespace {

// One page on one loopback address; answers 500 while `failing`.
class Site {
 public:
  explicit Site(const std::string& host) {
    server_.Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      if (failing) {
        res.status = 500;
        return;
      }
      res.set_content("<html>下载</html>", "text/html; charset=utf-8");
    });
    port_ = server_.bind_to_any_port(host);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Site() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::atomic<bool> failing{false};

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

class AvailabilityTest : public ApiTest {
 protected:
  int64_t AccountWith(const std::string& unit, const std::string& name, const json& urls) {
    Session admin = Login("admin");
    const int64_t id = OpenAccount(admin, UnitId(unit), name);
    auto r = Patch(admin, "/api/accounts/" + std::to_string(id), urls);
    EXPECT_EQ(r.status, 200) << r.body.dump();
    return id;
  }
  json Row(const Session& s, const std::string& url) {
    const Reply list = Get(s, "/api/availability");
    for (const auto& x : list.body["items"]) {
      if (x["url"] == url) return x;
    }
    ADD_FAILURE() << "no row for " << url << " in " << list.body.dump();
    return json::object();
  }
  void Round() {
    auto sum = node_->availability().CheckAll({3000});
    ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  }
};

TEST_F(AvailabilityTest, Ipv6IsCheckedOnItsOwnAgainstAServerOnLoopbackSix) {
  Site v6("::1");
  Site v4("127.0.0.1");
  const std::string on_v6 = "http://[::1]:" + std::to_string(v6.port()) + "/menu";
  const std::string on_v4 = "http://127.0.0.1:" + std::to_string(v4.port()) + "/app.apk";
  const int64_t acc = AccountWith("张浦镇", "张浦发布", {{"service_urls", {on_v6}}, {"app_download_urls", {on_v4}}});
  Session admin = Login("admin");
  ASSERT_EQ(Put(admin, "/api/settings/monitoring", {{"availability_failures", 2}}).status, 200);
  EXPECT_EQ(Row(admin, on_v4)["state"], "unchecked");
  Round();

  json six = Row(admin, on_v6);
  EXPECT_EQ(six["state"], "ok");
  EXPECT_EQ(six["ipv6"]["ok"], true);
  EXPECT_EQ(six["ipv6"]["status"], 200);
  EXPECT_GE(six["ipv6"]["latency_ms"].get<int>(), 0);
  EXPECT_EQ(six["ipv4"]["ok"], false);
  EXPECT_NE(six["ipv4"]["error"].get<std::string>().find("无 A 记录"), std::string::npos);

  // 127.0.0.1 has no AAAA record: IPv4 answers, IPv6 fails — and for an app, twice in a row is
  // a function_broken finding (apps must support IPv6), while the app itself stays usable.
  json four = Row(admin, on_v4);
  EXPECT_EQ(four["kind"], "app_download");
  EXPECT_EQ(four["ipv4"]["ok"], true);
  EXPECT_EQ(four["ipv6"]["ok"], false);
  EXPECT_NE(four["ipv6"]["error"].get<std::string>().find("无 AAAA 记录"), std::string::npos) << four.dump();
  Round();
  four = Row(admin, on_v4);
  EXPECT_EQ(four["state"], "ok");
  EXPECT_TRUE(four["ipv6_broken"].get<bool>());
  auto events = Get(admin, "/api/availability/events?account_id=" + std::to_string(acc));
  ASSERT_EQ(events.body["items"].size(), 1u) << events.body.dump();
  EXPECT_EQ(events.body["items"][0]["event"], "ipv6_broken");
  EXPECT_EQ(events.body["items"][0]["indicator"], "function_broken");
}

TEST_F(AvailabilityTest, FailuresInARowBreakAFunctionUntilItRecovers) {
  Site site("127.0.0.1");
  const std::string menu = "http://127.0.0.1:" + std::to_string(site.port()) + "/menu";
  const std::string apk = "http://127.0.0.1:" + std::to_string(site.port()) + "/app.apk";
  const int64_t acc = AccountWith("张浦镇", "张浦发布", {{"service_urls", {menu}}, {"app_download_urls", {apk}}});
  const int64_t other = AccountWith("昆山市教育局", "昆山教育", {{"service_urls", {menu + "?edu"}}});
  Session admin = Login("admin");
  site.failing = true;
  Round();
  Round();
  EXPECT_EQ(Row(admin, menu)["state"], "failing");
  EXPECT_EQ(Row(admin, menu)["consecutive_failures"], 2);
  EXPECT_EQ(Row(admin, menu)["ipv4"]["status"], 500);
  auto checked = Post(admin, "/api/availability/check", json::object());  // the third: the default threshold
  ASSERT_EQ(checked.status, 200) << checked.body.dump();
  EXPECT_EQ(checked.body["checked"], 3);
  EXPECT_EQ(checked.body["broken"], 3);
  EXPECT_EQ(Row(admin, menu)["state"], "broken");
  EXPECT_FALSE(Row(admin, menu)["broken_since"].is_null());
  EXPECT_EQ(Post(Login("insp"), "/api/availability/check", json::object()).status, 403);

  // The next inspection derives the outages: function_broken for the menu, the 僵尸 veto for the app.
  const std::string now = core::FormatRfc3339Beijing(std::time(nullptr));
  auto insp = Post(Login("insp"), "/api/inspections", {{"account_id", acc}, {"kind", "city"}, {"monitoring_time", now}});
  ASSERT_EQ(insp.status, 201) << insp.body.dump();
  std::set<std::string> derived;
  for (const auto& d : insp.body["derived"]) derived.insert(d["indicator"].get<std::string>());
  EXPECT_TRUE(derived.count("function_broken")) << insp.body["derived"].dump();
  EXPECT_TRUE(derived.count("veto.app_unusable")) << insp.body["derived"].dump();
  EXPECT_EQ(insp.body["result"]["verdict"], "unqualified");

  site.failing = false;
  Round();
  json row = Row(admin, menu);
  EXPECT_EQ(row["state"], "ok");
  EXPECT_FALSE(row["recovered_at"].is_null());
  auto events = Get(admin, "/api/availability/events?account_id=" + std::to_string(acc));
  std::vector<std::string> kinds;
  for (const auto& e : events.body["items"]) kinds.push_back(e["event"]);
  // The app answers over IPv4 again but still not over IPv6, four rounds in a row now.
  EXPECT_EQ(kinds, (std::vector<std::string>{"recovered", "ipv6_broken", "recovered", "broken", "broken"}));

  // A unit operator sees the unit's own URLs and events only.
  Session zp = Login("zp");
  const Reply own = Get(zp, "/api/availability");
  EXPECT_EQ(own.body["items"].size(), 2u);
  for (const auto& x : own.body["items"]) EXPECT_EQ(x["account_id"], acc);
  EXPECT_EQ(Get(zp, "/api/availability/events?account_id=" + std::to_string(other)).body["items"].size(), 0u);
}

}  // namespace
}  // namespace govmedia::testing
