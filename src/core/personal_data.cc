#include "core/personal_data.h"

#include <string>

#include "core/date.h"

namespace govmedia::core {
namespace {

// What a code point is to a number: a digit ('0'–'9'), 'X', a separator inside a number (' ' or
// '-'), '+', '(' or ')'; 0 for anything else. Full-width forms count as their ASCII forms.
struct Char {
  char c;
  uint32_t index;  // code point index in the text
};

char Classify(char32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<char>(cp);
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<char>('0' + (cp - 0xFF10));
  if (cp == 'X' || cp == 'x' || cp == 0xFF38 || cp == 0xFF58) return 'X';
  if (cp == ' ' || cp == 0xA0 || cp == 0x3000) return ' ';
  if (cp == '-' || cp == 0xFF0D || (cp >= 0x2010 && cp <= 0x2015)) return '-';
  if (cp == '+' || cp == 0xFF0B) return '+';
  if (cp == '(' || cp == 0xFF08) return '(';
  if (cp == ')' || cp == 0xFF09) return ')';
  return 0;
}

std::vector<Char> Chars(std::string_view s) {
  std::vector<Char> out;
  uint32_t index = 0;
  for (size_t i = 0; i < s.size(); ++index) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    char32_t cp = b;
    if (len > 1 && i + len <= s.size()) {
      cp = b & (0xFF >> (len + 1));
      for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back({Classify(cp), index});
    i += len;
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Group {
  std::string digits;
  uint32_t start, end;  // code points; start includes a '+' or '(' written before the number
  bool plus = false;     // written after '+'
  bool paren = false;    // written in parentheses: an area code
};

bool IsAreaCode(std::string_view a) {
  if (a.size() == 3) return a[0] == '0' && (a[1] == '1' || a[1] == '2');  // 010, 02X
  if (a.size() == 4) return a[0] == '0' && a[1] >= '3' && a[1] <= '9';   // 0512 …
  return false;
}

bool IsLocalNumber(std::string_view n) { return (n.size() == 7 || n.size() == 8) && n[0] >= '2' && n[0] <= '8'; }

bool IsMobile(std::string_view n) { return n.size() == 11 && n[0] == '1' && n[1] >= '3' && n[1] <= '9'; }

// The kind of personal data groups [i, j] form together, if any.
bool Classify(const std::vector<Group>& g, size_t i, size_t j, PersonalDataKind* kind) {
  std::string all;
  for (size_t k = i; k <= j; ++k) all += g[k].digits;
  const bool has_x = all.find('X') != std::string::npos;
  if (all.size() == 18 && IsValidResidentId(all)) return *kind = PersonalDataKind::kResidentId, true;
  if (has_x) return false;
  if (all.size() == 15 && IsValidLegacyResidentId(all)) return *kind = PersonalDataKind::kResidentId, true;
  if (IsMobile(all)) return *kind = PersonalDataKind::kMobile, true;
  if (all.size() == 13 && all.starts_with("86") && g[i].plus && IsMobile(all.substr(2))) {
    return *kind = PersonalDataKind::kMobile, true;
  }
  if (all.size() == 15 && all.starts_with("0086") && IsMobile(all.substr(4))) return *kind = PersonalDataKind::kMobile, true;
  // A landline: an area code as its own group (0512-57530000, (0512)57530000) or written together.
  if (j > i && IsAreaCode(g[i].digits) && IsLocalNumber(all.substr(g[i].digits.size()))) {
    return *kind = PersonalDataKind::kLandline, true;
  }
  if (j == i && all[0] == '0') {
    const size_t area = (all[1] == '1' || all[1] == '2') ? 3 : 4;
    if (all.size() > area && IsAreaCode(all.substr(0, area)) && IsLocalNumber(all.substr(area))) {
      return *kind = PersonalDataKind::kLandline, true;
    }
  }
  if (all.size() >= 16 && all.size() <= 19 && PassesLuhn(all)) return *kind = PersonalDataKind::kBankCard, true;
  return false;
}

}  // namespace

std::string_view PersonalDataLabel(PersonalDataKind k) {
  switch (k) {
    case PersonalDataKind::kResidentId: return "身份证号码";
    case PersonalDataKind::kMobile: return "手机号码";
    case PersonalDataKind::kBankCard: return "银行卡号";
    case PersonalDataKind::kLandline: return "固定电话";
  }
  return "";
}

bool IsValidResidentId(std::string_view id) {
  if (id.size() != 18) return false;
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  if (kCheck[sum % 11] != id[17]) return false;
  const int y = std::stoi(std::string(id.substr(6, 4))), m = std::stoi(std::string(id.substr(10, 2))),
            d = std::stoi(std::string(id.substr(12, 2)));
  return y >= 1900 && y <= 2100 && Date::FromYmd(y, m, d).has_value();
}

bool IsValidLegacyResidentId(std::string_view id) {
  if (id.size() != 15) return false;
  for (char c : id)
    if (!IsDigit(c)) return false;
  const int province = std::stoi(std::string(id.substr(0, 2)));
  if (province < 11 || province > 82) return false;
  const int y = 1900 + std::stoi(std::string(id.substr(6, 2))), m = std::stoi(std::string(id.substr(8, 2))),
            d = std::stoi(std::string(id.substr(10, 2)));
  return Date::FromYmd(y, m, d).has_value();
}

bool PassesLuhn(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return !digits.empty() && sum % 10 == 0;
}

std::vector<PersonalDataHit> FindPersonalData(std::string_view utf8) {
  const std::vector<Char> chars = Chars(utf8);
  std::vector<PersonalDataHit> out;
  const size_t n = chars.size();
  for (size_t i = 0; i < n;) {
    // A number starts at a digit (possibly after '+' or '(') that does not continue a letter-less
    // run of digits before it.
    if (!IsDigit(chars[i].c) || (i > 0 && (IsDigit(chars[i - 1].c) || chars[i - 1].c == 'X'))) {
      ++i;
      continue;
    }
    // The cluster: digit groups joined by one separator, or by ')' with an optional separator.
    std::vector<Group> groups;
    size_t k = i;
    bool paren_open = i > 0 && chars[i - 1].c == '(';
    bool plus = i > 0 && chars[i - 1].c == '+';
    while (true) {
      Group g;
      g.start = chars[k].index;
      if (plus && groups.empty()) g.start -= 1, g.plus = true;
      while (k < n && (IsDigit(chars[k].c) || (chars[k].c == 'X' && g.digits.size() >= 3))) g.digits += chars[k++].c;
      g.end = chars[k - 1].index + 1;
      if (paren_open && groups.empty() && k < n && chars[k].c == ')') {
        g.paren = true;
        g.start -= 1;
        g.end += 1;
        ++k;
        if (k < n && (chars[k].c == ' ' || chars[k].c == '-')) ++k;
        groups.push_back(std::move(g));
        if (k < n && IsDigit(chars[k].c)) continue;
        break;
      }
      groups.push_back(std::move(g));
      if (k + 1 < n && (chars[k].c == ' ' || chars[k].c == '-') && IsDigit(chars[k + 1].c) &&
          groups.back().digits.back() != 'X') {
        ++k;
        continue;
      }
      break;
    }
    for (size_t a = 0; a < groups.size();) {
      bool found = false;
      for (size_t b = groups.size(); b-- > a;) {
        PersonalDataKind kind;
        if (Classify(groups, a, b, &kind)) {
          out.push_back({kind, groups[a].start, groups[b].end});
          a = b + 1;
          found = true;
          break;
        }
      }
      if (!found) ++a;
    }
    i = k;
  }
  return out;
}

}  // namespace govmedia::core
