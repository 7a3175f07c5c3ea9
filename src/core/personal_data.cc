#include "core/personal_data.h"

#include <string>

#include "core/date.h"

namespace govmedia::core {
namespace {

struct Char {
  char ascii;  // the digit or 'X', or 0 for anything else
  uint32_t index;
};

// Decodes the text into code points, keeping only what matters here: digits (ASCII or full
// width) and X, everything else as a separator.
std::vector<Char> Chars(std::string_view s) {
  std::vector<Char> out;
  uint32_t cp_index = 0;
  for (size_t i = 0; i < s.size(); ++cp_index) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    char ascii = 0;
    if (len == 1 && ((b >= '0' && b <= '9') || b == 'X' || b == 'x')) ascii = static_cast<char>(b == 'x' ? 'X' : b);
    if (len == 3 && i + 2 < s.size() && b == 0xEF) {
      // U+FF10–U+FF19 (full-width digits) are EF BC 90–99; U+FF38 (Ｘ) is EF BC B8.
      const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) ascii = static_cast<char>('0' + (b2 - 0x90));
      if (b1 == 0xBC && b2 == 0xB8) ascii = 'X';
    }
    out.push_back({ascii, cp_index});
    i += len;
  }
  return out;
}

}  // namespace

std::string_view PersonalDataLabel(PersonalDataKind k) {
  switch (k) {
    case PersonalDataKind::kResidentId: return "身份证号码";
    case PersonalDataKind::kMobile: return "手机号码";
    case PersonalDataKind::kBankCard: return "银行卡号";
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
  for (size_t i = 0; i < chars.size();) {
    if (!chars[i].ascii || chars[i].ascii == 'X') {
      ++i;
      continue;
    }
    size_t j = i;
    std::string run;
    while (j < chars.size() && chars[j].ascii && (chars[j].ascii != 'X' || run.size() == 17)) run += chars[j++].ascii;
    const uint32_t start = chars[i].index, end = chars[j - 1].index + 1;
    if (run.size() == 18 && IsValidResidentId(run)) {
      out.push_back({PersonalDataKind::kResidentId, start, end});
    } else if (run.size() == 11 && run[0] == '1' && run[1] >= '3' && run[1] <= '9') {
      out.push_back({PersonalDataKind::kMobile, start, end});
    } else if (run.size() >= 16 && run.size() <= 19 && run.find('X') == std::string::npos && PassesLuhn(run)) {
      out.push_back({PersonalDataKind::kBankCard, start, end});
    }
    i = j;
  }
  return out;
}

}  // namespace govmedia::core
