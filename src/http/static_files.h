// The web console's built files (web/dist), read once at start and kept in memory, each with its
// gzip form made once (or taken from a `.gz` file beside it), so a request costs a lookup and a
// write, never a compression. Vite's hashed files under assets/ never change under their name:
// they are sent as immutable for a year. Everything else (index.html, which names the current
// hashes) is revalidated on every load by its ETag. Every answer carries the console's
// Content-Security-Policy.
// Thread-safety: immutable after Load; Serve may be called concurrently.
#pragma once

#include <httplib.h>

#include <string>
#include <unordered_map>

#include "core/status.h"

namespace govmedia::http {

/// The policy under which the console runs: its own scripts only, no inline script, no plugins,
/// no framing; inline styles stay allowed because Element Plus and ECharts position with them.
inline constexpr const char* kConsoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

class StaticFiles final {
 public:
  /// Reads every file under `dir`. NotFound when `dir` has no index.html.
  static core::Result<StaticFiles> Load(const std::string& dir);
  /// Answers a GET for `req.path`: the file, or index.html for a console route (/accounts/12).
  void Serve(const httplib::Request& req, httplib::Response& res) const;
  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string mime;
    std::string body;
    std::string gzip;  // empty when not worth compressing
    std::string etag;
    bool immutable = false;
  };
  std::unordered_map<std::string, File> files_;  // by URL path ("/assets/index-3f2a.js")
};

}  // namespace govmedia::http
