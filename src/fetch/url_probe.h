// Probing a URL the way a user's phone would reach it, over one IP family at a time: the DNS
// lookup of that family (A or AAAA) first, then an HTTP GET forced onto it. Apps must support
// IPv6 (the document, 三（三）), so IPv6 is probed on its own beside IPv4.
// Thread-safety: each call is independent.
#pragma once

#include <string>

#include "core/status.h"

namespace govmedia::fetch {

enum class IpFamily { kV4, kV6 };

struct ProbeResult {
  bool ok = false;        // resolved, connected, and answered 2xx/3xx (after redirects)
  bool resolved = false;  // the host has an address of the family (an A or AAAA record, or a literal)
  long status = 0;        // HTTP status, 0 when no answer
  long latency_ms = -1;   // time of the request, -1 when none was made
  std::string error;      // why not ok, in Chinese
};

struct ProbeOptions {
  long timeout_ms = 10000;
  size_t max_bytes = 2 * 1024 * 1024;  // a download page is read this far, then the probe stops
};

ProbeResult Probe(const std::string& url, IpFamily family, const ProbeOptions& options = {});

/// POSTs a JSON body; Ok for a 2xx answer, IOError naming the status or the failure otherwise.
core::Status PostJson(const std::string& url, const std::string& body, long timeout_ms = 10000);

}  // namespace govmedia::fetch
