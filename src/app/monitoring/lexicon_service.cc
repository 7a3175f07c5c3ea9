#include "app/monitoring/lexicon_service.h"

#include <nlohmann/json.hpp>

#include "core/lexicon.h"
#include "core/text.h"
#include "storage/embedded.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr size_t kMaxAllow = 1000;

// The lexicon parser names a line as the scan contract prints it ("line 5"); people read "第 5 行".
Status InField(const char* field, const Status& s) {
  std::string where = s.field();
  if (where.starts_with("line ")) where = "第 " + where.substr(5) + " 行";
  return Status::InvalidArgument(field, where.empty() ? s.message() : where + "：" + s.message());
}
Status InTerms(const Status& s) { return InField("terms_tsv", s); }
constexpr size_t kMaxTsvBytes = 16 << 20;

}  // namespace

std::map<std::string, std::string> DefaultCategoryMap() {
  std::map<std::string, std::string> m;
  for (const char* c : {"secret", "harmful", "serious_error", "ad", "improper"})
    m[c] = core::IndicatorOfCategory(c);
  // Personal data published in a post is an improper release of content (内容发布不当).
  m["privacy"] = "improper_content";
  return m;
}

core::Result<LexiconVersion> LexiconService::Load(int64_t version) {
  auto r = storage::QueryOne(
      db_,
      "SELECT version, terms_tsv, categories, allow, note, created_by, created_at, "
      "(SELECT MAX(version) FROM lexicon_versions), leaders FROM lexicon_versions WHERE version = ?",
      {version});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("词库版本不存在") : r.status();
  LexiconVersion v;
  v.version = r->Int(0);
  v.terms_tsv = r->Text(1);
  v.categories = json::parse(r->Text(2)).get<std::map<std::string, std::string>>();
  v.allow = json::parse(r->Text(3)).get<std::vector<std::string>>();
  v.note = r->Text(4);
  v.created_by = r->Text(5);
  v.created_at = r->Text(6);
  v.active = r->Int(7) == v.version;
  v.leaders_tsv = r->Text(8);
  auto entries = core::ParseLexicon(v.terms_tsv);
  v.terms = entries.ok() ? static_cast<int64_t>(entries->size()) : 0;
  auto leaders = core::ParseLeaders(v.leaders_tsv);
  v.leaders = leaders.ok() ? static_cast<int64_t>(leaders->size()) : 0;
  return v;
}

Status LexiconService::EnsureDefault() {
  auto n = storage::QueryOne(db_, "SELECT COUNT(*) FROM lexicon_versions");
  if (!n.ok()) return n.status();
  if (n->Int(0) == 0) {
    Status s = db_.Exec(
        "INSERT INTO lexicon_versions (version, terms_tsv, categories, allow, note, created_by, "
        "created_at) "
        "VALUES (1, ?, ?, '[]', '内置默认词库', 'system', ?) ON CONFLICT DO NOTHING",
        {std::string(storage::Embedded("lexicon/default.tsv")), json(DefaultCategoryMap()).dump(),
         clock_.NowRfc3339()});
    if (!s.ok()) return s;
  }
  return monitor_.Refresh();
}

core::Result<std::vector<std::pair<std::string, std::string>>> LexiconService::Indicators() {
  auto set = scoring_.CurrentSet();
  if (!set.ok()) return set.status();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& i : set->set.inspection.indicators) out.emplace_back(i.id, i.name);
  return out;
}

core::Result<std::vector<LexiconVersion>> LexiconService::List(const core::Principal& p) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  auto rows = db_.Query("SELECT version FROM lexicon_versions ORDER BY version DESC");
  if (!rows.ok()) return rows.status();
  std::vector<LexiconVersion> out;
  for (const auto& r : *rows) {
    auto v = Load(r.Int(0));
    if (!v.ok()) return v.status();
    v->terms_tsv.clear();  // the list does not carry every term
    v->leaders_tsv.clear();
    out.push_back(std::move(*v));
  }
  return out;
}

