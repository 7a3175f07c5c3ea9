// Accounts (政务新媒体账号) as kept in the registry (台账): every field of the filing form of
// 附件4 plus what monitoring and inspection need, the rules that validate a record, and the
// warnings the registry stores with it. Pure data and functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace govmedia::core {

enum class Platform {
  kWeibo, kWechatSubscription, kWechatService, kDouyin, kKuaishou, kToutiao, kWechatChannels,
  kBilibili, kApp, kMiniProgram, kOther
};
/// Every platform, in display order.
const std::vector<Platform>& AllPlatforms();
std::string_view PlatformId(Platform p);     // "wechat_subscription"
std::string_view PlatformLabel(Platform p);  // "微信订阅号"
std::optional<Platform> ParsePlatform(std::string_view id);

/// Where an account stands in its lifecycle (see lifecycle.h for the moves between them).
enum class AccountStatus { kApplied, kRejected, kApproved, kOpen, kClosed, kCancelled };
const std::vector<AccountStatus>& AllAccountStatuses();
std::string_view AccountStatusId(AccountStatus s);     // "applied"
std::string_view AccountStatusLabel(AccountStatus s);  // "申请中"
std::optional<AccountStatus> ParseAccountStatus(std::string_view id);
/// Open or closed-but-not-cancelled accounts count as running for the one-per-platform rule.
bool IsActive(AccountStatus s);

/// A person on the form: 姓名, 职务, 联系方式. The phone is personal data.
struct Contact {
  std::string name;
  std::string title;
  std::string phone;
  bool empty() const { return name.empty() && title.empty() && phone.empty(); }
};

/// The fields a unit keeps for an account; what the filing form prints.
struct AccountRecord {
  int64_t unit_id = 0;
  std::string name;             // 账号名称
  Platform platform = Platform::kOther;  // 账号平台
  std::string positioning;      // 发布内容及功能定位
  std::string url;              // 账号链接
  std::string managing_office;  // 管理科室
  Contact main_leader;          // 主要领导
  Contact deputy_leader;        // 分管领导
  Contact chief_editor;         // 总编辑
  std::vector<Contact> staff;   // 工作人员
  std::vector<std::string> app_download_urls;
  std::vector<std::string> service_urls;  // service menus, mini programs: checked for availability
  std::vector<std::string> feed_urls;
  std::optional<Date> opened_on;
  bool internal_body = false;      // run by an internal body (内设机构) of the unit
  std::string internal_body_name;
  std::string certification;       // 公开认证信息
  bool interaction_enabled = true;
  // 从事互联网新闻信息服务（发布、转载新闻信息）的，须具备相应资质: the account publishes news, and
  // its 互联网新闻信息服务许可证 (number, holder, last day of validity).
  bool publishes_news = false;
  std::string news_license_number;
  std::string news_license_holder;
  std::optional<Date> news_license_valid_to;
};

/// Limits the validator enforces; named so the messages and tests agree.
inline constexpr size_t kMaxStaff = 10;
inline constexpr size_t kMaxUrls = 10;
inline constexpr size_t kMaxNameChars = 60;
inline constexpr size_t kMaxTextChars = 2000;

/// Checks a record; the first problem found, naming its field ("staff[1].phone"), or Ok.
Status ValidateAccountRecord(const AccountRecord& r, Date today);

/// A mainland mobile (1[3-9] + 9 digits) or a landline (0 + area code, optional '-', 7–8 digits,
/// optional "-ext"). Empty is allowed: the form's contact fields are not all mandatory.
bool IsValidPhone(std::string_view phone);
/// "138****5678": keeps the first 3 and last 4 digits, masks the rest; short values fully masked.
std::string MaskPhone(std::string_view phone);

/// A warning stored with an account; code is stable, message is Chinese.
struct AccountWarning {
  std::string code;
  std::string message;
};

/// What the warning rules need to know about the unit's other accounts.
struct SiblingAccount {
  int64_t id = 0;
  std::string name;
  Platform platform = Platform::kOther;
  AccountStatus status = AccountStatus::kOpen;
};

/// The date from which an internal body may no longer open an account: the day after the
/// document's issue date (2019-11-09), per PRODUCT.md's interpretation.
Date InternalBodyCutoff();

/// Warnings for an account: a second running or pending account of the same unit on the same
/// platform (一个单位原则上在同一平台只开设一个账号), an internal-body account opened on or after the
/// cut-off, an account opened without an approved application; for an account that publishes news
/// and is not closed, a news-service licence not recorded in full (news_license_missing) or, with
/// `today`, one whose validity ended before today (news_license_expired).
std::vector<AccountWarning> ComputeWarnings(const AccountRecord& r, int64_t self_id,
                                            AccountStatus status, bool opened_without_application,
                                            const std::vector<SiblingAccount>& siblings,
                                            std::optional<Date> today = std::nullopt);

}  // namespace govmedia::core
