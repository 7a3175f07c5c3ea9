#include "fetch/url_probe.h"

#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <memory>

#include "fetch/http_fetcher.h"

namespace govmedia::fetch {
namespace {

struct Sink {
  size_t seen = 0;
  size_t max = 0;
  bool stopped = false;  // enough of the body was read to know the page is there
};

size_t OnBody(char*, size_t size, size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  s->seen += size * n;
  if (s->seen > s->max) {
    s->stopped = true;
    return 0;
  }
  return size * n;
}

std::string HostOf(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "";
  char* host = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK || !host) return "";
  std::string h(host);
  curl_free(host);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return h;
}

// Whether the host has an address of the family: a DNS A/AAAA record, a hosts-file entry, or a
// literal of that family.
bool Resolves(const std::string& host, IpFamily family) {
  addrinfo hints{};
  hints.ai_family = family == IpFamily::kV6 ? AF_INET6 : AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (res) freeaddrinfo(res);
  return rc == 0;
}

}  // namespace

ProbeResult Probe(const std::string& url, IpFamily family, const ProbeOptions& o) {
  FetchInit();
  ProbeResult r;
  const std::string host = HostOf(url);
  if (host.empty()) {
    r.error = "地址无法解析";
    return r;
  }
  const bool v6 = family == IpFamily::kV6;
  if (!Resolves(host, family)) {
    r.error = v6 ? "无 AAAA 记录（不支持 IPv6）" : "无 A 记录（不支持 IPv4）";
    return r;
  }
  r.resolved = true;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), curl_easy_cleanup);
  if (!h) {
    r.error = "无法初始化 HTTP 客户端";
    return r;
  }
  Sink sink{0, o.max_bytes};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_IPRESOLVE, v6 ? CURL_IPRESOLVE_V6 : CURL_IPRESOLVE_V4);
  curl_easy_setopt(h.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h.get(), CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT_MS, o.timeout_ms);
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.get(), CURLOPT_USERAGENT, "govmedia-availability/1");
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h.get(), CURLOPT_ERRORBUFFER, errbuf);
  const CURLcode rc = curl_easy_perform(h.get());
  double total = 0;
  curl_easy_getinfo(h.get(), CURLINFO_TOTAL_TIME, &total);
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &r.status);
  r.latency_ms = static_cast<long>(total * 1000 + 0.5);
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && sink.stopped)) {
    r.error = rc == CURLE_OPERATION_TIMEDOUT ? "超时（" + std::to_string(o.timeout_ms) + " 毫秒）"
              : rc == CURLE_COULDNT_CONNECT
                  ? "无法连接"
                  : CurlErrorText(rc);
    return r;
  }
  if (r.status < 200 || r.status >= 400) {
    r.error = "HTTP " + std::to_string(r.status);
    return r;
  }
  r.ok = true;
  return r;
}

core::Status PostJson(const std::string& url, const std::string& body, long timeout_ms) {
  FetchInit();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), curl_easy_cleanup);
  if (!h) return core::Status::IOError("无法初始化 HTTP 客户端");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8"),
      curl_slist_free_all);
  Sink sink{0, 64 * 1024};
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &sink);
  const CURLcode rc = curl_easy_perform(h.get());
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && sink.stopped)) {
    return core::Status::IOError("推送失败：" + CurlErrorText(rc));
  }
  if (status < 200 || status >= 300)
    return core::Status::IOError("推送失败：HTTP " + std::to_string(status));
  return core::Status::Ok();
}

}  // namespace govmedia::fetch
