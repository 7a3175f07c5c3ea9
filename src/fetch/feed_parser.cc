#include "fetch/feed_parser.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <functional>

#include "fetch/feed_date.h"
#include "fetch/feed_encoding.h"

namespace govmedia::fetch {
namespace {

// ---- Text helpers ----

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// HTML named entities that real feeds use where XML knows only five.
uint32_t HtmlEntity(std::string_view name) {
  static const std::pair<const char*, uint32_t> kEntities[] = {
      {"nbsp", 0xA0},    {"copy", 0xA9},   {"reg", 0xAE},     {"trade", 0x2122}, {"mdash", 0x2014}, {"ndash", 0x2013},
      {"hellip", 0x2026}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"laquo", 0xAB},
      {"raquo", 0xBB},   {"middot", 0xB7}, {"bull", 0x2022},  {"times", 0xD7},   {"divide", 0xF7},  {"deg", 0xB0},
      {"yen", 0xA5},     {"euro", 0x20AC}, {"pound", 0xA3},   {"cent", 0xA2},    {"sect", 0xA7},    {"para", 0xB6},
      {"ensp", 0x2002},  {"emsp", 0x2003}, {"thinsp", 0x2009}, {"zwj", 0x200D},  {"zwnj", 0x200C},  {"shy", 0xAD},
      {"plusmn", 0xB1},  {"frac12", 0xBD}, {"iexcl", 0xA1},   {"iquest", 0xBF},  {"acute", 0xB4},   {"uml", 0xA8},
      {"eacute", 0xE9},  {"egrave", 0xE8}, {"aacute", 0xE1},  {"agrave", 0xE0},  {"oacute", 0xF3},  {"uacute", 0xFA},
      {"iacute", 0xED},  {"ntilde", 0xF1}, {"ccedil", 0xE7},  {"auml", 0xE4},    {"ouml", 0xF6},    {"uuml", 0xFC},
      {"szlig", 0xDF},   {"rarr", 0x2192}, {"larr", 0x2190},  {"hearts", 0x2665}, {"amp", '&'},     {"lt", '<'},
      {"gt", '>'},       {"quot", '"'},    {"apos", '\''}};
  for (const auto& [n, cp] : kEntities)
    if (name == n) return cp;
  return 0;
}

// `&…;` at s[i]: its code point and length, or 0.
uint32_t EntityAt(std::string_view s, size_t i, size_t* len) {
  const size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 12 || semi == i + 1) return 0;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  uint32_t cp = 0;
  if (name[0] == '#') {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      if (hex ? !std::isxdigit(static_cast<unsigned char>(c)) : !std::isdigit(static_cast<unsigned char>(c))) return 0;
      cp = cp * (hex ? 16 : 10) + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
      if (cp > 0x10FFFF) return 0;
    }
  } else {
    cp = HtmlEntity(name);
  }
  if (cp) *len = semi - i + 1;
  return cp;
}

std::string CollapseSpace(std::string_view s) {
  std::string tidy;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
    // U+00A0 and U+3000 are whitespace to a reader too.
    if (!ws && static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !tidy.empty();
      continue;
    }
    if (space) tidy += ' ';
    space = false;
    tidy += c;
  }
  return tidy;
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ---- Mending ill-formed XML ----

struct Mended {
  std::string xml;
  int bare_ampersands = 0, html_entities = 0, controls = 0, bare_less_than = 0;
  int items = 0;  // <item> and <entry> start tags outside CDATA and comments
};

bool NameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' || (c & 0x80); }

bool StartTag(std::string_view s, size_t i, std::string_view name) {
  if (s.compare(i + 1, name.size(), name) != 0) return false;
  const size_t after = i + 1 + name.size();
  return after < s.size() && (s[after] == '>' || s[after] == '/' || std::isspace(static_cast<unsigned char>(s[after])));
}

