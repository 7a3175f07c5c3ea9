// Fetching a feed over HTTP(S) with libcurl: conditional requests (ETag, Last-Modified), a
// timeout, gzip, a size limit and retries with backoff on transient failures.
// Thread-safety: each call is independent; curl_global_init must have run (FetchInit).
#pragma once

#include <string>

#include "core/status.h"

namespace govmedia::fetch {

struct FetchOptions {
  long timeout_ms = 10000;
  size_t max_bytes = 5 * 1024 * 1024;
  int attempts = 3;           // tries for a timeout, a connection failure or a 5xx
  long backoff_ms = 200;      // doubled after each failed try
};

struct FetchResult {
  long status = 0;  // 200, 304 …
  std::string body;
  std::string etag;
  std::string last_modified;
  std::string content_type;  // the final response's Content-Type, for its charset
};

void FetchInit();

/// A libcurl failure (a CURLcode) in words a person reads: 无法连接服务器, 域名无法解析, 超时, ….
std::string CurlErrorText(int code);

/// GET `url`, sending If-None-Match / If-Modified-Since when given. IOError naming the cause
/// (timeout, connection, 5xx after all attempts, too large); a 4xx is returned as a result.
core::Result<FetchResult> Fetch(const std::string& url, const std::string& etag, const std::string& last_modified,
                                const FetchOptions& options = {});

}  // namespace govmedia::fetch
