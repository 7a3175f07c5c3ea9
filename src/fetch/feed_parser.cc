#include "fetch/feed_parser.h"

#include <pugixml.hpp>

#include <cstring>

#include "core/date.h"
#include "core/timestamp.h"

namespace govmedia::fetch {
namespace {

std::string Rfc3339Utc(int64_t t) {
  const int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const int64_t rest = t - days * 86400;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", core::Date::FromDays(days).ToString().c_str(),
                static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  return buf;
}

std::string Child(const pugi::xml_node& n, const char* name) { return n.child(name).text().as_string(); }

}  // namespace

std::optional<int64_t> ParseRfc822(std::string_view s) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string t(s);
  if (auto comma = t.find(','); comma != std::string::npos) t = t.substr(comma + 1);
  char mon[8] = {0}, zone[16] = {0};
  int d = 0, y = 0, hh = 0, mm = 0, ss = 0;
  int n = std::sscanf(t.c_str(), " %d %3s %d %d:%d:%d %15s", &d, mon, &y, &hh, &mm, &ss, zone);
  if (n < 6) {
    ss = 0;
    n = std::sscanf(t.c_str(), " %d %3s %d %d:%d %15s", &d, mon, &y, &hh, &mm, zone);
    if (n < 5) return std::nullopt;
  }
  int m = 0;
  for (int i = 0; i < 12; ++i)
    if (std::strncmp(mon, kMonths[i], 3) == 0) m = i + 1;
  if (y < 100) y += 2000;
  auto date = core::Date::FromYmd(y, m, d);
  if (!date || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  int offset = 0;  // minutes east of UTC; GMT, UT, Z and unknown names are UTC
  if (zone[0] == '+' || zone[0] == '-') {
    const int v = std::atoi(zone + 1);
    offset = (zone[0] == '-' ? -1 : 1) * ((v / 100) * 60 + v % 100);
  }
  return date->days() * 86400 + hh * 3600 + mm * 60 + ss - offset * 60;
}

std::string StripHtml(std::string_view h) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < h.size(); ++i) {
    const char c = h[i];
    if (c == '<') {
      in_tag = true;
      out += ' ';
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      if (c == '&') {
        static const std::pair<const char*, const char*> kEntities[] = {
            {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
        bool done = false;
        for (const auto& [e, r] : kEntities) {
          if (h.substr(i, std::strlen(e)) == e) {
            out += r;
            i += std::strlen(e) - 1;
            done = true;
            break;
          }
        }
        if (!done) out += c;
      } else {
        out += c;
      }
    }
  }
  // Collapse runs of whitespace.
  std::string tidy;
  bool space = false;
  for (char c : out) {
    const bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
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

core::Result<std::vector<FeedItem>> ParseFeed(std::string_view xml, int* skipped) {
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return core::Status::InvalidArgument("feed", std::string("XML 格式错误：") + parsed.description() + "（第 " +
                                                     std::to_string(parsed.offset) + " 字节）");
  }
  std::vector<FeedItem> out;
  *skipped = 0;
  if (auto channel = doc.child("rss").child("channel")) {
    for (auto item : channel.children("item")) {
      FeedItem f;
      f.title = StripHtml(Child(item, "title"));
      f.link = Child(item, "link");
      f.id = Child(item, "guid");
      if (f.id.empty()) f.id = f.link;
      f.author = Child(item, "author");
      if (f.author.empty()) f.author = Child(item, "dc:creator");
      const std::string body = StripHtml(Child(item, "description"));
      f.text = body.rfind(f.title, 0) == 0 ? body : (f.title.empty() ? body : f.title + "\n" + body);
      auto t = ParseRfc822(Child(item, "pubDate"));
      if (!t || f.id.empty()) {
        ++*skipped;
        continue;
      }
      f.published_epoch = *t;
      f.published = Rfc3339Utc(*t);
      out.push_back(std::move(f));
    }
    return out;
  }
  if (auto feed = doc.child("feed")) {
    for (auto entry : feed.children("entry")) {
      FeedItem f;
      f.title = StripHtml(Child(entry, "title"));
      f.id = Child(entry, "id");
      for (auto link : entry.children("link")) {
        const std::string rel = link.attribute("rel").as_string();
        if (rel.empty() || rel == "alternate") f.link = link.attribute("href").as_string();
      }
      if (f.id.empty()) f.id = f.link;
      f.author = entry.child("author").child("name").text().as_string();
      std::string body = StripHtml(Child(entry, "content"));
      if (body.empty()) body = StripHtml(Child(entry, "summary"));
      f.text = body.rfind(f.title, 0) == 0 ? body : (f.title.empty() ? body : f.title + "\n" + body);
      std::string when = Child(entry, "published");
      if (when.empty()) when = Child(entry, "updated");
      auto t = core::ParseRfc3339(when);
      if (!t || f.id.empty()) {
        ++*skipped;
        continue;
      }
      f.published_epoch = *t;
      f.published = when;
      out.push_back(std::move(f));
    }
    return out;
  }
  return core::Status::InvalidArgument("feed", "不是 RSS 2.0 或 Atom 文档");
}

}  // namespace govmedia::fetch
