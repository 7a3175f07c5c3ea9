#include "http/static_files.h"

#include <sodium.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace govmedia::http {

namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string MimeOf(const std::string& ext) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},         {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},              {".woff", "font/woff"},
      {".woff2", "font/woff2"},              {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"},
      {".webmanifest", "application/manifest+json"}};
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool Compressible(const std::string& mime) {
  return mime.rfind("text/", 0) == 0 || mime == "application/json" || mime == "image/svg+xml" ||
         mime == "application/manifest+json";
}

// gzip (not raw deflate) at the best ratio: done once per file at start.
std::string Gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&zs, in.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

std::string EtagOf(const std::string& body) {
  unsigned char h[crypto_generichash_BYTES_MIN];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr, 0);
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : h) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out + "\"";
}

bool AcceptsGzip(const httplib::Request& req) {
  const std::string ae = req.get_header_value("Accept-Encoding");
  return ae.find("gzip") != std::string::npos;
}

}  // namespace

core::Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "index.html", ec))
    return core::Status::NotFound("网页控制台目录 " + dir + " 中没有 index.html");
  StaticFiles out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const fs::path p = it->path();
    if (p.extension() == ".gz") continue;  // taken below as the precompressed form of its file
    const std::string url = "/" + fs::relative(p, dir).generic_string();
    File f;
    f.mime = MimeOf(p.extension().string());
    f.body = ReadFile(p);
    f.etag = EtagOf(f.body);
    f.immutable = url.rfind("/assets/", 0) == 0;
    if (Compressible(f.mime) && f.body.size() > 1024) {
      const fs::path gz = p.string() + ".gz";
      f.gzip = fs::is_regular_file(gz, ec) ? ReadFile(gz) : Gzip(f.body);
      if (f.gzip.size() >= f.body.size()) f.gzip.clear();
    }
    out.files_.emplace(url, std::move(f));
  }
  return out;
}

void StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) const {
  auto it = files_.find(req.path);
  const bool route = it == files_.end();
  if (route) {
    // A hashed asset that is not there (an old tab after an upgrade) is a 404, not index.html.
    if (req.path.rfind("/assets/", 0) == 0) {
      res.status = 404;
      res.set_content("Not Found", "text/plain; charset=utf-8");
      return;
    }
    it = files_.find("/index.html");
  }
  const File& f = it->second;
  res.set_header("Content-Security-Policy", kConsoleCsp);
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("ETag", f.etag);
  if (req.get_header_value("If-None-Match") == f.etag) {
    res.status = 304;
    return;
  }
  const bool gzip = !f.gzip.empty() && AcceptsGzip(req);
  if (gzip) res.set_header("Content-Encoding", "gzip");
  res.set_content(gzip ? f.gzip : f.body, f.mime.c_str());
  // Compressed once at start or not at all: the server must not compress the body again on its
  // way out (per request, as it would), and it decides that from the request's Accept-Encoding
  // after this handler returns. The Request is the server's own mutable object.
  const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
}

}  // namespace govmedia::http
