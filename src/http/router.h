// Router: how every API route is declared. One place decides, per route, whether a session is
// needed, checks the CSRF token and content type of state-changing requests, maps a Status to its
// HTTP status, and writes the error body — so no handler can forget any of it.
//
// Cost is bounded before anyone is known: a state-changing request is authenticated (session and
// CSRF token, or bearer token) from its headers alone, and only then is its body read, counted
// against the route's limit whether it comes with a length or chunked, checked for nesting depth
// and parsed. Every string of a body is then checked once (UTF-8, no control characters, a length
// limit, http(s) only for links), so no handler stores a NUL, a megabyte id or a javascript: link.
// Routes are written as OpenAPI paths ("/api/accounts/{id}"); the list is kept so a test can
// compare it with /api/openapi.json. Thread-safety: register before the server starts.
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/auth/auth_service.h"
#include "app/monitoring/ingest_service.h"
#include "core/status.h"

namespace govmedia::http {

using nlohmann::json;

struct Ctx {
  const httplib::Request& req;
  httplib::Response& res;
  std::string client_address;               // the peer, or the client a trusted proxy names
  bool secure = false;                      // whether cookies get the Secure flag
  std::optional<app::SessionInfo> session;  // set for Access::kSession routes
  std::optional<app::Integration> integration;  // set for Access::kIntegration routes
  json body;                                // parsed JSON body of POST/PATCH/PUT
  int status = 200;                         // success status; a handler may set 201

  const core::Principal& principal() const { return session->principal; }
  /// The n-th {param} of the path as an integer.
  int64_t PathId(size_t n = 1) const;
  /// The n-th {param} of the path as text (a {ticket}).
  std::string PathText(size_t n = 1) const;
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

/// Body limits: a login or a decision is small; files (screenshots, attachments) and pushed
/// batches of posts are the only large bodies.
inline constexpr size_t kSmallBody = 4 << 10;
inline constexpr size_t kDefaultBody = 256 << 10;
inline constexpr size_t kUploadBody = 8 << 20;
/// Deepest nesting of arrays and objects a body may have.
inline constexpr int kMaxJsonDepth = 32;

enum class CookieSecurity { kAuto, kOn, kOff };

struct RouterOptions {
  /// Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
  std::vector<std::string> trusted_proxies;
  /// kAuto: Secure cookies unless the server listens on loopback (or a trusted proxy says https).
  CookieSecurity cookies = CookieSecurity::kAuto;
  bool loopback = true;  // whether the server listens on a loopback address only
};

class Router final {
 public:
  Router(httplib::Server& server, app::AuthService& auth, app::IngestService& ingest, RouterOptions options = {});
  void Get(const std::string& path, Access a, Handler h) { Add("get", path, a, std::move(h), 0); }
  void Post(const std::string& path, Access a, Handler h, size_t max_body = kDefaultBody) {
    Add("post", path, a, std::move(h), max_body);
  }
  void Patch(const std::string& path, Access a, Handler h, size_t max_body = kDefaultBody) {
    Add("patch", path, a, std::move(h), max_body);
  }
  void Put(const std::string& path, Access a, Handler h, size_t max_body = kDefaultBody) {
    Add("put", path, a, std::move(h), max_body);
  }
  /// After the last route: requests with a body to no route are answered 404 without reading it.
  void Finish();
  const std::vector<RouteInfo>& routes() const { return routes_; }
  /// The handler of GET `path` registered so far, or nullptr (a list's export calls its list).
  const Handler* GetHandler(const std::string& path) const {
    auto it = get_handlers_.find(path);
    return it == get_handlers_.end() ? nullptr : &it->second;
  }
  /// The client's address: the peer, or for a trusted proxy the last address in X-Forwarded-For
  /// that is not itself a trusted proxy.
  std::string ClientAddress(const httplib::Request& req) const;
  bool SecureCookies(const httplib::Request& req) const;

 private:
  void Add(const std::string& method, const std::string& path, Access a, Handler h, size_t max_body);
  bool Trusted(const std::string& address) const;
  httplib::Server& server_;
  app::AuthService& auth_;
  app::IngestService& ingest_;
  RouterOptions options_;
  std::vector<RouteInfo> routes_;
  std::map<std::string, Handler> get_handlers_;
};

/// A request body as the API takes it: at most kMaxJsonDepth deep (checked before parsing), valid
/// JSON in UTF-8, an object (empty text: {}), every string fit to store (see router.cc,
/// CheckString). InvalidArgument naming "body" or the field at fault.
core::Result<json> ParseJsonBody(std::string_view body);
/// JSON text of `j`; invalid UTF-8 in a string (old data, a feed) becomes U+FFFD instead of
/// throwing, so no stored value can make a response fail.
std::string JsonText(const json& j);
/// Rejects a request whose path or query holds invalid UTF-8 or control characters (400 naming
/// the part); for the server's pre-routing hook.
bool RejectBadRequestLine(const httplib::Request& req, httplib::Response& res);

/// Writes {"error": {...}} with the HTTP status for `s`.
void WriteError(httplib::Response& res, const core::Status& s);
int HttpStatusOf(const core::Status& s);
/// The session cookie's token from a request, or empty.
std::string SessionToken(const httplib::Request& req);
inline constexpr const char* kSessionCookie = "gm_session";

}  // namespace govmedia::http