Mended Mend(std::string_view s) {
  Mended m;
  m.xml.reserve(s.size() + s.size() / 16);
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    // Sections copied as they are, except for characters XML forbids everywhere.
    auto copy_section = [&](std::string_view open, std::string_view close) {
      const size_t end = s.find(close, i + open.size());
      const size_t stop = end == std::string_view::npos ? s.size() : end + close.size();
      for (size_t k = i; k < stop; ++k) {
        const unsigned char x = s[k];
        if (x < 0x20 && x != '\t' && x != '\n' && x != '\r') {
          ++m.controls;
          continue;
        }
        m.xml += static_cast<char>(x);
      }
      i = stop;
    };
    if (c == '<') {
      if (s.compare(i, 9, "<![CDATA[") == 0) {
        copy_section("<![CDATA[", "]]>");
        continue;
      }
      if (s.compare(i, 4, "<!--") == 0) {
        copy_section("<!--", "-->");
        continue;
      }
      if (StartTag(s, i, "item") || StartTag(s, i, "entry") || StartTag(s, i, "rss:item")) ++m.items;
      const char next = i + 1 < s.size() ? s[i + 1] : '\0';
      if (NameStart(next) || next == '/' || next == '!' || next == '?') {
        m.xml += '<';
      } else {
        m.xml += "&lt;";  // "a < b" in text
        ++m.bare_less_than;
      }
      ++i;
      continue;
    }
    if (c == '&') {
      size_t len = 0;
      std::string_view rest = s.substr(i);
      if (rest.rfind("&amp;", 0) == 0 || rest.rfind("&lt;", 0) == 0 || rest.rfind("&gt;", 0) == 0 ||
          rest.rfind("&quot;", 0) == 0 || rest.rfind("&apos;", 0) == 0) {
        m.xml += '&';
        ++i;
        continue;
      }
      if (uint32_t cp = EntityAt(s, i, &len)) {
        if (s[i + 1] == '#') {
          // A character reference to a control character is as ill-formed as the character.
          if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
            ++m.controls;
          } else {
            m.xml.append(s.substr(i, len));
          }
        } else {
          char buf[16];
          std::snprintf(buf, sizeof buf, "&#%u;", cp);
          m.xml += buf;
          ++m.html_entities;
        }
        i += len;
        continue;
      }
      m.xml += "&amp;";
      ++m.bare_ampersands;
      ++i;
      continue;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      ++m.controls;
      ++i;
      continue;
    }
    // U+FFFE and U+FFFF are not characters.
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      ++m.controls;
      i += 3;
      continue;
    }
    m.xml += static_cast<char>(c);
    ++i;
  }
  return m;
}

// ---- Reading elements ----

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The first child element with this local name (any namespace prefix); prefer the exact name.
pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  pugi::xml_node found;
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (std::string_view(c.name()) == local) return c;
    if (!found && LocalName(c) == local) found = c;
  }
  return found;
}

// All text inside an element: text, CDATA and the text of child elements (Atom xhtml content),
// in document order. "Breaking: <![CDATA[<b>Big</b>]]> today" keeps all three parts.
void InnerText(const pugi::xml_node& n, std::string& out) {
  for (auto c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      out += ' ';
      InnerText(c, out);
      out += ' ';
    }
  }
}

std::string Text(const pugi::xml_node& n) {
  std::string out;
  if (n) InnerText(n, out);
  return out;
}

std::string PlainText(const pugi::xml_node& n) { return FixDoubleEncoding(CollapseSpace(Text(n))); }

// Atom text constructs and RSS descriptions hold HTML (escaped or in CDATA); xhtml content is
// markup already parsed, whose text InnerText collected.
std::string HtmlText(const pugi::xml_node& n) {
  if (!n) return "";
  return FixDoubleEncoding(StripHtml(Text(n)));
}

std::string AtomTitle(const pugi::xml_node& n) {
  const std::string type = n.attribute("type").as_string();
  return type == "html" || type == "text/html" ? HtmlText(n) : PlainText(n);
}

// xml:base of the node or its nearest ancestor, resolved against the ones above it.
std::string ResolveUrl(const std::string& base, const std::string& ref);

std::string BaseOf(pugi::xml_node n) {
  std::vector<std::string> bases;
  for (; n; n = n.parent()) {
    if (auto a = n.attribute("xml:base")) bases.emplace_back(a.as_string());
  }
  std::string base;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = base.empty() ? *it : ResolveUrl(base, *it);
  return base;
}

