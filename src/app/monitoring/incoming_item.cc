#include "app/monitoring/incoming_item.h"

#include <simdjson.h>

#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Status;

namespace {
// A platform's post id is short (WeChat's longest are under 100 characters); a WeChat article
// runs to some tens of thousands of characters.
constexpr size_t kMaxIdChars = 200;
constexpr size_t kMaxTextChars = 200'000;
constexpr int64_t kMaxCount = 1'000'000'000'000;  // beyond any platform's counter
}  // namespace

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
  if (auto why = core::TextProblem(*raw.id, kMaxIdChars, false); !why.empty())
    return Status::InvalidArgument("id", why);
  p.platform_post_id = *raw.id;
  if (comment) {
    if (!raw.post_id || raw.post_id->empty())
      return Status::InvalidArgument("post_id", "应为留言所属帖子的平台编号");
    if (auto why = core::TextProblem(*raw.post_id, kMaxIdChars, false); !why.empty())
      return Status::InvalidArgument("post_id", why);
    p.parent_platform_id = *raw.post_id;
    p.author = raw.author.value_or("");
    if (auto why = core::TextProblem(p.author, 100, false); !why.empty())
      return Status::InvalidArgument("author", "留言者名称" + why);
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
  if (auto why = core::TextProblem(*raw.text, kMaxTextChars, true); !why.empty())
    return Status::InvalidArgument("text", "正文" + why);
  p.text = *raw.text;
  p.url = raw.url.value_or("");
  if (!p.url.empty() && !core::IsHttpUrl(p.url))
    return Status::InvalidArgument("url", "应为 http:// 或 https:// 开头的有效链接");
  if (raw.metrics_not_object)
    return Status::InvalidArgument("metrics", "应为对象，如 {\"reads\": 1200, \"likes\": 35}");
  if (raw.metrics) {
    storage::EngagementCounts m;
    for (const auto& [key, value] : *raw.metrics) {
      std::optional<int64_t>* slot = key == "reads"      ? &m.reads
                                     : key == "likes"    ? &m.likes
                                     : key == "reposts"  ? &m.reposts
                                     : key == "comments" ? &m.comments
                                                         : nullptr;
      if (!slot) return Status::InvalidArgument("metrics." + key, "未知的计数（可用 reads、likes、reposts、comments）");
      if (!value || *value < 0 || *value > kMaxCount)
        return Status::InvalidArgument("metrics." + key, "应为不小于 0 的整数");
      *slot = *value;
    }
    p.metrics = m;
  }
  return p;
}

core::Result<std::vector<NumberedItem>> ReadJsonLines(std::string_view t) {
  std::vector<NumberedItem> out;
  simdjson::dom::parser parser;
  auto text = [](simdjson::dom::element doc, const char* key) -> std::optional<std::string> {
    std::string_view v;
    if (doc[key].get_string().get(v) != simdjson::SUCCESS) return std::nullopt;
    return std::string(v);
  };
  size_t pos = 0;
  int n = 0;
  while (pos < t.size()) {
    size_t end = t.find('\n', pos);
    if (end == std::string_view::npos) end = t.size();
    std::string_view line = t.substr(pos, end - pos);
    pos = end + 1;
    ++n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    simdjson::dom::element doc;
    // parse(const char*, size_t) copies into the parser's padded buffer: no read past the line.
    if (parser.parse(line.data(), line.size()).get(doc) || !doc.is_object())
      return Status::InvalidArgument("第 " + std::to_string(n) + " 行", "不是有效的 JSON 对象");
    NumberedItem item{n, {}};
    int64_t account = 0;
    if (doc["account_id"].get_int64().get(account) == simdjson::SUCCESS) item.raw.account_id = account;
    item.raw.id = text(doc, "id");
    item.raw.post_id = text(doc, "post_id");
    item.raw.published_at = text(doc, "published_at");
    item.raw.text = text(doc, "text");
    item.raw.url = text(doc, "url");
    item.raw.author = text(doc, "author");
    simdjson::dom::element metrics;
    if (doc["metrics"].get(metrics) == simdjson::SUCCESS) {
      simdjson::dom::object counts;
      if (metrics.get_object().get(counts) != simdjson::SUCCESS) {
        item.raw.metrics_not_object = true;
      } else {
        item.raw.metrics.emplace();
        for (auto field : counts) {
          int64_t v = 0;
          const bool integer = field.value.get_int64().get(v) == simdjson::SUCCESS;
          item.raw.metrics->emplace_back(std::string(field.key), integer ? std::optional<int64_t>(v) : std::nullopt);
        }
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace govmedia::app
