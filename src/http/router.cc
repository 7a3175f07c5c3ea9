#include "http/router.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <regex>

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
    default: return "internal";
  }
}

// "/api/accounts/{id}/filings" → "/api/accounts/(\d+)/filings"
std::string PatternOf(const std::string& path) {
  static const std::regex param(R"(\{[a-z_]+\})");
  return std::regex_replace(path, param, R"((\d+))");
}

bool SafeEqual(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk: return 200;
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kUnauthenticated: return 401;
    case Status::Code::kPermissionDenied: return 403;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kConflict: return 409;
    case Status::Code::kTooManyRequests: return 429;
    default: return 500;
  }
}

void WriteError(httplib::Response& res, const Status& s) {
  res.status = HttpStatusOf(s);
  json e{{"code", ErrorCode(s.code())}, {"message", s.message()}};
  if (!s.field().empty()) e["field"] = s.field();
  if (res.status == 500) {
    // Internal details go to the log, never to the client.
    spdlog::error("internal error: {}", s.message());
    e["message"] = "服务器内部错误";
  }
  res.set_content(json{{"error", e}}.dump(), "application/json; charset=utf-8");
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

std::string Ctx::Query(const std::string& name) const {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : "";
}

void Router::Add(const std::string& method, const std::string& path, Access access, Handler h) {
  routes_.push_back({method, path});
  const bool mutating = method != "get";
  auto wrapped = [this, access, mutating, h = std::move(h), method, path](const httplib::Request& req,
                                                                        httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    Ctx ctx{req, res, std::nullopt, std::nullopt, json(), 200};
    auto finish = [&](const Status& s) {
      if (!s.ok()) WriteError(res, s);
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started).count();
      // Method, route template and status only: paths, bodies and queries may hold personal data.
      spdlog::info("{} {} {} {}ms user={}", req.method, path, res.status, ms,
                   ctx.session ? ctx.session->principal.username
                               : ctx.integration ? "integration:" + std::to_string(ctx.integration->id) : "-");
    };
    res.set_header("Cache-Control", "no-store");
    if (mutating) {
      const std::string ct = req.get_header_value("Content-Type");
      if (ct.rfind("application/json", 0) != 0) {
        return finish(Status::InvalidArgument("Content-Type", "请求须为 application/json"));
      }
      if (!req.body.empty()) {
        ctx.body = json::parse(req.body, nullptr, false);
        if (ctx.body.is_discarded()) return finish(Status::InvalidArgument("body", "请求体不是有效的 JSON"));
      }
      if (ctx.body.is_null()) ctx.body = json::object();
      if (!ctx.body.is_object()) return finish(Status::InvalidArgument("body", "请求体应为 JSON 对象"));
    }
    if (access == Access::kSession) {
      auto s = auth_.Authenticate(SessionToken(req));
      if (!s.ok()) return finish(s.status());
      ctx.session = std::move(*s);
      if (mutating && !SafeEqual(req.get_header_value("X-CSRF-Token"), ctx.session->csrf_token)) {
        res.status = 403;
        res.set_content(json{{"error", {{"code", "csrf"}, {"message", "CSRF 校验失败，请刷新页面后重试"}}}}.dump(),
                        "application/json; charset=utf-8");
        return finish(Status::Ok());
      }
    }
    if (access == Access::kIntegration) {
      const std::string h = req.get_header_value("Authorization");
      auto who = ingest_.Authenticate(h.rfind("Bearer ", 0) == 0 ? h.substr(7) : "");
      if (!who.ok()) return finish(who.status());
      ctx.integration = std::move(*who);
    }
    core::Result<json> out = Status::Internal("no result");
    try {
      out = h(ctx);
    } catch (const std::exception& e) {
      out = Status::Internal(std::string("unhandled exception: ") + e.what());
    }
    if (!out.ok()) return finish(out.status());
    res.status = ctx.status;
    if (!out->is_null()) res.set_content(out->dump(), "application/json; charset=utf-8");
    finish(Status::Ok());
  };
  const std::string pattern = PatternOf(path);
  if (method == "get") server_.Get(pattern, wrapped);
  else if (method == "post") server_.Post(pattern, wrapped);
  else if (method == "patch") server_.Patch(pattern, wrapped);
  else if (method == "put") server_.Put(pattern, wrapped);
}

}  // namespace govmedia::http