std::string ResolveUrl(const std::string& base, const std::string& ref) {
  if (ref.empty() || base.empty()) return ref;
  if (ref.find("://") != std::string::npos || ref.rfind("mailto:", 0) == 0) return ref;
  const size_t scheme = base.find("://");
  if (scheme == std::string::npos) return ref;
  if (ref.rfind("//", 0) == 0) return base.substr(0, scheme + 1) + ref;
  const size_t host_end = base.find('/', scheme + 3);
  const std::string origin = host_end == std::string::npos ? base : base.substr(0, host_end);
  if (ref[0] == '/') return origin + ref;
  std::string dir = host_end == std::string::npos ? origin + "/" : base.substr(0, base.rfind('/') + 1);
  std::string_view r = ref;
  while (r.rfind("./", 0) == 0) r.remove_prefix(2);
  while (r.rfind("../", 0) == 0) {
    r.remove_prefix(3);
    if (dir.size() > origin.size() + 1) {
      dir.pop_back();
      dir = dir.substr(0, dir.rfind('/') + 1);
    }
  }
  return dir + std::string(r);
}

void SetDate(FeedItem& f, const std::vector<std::string>& candidates) {
  for (const auto& text : candidates) {
    if (CollapseSpace(text).empty()) continue;
    if (auto t = ParseFeedDate(text)) {
      f.date_known = true;
      f.published_epoch = *t;
      f.published = FormatRfc3339Utc(*t);
      f.date_text.clear();
      return;
    }
    if (f.date_text.empty()) f.date_text = CollapseSpace(text);
  }
}

// The text the archive keeps: the title, then the body unless the body already starts with it.
void Compose(FeedItem& f, const std::string& body) {
  if (body.empty()) {
    f.text = f.title;
  } else if (f.title.empty() || body.rfind(f.title, 0) == 0) {
    f.text = body;
  } else {
    f.text = f.title + "\n" + body;
  }
}

bool Finish(FeedItem& f, ParsedFeed& out) {
  if (f.id.empty()) f.id = f.link;
  if (f.id.empty() && !f.text.empty()) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "h:%016llx", static_cast<unsigned long long>(Fnv1a(f.text)));
    f.id = buf;
  }
  if (f.id.empty()) {
    ++out.unreadable;
    return false;
  }
  if (!f.date_known) ++out.undated;
  out.items.push_back(std::move(f));
  return true;
}

std::string Longest(std::string a, std::string b) { return b.size() > a.size() ? b : a; }

void ReadRssItem(const pugi::xml_node& item, ParsedFeed& out) {
  FeedItem f;
  const std::string base = BaseOf(item);
  f.title = PlainText(Child(item, "title"));
  f.link = CollapseSpace(Text(item.child("link")));
  if (f.link.empty()) f.link = item.attribute("rdf:about").as_string();  // RSS 1.0
  auto guid = item.child("guid");
  f.id = CollapseSpace(Text(guid));
  if (f.link.empty() && guid && Lower(guid.attribute("isPermaLink").as_string("true")) != "false" &&
      f.id.find("://") != std::string::npos) {
    f.link = f.id;
  }
  f.link = ResolveUrl(base, f.link);
  f.author = PlainText(item.child("author"));
  if (f.author.empty()) f.author = PlainText(Child(item, "creator"));
  Compose(f, Longest(HtmlText(item.child("description")), HtmlText(Child(item, "encoded"))));
  SetDate(f, {Text(item.child("pubDate")), Text(Child(item, "date")), Text(Child(item, "issued")),
              Text(Child(item, "published")), Text(Child(item, "updated"))});
  Finish(f, out);
}

void ReadAtomEntry(const pugi::xml_node& entry, ParsedFeed& out) {
  FeedItem f;
  const std::string base = BaseOf(entry);
  f.title = AtomTitle(Child(entry, "title"));
  f.id = CollapseSpace(Text(Child(entry, "id")));
  std::string first;
  for (auto link : entry.children()) {
    if (LocalName(link) != "link") continue;
    const std::string rel = link.attribute("rel").as_string();
    const std::string href = link.attribute("href").as_string();
    if (first.empty()) first = href;
    if ((rel.empty() || rel == "alternate") && f.link.empty()) f.link = href;
  }
  if (f.link.empty()) f.link = first;
  f.link = ResolveUrl(base, f.link);
  f.author = PlainText(Child(Child(entry, "author"), "name"));
  auto content = Child(entry, "content");
  std::string body = content ? HtmlText(content) : "";
  if (body.empty()) body = HtmlText(Child(entry, "summary"));
  Compose(f, body);
  // Atom 1.0: published, else updated; Atom 0.3: issued, created, modified.
  SetDate(f, {Text(Child(entry, "published")), Text(Child(entry, "issued")), Text(Child(entry, "created")),
              Text(Child(entry, "updated")), Text(Child(entry, "modified"))});
  Finish(f, out);
}

