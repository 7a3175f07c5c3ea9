// The working-day calendar (工作日历): which days are working days under the State Council's
// yearly holiday notices, including adjusted weekend working days (调休).
//
// A year is "covered" once its notice has been added. Strict queries on an uncovered year fail
// with a Status naming the year — a deadline is never guessed. The server uses the lenient form,
// which falls back to Monday–Friday and says it did, so a banner can warn the user.
// Thread-safety: const methods are safe to call concurrently; AddYear is not.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace govmedia::core {

/// One year of a holiday notice: days off on weekdays and working days on weekends, as listed.
struct CalendarYear {
  int year = 0;
  std::vector<std::string> papers;  // the notices' addresses, kept for provenance
  struct Day {
    Date date;
    std::string name;  // 春节, 国庆节 …
    bool off = true;   // true: a day off; false: an adjusted working day (调休上班)
  };
  std::vector<Day> days;
};

class WorkCalendar final {
 public:
  /// Adds or replaces a year. InvalidArgument (naming "days[i].date") when a day lies beyond the
  /// neighbouring years or is listed twice; InvalidArgument ("days") when the year lists no day at all, because
  /// an unpublished year must stay uncovered rather than look like a year without holidays.
  Status AddYear(const CalendarYear& year);

  bool Covers(int year) const { return years_.count(year) > 0; }
  std::vector<int> CoveredYears() const;
  const std::map<int, CalendarYear>& years() const { return years_; }

  /// Whether `date` is a working day; InvalidArgument naming the year if it is not covered.
  Result<bool> IsWorkday(Date date) const;

  /// The date of the n-th working day after `start` (n > 0), or before it (n < 0); `start` for
  /// n == 0. InvalidArgument naming the first uncovered year the walk needs.
  Result<Date> AddWorkdays(Date start, int n) const;

  struct Lenient {
    Date date;
    bool fell_back = false;  // an uncovered year was treated as Monday–Friday
  };
  /// As AddWorkdays, but an uncovered year counts Monday–Friday as working days.
  Lenient AddWorkdaysLenient(Date start, int n) const;
  bool IsWorkdayLenient(Date date, bool* fell_back) const;

 private:
  std::map<int, CalendarYear> years_;
  std::map<Date, bool> off_;  // listed days: true = off, false = adjusted working day
};

/// The Chinese message used whenever a year is missing, e.g. "工作日历未包含 2028 年的节假日数据".
std::string UncoveredYearMessage(int year);

}  // namespace govmedia::core
