#include "core/account.h"

#include <array>

#include "core/text.h"

namespace govmedia::core {
namespace {

struct PlatformInfo {
  Platform p;
  std::string_view id;
  std::string_view label;
};
constexpr std::array<PlatformInfo, 11> kPlatforms{{
    {Platform::kWeibo, "weibo", "微博"},
    {Platform::kWechatSubscription, "wechat_subscription", "微信订阅号"},
    {Platform::kWechatService, "wechat_service", "微信服务号"},
    {Platform::kDouyin, "douyin", "抖音"},
    {Platform::kKuaishou, "kuaishou", "快手"},
    {Platform::kToutiao, "toutiao", "今日头条"},
    {Platform::kWechatChannels, "wechat_channels", "微信视频号"},
    {Platform::kBilibili, "bilibili", "哔哩哔哩"},
    {Platform::kApp, "app", "移动客户端"},
    {Platform::kMiniProgram, "mini_program", "小程序"},
    {Platform::kOther, "other", "其他"},
}};

struct StatusInfo {
  AccountStatus s;
  std::string_view id;
  std::string_view label;
};
constexpr std::array<StatusInfo, 6> kStatuses{{
    {AccountStatus::kApplied, "applied", "申请中"},
    {AccountStatus::kRejected, "rejected", "已驳回"},
    {AccountStatus::kApproved, "approved", "已批准"},
    {AccountStatus::kOpen, "open", "已开设"},
    {AccountStatus::kClosed, "closed", "已关停"},
    {AccountStatus::kCancelled, "cancelled", "已注销"},
}};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

Status CheckText(const std::string& field, const std::string& v, size_t max_chars, bool required,
                 const char* label) {
  if (required && Trim(v).empty()) return Status::InvalidArgument(field, std::string(label) + "不能为空");
  if (Utf8Length(v) > max_chars) {
    return Status::InvalidArgument(field, std::string(label) + "不能超过 " +
                                              std::to_string(max_chars) + " 个字");
  }
  if (!IsValidUtf8(v)) return Status::InvalidArgument(field, std::string(label) + "不是有效的 UTF-8 文本");
  return Status::Ok();
}

Status CheckContact(const std::string& field, const Contact& c) {
  if (Status s = CheckText(field + ".name", c.name, kMaxNameChars, false, "姓名"); !s.ok()) return s;
  if (Status s = CheckText(field + ".title", c.title, kMaxNameChars, false, "职务"); !s.ok()) return s;
  if (!IsValidPhone(c.phone)) {
    return Status::InvalidArgument(field + ".phone", "联系方式应为手机号码或固定电话（如 0512-57512345）");
  }
  if (!c.phone.empty() && Trim(c.name).empty()) {
    return Status::InvalidArgument(field + ".name", "填写了联系方式时须填写姓名");
  }
  return Status::Ok();
}

Status CheckUrls(const std::string& field, const std::vector<std::string>& urls) {
  if (urls.size() > kMaxUrls) {
    return Status::InvalidArgument(field, "最多填写 " + std::to_string(kMaxUrls) + " 个地址");
  }
  for (size_t i = 0; i < urls.size(); ++i) {
    if (!IsHttpUrl(urls[i]) || urls[i].size() > 2000) {
      return Status::InvalidArgument(field + "[" + std::to_string(i) + "]",
                                     "地址须以 http:// 或 https:// 开头");
    }
  }
  return Status::Ok();
}

}  // namespace

const std::vector<Platform>& AllPlatforms() {
  static const std::vector<Platform> all = [] {
    std::vector<Platform> v;
    for (const auto& i : kPlatforms) v.push_back(i.p);
    return v;
  }();
  return all;
}
std::string_view PlatformId(Platform p) {
  for (const auto& i : kPlatforms)
    if (i.p == p) return i.id;
  return "other";
}
std::string_view PlatformLabel(Platform p) {
  for (const auto& i : kPlatforms)
    if (i.p == p) return i.label;
  return "其他";
}
std::optional<Platform> ParsePlatform(std::string_view id) {
  for (const auto& i : kPlatforms)
    if (i.id == id) return i.p;
  return std::nullopt;
}

const std::vector<AccountStatus>& AllAccountStatuses() {
  static const std::vector<AccountStatus> all = [] {
    std::vector<AccountStatus> v;
    for (const auto& i : kStatuses) v.push_back(i.s);
    return v;
  }();
  return all;
}
std::string_view AccountStatusId(AccountStatus s) {
  for (const auto& i : kStatuses)
    if (i.s == s) return i.id;
  return "applied";
}
std::string_view AccountStatusLabel(AccountStatus s) {
  for (const auto& i : kStatuses)
    if (i.s == s) return i.label;
  return "";
}
std::optional<AccountStatus> ParseAccountStatus(std::string_view id) {
  for (const auto& i : kStatuses)
    if (i.id == id) return i.s;
  return std::nullopt;
}
bool IsActive(AccountStatus s) {
  return s == AccountStatus::kApplied || s == AccountStatus::kApproved ||
         s == AccountStatus::kOpen || s == AccountStatus::kClosed;
}

bool IsValidPhone(std::string_view p) {
  if (p.empty()) return true;
  if (p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' && AllDigits(p)) return true;
  // Landline: 0 + 2–3 digit area code, optional '-', 7–8 digit number, optional "-ext".
  std::string_view rest = p;
  std::string_view ext;
  if (auto last = rest.rfind('-'); last != std::string_view::npos && last > 4) {
    ext = rest.substr(last + 1);
    std::string_view head = rest.substr(0, last);
    if (head.find('-') != std::string_view::npos || AllDigits(head)) {
      if (AllDigits(ext) && ext.size() <= 6) rest = head;
    }
  }
  std::string digits;
  size_t dash = rest.find('-');
  if (dash != std::string_view::npos) {
    std::string_view area = rest.substr(0, dash), num = rest.substr(dash + 1);
    if (!AllDigits(area) || !AllDigits(num) || area[0] != '0' || area.size() < 3 ||
        area.size() > 4 || num.size() < 7 || num.size() > 8)
      return false;
    return true;
  }
  return AllDigits(rest) && rest[0] == '0' && rest.size() >= 10 && rest.size() <= 12;
}

std::string MaskPhone(std::string_view phone) {
  if (phone.empty()) return "";
  if (phone.size() < 8) return std::string(phone.size(), '*');
  std::string out(phone);
  for (size_t i = 3; i + 4 < out.size(); ++i)
    if (out[i] != '-') out[i] = '*';
  return out;
}

Status ValidateAccountRecord(const AccountRecord& r, Date today) {
  if (r.unit_id <= 0) return Status::InvalidArgument("unit_id", "请选择主办单位");
  if (Status s = CheckText("name", r.name, kMaxNameChars, true, "账号名称"); !s.ok()) return s;
  if (Status s = CheckText("positioning", r.positioning, kMaxTextChars, false, "发布内容及功能定位"); !s.ok())
    return s;
  if (!r.url.empty() && !IsHttpUrl(r.url)) {
    return Status::InvalidArgument("url", "账号链接须以 http:// 或 https:// 开头");
  }
  if (Status s = CheckText("managing_office", r.managing_office, kMaxNameChars, false, "管理科室"); !s.ok())
    return s;
  if (Status s = CheckContact("main_leader", r.main_leader); !s.ok()) return s;
  if (Status s = CheckContact("deputy_leader", r.deputy_leader); !s.ok()) return s;
  if (Status s = CheckContact("chief_editor", r.chief_editor); !s.ok()) return s;
  if (r.staff.size() > kMaxStaff) {
    return Status::InvalidArgument("staff", "工作人员最多 " + std::to_string(kMaxStaff) + " 人");
  }
  for (size_t i = 0; i < r.staff.size(); ++i) {
    if (Status s = CheckContact("staff[" + std::to_string(i) + "]", r.staff[i]); !s.ok()) return s;
  }
  if (Status s = CheckUrls("app_download_urls", r.app_download_urls); !s.ok()) return s;
  if (Status s = CheckUrls("service_urls", r.service_urls); !s.ok()) return s;
  if (Status s = CheckUrls("feed_urls", r.feed_urls); !s.ok()) return s;
  if (r.opened_on && *r.opened_on > today) {
    return Status::InvalidArgument("opened_on", "开设日期不能晚于今天");
  }
  if (r.internal_body && Trim(r.internal_body_name).empty()) {
    return Status::InvalidArgument("internal_body_name", "内设机构开设的账号须填写内设机构名称");
  }
  if (Status s = CheckText("internal_body_name", r.internal_body_name, kMaxNameChars, false, "内设机构名称"); !s.ok())
    return s;
  if (Status s = CheckText("certification", r.certification, kMaxTextChars, false, "认证信息"); !s.ok())
    return s;
  if (Status s = CheckText("news_license_number", r.news_license_number, kMaxNameChars, false, "互联网新闻信息服务许可证编号");
      !s.ok())
    return s;
  if (Status s = CheckText("news_license_holder", r.news_license_holder, kMaxNameChars, false, "许可证持证单位"); !s.ok())
    return s;
  return Status::Ok();
}

Date InternalBodyCutoff() { return *Date::FromYmd(2019, 11, 10); }

std::vector<AccountWarning> ComputeWarnings(const AccountRecord& r, int64_t self_id,
                                            AccountStatus status, bool opened_without_application,
                                            const std::vector<SiblingAccount>& siblings, std::optional<Date> today) {
  std::vector<AccountWarning> out;
  if (IsActive(status)) {
    std::string others;
    for (const auto& s : siblings) {
      if (s.id == self_id || s.platform != r.platform || !IsActive(s.status)) continue;
      if (!others.empty()) others += "、";
      others += "「" + s.name + "」";
    }
    if (!others.empty()) {
      out.push_back({"same_platform_duplicate",
                     "本单位在" + std::string(PlatformLabel(r.platform)) + "已有账号" + others +
                         "，一个单位原则上在同一平台只开设一个账号"});
    }
  }
  if (r.internal_body && r.opened_on && *r.opened_on >= InternalBodyCutoff()) {
    out.push_back({"internal_body_new",
                   "内设机构于 2019-11-10 及以后新开设政务新媒体（单位内设机构不得新开设政务新媒体）"});
  }
  if (opened_without_application) {
    out.push_back({"opened_without_application", "未经市政府办公室批准即开设"});
  }
  const bool running = status == AccountStatus::kApplied || status == AccountStatus::kApproved || status == AccountStatus::kOpen;
  if (r.publishes_news && running) {
    std::string missing;
    auto need = [&](bool empty, const char* what) {
      if (empty) missing += (missing.empty() ? "" : "、") + std::string(what);
    };
    need(Trim(r.news_license_number).empty(), "许可证编号");
    need(Trim(r.news_license_holder).empty(), "持证单位");
    need(!r.news_license_valid_to, "有效期");
    if (Trim(r.news_license_number).empty()) {
      out.push_back({"news_license_missing",
                     "发布新闻信息，但未登记互联网新闻信息服务许可证（从事互联网新闻信息服务须具备相应资质）"});
    } else if (!missing.empty()) {
      out.push_back({"news_license_missing", "互联网新闻信息服务许可证登记不全：未填写" + missing});
    } else if (today && *r.news_license_valid_to < *today) {
      out.push_back({"news_license_expired", "互联网新闻信息服务许可证（" + r.news_license_number + "）有效期至 " +
                                                 r.news_license_valid_to->ToString() + "，已过期"});
    }
  }
  return out;
}

}  // namespace govmedia::core
