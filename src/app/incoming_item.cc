#include "app/incoming_item.h"

#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;

core::Result<storage::IncomingPost> CheckItem(const RawItem& raw, std::string_view kind,
                                              const std::function<bool(int64_t)>& account_exists) {
  const bool comment = kind == storage::kKindComment;
  storage::IncomingPost p;
  p.kind = std::string(kind);
  if (!raw.account_id) return Status::InvalidArgument("account_id", "应为账号编号（整数）");
  if (!account_exists(*raw.account_id)) return Status::InvalidArgument("account_id", "账号不存在");
  p.account_id = *raw.account_id;
  if (!raw.id || raw.id->empty())
    return Status::InvalidArgument(
        "id", comment ? "应为平台上的留言编号（文本）" : "应为平台上的帖子编号（文本）");
  p.platform_post_id = *raw.id;
  if (comment) {
    if (!raw.post_id || raw.post_id->empty())
      return Status::InvalidArgument("post_id", "应为留言所属帖子的平台编号");
    p.parent_platform_id = *raw.post_id;
    p.author = raw.author.value_or("");
    if (core::Utf8Length(p.author) > 100)
      return Status::InvalidArgument("author", "留言者名称过长（最多 100 个字）");
  }
  if (!raw.published_at || raw.published_at->empty())
    return Status::InvalidArgument("published_at", "缺少发布时间");
  auto epoch = core::ParseRfc3339(*raw.published_at);
  if (!epoch)
    return Status::InvalidArgument("published_at",
                                   "时间格式应为 RFC 3339（如 2024-10-18T10:00:00+08:00）");
  p.published_at = *raw.published_at;
  p.published_epoch = *epoch;
  if (!raw.text) return Status::InvalidArgument("text", "缺少正文");
  if (!core::IsValidUtf8(*raw.text)) return Status::InvalidArgument("text", "正文不是有效的 UTF-8");
  p.text = *raw.text;
  p.url = raw.url.value_or("");
  return p;
}

}  // namespace govmedia::app
