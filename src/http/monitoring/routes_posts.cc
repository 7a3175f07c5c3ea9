// Search of the archive of posts, with the query's places and the lexicon hits to highlight.
#include <algorithm>

#include "core/timestamp.h"
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

using core::Status;

namespace {

// Code-point offsets of every occurrence of `q` in `text`.
json Matches(const std::string& text, const std::string& q) {
  json out = json::array();
  if (q.empty()) return out;
  auto code_points = [](std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  const size_t qcp = code_points(q);
  // Count code points incrementally between occurrences instead of from the start each time.
  size_t counted_bytes = 0, counted_cps = 0;
  for (size_t pos = text.find(q); pos != std::string::npos; pos = text.find(q, pos + q.size())) {
    counted_cps += code_points(std::string_view(text).substr(counted_bytes, pos - counted_bytes));
    counted_bytes = pos;
    out.push_back({{"start", counted_cps}, {"end", counted_cps + qcp}});
  }
  return out;
}

json OptText(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json PostJson(const storage::PostSearchRow& x, const std::string& query) {
  json hits = json::array();
  for (const auto& h : x.hits) {
    hits.push_back({{"category", h.category}, {"term", h.term}, {"start", h.start}, {"end", h.end},
                    {"matched", h.matched}, {"level", h.level}, {"suggestion", h.suggestion},
                    {"context", h.context}, {"note", h.note}});
  }
  return {{"post_id", x.post_id}, {"kind", x.kind}, {"platform_post_id", x.platform_post_id},
          {"parent_id", x.parent_platform_id}, {"author", x.author}, {"account_id", x.account_id},
          {"account_name", x.account_name}, {"unit_name", x.unit_name}, {"platform", x.platform},
          {"published_at", x.published_at}, {"version", x.version}, {"versions", x.versions},
          {"deleted", x.deleted}, {"deleted_at", OptText(x.deleted_at)},
          {"not_seen_since", OptText(x.not_seen_since)}, {"date_missing", x.date_missing},
          {"url", x.url}, {"content_hash", x.content_hash}, {"first_seen", x.first_seen},
          {"last_seen", x.last_seen}, {"text", x.text}, {"matches", Matches(x.text, query)}, {"hits", hits}};
}

}  // namespace

void RegisterPostRoutes(Router& r, app::Node& node) {
  storage::PostStore& posts = node.posts();
  r.Get("/api/posts", Access::kSession, [&posts](Ctx& c) -> core::Result<json> {
    if (Status s = core::Authorize(c.principal(), core::Action::kReadRegistry); !s.ok()) return s;
    storage::PostSearchFilter f;
    f.query = c.Query("q");
    if (f.query.size() > 200) return Status::InvalidArgument("q", "关键词过长");
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    auto account = QueryInt(c.Query("account_id"), "account_id");
    if (!account.ok()) return account.status();
    f.unit_id = *unit;
    f.account_id = *account;
    if (auto scope = core::ScopeUnit(c.principal())) {
      if (f.unit_id && *f.unit_id != *scope) return json{{"items", json::array()}, {"total", 0}};
      f.unit_id = scope;
    }
    f.platform = c.Query("platform");
    f.category = c.Query("category");
    f.kind = c.Query("kind");
    if (!f.kind.empty() && f.kind != storage::kKindPost && f.kind != storage::kKindComment)
      return Status::InvalidArgument("kind", "应为 post 或 comment");
    for (const char* key : {"from", "to"}) {
      const std::string v = c.Query(key);
      if (v.empty()) continue;
      auto d = core::Date::Parse(v);
      if (!d) return Status::InvalidArgument(key, "日期格式应为 YYYY-MM-DD");
      const int64_t start = d->AddDays(std::string(key) == "to" ? 1 : 0).days() * core::kSecondsPerDay -
                            core::kBeijingOffsetMinutes * 60;
      (std::string(key) == "from" ? f.from_epoch : f.to_epoch) = start;
    }
    auto page = QueryPage(c.Query("page"), c.Query("page_size"));
    if (!page.ok()) return page.status();
    f.limit = page->limit;
    f.offset = page->offset;
    // Counted up to 10,000: past that, "more than" is all a page needs to say.
    constexpr int64_t kCountUpTo = 10000;
    f.count_up_to = kCountUpTo;
    int64_t total = 0;
    auto rows = posts.Search(f, &total);
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (const auto& x : *rows) items.push_back(PostJson(x, f.query));
    return json{{"items", items}, {"total", std::min(total, kCountUpTo)}, {"total_capped", total > kCountUpTo}};
  });

  // One post with the evidence behind it: every version with its SHA-256 and the fetch that
  // captured it, and every look at its own page when it went missing from its feed.
  r.Get("/api/posts/{id}", Access::kSession, [&posts](Ctx& c) -> core::Result<json> {
    auto d = posts.Detail(c.PathId());
    if (!d.ok()) return d.status().IsNotFound() ? Status::NotFound("帖子不存在") : d.status();
    if (Status s = core::Authorize(c.principal(), core::Action::kReadRegistry, d->unit_id); !s.ok()) return s;
    json out = PostJson(d->post, "");
    json versions = json::array();
    for (const auto& v : d->versions) {
      json fetch = nullptr;
      if (v.fetch) {
        fetch = {{"id", v.fetch->id}, {"url", v.fetch->url}, {"fetched_at", v.fetch->fetched_at},
                 {"outcome", v.fetch->outcome}, {"reason", v.fetch->reason}, {"http_status", v.fetch->http_status}};
      }
      versions.push_back({{"version", v.version}, {"content_hash", v.content_hash}, {"text", v.text},
                          {"url", v.url}, {"seen_at", v.seen_at}, {"fetch", fetch}});
    }
    json checks = json::array();
    for (const auto& k : d->deletion_checks) {
      checks.push_back({{"checked_at", k.checked_at}, {"url", k.url}, {"verdict", k.verdict},
                        {"http_status", k.http_status}, {"body_sha256", k.body_sha256}, {"excerpt", k.excerpt},
                        {"marker", k.marker}, {"detail", k.detail}});
    }
    out["version_history"] = versions;
    out["deletion_checks"] = checks;
    return out;
  });
}

}  // namespace govmedia::http
