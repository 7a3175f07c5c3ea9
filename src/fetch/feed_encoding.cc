#include "fetch/feed_encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <cctype>
#include <optional>
#include <vector>

namespace govmedia::fetch {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of `charset=` in a Content-Type header.
std::string CharsetOf(std::string_view content_type) {
  const std::string ct = Lower(content_type);
  const size_t at = ct.find("charset=");
  if (at == std::string::npos) return "";
  std::string v = ct.substr(at + 8);
  if (!v.empty() && (v[0] == '"' || v[0] == '\'')) v.erase(0, 1);
  const size_t end = v.find_first_of("\"'; \t");
  return end == std::string::npos ? v : v.substr(0, end);
}

// The encoding="…" of an XML declaration in an ASCII-compatible document.
std::string DeclaredEncoding(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
  if (bytes.substr(i, 5) != "<?xml") return "";
  const size_t end = bytes.find("?>", i);
  if (end == std::string_view::npos) return "";
  const std::string decl = Lower(bytes.substr(i, end - i));
  const size_t at = decl.find("encoding");
  if (at == std::string::npos) return "";
  size_t q = decl.find_first_of("\"'", at);
  if (q == std::string::npos) return "";
  const size_t close = decl.find(decl[q], q + 1);
  if (close == std::string::npos) return "";
  return decl.substr(q + 1, close - q - 1);
}

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    int n = 0;
    if (c < 0x80) {
      n = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
    } else {
      return false;
    }
    if (i + n >= s.size() && n > 0) return false;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n + 1;
  }
  return true;
}

struct ToUnicodeCounter {
  int substitutions = 0;
};

void CountingCallback(const void* context, UConverterToUnicodeArgs* args, const char* code_units, int32_t length,
                      UConverterCallbackReason reason, UErrorCode* err) {
  if (reason <= UCNV_IRREGULAR) {
    ++const_cast<ToUnicodeCounter*>(static_cast<const ToUnicodeCounter*>(context))->substitutions;
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, err);
}

// Converts with ICU; nullopt when ICU has no such converter. *substitutions counts bad bytes.
std::optional<std::string> Convert(std::string_view bytes, const std::string& encoding, int* substitutions) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(encoding.c_str(), &err);
  if (U_FAILURE(err)) return std::nullopt;
  ToUnicodeCounter counter;
  ucnv_setToUCallBack(cnv, CountingCallback, &counter, nullptr, nullptr, &err);
  std::vector<UChar> u(bytes.size() * 2 + 16);
  const int32_t n = ucnv_toUChars(cnv, u.data(), static_cast<int32_t>(u.size()), bytes.data(),
                                  static_cast<int32_t>(bytes.size()), &err);
  ucnv_close(cnv);
  if (U_FAILURE(err)) return std::nullopt;
  int32_t len = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &len, u.data(), n, &err);
  std::string out(static_cast<size_t>(len), '\0');
  err = U_ZERO_ERROR;
  u_strToUTF8(out.data(), len, nullptr, u.data(), n, &err);
  if (U_FAILURE(err)) return std::nullopt;
  *substitutions = counter.substitutions;
  return out;
}

// The detector's best guess among encodings a Chinese government feed might be in.
std::string Detect(std::string_view bytes) {
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return "";
  ucsdet_setText(det, bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  ucsdet_enableInputFilter(det, true);  // markup is not evidence of a language
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det, &found, &err);
  std::string best;
  for (int32_t i = 0; U_SUCCESS(err) && i < found; ++i) {
    UErrorCode e = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &e);
    if (U_FAILURE(e) || !name) continue;
    best = name;
    break;
  }
  ucsdet_close(det);
  return best;
}

// Removes a BOM and an XML declaration: the text is UTF-8 now, whatever the declaration said.
std::string Tidy(std::string s) {
  if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.erase(0, 3);
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  if (s.compare(i, 5, "<?xml") == 0) {
    const size_t end = s.find("?>", i);
    if (end != std::string::npos) return s.substr(end + 2);
  }
  return s.substr(i);
}

}  // namespace

