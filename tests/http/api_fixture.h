// A real govmedia node on a temporary SQLite file (or its own PostgreSQL database, test_db.h), served on a loopback port, and a client that
// logs in as the test's users. Today is fixed so deadlines are reproducible.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "app/jobs/worker.h"
#include "app/node.h"
#include "app/system_clock.h"
#include "http/server.h"
#include "test_db.h"
#include "test_util.h"

namespace govmedia::testing {

using nlohmann::json;

/// A valid 1×1 PNG, base64-encoded.
inline constexpr const char* kTinyPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

struct Session {
  std::string cookie;
  std::string csrf;
};

struct Reply {
  int status = 0;
  json body;
  httplib::Headers headers;
};

class ApiTest : public ::testing::Test {
 protected:
  static constexpr const char* kPassword = "correct-horse-9";

  void SetUp() override {
    auto node = app::Node::Open(db_.target(), clock_);
    ASSERT_TRUE(node.ok()) << node.status().ToString();
    node_ = std::move(*node);
    AddUser("admin", core::Role::kCityAdmin, std::nullopt);
    AddUser("zp", core::Role::kUnitOperator, UnitId("张浦镇"));
    AddUser("edu", core::Role::kUnitOperator, UnitId("昆山市教育局"));
    AddUser("insp", core::Role::kInspector, std::nullopt);
    AddUser("boss", core::Role::kViewer, std::nullopt);
    server_ = std::make_unique<http::ApiServer>(*node_, http::ServerOptions{"127.0.0.1", 0, ""});
    ASSERT_TRUE(server_->Start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  /// Runs every job that is due, as a node's worker would (no polling rounds, no availability
  /// probes); the number run.
  int RunDueJobs() {
    app::WorkerOptions options;
    options.poll_minutes = 0;
    options.check_availability = false;
    app::Worker worker(*node_, options);
    int ran = 0;
    while (worker.RunOne().value()) ++ran;
    return ran;
  }

  void AddUser(const std::string& name, core::Role role, std::optional<int64_t> unit) {
    auto u = node_->auth().AddUser("test", {name, role, unit, kPassword});
    ASSERT_TRUE(u.ok()) << u.status().ToString();
  }

  int64_t UnitId(const std::string& name) {
    auto r = storage::QueryOne(node_->db(), "SELECT id FROM units WHERE name = ?", {name});
    EXPECT_TRUE(r.ok()) << name;
    return r.ok() ? r->Int(0) : 0;
  }

  int64_t Count(const std::string& table) {
    return storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM " + table)->Int(0);
  }

  static Reply ToReply(const httplib::Result& r) {
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.headers = r->headers;
    if (!r->body.empty()) out.body = json::parse(r->body, nullptr, false);
    return out;
  }

  Session Login(const std::string& user, const std::string& password = kPassword) {
    auto r = client_->Post("/api/login", json{{"username", user}, {"password", password}}.dump(),
                           "application/json");
    EXPECT_TRUE(r);
    if (!r || r->status != 200) {
      ADD_FAILURE() << "login of " << user << " failed: " << (r ? r->status : 0);
      return {};
    }
    const std::string set = r->get_header_value("Set-Cookie");
    return {set.substr(0, set.find(';')), json::parse(r->body)["csrf_token"].get<std::string>()};
  }

  Reply Get(const Session& s, const std::string& path) {
    return ToReply(client_->Get(path.c_str(), {{"Cookie", s.cookie}}));
  }
  Reply Send(const std::string& method, const Session& s, const std::string& path, const json& body) {
    httplib::Headers h{{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}};
    const std::string text = body.dump();
    if (method == "PATCH") return ToReply(client_->Patch(path.c_str(), h, text, "application/json"));
    if (method == "PUT") return ToReply(client_->Put(path.c_str(), h, text, "application/json"));
    return ToReply(client_->Post(path.c_str(), h, text, "application/json"));
  }
  Reply Post(const Session& s, const std::string& path, const json& body) { return Send("POST", s, path, body); }
  Reply Patch(const Session& s, const std::string& path, const json& body) { return Send("PATCH", s, path, body); }
  Reply Put(const Session& s, const std::string& path, const json& body) { return Send("PUT", s, path, body); }

  json NewAccountBody(int64_t unit, const std::string& name, const std::string& platform = "wechat_subscription") {
    return {{"unit_id", unit},
            {"name", name},
            {"platform", platform},
            {"positioning", "政务信息发布"},
            {"main_leader", {{"name", "张三"}, {"title", "镇长"}, {"phone", "13812345678"}}},
            {"staff", json::array({{{"name", "李四"}, {"title", "科员"}, {"phone", "0512-57512345"}}})},
            {"application_reason", "工作需要"}};
  }

  /// An account taken through apply → approve → open by the admin; its id.
  int64_t OpenAccount(const Session& admin, int64_t unit, const std::string& name) {
    auto a = Post(admin, "/api/accounts", NewAccountBody(unit, name));
    EXPECT_EQ(a.status, 201) << a.body.dump();
    const int64_t id = a.body["id"];
    EXPECT_EQ(Post(admin, "/api/accounts/" + std::to_string(id) + "/decision", {{"decision", "approve"}}).status, 200);
    auto f = Post(admin, "/api/accounts/" + std::to_string(id) + "/filings",
                  {{"kind", "open"}, {"event_on", "2024-10-16"}, {"reason", "开设"}});
    EXPECT_EQ(f.status, 201) << f.body.dump();
    return id;
  }

  TempDir tmp_;
  app::FixedDateClock clock_{D("2024-10-18")};
  TestDb db_{tmp_};
  std::unique_ptr<app::Node> node_;
  std::unique_ptr<http::ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace govmedia::testing
