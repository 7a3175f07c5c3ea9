#include "http/server.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/routes.h"

namespace govmedia::http {

namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

ApiServer::ApiServer(app::Node& platform, ServerOptions options)
    : platform_(platform), options_(std::move(options)) {
  router_ = std::make_unique<Router>(server_, platform_.auth(), platform_.ingest());
  RegisterSessionRoutes(*router_, platform_);
  RegisterRegistryRoutes(*router_, platform_);
  RegisterScoringRoutes(*router_, platform_);
  RegisterIngestRoutes(*router_, platform_);
  RegisterAlertRoutes(*router_, platform_);
  RegisterPostRoutes(*router_, platform_);
  RegisterMonitoringRoutes(*router_, platform_);
  RegisterSupervisionRoutes(*router_, platform_);

  server_.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                               {"X-Frame-Options", "DENY"},
                               {"Referrer-Policy", "same-origin"}});
  // Screenshots arrive base64-encoded in JSON: 5 MB of image is about 6.7 MB of text.
  server_.set_payload_max_length(8 << 20);
  server_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && req.path.rfind("/api/", 0) == 0 && res.body.empty()) {
      WriteError(res, core::Status::NotFound("接口不存在：" + req.method + " " + req.path));
    }
  });

  if (!options_.web_dir.empty()) {
    if (!server_.set_mount_point("/", options_.web_dir)) {
      spdlog::warn("web console folder {} not found; serving the API only", options_.web_dir);
    } else {
      // The console routes in the browser (/accounts/12): any other non-API path gets index.html.
      const std::filesystem::path index = std::filesystem::path(options_.web_dir) / "index.html";
      server_.Get(R"(/(?!api/).*)", [index](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(ReadFile(index), "text/html; charset=utf-8");
      });
    }
  }
}

ApiServer::~ApiServer() { Stop(); }

core::Status ApiServer::Start() {
  if (options_.port == 0) {
    port_ = server_.bind_to_any_port(options_.bind.c_str());
    if (port_ <= 0) return core::Status::IOError("无法监听 " + options_.bind);
  } else {
    if (!server_.bind_to_port(options_.bind.c_str(), options_.port)) {
      return core::Status::IOError("无法监听 " + options_.bind + ":" + std::to_string(options_.port) +
                                   "（端口被占用？）");
    }
    port_ = options_.port;
  }
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  return core::Status::Ok();
}

void ApiServer::Stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void ApiServer::Wait() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace govmedia::http