core::Result<ParsedFeed> ParseJsonFeed(const std::string& text, ParsedFeed out) {
  using nlohmann::json;
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return core::Status::InvalidArgument("feed", "JSON 格式错误，无法读取 JSON Feed");
  }
  // Every member is read by its type: a document that names a member with another type (a number
  // for "version", an object for "items") is refused or the member ignored, never thrown on.
  if (doc.contains("version") && !doc["version"].is_string()) {
    return core::Status::InvalidArgument("feed", "JSON Feed 的 version 应为字符串（如 https://jsonfeed.org/version/1.1）");
  }
  const std::string version = doc.value("version", "");
  if (version.rfind("https://jsonfeed.org/version/", 0) != 0 && version != "1" && version != "1.1" &&
      version != "1.0") {
    return core::Status::InvalidArgument("feed", "不是 JSON Feed 文档（缺少 version）");
  }
  if (!doc.contains("items") || !doc["items"].is_array()) {
    return core::Status::InvalidArgument("feed", "JSON Feed 缺少 items");
  }
  const std::string v = version.substr(version.rfind('/') + 1);
  out.format = "json feed " + (v.empty() ? std::string("1.0") : v);
  auto str = [](const json& o, const char* key) {
    return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  out.title = CollapseSpace(str(doc, "title"));
  out.image = CollapseSpace(str(doc, "icon"));
  if (out.image.empty()) out.image = CollapseSpace(str(doc, "favicon"));
  auto author_of = [&](const json& o) {
    if (o.contains("authors") && o["authors"].is_array() && !o["authors"].empty())
      return str(o["authors"][0], "name");
    if (o.contains("author")) return str(o["author"], "name");
    return std::string();
  };
  const std::string feed_author = author_of(doc);
  for (const auto& it : doc["items"]) {
    ++out.present;
    if (!it.is_object()) {
      ++out.unreadable;
      continue;
    }
    FeedItem f;
    if (it.contains("id") && it["id"].is_string()) f.id = it["id"].get<std::string>();
    if (it.contains("id") && it["id"].is_number()) f.id = it["id"].dump();  // 1.0 allowed numbers
    f.link = str(it, "url");
    if (f.link.empty()) f.link = str(it, "external_url");
    f.title = FixDoubleEncoding(CollapseSpace(str(it, "title")));
    std::string body = FixDoubleEncoding(StripHtml(str(it, "content_html")));
    if (body.empty()) body = FixDoubleEncoding(CollapseSpace(str(it, "content_text")));
    if (body.empty()) body = FixDoubleEncoding(CollapseSpace(str(it, "summary")));
    Compose(f, body);
    f.author = author_of(it);
    if (f.author.empty()) f.author = feed_author;
    SetDate(f, {str(it, "date_published"), str(it, "date_modified")});
    Finish(f, out);
  }
  return out;
}

}  // namespace

std::string FixDoubleEncoding(std::string text) {
  // Decode to code points; all non-ASCII ones must be below U+0100.
  std::string bytes;
  bool any = false;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    if (c < 0x80) {
      bytes += static_cast<char>(c);
      ++i;
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size()) {
      bytes += static_cast<char>(((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F));
      any = true;
      i += 2;
    } else {
      return text;
    }
  }
  if (!any) return text;
  // The bytes must be valid UTF-8 with at least one multi-byte sequence.
  for (size_t i = 0; i < bytes.size();) {
    const unsigned char c = bytes[i];
    int n = c < 0x80 ? 0 : (c >= 0xC2 && c <= 0xDF) ? 1 : (c >= 0xE0 && c <= 0xEF) ? 2 : (c >= 0xF0 && c <= 0xF4) ? 3 : -1;
    if (n < 0 || i + n >= bytes.size() + (n == 0 ? 1 : 0)) return text;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(bytes[i + k]) >> 6) != 2) return text;
    i += n + 1;
  }
  return bytes;
}

std::string StripHtml(std::string_view h) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < h.size(); ++i) {
    const char c = h[i];
    if (c == '<') {
      // Script and style bodies are not text.
      for (const char* skip : {"script", "style"}) {
        if (h.size() > i + 1 + std::strlen(skip) && Lower(h.substr(i + 1, std::strlen(skip))) == skip) {
          const size_t end = Lower(h).find(std::string("</") + skip, i);
          if (end != std::string::npos) i = end;
        }
      }
      in_tag = true;
      out += ' ';
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      size_t len = 0;
      if (c == '&') {
        if (uint32_t cp = EntityAt(h, i, &len)) {
          AppendUtf8(out, cp);
          i += len - 1;
          continue;
        }
      }
      out += c;
    }
  }
  return CollapseSpace(out);
}

