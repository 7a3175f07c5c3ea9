#include "core/security_ledger.h"

#include <algorithm>
#include <cctype>

namespace govmedia::core {
namespace {

std::string Who(const std::string& name, const std::string& role) {
  return role.empty() ? name : name + "（" + role + "）";
}

}  // namespace

std::vector<Departure> FindDepartures(const std::vector<Custodian>& custodians, const std::vector<std::string>& people) {
  std::vector<Departure> out;
  for (const auto& c : custodians) {
    if (c.user_disabled) {
      out.push_back({c.id, c.name, c.role, "user_disabled", std::nullopt});
    } else if (c.listed && std::find(people.begin(), people.end(), c.name) == people.end()) {
      out.push_back({c.id, c.name, c.role, "staff_change", std::nullopt});
    }
  }
  return out;
}

std::optional<Date> RotationDueOn(const SecurityLedger& ledger) {
  if (!ledger.last_password_change) return std::nullopt;
  return ledger.last_password_change->AddDays(ledger.rotation_days);
}

std::string_view SecurityWarningLabel(std::string_view code) {
  if (code == "security_no_custodian") return "未登记保管人";
  if (code == "security_no_two_factor") return "未开启双重验证";
  if (code == "security_rotation_overdue") return "密码超期未更换";
  if (code == "security_handover_missing") return "人员离岗未交接";
  if (code == "security_no_plan") return "无应急预案";
  if (code == "security_drill_overdue") return "应急演练超过一年";
  return "";
}

std::vector<SecurityWarning> AccountSecurityWarnings(const SecurityLedger& ledger,
                                                     const std::vector<Departure>& departures, Date today) {
  std::vector<SecurityWarning> out;
  for (const auto& d : departures) {
    const std::string why = d.reason == "user_disabled"
                                ? "的平台登录账号已停用"
                                : "已不在账号人员名单中" + (d.since ? "（" + d.since->ToString() + " 变更）" : std::string());
    out.push_back({"security_handover_missing", Who(d.name, d.role) + why + "，尚未登记交接（交接时须修改密码）",
                   d.custodian_id});
  }
  // A custodian who left still counts as none: the credentials have nobody in charge of them.
  size_t present = 0;
  for (const auto& c : ledger.custodians) {
    bool left = false;
    for (const auto& d : departures) left |= d.custodian_id == c.id;
    if (!left) ++present;
  }
  if (present == 0)
    out.push_back({"security_no_custodian",
                   ledger.custodians.empty() ? "未登记账号密码保管人" : "账号密码保管人均已离岗，须登记交接或新的保管人", 0});
  if (!ledger.two_factor) out.push_back({"security_no_two_factor", "未开启双重验证（登录需短信或动态口令确认）", 0});
  if (auto due = RotationDueOn(ledger)) {
    if (*due < today)
      out.push_back({"security_rotation_overdue",
                     "密码已 " + std::to_string(today.days() - ledger.last_password_change->days()) +
                         " 天未更换，超过轮换周期 " + std::to_string(ledger.rotation_days) + " 天（应于 " +
                         due->ToString() + " 前更换）",
                     0});
  } else {
    out.push_back({"security_rotation_overdue", "未登记最近一次修改密码的日期", 0});
  }
  return out;
}

std::optional<Date> NextDrillDue(const EmergencyPlan& plan) {
  if (!plan.last_drill_on) return std::nullopt;
  return plan.last_drill_on->AddDays(kDrillIntervalDays);
}

std::vector<SecurityWarning> UnitSecurityWarnings(const EmergencyPlan* plan, Date today) {
  std::vector<SecurityWarning> out;
  if (!plan || !plan->has_document) out.push_back({"security_no_plan", "未上传或登记账号安全应急预案", 0});
  if (!plan || !plan->last_drill_on) {
    out.push_back({"security_drill_overdue", "未登记应急演练（每年至少一次）", 0});
  } else if (auto due = NextDrillDue(*plan); due && *due < today) {
    out.push_back({"security_drill_overdue",
                   "上次应急演练在 " + plan->last_drill_on->ToString() + "，已超过一年，应于 " + due->ToString() + " 前再次演练",
                   0});
  }
  return out;
}

Status ValidateHandover(const Handover& h, Date today) {
  if (h.to_name.empty()) return Status::InvalidArgument("to_name", "请填写接手人姓名");
  if (h.handed_over_on > today) return Status::InvalidArgument("handed_over_on", "交接日期不能晚于今天");
  if (!h.password_changed)
    return Status::InvalidArgument("password_changed", "交接时必须修改账号密码：请先修改密码，再登记交接");
  return Status::Ok();
}

Status CheckNotASecret(std::string_view field, std::string_view text) {
  const std::string t(text);
  std::string lower;
  for (char c : t) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  static constexpr std::string_view kLabels[] = {"密码", "口令", "password", "passwd", "pwd"};
  for (std::string_view label : kLabels) {
    for (size_t at = lower.find(label); at != std::string::npos; at = lower.find(label, at + label.size())) {
      std::string_view rest = std::string_view(t).substr(at + label.size());
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      // "密码：abc" "密码是abc" "password=abc": a value follows the label.
      for (std::string_view sep : {"：", ":", "=", "是", "为"}) {
        if (!rest.starts_with(sep)) continue;
        std::string_view value = rest.substr(sep.size());
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (!value.empty() && static_cast<unsigned char>(value.front()) > 0x20 &&
            static_cast<unsigned char>(value.front()) < 0x80)
          return Status::InvalidArgument(std::string(field), "这里只登记密码存放的位置，不能填写密码本身");
      }
    }
  }
  // Every whitespace-separated run is checked on its own.
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t')) ++i;
    size_t j = i;
    while (j < t.size() && t[j] != ' ' && t[j] != '\n' && t[j] != '\t') ++j;
    const std::string_view run = std::string_view(t).substr(i, j - i);
    i = j;
    if (run.size() < 6 || run.size() > 64) continue;
    bool ascii = true, lower = false, upper = false, digit = false, symbol = false, separator = false;
    for (char c : run) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 || u < 0x21) {
        ascii = false;
        break;
      }
      if (std::islower(u)) lower = true;
      else if (std::isupper(u)) upper = true;
      else if (std::isdigit(u)) digit = true;
      else if (c != '-' && c != '_' && c != '(' && c != ')') symbol = true;  // model numbers: SM-G9980
      if (c == '/' || c == '.' || c == ':') separator = true;
    }
    if (!ascii || separator) continue;
    if (symbol && lower + upper + digit + symbol >= 3)
      return Status::InvalidArgument(std::string(field), "“" + std::string(run.substr(0, 2)) +
                                                             "…”像是密码：这里只登记密码存放的位置，不能填写密码本身");
  }
  return Status::Ok();
}

bool IsEmailAddress(std::string_view s) {
  const size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.size() > 254) return false;
  if (s.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = s.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == ',' || c == ';' || c == '<' || c == '>') return false;
  }
  return true;
}

std::string MaskEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos) return email.empty() ? "" : "***";
  return std::string(email.substr(0, at > 0 ? 1 : 0)) + "***" + std::string(email.substr(at));
}

}  // namespace govmedia::core
