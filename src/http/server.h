// The HTTP server of one node: the API under /api/ and the web console's files at /.
// Start() binds and serves on background threads; Stop() ends it. Thread-safe.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/node.h"
#include "http/router.h"

namespace govmedia::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (see ApiServer::port())
  std::string web_dir;  // the built console (web/dist); empty: API only
};

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
  app::Node& platform_;
  ServerOptions options_;
  httplib::Server server_;
  std::unique_ptr<Router> router_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace govmedia::http