core::Result<ParsedFeed> ParseFeed(std::string_view bytes, std::string_view content_type) {
  auto decoded = DecodeToUtf8(bytes, content_type);
  if (!decoded.ok()) return decoded.status();
  ParsedFeed out;
  out.encoding = decoded->encoding;
  if (decoded->lossy) out.repairs.push_back("部分字节不符合 " + decoded->encoding + " 编码，已替换为 U+FFFD");

  // Leading whitespace and a second BOM are not errors.
  std::string_view text = decoded->utf8;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);
  if (text.empty()) return core::Status::InvalidArgument("feed", "文档为空");
  if (text.front() == '{') return ParseJsonFeed(std::string(text), std::move(out));

  Mended m = Mend(text);
  if (m.bare_ampersands) out.repairs.push_back("修复未转义的 & " + std::to_string(m.bare_ampersands) + " 处");
  if (m.html_entities) out.repairs.push_back("转换 HTML 实体 " + std::to_string(m.html_entities) + " 处");
  if (m.controls) out.repairs.push_back("删除非法控制字符 " + std::to_string(m.controls) + " 个");
  if (m.bare_less_than) out.repairs.push_back("修复未转义的 < " + std::to_string(m.bare_less_than) + " 处");

  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(m.xml.data(), m.xml.size(), pugi::parse_default, pugi::encoding_utf8);
  // pugixml keeps what it read before an error: a document cut short still gives its items.
  pugi::xml_node root;
  for (auto n : doc.children()) {
    if (n.type() == pugi::node_element) {
      root = n;
      break;
    }
  }
  const std::string root_name = root ? Lower(LocalName(root)) : "";
  const bool rss = root_name == "rss", rdf = root_name == "rdf", atom = root_name == "feed";
  if (!rss && !rdf && !atom) {
    if (!parsed && !root) {
      return core::Status::InvalidArgument("feed", std::string("XML 格式错误：") + parsed.description() + "（第 " +
                                                       std::to_string(parsed.offset) + " 字节）");
    }
    return core::Status::InvalidArgument(
        "feed", "不是 RSS、Atom 或 JSON Feed 文档（根元素为 <" + std::string(root ? root.name() : "?") + ">）");
  }
  if (!parsed) {
    out.repairs.push_back(std::string("XML 不完整，已读取出错位置之前的内容：") + parsed.description() + "（第 " +
                          std::to_string(parsed.offset) + " 字节）");
  }

  if (rss || rdf) {
    const std::string version = root.attribute("version").as_string();
    out.format = rdf ? "rss 1.0" : "rss " + (version.empty() ? std::string("2.0") : version);
    auto channel = Child(root, "channel");
    out.title = PlainText(Child(channel, "title"));
    // RSS 2.0 keeps the image in the channel, RSS 1.0 beside it.
    out.image = PlainText(Child(Child(channel, "image"), "url"));
    if (out.image.empty()) out.image = PlainText(Child(Child(root, "image"), "url"));
    // RSS 0.9x–2.0 items live in the channel; RSS 1.0 items beside it.
    for (auto n : (rdf ? root : channel).children()) {
      if (n.type() != pugi::node_element || LocalName(n) != "item") continue;
      ++out.present;
      ReadRssItem(n, out);
    }
  } else {
    const std::string version = root.attribute("version").as_string();
    out.format = version == "0.3" ? "atom 0.3" : "atom 1.0";
    out.title = AtomTitle(Child(root, "title"));
    out.image = PlainText(Child(root, "logo"));
    if (out.image.empty()) out.image = PlainText(Child(root, "icon"));
    for (auto n : root.children()) {
      if (n.type() != pugi::node_element || LocalName(n) != "entry") continue;
      ++out.present;
      ReadAtomEntry(n, out);
    }
  }
  // Items the text holds but the parse lost (a cut or a break inside them) are unreadable too.
  if (m.items > out.present) {
    out.unreadable += m.items - out.present;
    out.present = m.items;
  }
  return out;
}

}  // namespace govmedia::fetch
