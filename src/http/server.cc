#include "http/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <chrono>

#include "http/routes.h"

namespace govmedia::http {

bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address == "localhost";
}

ApiServer::ApiServer(app::Node& platform, ServerOptions options)
    : platform_(platform), options_(std::move(options)) {
  RouterOptions ro{options_.trusted_proxies, options_.cookies, IsLoopback(options_.bind)};
  router_ = std::make_unique<Router>(server_, platform_.auth(), platform_.ingest(), ro);
  RegisterSessionRoutes(*router_, platform_);
  RegisterRegistryRoutes(*router_, platform_);
  RegisterScoringRoutes(*router_, platform_);
  RegisterIngestRoutes(*router_, platform_);
  RegisterAlertRoutes(*router_, platform_);
  RegisterPostRoutes(*router_, platform_);
  RegisterMonitoringRoutes(*router_, platform_);
  RegisterSupervisionRoutes(*router_, platform_);
  RegisterCorrectionRoutes(*router_, platform_);
  RegisterQaRoutes(*router_, platform_);
  RegisterRequestRoutes(*router_, platform_);
  RegisterEngagementRoutes(*router_, platform_);
  RegisterApprovedSourceRoutes(*router_, platform_);
  RegisterSecurityRoutes(*router_, platform_);
  RegisterRepostRoutes(*router_, platform_);
  RegisterReviewRoutes(*router_, platform_);
  RegisterExportRoutes(*router_, platform_);
  RegisterJobRoutes(*router_, platform_);
  RegisterGeneratedReportRoutes(*router_, platform_);
  router_->Finish();

  server_.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server_.set_tcp_nodelay(true);
  // A keep-alive connection holds its worker; after 100 requests it is handed back, so waiting
  // connections get a turn.
  server_.set_keep_alive_max_count(100);
  server_.set_socket_options([](int sock) {
    // SO_REUSEADDR lets a restarted server bind while old connections linger in TIME_WAIT; unlike
    // SO_REUSEPORT it does not let a second server bind a port that is listening.
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server_.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                               {"X-Frame-Options", "DENY"},
                               {"Referrer-Policy", "same-origin"}});
  // The outer bound of any body; each route reads at most its own limit (router.h).
  server_.set_payload_max_length(kUploadBody);
  server_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    return RejectBadRequestLine(req, res) ? httplib::Server::HandlerResponse::Handled
                                          : httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    try {
      if (res.status == 404 && req.path.rfind("/api/", 0) == 0 && res.body.empty()) {
        WriteError(res, core::Status::NotFound("接口不存在：" + req.method + " " + req.path.substr(0, 200)));
      }
    } catch (const std::exception& e) {
      spdlog::error("error handler failed: {}", e.what());
    }
  });
  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("unhandled exception on {}: {}", req.method, what);
    res.status = 500;
    res.set_content(R"({"error":{"code":"internal","message":"服务器内部错误"}})", "application/json; charset=utf-8");
  });

  if (!options_.web_dir.empty()) {
    auto files = StaticFiles::Load(options_.web_dir);
    if (!files.ok()) {
      spdlog::warn("{}; serving the API only", files.status().message());
    } else {
      files_ = std::move(*files);
      // Any path outside /api/ is the console: a file, or index.html for a route of the console.
      server_.Get(R"(/(?!api/).*)", [this](const httplib::Request& req, httplib::Response& res) {
        files_->Serve(req, res);
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
                                   "（端口已被占用，或地址不属于本机）");
    }
    port_ = options_.port;
  }
  // Calling listen() again on a listening socket only changes its backlog.
  if (::listen(server_.listening_socket(), kListenBacklog) != 0) {
    spdlog::warn("could not widen the listen backlog to {}", kListenBacklog);
  }
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // Until the loop runs, stop() would be lost (the library ignores it when not yet running) and
  // Stop() would wait forever: return only once it runs.
  for (int i = 0; i < 5000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
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