std::string CanonicalEncoding(std::string_view label) {
  std::string l = Lower(label);
  while (!l.empty() && std::isspace(static_cast<unsigned char>(l.back()))) l.pop_back();
  if (l.empty()) return "";
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "cp936" || l == "gb_2312-80" || l == "euc-cn" ||
      l == "gb18030" || l == "windows-936" || l == "csgb2312" || l == "chinese")
    return "GB18030";
  if (l == "big5" || l == "big-5" || l == "cn-big5" || l == "x-x-big5" || l == "csbig5" || l == "big5-hkscs")
    return "Big5-HKSCS";
  if (l == "iso-8859-1" || l == "latin1" || l == "iso8859-1" || l == "l1" || l == "us-ascii" || l == "ascii" ||
      l == "windows-1252" || l == "cp1252")
    return "windows-1252";
  if (l == "utf8" || l == "utf-8" || l == "unicode-1-1-utf-8") return "UTF-8";
  if (l == "utf-16" || l == "utf16" || l == "unicode") return "UTF-16";
  UErrorCode err = U_ZERO_ERROR;
  const char* name = ucnv_getCanonicalName(l.c_str(), "", &err);
  if (U_SUCCESS(err) && name && *name) return name;
  err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(l.c_str(), &err);
  if (U_FAILURE(err)) return "";
  const char* n = ucnv_getName(cnv, &err);
  std::string out = U_SUCCESS(err) && n ? n : "";
  ucnv_close(cnv);
  return out;
}

core::Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  DecodedText out;
  // A byte-order mark is the strongest statement a document can make about itself.
  struct Bom {
    const char* bytes;
    size_t len;
    const char* encoding;
  };
  static const Bom kBoms[] = {{"\xEF\xBB\xBF", 3, "UTF-8"}, {"\xFF\xFE", 2, "UTF-16LE"}, {"\xFE\xFF", 2, "UTF-16BE"}};
  for (const auto& b : kBoms) {
    if (bytes.substr(0, b.len) == std::string_view(b.bytes, b.len)) {
      int bad = 0;
      auto text = Convert(bytes.substr(b.len), b.encoding, &bad);
      if (!text) continue;
      out.utf8 = Tidy(std::move(*text));
      out.encoding = b.encoding;
      out.how = "bom";
      out.lossy = bad > 0;
      return out;
    }
  }
  // UTF-16 without a BOM but with "<" as its first character.
  if (bytes.size() >= 4 && bytes[0] == '<' && bytes[1] == '\0') {
    int bad = 0;
    if (auto text = Convert(bytes, "UTF-16LE", &bad)) return DecodedText{Tidy(*text), "UTF-16LE", "declaration", bad > 0};
  }
  if (bytes.size() >= 4 && bytes[0] == '\0' && bytes[1] == '<') {
    int bad = 0;
    if (auto text = Convert(bytes, "UTF-16BE", &bad)) return DecodedText{Tidy(*text), "UTF-16BE", "declaration", bad > 0};
  }

  struct Candidate {
    std::string encoding, how;
  };
  std::vector<Candidate> candidates;
  if (auto c = CanonicalEncoding(CharsetOf(content_type)); !c.empty()) candidates.push_back({c, "http"});
  if (auto c = CanonicalEncoding(DeclaredEncoding(bytes)); !c.empty()) candidates.push_back({c, "declaration"});
  std::optional<DecodedText> first_lossy;
  for (const auto& c : candidates) {
    // A single-byte declaration over valid, non-ASCII UTF-8 is the usual wrong server default.
    if (c.encoding == "windows-1252" && ValidUtf8(bytes) && c.how == "http") continue;
    int bad = 0;
    auto text = Convert(bytes, c.encoding, &bad);
    if (!text) continue;
    DecodedText d{Tidy(std::move(*text)), c.encoding, c.how, bad > 0};
    if (!d.lossy) return d;
    if (!first_lossy) first_lossy = std::move(d);
  }
  if (ValidUtf8(bytes)) return DecodedText{Tidy(std::string(bytes)), "UTF-8", "utf8", false};
  if (auto guess = CanonicalEncoding(Detect(bytes)); !guess.empty()) {
    int bad = 0;
    if (auto text = Convert(bytes, guess, &bad); text && (bad == 0 || !first_lossy)) {
      return DecodedText{Tidy(std::move(*text)), guess, "detected", bad > 0};
    }
  }
  if (first_lossy) return *first_lossy;
  int bad = 0;
  auto text = Convert(bytes, "UTF-8", &bad);
  if (!text) return core::Status::InvalidArgument("encoding", "无法识别文档的字符编码");
  return DecodedText{Tidy(std::move(*text)), "UTF-8", "utf8", bad > 0};
}

}  // namespace govmedia::fetch