core::Result<LexiconVersion> LexiconService::Get(const core::Principal& p, int64_t version) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  return Load(version);
}

core::Result<LexiconVersion> LexiconService::Publish(const core::Principal& p,
                                                     const LexiconDraft& d) {
  if (Status s = core::Authorize(p, core::Action::kManageMonitoring); !s.ok()) return s;
  if (d.terms_tsv.size() > kMaxTsvBytes)
    return Status::InvalidArgument("terms_tsv", "词库过大（最多 16 MB）");
  auto entries = core::ParseLexicon(d.terms_tsv);
  if (!entries.ok()) return InTerms(entries.status());
  if (entries->empty()) return Status::InvalidArgument("terms_tsv", "词库没有任何词条");
  if (d.allow.size() > kMaxAllow) return Status::InvalidArgument("allow", "允许短语最多 1000 条");
  std::vector<std::string> allow;
  for (size_t i = 0; i < d.allow.size(); ++i) {
    const std::string phrase(core::Trim(d.allow[i]));
    if (phrase.empty())
      return Status::InvalidArgument("allow[" + std::to_string(i) + "]", "不能为空");
    if (!core::IsValidUtf8(phrase) || phrase.find_first_of("\t\n") != std::string::npos)
      return Status::InvalidArgument("allow[" + std::to_string(i) + "]", "应为一行文字");
    allow.push_back(phrase);
  }
  auto indicators = Indicators();
  if (!indicators.ok()) return indicators.status();
  // What the draft leaves out is the active version's.
  auto newest = storage::QueryOne(db_, "SELECT MAX(version) FROM lexicon_versions");
  if (!newest.ok()) return newest.status();
  auto active = newest->IsNull(0) ? core::Result<LexiconVersion>(Status::NotFound("")) : Load(newest->Int(0));
  const std::map<std::string, std::string> categories =
      d.categories ? *d.categories : active.ok() ? active->categories : DefaultCategoryMap();
  const std::string leaders_tsv = d.leaders_tsv ? *d.leaders_tsv : active.ok() ? active->leaders_tsv : "";
  if (leaders_tsv.size() > kMaxTsvBytes)
    return Status::InvalidArgument("leaders_tsv", "领导职务表过大（最多 16 MB）");
  auto leaders = core::ParseLeaders(leaders_tsv);
  if (!leaders.ok()) return InField("leaders_tsv", leaders.status());
  for (const auto& [category, indicator] : categories) {
    const std::string field = "categories." + category;
    if (category.empty() ||
        category.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
      return Status::InvalidArgument(field, "类别应为小写字母和下划线");
    bool known = false;
    for (const auto& [id, name] : *indicators) known = known || id == indicator;
    if (!known) return Status::InvalidArgument(field, "指标不存在：" + indicator);
  }
  // The scanner must accept it before it is stored: a version that cannot run is never active.
  if (Status s = monitor_.Check(d.terms_tsv, allow); !s.ok()) {
    return s.field().starts_with("allow") ? s : InTerms(s);
  }
  int64_t version = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto next =
        storage::QueryOne(db_, "SELECT COALESCE(MAX(version), 0) + 1 FROM lexicon_versions");
    if (!next.ok()) return next.status();
    version = next->Int(0);
    const std::string now = clock_.NowRfc3339();
    if (Status s = db_.Exec("INSERT INTO lexicon_versions (version, terms_tsv, categories, allow, "
                            "note, created_by, created_at, leaders) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            {version, d.terms_tsv, json(categories).dump(), json(allow).dump(),
                             std::string(core::Trim(d.note)), p.username, now, leaders_tsv});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "lexicon.publish", "lexicon", std::to_string(version),
                          "",
                          json{{"version", version},
                               {"terms", entries->size()},
                               {"categories", categories},
                               {"allow", allow},
                               {"leaders", leaders->size()},
                               {"note", d.note}}
                              .dump()});
  });
  if (!st.ok()) return st;
  if (Status s = monitor_.Refresh(); !s.ok()) return s;
  return Load(version);
}

}  // namespace govmedia::app
