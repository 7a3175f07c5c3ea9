#include "fetch/http_fetcher.h"

#include <curl/curl.h>
#include <strings.h>

#include <cstring>

#include <chrono>
#include <mutex>
#include <thread>

namespace govmedia::fetch {
namespace {

struct Sink {
  std::string* body;
  size_t max;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  if (s->body->size() + size * n > s->max) {
    s->too_large = true;
    return 0;  // abort the transfer
  }
  s->body->append(data, size * n);
  return size * n;
}

std::string HeaderValue(const std::string& line, const char* name) {
  const size_t len = std::strlen(name);
  if (line.size() <= len || strncasecmp(line.c_str(), name, len) != 0 || line[len] != ':') return "";
  std::string v = line.substr(len + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(0, 1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* r = static_cast<FetchResult*>(user);
  const std::string line(data, size * n);
  if (auto v = HeaderValue(line, "ETag"); !v.empty()) r->etag = v;
  if (auto v = HeaderValue(line, "Last-Modified"); !v.empty()) r->last_modified = v;
  return size * n;
}

}  // namespace

void FetchInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string CurlErrorText(int code) {
  switch (static_cast<CURLcode>(code)) {
    case CURLE_COULDNT_CONNECT: return "无法连接服务器";
    case CURLE_COULDNT_RESOLVE_HOST: return "域名无法解析";
    case CURLE_COULDNT_RESOLVE_PROXY: return "代理域名无法解析";
    case CURLE_OPERATION_TIMEDOUT: return "连接或读取超时";
    case CURLE_PEER_FAILED_VERIFICATION: return "服务器证书校验失败";
    case CURLE_SSL_CONNECT_ERROR: return "TLS 握手失败";
    case CURLE_TOO_MANY_REDIRECTS: return "重定向次数过多";
    case CURLE_GOT_NOTHING: return "服务器没有返回任何内容";
    case CURLE_RECV_ERROR: return "接收数据失败（连接被中断）";
    case CURLE_SEND_ERROR: return "发送请求失败";
    case CURLE_UNSUPPORTED_PROTOCOL: return "不支持的协议";
    case CURLE_URL_MALFORMAT: return "地址格式错误";
    case CURLE_PARTIAL_FILE: return "内容不完整（传输中断）";
    default: return std::string("请求失败（") + curl_easy_strerror(static_cast<CURLcode>(code)) + "）";
  }
}

core::Result<FetchResult> Fetch(const std::string& url, const std::string& etag, const std::string& last_modified,
                                const FetchOptions& o) {
  FetchInit();
  std::string last_error;
  long backoff = o.backoff_ms;
  for (int attempt = 1; attempt <= o.attempts; ++attempt) {
    CURL* c = curl_easy_init();
    if (!c) return core::Status::IOError("libcurl 初始化失败");
    FetchResult r;
    Sink sink{&r.body, o.max_bytes};
    curl_slist* headers = nullptr;
    if (!etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + etag).c_str());
    if (!last_modified.empty()) headers = curl_slist_append(headers, ("If-Modified-Since: " + last_modified).c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o.timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o.timeout_ms);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip, deflate, br: whatever libcurl supports
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "govmedia-feed-poller/0.1");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    if (char* ct = nullptr; curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) r.content_type = ct;
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    if (sink.too_large) return core::Status::IOError("响应超过 " + std::to_string(o.max_bytes) + " 字节的上限");
    if (rc == CURLE_OK && r.status < 500) return r;
    last_error = rc != CURLE_OK ? CurlErrorText(rc) : "HTTP " + std::to_string(r.status);
    if (attempt < o.attempts) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
      backoff *= 2;
    }
  }
  return core::Status::IOError("获取失败（" + std::to_string(o.attempts) + " 次）：" + last_error);
}

}  // namespace govmedia::fetch
