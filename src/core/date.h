// Civil dates (proleptic Gregorian, no time zone): the unit of every deadline in the seed
// document. Values; thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace govmedia::core {

class Date final {
 public:
  constexpr Date() = default;
  /// Days since 1970-01-01.
  static constexpr Date FromDays(int64_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
  /// nullopt unless y-m-d is a real date.
  static std::optional<Date> FromYmd(int y, int m, int d);
  /// Parses exactly "YYYY-MM-DD"; nullopt for anything else (including 2021-02-29).
  static std::optional<Date> Parse(std::string_view text);

  int64_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  /// 1 = Monday … 7 = Sunday (ISO 8601).
  int iso_weekday() const;
  bool is_weekend() const { return iso_weekday() >= 6; }
  Date AddDays(int64_t n) const { return FromDays(days_ + n); }
  std::string ToString() const;

  auto operator<=>(const Date&) const = default;

 private:
  int64_t days_ = 0;
};

}  // namespace govmedia::core
