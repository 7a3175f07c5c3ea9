// Personal data published in a post (category `privacy`): resident identity card numbers (18
// characters with a valid ISO 7064 MOD 11-2 check digit and a real birth date), mainland mobile
// numbers, and bank card numbers passing the Luhn check. A number inside a longer run of digits
// is not reported, so order numbers and timestamps do not raise alarms. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace govmedia::core {

enum class PersonalDataKind { kResidentId, kMobile, kBankCard };
std::string_view PersonalDataLabel(PersonalDataKind k);  // "身份证号码", "手机号码", "银行卡号"

struct PersonalDataHit {
  PersonalDataKind kind;
  uint32_t start = 0;  // code points of the text
  uint32_t end = 0;    // exclusive
};

/// Every piece of personal data in `utf8`, by start. Full-width digits count as digits.
std::vector<PersonalDataHit> FindPersonalData(std::string_view utf8);

bool IsValidResidentId(std::string_view eighteen);  // 17 digits + digit or X
bool PassesLuhn(std::string_view digits);

}  // namespace govmedia::core
