#include "http/router.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <regex>

#include "core/text.h"

namespace govmedia::http {

using core::Status;

namespace {

std::string ErrorCode(Status::Code c) {
  switch (c) {
    case Status::Code::kInvalidArgument: return "invalid_argument";
    case Status::Code::kNotFound: return "not_found";
    case Status::Code::kPermissionDenied: return "forbidden";
    case Status::Code::kUnauthenticated: return "unauthenticated";
    case Status::Code::kConflict: return "conflict";
    case Status::Code::kTooManyRequests: return "too_many_requests";
    case Status::Code::kUnavailable: return "unavailable";
    case Status::Code::kStorageFull: return "storage_full";
    default: return "internal";
  }
}

// "/api/accounts/{id}/filings" → "/api/accounts/(\d+)/filings"
std::string PatternOf(const std::string& path) {
  // {ticket} is a public ticket number (JC20261129-0001), {name} a schedule's name (feed.poll);
  // every other parameter is an id.
  static const std::regex ticket(R"(\{ticket\})");
  static const std::regex name(R"(\{name\})");
  static const std::regex param(R"(\{[a-z_]+\})");
  return std::regex_replace(
      std::regex_replace(std::regex_replace(path, ticket, R"(([A-Za-z0-9-]{1,40}))"), name, R"(([a-z_.]{1,40}))"),
      param, R"((\d+))");
}

bool SafeEqual(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Whether the nesting of arrays and objects in `text` goes deeper than `limit`, counted without
// parsing (brackets inside strings do not count), so a body of a million '[' costs one pass.
bool TooDeep(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// What a string stored under `key` may be. Links are http(s) only; identifiers, names and codes
// are one line of at most 500 characters; any other text may span lines up to 200,000
// characters (the route's body limit usually binds first).
Status CheckString(const std::string& key, const std::string& where, const std::string& v) {
  if (key == "content_base64") return Status::Ok();  // decoded and checked by its route
  if (key == "url" || EndsWith(key, "_url") || EndsWith(key, "_urls")) {
    if (!v.empty() && !core::IsHttpUrl(v))
      return Status::InvalidArgument(where, "应为 http:// 或 https:// 开头的有效链接");
    return Status::Ok();
  }
  const bool short_key = key == "id" || EndsWith(key, "_id") || EndsWith(key, "name") || key == "password" ||
                         EndsWith(key, "_password") || EndsWith(key, "phone") || EndsWith(key, "email") ||
                         EndsWith(key, "title") || key == "role" || key == "platform" || key == "status" ||
                         key == "kind" || EndsWith(key, "code") || key == "q";
  const std::string why = short_key ? core::TextProblem(v, 500, false) : core::TextProblem(v, 200'000, true);
  if (!why.empty()) return Status::InvalidArgument(where, why);
  return Status::Ok();
}

Status CheckStrings(const json& j, const std::string& key, const std::string& where) {
  if (j.is_string()) return CheckString(key, where, j.get_ref<const std::string&>());
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      if (Status s = CheckStrings(j[i], key, where + "[" + std::to_string(i) + "]"); !s.ok()) return s;
    }
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (!core::TextProblem(k, 100, false).empty()) return Status::InvalidArgument(where, "含有无效的字段名");
      if (Status s = CheckStrings(v, k, where.empty() ? k : where + "." + k); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

void WriteJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(JsonText(body), "application/json; charset=utf-8");
}

// True when the request declares a body longer than `limit`, or a length that is not a number.
bool DeclaresMoreThan(const httplib::Request& req, size_t limit) {
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && (length.size() > 12 || length.find_first_not_of("0123456789") != std::string::npos ||
                             std::stoull(length) > limit);
}

// A request answered without its body (a stranger, a wrong token, too large): what the client
// still sends of the body is read and dropped, up to the server's outer limit, without keeping
// any of it, so the answer reaches the client and the connection stays in step for its next
// request. (The HTTP library ignores a handler's "Connection: close", so leaving the body unread
// would have it parse the body as the next request.) Past the outer limit the rest is left and
// the library's request-line check closes the connection. A body declared longer than the outer
// limit is skipped whole by the library (so that a client sending, say, a 10 MB file still gets
// its 413); one declared longer than kDrainAtMost is not touched at all: the library would wait for
// every declared byte, or for its read timeout when the client never sends them, before answering.
// That client sees the connection close.
constexpr size_t kDrainAtMost = 64 << 20;

void Drain(const httplib::Request& req, const httplib::ContentReader* reader) {
  if (!reader || DeclaresMoreThan(req, kDrainAtMost)) return;
  size_t read = 0;
  (*reader)([&](const char*, size_t n) {
    read += n;
    return read <= kUploadBody;
  });
}

}  // namespace

core::Result<json> ParseJsonBody(std::string_view body) {
  if (TooDeep(body, kMaxJsonDepth))
    return Status::InvalidArgument("body", "请求体嵌套过深（最多 " + std::to_string(kMaxJsonDepth) + " 层）");
  json out = json::object();
  if (!body.empty()) {
    out = json::parse(body, nullptr, false);
    if (out.is_discarded()) return Status::InvalidArgument("body", "请求体不是有效的 JSON（须为 UTF-8 编码）");
    if (out.is_null()) out = json::object();
  }
  if (!out.is_object()) return Status::InvalidArgument("body", "请求体应为 JSON 对象");
  if (Status s = CheckStrings(out, "", ""); !s.ok()) return s;
  return out;
}

std::string JsonText(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk: return 200;
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kUnauthenticated: return 401;
    case Status::Code::kPermissionDenied: return 403;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kConflict: return 409;
    case Status::Code::kTooManyRequests: return 429;
    case Status::Code::kUnavailable: return 503;
    case Status::Code::kStorageFull: return 507;
    default: return 500;
  }
}

void WriteError(httplib::Response& res, const Status& s) {
  json e{{"code", ErrorCode(s.code())}, {"message", s.message()}};
  if (!s.field().empty()) e["field"] = s.field();
  const int status = HttpStatusOf(s);
  if (status == 500) {
    // Internal details go to the log, never to the client.
    spdlog::error("internal error: {}", s.message());
    e["message"] = "服务器内部错误";
  } else if (status == 503) {
    res.set_header("Retry-After", "2");
  } else if (status == 507) {
    spdlog::error("storage full: {}", s.message());
  }
  WriteJson(res, status, json{{"error", e}});
}

bool RejectBadRequestLine(const httplib::Request& req, httplib::Response& res) {
  auto refuse = [&](const std::string& field, const std::string& why) {
    WriteError(res, Status::InvalidArgument(field, "请求" + (field == "path" ? std::string("路径") : "参数 " + field + " ") +
                                                       why));
    return true;
  };
  if (auto why = core::TextProblem(req.path, 8192, false); !why.empty()) return refuse("path", why);
  for (const auto& [k, v] : req.params) {
    if (!core::TextProblem(k, 100, false).empty()) return refuse("query", "名称无效");
    if (auto why = core::TextProblem(v, 8192, false); !why.empty()) return refuse(k, why);
  }
  return false;
}

std::string SessionToken(const httplib::Request& req) {
  const std::string cookies = req.get_header_value("Cookie");
  const std::string key = std::string(kSessionCookie) + "=";
  size_t pos = 0;
  while (pos < cookies.size()) {
    size_t end = cookies.find(';', pos);
    if (end == std::string::npos) end = cookies.size();
    std::string part = cookies.substr(pos, end - pos);
    const size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos && part.compare(b, key.size(), key) == 0) return part.substr(b + key.size());
    pos = end + 1;
  }
  return "";
}

int64_t Ctx::PathId(size_t n) const {
  if (n >= req.matches.size()) return 0;
  try {
    return std::stoll(req.matches[n].str());
  } catch (...) {
    return 0;
  }
}

std::string Ctx::PathText(size_t n) const { return n < req.matches.size() ? req.matches[n].str() : std::string(); }

std::string Ctx::Query(const std::string& name) const {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : "";
}

Router::Router(httplib::Server& server, app::AuthService& auth, app::IngestService& ingest, RouterOptions options)
    : server_(server), auth_(auth), ingest_(ingest), options_(std::move(options)) {}

bool Router::Trusted(const std::string& address) const {
  for (const auto& p : options_.trusted_proxies)
    if (p == address) return true;
  return false;
}

std::string Router::ClientAddress(const httplib::Request& req) const {
  if (!Trusted(req.remote_addr)) return req.remote_addr;
  // X-Forwarded-For: client, proxy1, proxy2 — read from the right, past our own proxies; what a
  // client wrote at the left of the list is not believed.
  const std::string xff = req.get_header_value("X-Forwarded-For");
  size_t end = xff.size();
  while (end > 0) {
    const size_t comma = xff.rfind(',', end - 1);
    const size_t begin = comma == std::string::npos ? 0 : comma + 1;
    const std::string addr(core::Trim(std::string_view(xff).substr(begin, end - begin)));
    if (!addr.empty() && !Trusted(addr)) return addr.size() <= 64 ? addr : req.remote_addr;
    if (comma == std::string::npos) break;
    end = comma;
  }
  return req.remote_addr;
}

bool Router::SecureCookies(const httplib::Request& req) const {
  switch (options_.cookies) {
    case CookieSecurity::kOn: return true;
    case CookieSecurity::kOff: return false;
    case CookieSecurity::kAuto:
      if (Trusted(req.remote_addr) && req.get_header_value("X-Forwarded-Proto") == "https") return true;
      return !options_.loopback;
  }
  return true;
}

void Router::Add(const std::string& method, const std::string& path, Access access, Handler h, size_t max_body) {
  routes_.push_back({method, path});
  if (method == "get") get_handlers_[path] = h;
  const bool mutating = method != "get";
  auto serve = [this, access, mutating, max_body, h = std::move(h), path](
                   const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) {
    const auto started = std::chrono::steady_clock::now();
    Ctx ctx{req, res, ClientAddress(req), SecureCookies(req), std::nullopt, std::nullopt, json(), 200};
    auto finish = [&](const Status& s) {
      if (!s.ok()) WriteError(res, s);
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
      // Method, route template and status only: paths, bodies and queries may hold personal data.
      spdlog::info("{} {} {} {}ms user={}", req.method, path, res.status, ms,
                   ctx.session       ? ctx.session->principal.username
                   : ctx.integration ? "integration:" + std::to_string(ctx.integration->id)
                                     : "-");
    };
    res.set_header("Cache-Control", "no-store");
    // Who is asking, from the headers alone: nothing of the body is read for a stranger.
    if (access == Access::kSession) {
      auto s = auth_.Authenticate(SessionToken(req));
      if (!s.ok()) {
        if (mutating) Drain(req, reader);
        return finish(s.status());
      }
      ctx.session = std::move(*s);
      if (mutating && !SafeEqual(req.get_header_value("X-CSRF-Token"), ctx.session->csrf_token)) {
        Drain(req, reader);
        WriteJson(res, 403, json{{"error", {{"code", "csrf"}, {"message", "CSRF 校验失败，请刷新页面后重试"}}}});
        return finish(Status::Ok());
      }
    }
    if (access == Access::kIntegration) {
      const std::string auth = req.get_header_value("Authorization");
      auto who = ingest_.Authenticate(auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "");
      if (!who.ok()) {
        if (mutating) Drain(req, reader);
        return finish(who.status());
      }
      ctx.integration = std::move(*who);
    }
    if (mutating) {
      if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
        Drain(req, reader);
        return finish(Status::InvalidArgument("Content-Type", "请求须为 application/json"));
      }
      const Status too_large = Status::InvalidArgument(
          "body", "请求体过大（此接口最多 " + std::to_string(max_body >> 10) + " KB）");
      auto reject_large = [&] {
        WriteError(res, too_large);
        res.status = 413;
        finish(Status::Ok());
      };
      if (DeclaresMoreThan(req, max_body)) {
        Drain(req, reader);
        return reject_large();
      }
      std::string body;
      bool over = false;
      if (reader) {
        // Past the route's limit nothing more is kept: the rest is counted and dropped (up to the
        // outer limit), so the answer reaches the client on a connection still in step.
        size_t seen = 0;
        (*reader)([&](const char* data, size_t n) {
          seen += n;
          if (seen > max_body) {
            over = true;
            body.clear();
          } else {
            body.append(data, n);
          }
          return seen <= kUploadBody;
        });
      } else {
        body = req.body;
      }
      if (over || body.size() > max_body) {
        body.clear();
        body.shrink_to_fit();
        return reject_large();
      }
      auto parsed = ParseJsonBody(body);
      if (!parsed.ok()) return finish(parsed.status());
      ctx.body = std::move(*parsed);
    }
    core::Result<json> out = Status::Internal("no result");
    try {
      out = h(ctx);
    } catch (const std::exception& e) {
      out = Status::Internal(std::string("unhandled exception: ") + e.what());
    } catch (...) {
      out = Status::Internal("unhandled exception");
    }
    if (!out.ok()) return finish(out.status());
    res.status = ctx.status;
    if (!out->is_null()) res.set_content(JsonText(*out), "application/json; charset=utf-8");
    finish(Status::Ok());
  };
  const std::string pattern = PatternOf(path);
  if (!mutating) {
    server_.Get(pattern, [serve](const httplib::Request& req, httplib::Response& res) { serve(req, res, nullptr); });
    return;
  }
  auto with_reader = [serve](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& r) {
    serve(req, res, &r);
  };
  if (method == "post") server_.Post(pattern, with_reader);
  else if (method == "patch") server_.Patch(pattern, with_reader);
  else if (method == "put") server_.Put(pattern, with_reader);
}

void Router::Finish() {
  auto none = [](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    Drain(req, &reader);
    const bool api = req.path.rfind("/api/", 0) == 0;
    WriteError(res, Status::NotFound(api ? "接口不存在：" + req.method + " " + req.path.substr(0, 200)
                                         : "不支持的请求：" + req.method));
  };
  server_.Post(".*", none);
  server_.Put(".*", none);
  server_.Patch(".*", none);
  server_.Delete(".*", none);
}

}  // namespace govmedia::http
