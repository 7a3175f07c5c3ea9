// Router: how every API route is declared. One place decides, per route, whether a session is
// needed, checks the CSRF token and content type of state-changing requests, maps a Status to its
// HTTP status, and writes the error body — so no handler can forget any of it.
// Routes are written as OpenAPI paths ("/api/accounts/{id}"); the list is kept so a test can
// compare it with /api/openapi.json. Thread-safety: register before the server starts.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/auth_service.h"
#include "app/ingest_service.h"
#include "core/status.h"

namespace govmedia::http {

using nlohmann::json;

struct Ctx {
  const httplib::Request& req;
  httplib::Response& res;
  std::optional<app::SessionInfo> session;  // set for Access::kSession routes
  std::optional<app::Integration> integration;  // set for Access::kIntegration routes
  json body;                                // parsed JSON body of POST/PATCH/PUT
  int status = 200;                         // success status; a handler may set 201

  const core::Principal& principal() const { return session->principal; }
  /// The n-th {param} of the path as an integer.
  int64_t PathId(size_t n = 1) const;
  /// A query parameter, or empty.
  std::string Query(const std::string& name) const;
};

using Handler = std::function<core::Result<json>(Ctx&)>;
/// kPublic: anyone; kSession: a logged-in person (cookie + CSRF); kIntegration: another system
/// with its bearer token (no cookie, so no CSRF).
enum class Access { kPublic, kSession, kIntegration };

struct RouteInfo {
  std::string method;  // "get", "post" … (OpenAPI's lower case)
  std::string path;    // OpenAPI form
};

class Router final {
 public:
  Router(httplib::Server& server, app::AuthService& auth, app::IngestService& ingest)
      : server_(server), auth_(auth), ingest_(ingest) {}
  void Get(const std::string& path, Access a, Handler h) { Add("get", path, a, std::move(h)); }
  void Post(const std::string& path, Access a, Handler h) { Add("post", path, a, std::move(h)); }
  void Patch(const std::string& path, Access a, Handler h) { Add("patch", path, a, std::move(h)); }
  void Put(const std::string& path, Access a, Handler h) { Add("put", path, a, std::move(h)); }
  const std::vector<RouteInfo>& routes() const { return routes_; }

 private:
  void Add(const std::string& method, const std::string& path, Access a, Handler h);
  httplib::Server& server_;
  app::AuthService& auth_;
  app::IngestService& ingest_;
  std::vector<RouteInfo> routes_;
};

/// Writes {"error": {...}} with the HTTP status for `s`.
void WriteError(httplib::Response& res, const core::Status& s);
int HttpStatusOf(const core::Status& s);
/// The session cookie's token from a request, or empty.
std::string SessionToken(const httplib::Request& req);
inline constexpr const char* kSessionCookie = "gm_session";

}  // namespace govmedia::http
