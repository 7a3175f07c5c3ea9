#include "fetch/feed_date.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/date.h"
#include "core/timestamp.h"

namespace govmedia::fetch {
namespace {

constexpr int kBeijingMinutes = core::kBeijingOffsetMinutes;

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// The digits as a number; a run too long for any date field gives a value no check accepts
// (never an overflow).
int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (v > 100'000'000) return 1'000'000'000;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// 1…12 for an English month name, full or abbreviated (at least three letters); 0 otherwise.
int MonthOf(std::string_view word) {
  static const char* kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                  "july",    "august",   "september", "october", "november", "december"};
  const std::string w = Lower(word);
  if (w.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (std::strncmp(kMonths[i], w.c_str(), w.size()) == 0) return i + 1;
    if (w == "sept" && i == 8) return 9;
  }
  return 0;
}

// Minutes east of UTC for a zone written as ±hh, ±hhmm, ±hh:mm, a name, or a name with an offset
// ("GMT+8", "UTC+08:00"). nullopt when it is not a zone at all.
std::optional<int> ZoneMinutes(std::string_view z) {
  if (z.empty()) return std::nullopt;
  if (z[0] == '+' || z[0] == '-') {
    std::string digits;
    for (char c : z.substr(1)) {
      if (std::isdigit(static_cast<unsigned char>(c))) {
        digits += c;
      } else if (c != ':') {
        return std::nullopt;
      }
    }
    int h = 0, m = 0;
    if (digits.size() == 1 || digits.size() == 2) {
      h = ToInt(digits);
    } else if (digits.size() == 4) {
      h = ToInt(digits.substr(0, 2));
      m = ToInt(digits.substr(2));
    } else if (digits.size() == 3) {
      h = ToInt(digits.substr(0, 1));
      m = ToInt(digits.substr(1));
    } else {
      return std::nullopt;
    }
    if (h > 14 || m > 59) return std::nullopt;
    return (z[0] == '-' ? -1 : 1) * (h * 60 + m);
  }
  std::string name;
  size_t i = 0;
  while (i < z.size() && std::isalpha(static_cast<unsigned char>(z[i]))) name += static_cast<char>(std::toupper(z[i++]));
  if (name.empty()) return std::nullopt;
  int base = 0;
  static const std::pair<const char*, int> kNames[] = {
      {"GMT", 0},        {"UT", 0},         {"UTC", 0},        {"Z", 0},         {"EST", -5 * 60}, {"EDT", -4 * 60},
      {"CDT", -5 * 60},  {"MST", -7 * 60},  {"MDT", -6 * 60},  {"PST", -8 * 60}, {"PDT", -7 * 60},
      {"CST", kBeijingMinutes},  // China Standard Time; see the header for why not US Central
      {"BJT", kBeijingMinutes},  {"HKT", kBeijingMinutes}, {"SGT", kBeijingMinutes}, {"JST", 9 * 60}, {"KST", 9 * 60},
      {"CET", 60},       {"CEST", 120},     {"BST", 60},       {"WET", 0},       {"EET", 120},     {"EEST", 180},
      {"IST", 330},      {"AEST", 600},     {"AEDT", 660}};
  bool known = false;
  for (const auto& [n, off] : kNames) {
    if (name == n) {
      base = off;
      known = true;
      break;
    }
  }
  if (!known && name.size() > 5) return std::nullopt;  // a word, not a zone
  if (i < z.size()) {
    auto extra = ZoneMinutes(z.substr(i));
    if (!extra) return std::nullopt;
    return base + *extra;
  }
  return base;  // unknown short names: UTC, as RFC 2822 reads "-0000"
}

struct Clock {
  int h = 0, m = 0, s = 0;
};

// "21:22", "21:22:47", "21:22:47.520", "1500".
std::optional<Clock> ParseClock(std::string_view t) {
  Clock c;
  if (IsDigits(t) && t.size() == 4) {
    c.h = ToInt(t.substr(0, 2));
    c.m = ToInt(t.substr(2));
  } else {
    int parts[3] = {0, 0, 0};
    int n = 0;
    size_t i = 0;
    while (i < t.size() && n < 3) {
      size_t j = i;
      while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
      if (j == i || j - i > 2) return std::nullopt;
      parts[n++] = ToInt(t.substr(i, j - i));
      i = j;
      if (i < t.size() && t[i] == ':') {
        ++i;
      } else {
        break;
      }
    }
    if (n < 2) return std::nullopt;
    if (i < t.size()) {  // a fraction of a second, nothing else
      if (t[i] != '.' || n != 3 || !IsDigits(t.substr(i + 1))) return std::nullopt;
    }
    c = {parts[0], parts[1], parts[2]};
  }
  if (c.h > 24 || c.m > 59 || c.s > 60 || (c.h == 24 && (c.m || c.s))) return std::nullopt;
  return c;
}

std::optional<int64_t> Compose(int y, int mo, int d, const Clock& c, int zone_minutes) {
  auto date = core::Date::FromYmd(y, mo, d);
  if (!date) return std::nullopt;
  return date->days() * core::kSecondsPerDay + c.h * 3600 + c.m * 60 + std::min(c.s, 59) -
         static_cast<int64_t>(zone_minutes) * 60;
}

int FullYear(std::string_view y) {
  int v = ToInt(y);
  if (y.size() <= 2) v += v < 50 ? 2000 : 1900;
  return v;
}

// Splits on whitespace and commas.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The time and the zone after a date: "21:22:47 +0800", "21:22", "T21:22:47.5Z", "21:22:47+08:00".
std::optional<int64_t> TimeAndZone(int y, int mo, int d, std::string_view rest) {
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == 'T' || rest.front() == 't')) rest.remove_prefix(1);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.remove_suffix(1);
  if (rest.empty()) return Compose(y, mo, d, {}, kBeijingMinutes);
  // The clock runs to the first character that is neither a digit nor ':' nor '.'.
  size_t end = 0;
  while (end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[end])) || rest[end] == ':' || rest[end] == '.'))
    ++end;
  auto clock = ParseClock(rest.substr(0, end));
  if (!clock) return std::nullopt;
  std::string_view zone = rest.substr(end);
  while (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
  if (zone.empty()) return Compose(y, mo, d, *clock, kBeijingMinutes);
  auto z = ZoneMinutes(zone);
  if (!z) return std::nullopt;
  return Compose(y, mo, d, *clock, *z);
}

