// Personal data published in a post (category `privacy`, contracts/scan.md): resident identity
// card numbers (18 characters with a valid ISO 7064 MOD 11-2 check digit and a real birth date,
// or the legacy 15-digit form with a real 19YYMMDD date), mainland mobile numbers (also after +86
// or 0086), landline numbers with an area code (0512-57530000, (0512)57530000), and bank card
// numbers of 16–19 digits passing the Luhn check. Numbers may be written in groups separated by
// one space or hyphen (138 1234 5678, 6222 0212 3456 7890 128). A number inside a longer run of
// digits is not reported, so order numbers and timestamps do not raise alarms. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace govmedia::core {

enum class PersonalDataKind { kResidentId, kMobile, kBankCard, kLandline };
/// "身份证号码", "手机号码", "银行卡号", "固定电话".
std::string_view PersonalDataLabel(PersonalDataKind k);

struct PersonalDataHit {
  PersonalDataKind kind;
  uint32_t start = 0;  // code points of the text
  uint32_t end = 0;    // exclusive
};

/// Every piece of personal data in `utf8`, by start. Full-width digits, spaces, hyphens,
/// parentheses and plus signs count as their ASCII forms.
std::vector<PersonalDataHit> FindPersonalData(std::string_view utf8);

bool IsValidResidentId(std::string_view eighteen);  // 17 digits + digit or X
/// 15 digits: a province code 11–82, then a real date 19YYMMDD at digits 7–12.
bool IsValidLegacyResidentId(std::string_view fifteen);
bool PassesLuhn(std::string_view digits);

}  // namespace govmedia::core
