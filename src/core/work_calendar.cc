#include "core/work_calendar.h"

namespace govmedia::core {

std::string UncoveredYearMessage(int year) {
  return "工作日历未包含 " + std::to_string(year) + " 年的节假日数据";
}

Status WorkCalendar::AddYear(const CalendarYear& y) {
  if (y.days.empty()) {
    return Status::InvalidArgument("days", std::to_string(y.year) + " 年没有任何节假日安排，视为未发布");
  }
  std::set<Date> seen;
  for (size_t i = 0; i < y.days.size(); ++i) {
    const std::string field = "days[" + std::to_string(i) + "].date";
    // A notice may reach into the neighbouring years (the 2019 notice lists 2018-12-30 for
    // New Year's Day), but no further.
    const int dy = y.days[i].date.year() - y.year;
    if (dy < -1 || dy > 1) {
      return Status::InvalidArgument(field, "日期 " + y.days[i].date.ToString() + " 不属于 " +
                                                std::to_string(y.year) + " 年的放假安排");
    }
    if (!seen.insert(y.days[i].date).second) {
      return Status::InvalidArgument(field, "日期 " + y.days[i].date.ToString() + " 重复");
    }
  }
  // Replace: drop the old year's days first.
  if (auto it = years_.find(y.year); it != years_.end()) {
    for (const auto& d : it->second.days) off_.erase(d.date);
  }
  for (const auto& d : y.days) off_[d.date] = d.off;
  years_[y.year] = y;
  return Status::Ok();
}

std::vector<int> WorkCalendar::CoveredYears() const {
  std::vector<int> out;
  for (const auto& [year, _] : years_) out.push_back(year);
  return out;
}

bool WorkCalendar::IsWorkdayLenient(Date date, bool* fell_back) const {
  if (!Covers(date.year())) {
    if (fell_back) *fell_back = true;
    return !date.is_weekend();
  }
  if (auto it = off_.find(date); it != off_.end()) return !it->second;
  return !date.is_weekend();
}

Result<bool> WorkCalendar::IsWorkday(Date date) const {
  if (!Covers(date.year())) {
    return Status::InvalidArgument("date", UncoveredYearMessage(date.year()));
  }
  return IsWorkdayLenient(date, nullptr);
}

Result<Date> WorkCalendar::AddWorkdays(Date start, int n) const {
  Date d = start;
  const int step = n >= 0 ? 1 : -1;
  for (int left = n >= 0 ? n : -n; left > 0;) {
    d = d.AddDays(step);
    if (!Covers(d.year())) return Status::InvalidArgument("date", UncoveredYearMessage(d.year()));
    if (IsWorkdayLenient(d, nullptr)) --left;
  }
  return d;
}

WorkCalendar::Lenient WorkCalendar::AddWorkdaysLenient(Date start, int n) const {
  Lenient out{start, false};
  const int step = n >= 0 ? 1 : -1;
  for (int left = n >= 0 ? n : -n; left > 0;) {
    out.date = out.date.AddDays(step);
    if (IsWorkdayLenient(out.date, &out.fell_back)) --left;
  }
  return out;
}

}  // namespace govmedia::core