// 2021-06-16…, 2021/6/16…, 2021.6.16… (the 年月日 forms are rewritten to this before).
std::optional<int64_t> NumericDate(std::string_view s) {
  size_t i = 0;
  auto number = [&](size_t max) -> std::optional<int> {
    size_t j = i;
    while (j < s.size() && j - i < max && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    if (j == i) return std::nullopt;
    const int v = ToInt(s.substr(i, j - i));
    i = j;
    return v;
  };
  auto y = number(4);
  if (!y || i != 4 || i >= s.size()) return std::nullopt;
  const char sep = s[i];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++i;
  auto mo = number(2);
  if (!mo || i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  auto d = number(2);
  if (!d) return std::nullopt;
  return TimeAndZone(*y, *mo, *d, s.substr(i));
}

// RFC 822 and its variants, and ctime.
std::optional<int64_t> TextualDate(std::string_view s) {
  auto w = Words(s);
  size_t i = 0;
  // A weekday, with or without its comma (which Words dropped).
  if (i < w.size() && !IsDigits(w[i]) && MonthOf(w[i]) == 0) ++i;
  if (i >= w.size()) return std::nullopt;
  int d = 0, mo = 0, y = 0;
  std::string clock, zone;
  if (IsDigits(w[i])) {
    // 16 Jun 2021 21:22:47 +0800 — and "16-Jun-2021" written with dashes.
    if (w[i].find('-') != std::string::npos) return std::nullopt;
    d = ToInt(w[i++]);
    if (i >= w.size()) return std::nullopt;
    if (auto dash = w[i].find('-'); dash != std::string::npos) {  // "Jun-2021"
      mo = MonthOf(w[i].substr(0, dash));
      if (!IsDigits(w[i].substr(dash + 1))) return std::nullopt;
      y = FullYear(w[i].substr(dash + 1));
      ++i;
    } else {
      mo = MonthOf(w[i++]);
      if (i >= w.size() || !IsDigits(w[i])) return std::nullopt;
      y = FullYear(w[i++]);
    }
    if (i < w.size()) clock = w[i++];
    if (i < w.size()) zone = w[i++];
    if (i < w.size()) {
      // "+0000 (UTC)" and similar comments.
      if (w[i].front() != '(') return std::nullopt;
    }
  } else {
    // ctime: Jun 16 21:22:47 CST 2021, or Jun 16 2021 21:22:47.
    mo = MonthOf(w[i++]);
    if (i >= w.size() || !IsDigits(w[i])) return std::nullopt;
    d = ToInt(w[i++]);
    for (; i < w.size(); ++i) {
      if (IsDigits(w[i]) && w[i].size() == 4 && y == 0 && !clock.empty()) {
        y = ToInt(w[i]);
      } else if (IsDigits(w[i]) && w[i].size() == 4 && y == 0 && clock.empty() && i + 1 < w.size()) {
        y = ToInt(w[i]);
      } else if (w[i].find(':') != std::string::npos && clock.empty()) {
        clock = w[i];
      } else if (zone.empty() && !clock.empty()) {
        zone = w[i];
      } else {
        return std::nullopt;
      }
    }
    if (y == 0) return std::nullopt;
  }
  if (mo == 0) return std::nullopt;
  Clock c;
  if (!clock.empty()) {
    // A zone glued to the clock: "21:22:47+0800".
    size_t cut = clock.find_first_of("+-Zz", 1);
    if (cut != std::string::npos && zone.empty()) {
      zone = clock.substr(cut);
      clock = clock.substr(0, cut);
    }
    auto parsed = ParseClock(clock);
    if (!parsed) return std::nullopt;
    c = *parsed;
  }
  int z = 0;  // RFC 822 dates name their zone; none written is read as UTC… unless no clock either
  if (!zone.empty()) {
    auto parsed = ZoneMinutes(zone);
    if (!parsed) return std::nullopt;
    z = *parsed;
  } else {
    z = kBeijingMinutes;  // no zone at all: Beijing, as for every other form
  }
  return Compose(y, mo, d, c, z);
}

// Rewrites 2021年6月16日 21时22分 to 2021-6-16 21:22, and full-width digits and colons to ASCII.
std::string Westernise(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto is = [&](const char* u) { return s.compare(i, std::strlen(u), u) == 0; };
    if (is("年") || is("月")) {
      out += '-';
      i += 3;
    } else if (is("日") || is("号")) {
      out += ' ';
      i += 3;
    } else if (is("时") || is("時") || is("点")) {
      out += ':';
      i += 3;
    } else if (is("分")) {
      out += ':';
      i += 3;
    } else if (is("秒")) {
      i += 3;
    } else if (is("：")) {
      out += ':';
      i += 3;
    } else if (static_cast<unsigned char>(s[i]) == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
               static_cast<unsigned char>(s[i + 2]) >= 0x90 && static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(s[i + 2]) - 0x90));  // ０…９
      i += 3;
    } else {
      out += s[i++];
    }
  }
  // "21:22:" (from 21时22分) and "2021-6-16-" (from a date ending in 日 written as 月) lose the tail.
  std::string tidy;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ':' && (i + 1 == out.size() || !std::isdigit(static_cast<unsigned char>(out[i + 1])))) continue;
    tidy += out[i];
  }
  return tidy;
}

}  // namespace

std::optional<int64_t> ParseFeedDate(std::string_view text) {
  std::string s = Westernise(text);
  // Trim, including the CR/LF some feeds leave inside the element.
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string_view t(s.data() + b, e - b);
  if (t.empty()) return std::nullopt;
  if (t.size() >= 5 && IsDigits(t.substr(0, 4))) return NumericDate(t);
  return TextualDate(t);
}

std::string FormatRfc3339Utc(int64_t t) {
  const int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const int64_t rest = t - days * 86400;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", core::Date::FromDays(days).ToString().c_str(),
                static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  return buf;
}

}  // namespace govmedia::fetch
