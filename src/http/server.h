// The HTTP server of one node: the API under /api/ and the web console's files at /.
// Start() binds and serves on background threads; Stop() ends it. Thread-safe.
//
// Sized for an office's browsers: a pool of kWorkerThreads workers, a listen backlog of
// kListenBacklog, TCP_NODELAY (no 40 ms wait of Nagle's algorithm against delayed ACKs on
// keep-alive connections), and an exclusive bind: a second server on a port in use fails to start
// instead of splitting the traffic (SO_REUSEPORT is never set).
#pragma once

#include <httplib.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/node.h"
#include "http/router.h"
#include "http/static_files.h"

namespace govmedia::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (see ApiServer::port())
  std::string web_dir;  // the built console (web/dist); empty: API only
  std::vector<std::string> trusted_proxies;
  CookieSecurity cookies = CookieSecurity::kAuto;
};

inline constexpr int kWorkerThreads = 128;
inline constexpr int kListenBacklog = 1024;

class ApiServer final {
 public:
  ApiServer(app::Node& platform, ServerOptions options);
  ~ApiServer();
  /// Binds; IOError when the address is taken. Serves on a background thread.
  core::Status Start();
  int port() const { return port_; }
  void Stop();
  /// Blocks until Stop().
  void Wait();
  const std::vector<RouteInfo>& routes() const { return router_->routes(); }

 private:
  // httplib's server with its listening socket reachable, to widen the backlog its library build
  // fixed at 5.
  class Server final : public httplib::Server {
   public:
    int listening_socket() const { return svr_sock_; }
  };

  app::Node& platform_;
  ServerOptions options_;
  Server server_;
  std::unique_ptr<Router> router_;
  std::optional<StaticFiles> files_;
  std::thread thread_;
  int port_ = 0;
};

/// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool IsLoopback(const std::string& address);

}  // namespace govmedia::http
