// The words of the demo (app/demo.h): the units' accounts as a city would name them, people's
// names, and the posts of each account — drawn from templates that fit the unit's work and the
// season (festivals from the working-day calendar), with dates, places and numbers varied, so no
// two posts read alike. Deterministic: the same seed gives the same city.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/date.h"
#include "core/work_calendar.h"

namespace govmedia::app::demo {

/// A small deterministic generator (SplitMix64, so neighbouring seeds give unrelated draws), so
/// every demo database looks the same.
class Lcg {
 public:
  explicit Lcg(uint64_t seed) : s_(seed) {}
  uint32_t Next(uint32_t n) {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return n == 0 ? 0 : static_cast<uint32_t>(z % n);
  }
  bool Chance(int percent) { return static_cast<int>(Next(100)) < percent; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Next(N)];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Next(static_cast<uint32_t>(items.size()))];
  }

 private:
  uint64_t s_;
};

/// What a unit's posts are about.
enum class Domain {
  kTown,
  kStreet,
  kEducation,
  kPolice,
  kHr,
  kWeather,
  kHealth,
  kMarket,
  kTax,
  kEmergency,
  kFire,
  kCulture,
  kAgriculture,
  kWater,
  kTransport,
  kCivil,
  kJustice,
  kVeteran,
  kEnvironment,
  kFund,
  kMedia,
  kService,
  kCityManagement,
  kHousing,
  kWork
};

struct AccountPlan {
  core::Platform platform;
  const char* name;
};

struct UnitPlan {
  const char* unit;   // as in data/units/kunshan.json
  const char* org;    // how its posts name it: 张浦镇, 市教育局
  const char* place;  // the area a town's posts speak of (张浦), or the unit's field (教育)
  const char* login;  // the unit operator's user name in the records
  Domain domain;
  std::vector<AccountPlan> accounts;  // the first is the unit's main account
};

/// Every unit of 附件1 with the accounts it runs.
const std::vector<UnitPlan>& Units();

/// A plausible Chinese full name.
std::string PersonName(Lcg& rng);

/// The text of a post of `unit`'s account published on `day`; `recent` are the account's latest
/// texts, which it does not repeat.
std::string PostText(const UnitPlan& unit, core::Date day, const core::WorkCalendar& calendar,
                     Lcg& rng, const std::vector<std::string>& recent);

/// "3月15日".
std::string MonthDay(core::Date d);

}  // namespace govmedia::app::demo
