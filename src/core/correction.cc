#include "core/correction.h"

#include <cstdio>

#include "core/account.h"
#include "core/text.h"

namespace govmedia::core {

namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool IsEmail(std::string_view s) {
  const size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = s.substr(at + 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= ' ' || u >= 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';') return false;
  }
  return domain.find("..") == std::string_view::npos;
}

}  // namespace

const std::vector<CorrectionKind>& CorrectionKinds() {
  static const std::vector<CorrectionKind> kinds = {
      {"content_error", "内容错误"},
      {"link_broken", "链接或功能无法使用"},
      {"not_updated", "长期不更新"},
      {"improper", "内容不当"},
      {"other", "其他"},
  };
  return kinds;
}

bool IsCorrectionKind(std::string_view id) {
  for (const auto& k : CorrectionKinds())
    if (id == k.id) return true;
  return false;
}

std::string_view CorrectionKindLabel(std::string_view id) {
  for (const auto& k : CorrectionKinds())
    if (id == k.id) return k.label;
  return id;
}

std::string_view CorrectionStatusLabel(std::string_view status) {
  if (status == "submitted") return "已提交";
  if (status == "accepted") return "已受理";
  if (status == "answered") return "已答复";
  if (status == "rejected") return "不予受理";
  if (status == "escalated") return "已督办";
  return status;
}

Result<std::string> NormalizeContact(std::string_view contact) {
  const std::string_view t = Trim(contact);
  if (t.empty()) return std::string();
  if (t.size() > 100) return Status::InvalidArgument("contact", "联系方式过长");
  if (t.find('@') != std::string_view::npos) {
    if (!IsEmail(t)) return Status::InvalidArgument("contact", "电子邮箱格式不正确");
    return std::string(t);
  }
  // A mobile as people write it: "138 1234 5678", "138-1234-5678", "+86 13812345678".
  std::string digits;
  for (char c : t)
    if (c != ' ' && c != '-') digits.push_back(c);
  if (digits.starts_with("+86")) digits = digits.substr(3);
  else if (digits.starts_with("0086")) digits = digits.substr(4);
  if (digits.size() == 11 && digits[0] == '1' && AllDigits(digits) && IsValidPhone(digits)) return digits;
  if (IsValidPhone(t)) return std::string(t);  // a landline, kept as written
  return Status::InvalidArgument("contact", "联系方式应为电子邮箱、手机号码或固定电话（可不填）");
}

std::string MaskContact(std::string_view contact) {
  const size_t at = contact.find('@');
  if (at == std::string_view::npos) return MaskPhone(contact);
  return std::string(contact.substr(0, at > 0 ? 1 : 0)) + "***" + std::string(contact.substr(at));
}

int LeadingZeroBits(const unsigned char* digest, size_t size) {
  int bits = 0;
  for (size_t i = 0; i < size; ++i) {
    if (digest[i] == 0) {
      bits += 8;
      continue;
    }
    for (int b = 7; b >= 0 && !(digest[i] >> b & 1); --b) ++bits;
    break;
  }
  return bits;
}

bool IsDecimalAnswer(std::string_view a) {
  return AllDigits(a) && a.size() <= 20 && (a.size() == 1 || a[0] != '0');
}

CorrectionDue CorrectionDueDates(const WorkCalendar& calendar, const CorrectionDeadlines& d,
                                 const CorrectionTimeline& t, bool* fell_back) {
  CorrectionDue due;
  auto accept = calendar.AddWorkdaysLenient(t.submitted_on, d.accept_workdays);
  due.accept_by = accept.date;
  bool fb = accept.fell_back;
  if (t.accepted_on && !t.rejected) {
    auto answer = calendar.AddWorkdaysLenient(*t.accepted_on, d.answer_workdays);
    due.answer_by = answer.date;
    fb |= answer.fell_back;
  }
  if (fell_back) *fell_back = fb;
  return due;
}

CorrectionJudgement JudgeCorrection(const CorrectionDue& due, const CorrectionTimeline& t, Date today) {
  auto step = [&](const std::optional<Date>& done, Date by) {
    if (done) return *done <= by ? CorrectionTimeliness::kOnTime : CorrectionTimeliness::kLate;
    return today > by ? CorrectionTimeliness::kLate : CorrectionTimeliness::kPending;
  };
  CorrectionJudgement j;
  j.accept = step(t.accepted_on, due.accept_by);
  if (!t.accepted_on && j.accept == CorrectionTimeliness::kLate) j.overdue_step = "accept";
  if (t.rejected) {
    j.answer = j.accept;  // the rejection is the answer, given at the acceptance step
  } else if (due.answer_by) {
    j.answer = step(t.answered_on, *due.answer_by);
    if (!t.answered_on && j.answer == CorrectionTimeliness::kLate) j.overdue_step = "answer";
  }
  return j;
}

std::string CorrectionTicket(Date day, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "JC%04d%02d%02d-%04d", day.year(), day.month(), day.day(), n);
  return buf;
}

bool IsCorrectionTicket(std::string_view t) {
  // JC + 8 digits + '-' + at least 4 digits (a day past 9,999 reports widens the number).
  return t.size() >= 15 && t.size() <= 20 && t.starts_with("JC") && AllDigits(t.substr(2, 8)) && t[10] == '-' &&
         AllDigits(t.substr(11));
}

}  // namespace govmedia::core
