#include "core/repost.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/similarity.h"

namespace govmedia::core {

namespace {

constexpr size_t kMinTitleBytes = 6 * 3;  // six CJK characters
constexpr size_t kOpeningBytes = 200 * 3;
constexpr double kTextShare = 0.6;

// Letters, digits and CJK characters only: the title as it appears whatever the spacing and
// punctuation of the post (【】, 《》, full-width spaces, line breaks).
std::string Compact(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (n == 1) {
      if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    } else if (n == 3 && i + 2 < s.size()) {
      // U+3000–U+303F (CJK punctuation) and U+FF00–U+FF0F, U+FF1A–U+FF20 … (full-width forms) are noise.
      const unsigned cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                          (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      const bool noise = (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
                         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x2000 && cp <= 0x206F);
      if (!noise) out.append(s.substr(i, 3));
    } else {
      out.append(s.substr(i, std::min(n, s.size() - i)));
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string NormalizeUrl(std::string_view url) {
  std::string u(url);
  for (auto& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view scheme : {"https://", "http://"})
    if (u.starts_with(scheme)) u = u.substr(scheme.size());
  if (u.starts_with("www.")) u = u.substr(4);
  if (auto hash = u.find('#'); hash != std::string::npos) u.resize(hash);
  if (auto q = u.find('?'); q != std::string::npos) {
    // Keep the parameters that name the article (WeChat's __biz, mid, idx, sn), drop tracking ones.
    std::string kept;
    std::string_view rest = std::string_view(u).substr(q + 1);
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      const std::string_view kv = rest.substr(0, amp);
      if (!kv.starts_with("utm_") && !kv.starts_with("from=") && !kv.starts_with("spm=") && !kv.starts_with("scene=") &&
          !kv.starts_with("isappinstalled=") && !kv.starts_with("chksm=") && !kv.empty())
        kept += (kept.empty() ? "" : "&") + std::string(kv);
      if (amp == std::string_view::npos) break;
      rest = rest.substr(amp + 1);
    }
    u = u.substr(0, q) + (kept.empty() ? "" : "?" + kept);
  }
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u;
}

std::optional<RepostEvidence> MatchRepost(const RepostArticle& a, std::string_view post_text, std::string_view post_url) {
  if (!a.url.empty()) {
    const std::string link = NormalizeUrl(a.url);
    if (!link.empty()) {
      if (!post_url.empty() && NormalizeUrl(post_url) == link) return RepostEvidence{"link", 1.0};
      // A link written in the text: compare each http(s) token.
      std::string_view rest = post_text;
      for (size_t at = rest.find("http"); at != std::string_view::npos; at = rest.find("http")) {
        rest = rest.substr(at);
        size_t end = 0;
        while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end])) &&
               static_cast<unsigned char>(rest[end]) < 0x80)
          ++end;
        if (NormalizeUrl(rest.substr(0, end)) == link) return RepostEvidence{"link", 1.0};
        rest = rest.substr(std::max<size_t>(end, 4));
      }
    }
  }
  const std::string title = Compact(a.title);
  const std::string body = Compact(post_text);
  if (title.size() >= kMinTitleBytes && body.find(title) != std::string::npos) return RepostEvidence{"title", 1.0};
  if (!a.text.empty()) {
    std::string opening = Compact(a.text);
    if (opening.size() > kOpeningBytes) {
      size_t cut = kOpeningBytes;
      while (cut > 0 && (static_cast<unsigned char>(opening[cut]) & 0xC0) == 0x80) --cut;
      opening.resize(cut);
    }
    if (opening.size() >= kMinTitleBytes) {
      const double share = BigramContainment(opening, body);
      if (share >= kTextShare) return RepostEvidence{"text", share};
    }
  }
  return std::nullopt;
}

std::string_view RepostMethodLabel(std::string_view method) {
  if (method == "link") return "链接一致";
  if (method == "title") return "标题一致";
  if (method == "text") return "正文相近";
  return method;
}

}  // namespace govmedia::core
