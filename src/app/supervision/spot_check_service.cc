#include "app/supervision/spot_check_service.h"

#include <sodium.h>

#include <map>
#include <set>

#include "app/xlsx_file.h"
#include "core/text.h"
#include "core/timestamp.h"

namespace govmedia::app {

using core::Action;
using core::Status;
using nlohmann::json;

namespace {

constexpr const char* kIssuer = "昆山市人民政府办公室";

std::string PlatformLabelOf(const std::string& id) {
  auto p = core::ParsePlatform(id);
  return p ? std::string(core::PlatformLabel(*p)) : id;
}

}  // namespace

json RoundResults(const Round& r) {
  struct Tally {
    std::string label;
    int checked = 0, qualified = 0;
  };
  std::map<int64_t, Tally> units;
  std::map<std::string, Tally> platforms;
  int checked = 0, qualified = 0;
  for (const auto& i : r.items) {
    if (!i.inspection || i.inspection->status != "closed") continue;
    const bool ok = i.inspection->verdict.value_or("") == "qualified";
    for (Tally* t : {&units[i.unit_id], &platforms[i.platform]}) {
      t->checked++;
      t->qualified += ok;
    }
    units[i.unit_id].label = i.unit_name;
    platforms[i.platform].label = PlatformLabelOf(i.platform);
    checked++;
    qualified += ok;
  }
  auto rate = [](int q, int c) {
    return c == 0 ? json(nullptr) : json(static_cast<double>(q) / c);
  };
  json by_unit = json::array(), by_platform = json::array();
  for (const auto& [id, t] : units)
    by_unit.push_back({{"unit_id", id},
                       {"unit_name", t.label},
                       {"checked", t.checked},
                       {"qualified", t.qualified},
                       {"rate", rate(t.qualified, t.checked)}});
  for (const auto& [id, t] : platforms)
    by_platform.push_back({{"platform", id},
                           {"platform_label", t.label},
                           {"checked", t.checked},
                           {"qualified", t.qualified},
                           {"rate", rate(t.qualified, t.checked)}});
  return {{"checked", checked},
          {"qualified", qualified},
          {"rate", rate(qualified, checked)},
          {"by_unit", by_unit},
          {"by_platform", by_platform}};
}

core::Result<Round> SpotCheckService::Load(int64_t id) {
  auto r = storage::QueryOne(db_,
                             "SELECT id, year, quarter, name, method, ratio, count, seed, "
                             "monitoring_time, population_json, "
                             "status, created_by, created_at, finished_at, (SELECT id FROM notices "
                             "n WHERE n.round_id = r.id) "
                             "FROM spot_rounds r WHERE id = ?",
                             {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("抽查轮次不存在") : r.status();
  Round x;
  x.id = r->Int(0);
  x.year = static_cast<int>(r->Int(1));
  x.quarter = static_cast<int>(r->Int(2));
  x.name = r->Text(3);
  x.method = r->Text(4);
  if (!r->IsNull(5)) x.ratio = std::stod(r->Text(5));
  if (!r->IsNull(6)) x.count = r->Int(6);
  x.seed = r->Int(7);
  x.monitoring_time = r->Text(8);
  x.strata = json::parse(r->Text(9));
  x.status = r->Text(10);
  x.created_by = r->Text(11);
  x.created_at = r->Text(12);
  x.finished_at = r->OptText(13);
  if (!r->IsNull(14)) x.notice_id = r->Int(14);
  auto items = db_.Query(
      "SELECT i.id, i.account_id, a.name, a.unit_id, u.name, a.platform, i.source, i.inspector, "
      "i.inspection_id "
      "FROM spot_round_items i JOIN accounts a ON a.id = i.account_id JOIN units u ON u.id = "
      "a.unit_id "
      "WHERE i.round_id = ? ORDER BY u.id, a.platform, a.id",
      {id});
  if (!items.ok()) return items.status();
  storage::ScoringStore inspections(db_);
  for (const auto& it : *items) {
    RoundItem item{it.Int(0),  it.Int(1),  it.Text(2),    it.Int(3),   it.Text(4),
                   it.Text(5), it.Text(6), it.OptText(7), std::nullopt};
    if (!it.IsNull(8)) {
      auto row = inspections.GetInspection(it.Int(8));
      if (!row.ok()) return row.status();
      item.inspection = std::move(*row);
    }
    x.items.push_back(std::move(item));
  }
  return x;
}

core::Result<std::vector<Round>> SpotCheckService::List(const core::Principal& p,
                                                        std::optional<int> year) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  auto rows = year ? db_.Query("SELECT id FROM spot_rounds WHERE year = ? ORDER BY id DESC",
                               {static_cast<int64_t>(*year)})
                   : db_.Query("SELECT id FROM spot_rounds ORDER BY id DESC");
  if (!rows.ok()) return rows.status();
  std::vector<Round> out;
  for (const auto& r : *rows) {
    auto x = Get(p, r.Int(0));
    if (!x.ok()) return x.status();
    out.push_back(std::move(*x));
  }
  return out;
}

core::Result<Round> SpotCheckService::Get(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  auto r = Load(id);
  if (!r.ok()) return r.status();
  // A unit operator sees the round's items of the unit only (other units' results are the
  // office's).
  if (auto scope = core::ScopeUnit(p)) {
    std::erase_if(r->items, [&](const RoundItem& i) { return i.unit_id != *scope; });
    // …and the sampling strata of the unit only: another unit's population is not its business.
    nlohmann::json own = nlohmann::json::array();
    for (const auto& stratum : r->strata)
      if (stratum.value("unit_id", int64_t{0}) == *scope) own.push_back(stratum);
    r->strata = std::move(own);
  }
  return r;
}

core::Result<Round> SpotCheckService::Create(const core::Principal& p, const NewRound& n) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  if (n.year < 2019 || n.year > 2100)
    return Status::InvalidArgument("year", "年份应在 2019–2100 之间");
  if (n.quarter < 1 || n.quarter > 4) return Status::InvalidArgument("quarter", "季度应为 1–4");
  const std::string name(core::Trim(n.name));
  if (name.empty() || core::Utf8Length(name) > 100)
    return Status::InvalidArgument("name", "名称应为 1–100 个字");
  auto epoch = core::ParseRfc3339(n.monitoring_time);
  if (!epoch)
    return Status::InvalidArgument("monitoring_time",
                                   "时间格式应为 RFC 3339（如 2024-10-18T10:00:00+08:00）");
  if (*epoch > clock_.NowSeconds() + 60)
    return Status::InvalidArgument("monitoring_time", "监测时间点不能晚于现在");
  core::SampleSpec spec = n.spec;
  // A seed fits in 31 bits so it reads the same in every JSON client (JavaScript's numbers
  // included).
  if (!n.seed_given) spec.seed = randombytes_uniform(0x7fffffff);
  auto open = db_.Query(
      "SELECT a.id, a.unit_id, a.platform FROM accounts a JOIN units u ON u.id = a.unit_id "
      "WHERE a.status = 'open' AND u.is_city_office = 0 AND u.retired = 0");
  if (!open.ok()) return open.status();
  std::vector<core::Candidate> population;
  std::set<int64_t> open_ids;
  for (const auto& r : *open) {
    population.push_back({r.Int(0), r.Int(1), r.Text(2)});
    open_ids.insert(r.Int(0));
  }
  for (size_t i = 0; i < n.extra_account_ids.size(); ++i) {
    if (!open_ids.count(n.extra_account_ids[i]))
      return Status::InvalidArgument("extra_account_ids[" + std::to_string(i) + "]",
                                     "账号不存在或未开设");
  }
  auto strata = core::DrawSample(population, spec);
  if (!strata.ok()) return strata.status();
  json strata_json = json::array();
  std::vector<int64_t> sampled;
  for (const auto& s : *strata) {
    strata_json.push_back({{"unit_id", s.unit_id},
                           {"platform", s.platform},
                           {"population", s.population},
                           {"sampled", s.sampled}});
    sampled.insert(sampled.end(), s.sampled.begin(), s.sampled.end());
  }
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    const bool ratio = spec.method == core::SampleSpec::Method::kRatio;
    auto made = db_.Insert(
        "INSERT INTO spot_rounds (year, quarter, name, method, ratio, count, seed, "
        "monitoring_time, population_json, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {static_cast<int64_t>(n.year), static_cast<int64_t>(n.quarter), name,
         std::string(ratio ? "ratio" : "count"),
         ratio ? storage::Value(spec.ratio) : storage::Value(),
         ratio ? storage::Value() : storage::Value(int64_t{spec.count}),
         static_cast<int64_t>(spec.seed), n.monitoring_time, strata_json.dump(), p.username, now});
    if (!made.ok()) return made.status();
    id = *made;
    for (int64_t a : sampled) {
      if (Status s = db_.Exec(
              "INSERT INTO spot_round_items (round_id, account_id, source) VALUES (?, ?, 'sample')",
              {id, a});
          !s.ok())
        return s;
    }
    for (int64_t a : n.extra_account_ids) {
      if (Status s = db_.Exec(
              "INSERT INTO spot_round_items (round_id, account_id, source) VALUES (?, ?, 'manual') "
              "ON CONFLICT DO NOTHING",
              {id, a});
          !s.ok())
        return s;
    }
    return audit_.Append({0, now, p.username, "spot_round.create", "spot_round", std::to_string(id),
                          "",
                          json{{"year", n.year},
                               {"quarter", n.quarter},
                               {"name", name},
                               {"method", ratio ? "ratio" : "count"},
                               {"ratio", spec.ratio},
                               {"count", spec.count},
                               {"seed", spec.seed},
                               {"sampled", sampled},
                               {"manual", n.extra_account_ids}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return Load(id);
}

core::Result<Round> SpotCheckService::AddAccount(const core::Principal& p, int64_t round_id,
                                                 int64_t account_id) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  auto r = Load(round_id);
  if (!r.ok()) return r.status();
  if (r->status != "open") return Status::Conflict("本轮抽查已完成");
  auto acc = storage::QueryOne(db_, "SELECT status FROM accounts WHERE id = ?", {account_id});
  if (!acc.ok() || acc->Text(0) != "open")
    return Status::InvalidArgument("account_id", "账号不存在或未开设");
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec(
            "INSERT INTO spot_round_items (round_id, account_id, source) VALUES (?, ?, 'manual')",
            {round_id, account_id});
        !s.ok())
      return s.IsConflict() ? Status::Conflict("该账号已在本轮抽查中") : s;
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "spot_round.add", "spot_round",
                          std::to_string(round_id), "", json{{"account_id", account_id}}.dump()});
  });
  if (!st.ok()) return st;
  return Load(round_id);
}

core::Result<Round> SpotCheckService::Assign(const core::Principal& p, int64_t round_id,
                                             const std::vector<int64_t>& item_ids,
                                             const std::string& inspector) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  auto user = storage::QueryOne(db_, "SELECT role FROM users WHERE username = ?", {inspector});
  if (!user.ok() || (user->Text(0) != "inspector" && user->Text(0) != "city_admin"))
    return Status::InvalidArgument("inspector", "应为检查员或市政府办公室管理员的用户名");
  if (item_ids.empty()) return Status::InvalidArgument("item_ids", "请选择要分派的账号");
  Status st = db_.Transaction([&]() -> Status {
    for (size_t i = 0; i < item_ids.size(); ++i) {
      auto item = storage::QueryOne(db_, "SELECT round_id FROM spot_round_items WHERE id = ?",
                                    {item_ids[i]});
      if (!item.ok() || item->Int(0) != round_id)
        return Status::InvalidArgument("item_ids[" + std::to_string(i) + "]", "不属于本轮抽查");
      if (Status s = db_.Exec("UPDATE spot_round_items SET inspector = ? WHERE id = ?",
                              {inspector, item_ids[i]});
          !s.ok())
        return s;
    }
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "spot_round.assign", "spot_round",
                          std::to_string(round_id), "",
                          json{{"item_ids", item_ids}, {"inspector", inspector}}.dump()});
  });
  if (!st.ok()) return st;
  return Load(round_id);
}

core::Result<int64_t> SpotCheckService::StartInspection(const core::Principal& p, int64_t item_id) {
  if (Status s = core::Authorize(p, Action::kInspect); !s.ok()) return s;
  auto item = storage::QueryOne(
      db_,
      "SELECT i.round_id, i.account_id, i.inspector, i.inspection_id, r.monitoring_time, r.status "
      "FROM spot_round_items i JOIN spot_rounds r ON r.id = i.round_id WHERE i.id = ?",
      {item_id});
  if (!item.ok())
    return item.status().IsNotFound() ? Status::NotFound("抽查账号不存在") : item.status();
  if (!item->IsNull(3)) return item->Int(3);
  if (item->Text(5) != "open") return Status::Conflict("本轮抽查已完成");
  if (p.role == core::Role::kInspector && item->OptText(2) && *item->OptText(2) != p.username)
    return Status::PermissionDenied("该账号已分派给 " + *item->OptText(2));
  int64_t inspection = 0;
  Status st = db_.Transaction([&]() -> Status {
    auto v = scoring_.Create(p, {item->Int(1), "city", "", item->Text(4)});
    if (!v.ok()) return v.status();
    inspection = v->row.id;
    return db_.Exec("UPDATE spot_round_items SET inspection_id = ? WHERE id = ?",
                    {inspection, item_id});
  });
  if (!st.ok()) return st;
  return inspection;
}

core::Result<MyInspections> SpotCheckService::MyPending(const core::Principal& p) {
  if (Status s = core::Authorize(p, Action::kInspect); !s.ok()) return s;
  auto rows = db_.Query(
      "SELECT i.id, i.account_id, a.name, a.unit_id, u.name, a.platform, i.source, i.inspector, i.inspection_id, "
      "r.id, r.name, r.monitoring_time, ins.status "
      "FROM spot_round_items i JOIN spot_rounds r ON r.id = i.round_id JOIN accounts a ON a.id = i.account_id "
      "JOIN units u ON u.id = a.unit_id LEFT JOIN inspections ins ON ins.id = i.inspection_id "
      "WHERE i.inspector = ? AND r.status = 'open' ORDER BY r.id, u.id, a.platform, a.id",
      {p.username});
  if (!rows.ok()) return rows.status();
  MyInspections out;
  storage::ScoringStore inspections(db_);
  for (const auto& it : *rows) {
    if (it.Text(12) == "closed") {
      ++out.done;
      continue;
    }
    PendingItem x{{it.Int(0), it.Int(1), it.Text(2), it.Int(3), it.Text(4), it.Text(5), it.Text(6), it.OptText(7),
                   std::nullopt},
                  it.Int(9),
                  it.Text(10),
                  it.Text(11)};
    if (!it.IsNull(8)) {
      auto row = inspections.GetInspection(it.Int(8));
      if (!row.ok()) return row.status();
      x.item.inspection = std::move(*row);
    }
    out.pending.push_back(std::move(x));
  }
  return out;
}

core::Result<Round> SpotCheckService::Finish(const core::Principal& p, int64_t round_id) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  auto r = Load(round_id);
  if (!r.ok()) return r.status();
  if (r->status != "open") return Status::Conflict("本轮抽查已完成");
  for (const auto& i : r->items) {
    if (!i.inspection || i.inspection->status != "closed")
      return Status::Conflict("还有未完成的检查：" + i.unit_name + "「" + i.account_name + "」");
  }
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    if (Status s =
            db_.Exec("UPDATE spot_rounds SET status = 'finished', finished_at = ? WHERE id = ?",
                     {now, round_id});
        !s.ok())
      return s;
    return audit_.Append({0, now, p.username, "spot_round.finish", "spot_round",
                          std::to_string(round_id), "", RoundResults(*r).dump()});
  });
  if (!st.ok()) return st;
  return Load(round_id);
}

core::Result<json> SpotCheckService::NoticeBody(const Round& r) {
  auto set = scoring_.CurrentSet();
  if (!set.ok()) return set.status();
  auto name_of = [&](const std::string& id) {
    const auto* ind = set->set.inspection.Find(id);
    return ind ? ind->name : id;
  };
  std::map<int64_t, json> units;  // unit → accounts with problems
  std::map<int64_t, std::string> unit_names;
  json results = json::array();
  for (const auto& i : r.items) {
    if (!i.inspection) continue;
    const json res = json::parse(i.inspection->result_json, nullptr, false);
    json problems = json::array();
    for (const char* list : {"vetoes", "deductions"}) {
      if (!res.contains(list)) continue;
      for (const auto& d : res[list]) {
        const std::string ind = d.value("indicator", "");
        problems.push_back({{"indicator", ind},
                            {"name", name_of(ind)},
                            {"veto", std::string(list) == "vetoes"},
                            {"points", d.value("points", 0)},
                            {"evidence", d.value("evidence", json::array())}});
      }
    }
    const std::string verdict = i.inspection->verdict.value_or("");
    json row{{"inspection_id", i.inspection->id},
             {"account_id", i.account_id},
             {"account_name", i.account_name},
             {"unit_id", i.unit_id},
             {"unit_name", i.unit_name},
             {"platform", i.platform},
             {"platform_label", PlatformLabelOf(i.platform)},
             {"verdict", verdict},
             {"score", i.inspection->score ? json(*i.inspection->score) : json(nullptr)},
             {"problems", problems}};
    results.push_back(row);
    if (verdict != "qualified" || !problems.empty()) {
      units[i.unit_id].push_back(row);
      unit_names[i.unit_id] = i.unit_name;
    }
  }
  json by_unit = json::array();
  for (auto& [id, accounts] : units)
    by_unit.push_back({{"unit_id", id}, {"unit_name", unit_names[id]}, {"accounts", accounts}});
  const json summary = RoundResults(r);
  return json{{"issuer", kIssuer},
              {"round",
               {{"id", r.id},
                {"year", r.year},
                {"quarter", r.quarter},
                {"name", r.name},
                {"monitoring_time", r.monitoring_time}}},
              {"summary",
               {{"checked", summary["checked"]},
                {"qualified", summary["qualified"]},
                {"unqualified", summary["checked"].get<int>() - summary["qualified"].get<int>()},
                {"rate", summary["rate"]}}},
              {"units", by_unit},
              {"results", results}};
}

core::Result<Notice> SpotCheckService::LoadNotice(int64_t id) {
  auto r = storage::QueryOne(db_,
                             "SELECT id, round_id, title, doc_number, status, published_on, "
                             "body_json FROM notices WHERE id = ?",
                             {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("通报不存在") : r.status();
  Notice n{r->Int(0),
           r->Int(1),
           r->Text(2),
           r->Text(3),
           r->Text(4),
           r->OptText(5),
           json::parse(r->Text(6))};
  if (n.status == "draft") {
    auto round = Load(n.round_id);
    if (!round.ok()) return round.status();
    auto body = NoticeBody(*round);
    if (!body.ok()) return body.status();
    n.body = std::move(*body);
  }
  return n;
}

core::Result<Notice> SpotCheckService::Draft(const core::Principal& p, int64_t round_id,
                                             const std::string& title, const std::string& number) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  auto r = Load(round_id);
  if (!r.ok()) return r.status();
  if (r->status != "finished") return Status::Conflict("本轮抽查完成后才能生成通报");
  if (r->notice_id) return Status::Conflict("本轮抽查已生成通报");
  const std::string t(core::Trim(title)), no(core::Trim(number));
  if (t.empty() || core::Utf8Length(t) > 200)
    return Status::InvalidArgument("title", "标题应为 1–200 个字");
  if (core::Utf8Length(no) > 60) return Status::InvalidArgument("doc_number", "文号过长");
  int64_t id = 0;
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    auto made = db_.Insert(
        "INSERT INTO notices (round_id, title, doc_number, created_by, created_at) VALUES (?, ?, "
        "?, ?, ?) "
        "RETURNING id",
        {round_id, t, no, p.username, now});
    if (!made.ok()) return made.status();
    id = *made;
    return audit_.Append({0, now, p.username, "notice.draft", "notice", std::to_string(id), "",
                          json{{"round_id", round_id}, {"title", t}, {"doc_number", no}}.dump()});
  });
  if (!st.ok()) return st;
  return LoadNotice(id);
}

core::Result<Notice> SpotCheckService::EditDraft(const core::Principal& p, int64_t id, const std::string& title,
                                                 const std::string& number) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  auto before = LoadNotice(id);
  if (!before.ok()) return before.status();
  if (before->status != "draft") return Status::Conflict("通报已发布，不能再修改");
  const std::string t(core::Trim(title)), no(core::Trim(number));
  if (t.empty() || core::Utf8Length(t) > 200) return Status::InvalidArgument("title", "标题应为 1–200 个字");
  if (core::Utf8Length(no) > 60) return Status::InvalidArgument("doc_number", "文号过长");
  Status st = db_.Transaction([&]() -> Status {
    if (Status s = db_.Exec("UPDATE notices SET title = ?, doc_number = ? WHERE id = ? AND status = 'draft'", {t, no, id});
        !s.ok())
      return s;
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "notice.edit", "notice", std::to_string(id),
                          json{{"title", before->title}, {"doc_number", before->doc_number}}.dump(),
                          json{{"title", t}, {"doc_number", no}}.dump()});
  });
  if (!st.ok()) return st;
  return LoadNotice(id);
}

core::Result<std::vector<Notice>> SpotCheckService::Notices(const core::Principal& p) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  auto rows = db_.Query("SELECT id FROM notices ORDER BY id DESC");
  if (!rows.ok()) return rows.status();
  std::vector<Notice> out;
  for (const auto& r : *rows) {
    auto n = LoadNotice(r.Int(0));
    if (!n.ok()) return n.status();
    // Drafts are the office's work in progress.
    if (n->status == "draft" && core::ScopeUnit(p)) continue;
    out.push_back(std::move(*n));
  }
  return out;
}

core::Result<Notice> SpotCheckService::GetNotice(const core::Principal& p, int64_t id) {
  if (Status s = core::Authorize(p, Action::kReadRegistry); !s.ok()) return s;
  auto n = LoadNotice(id);
  if (!n.ok()) return n.status();
  if (n->status == "draft" && core::ScopeUnit(p)) return Status::NotFound("通报不存在");
  return n;
}

core::Result<Notice> SpotCheckService::PublicNotice(int64_t id) {
  auto n = LoadNotice(id);
  if (!n.ok() || n->status != "published") return Status::NotFound("通报不存在或尚未发布");
  return n;
}

core::Result<Notice> SpotCheckService::Publish(const core::Principal& p, int64_t id,
                                               core::Date published_on) {
  if (Status s = core::Authorize(p, Action::kManageAssessment); !s.ok()) return s;
  auto n = LoadNotice(id);
  if (!n.ok()) return n.status();
  if (n->status == "published") return Status::Conflict("通报已发布，不能再修改");
  if (published_on > clock_.Today())
    return Status::InvalidArgument("published_on", "发布日期不能晚于今天");
  const std::string due = published_on.AddDays(kRectificationDays).ToString();
  Status st = db_.Transaction([&]() -> Status {
    const std::string now = clock_.NowRfc3339();
    if (Status s = db_.Exec("UPDATE notices SET status = 'published', body_json = ?, published_on "
                            "= ?, published_by = ?, "
                            "published_at = ? WHERE id = ?",
                            {n->body.dump(), published_on.ToString(), p.username, now, id});
        !s.ok())
      return s;
    // Every problem of the notice is a rectification task of the account's unit.
    int tasks = 0;
    for (const auto& u : n->body["units"]) {
      for (const auto& a : u["accounts"]) {
        for (const auto& pr : a["problems"]) {
          // The evidence says what was wrong; the indicator's name is shown beside it.
          std::string problem;
          for (const auto& e : pr.value("evidence", json::array()))
            problem += (problem.empty() ? "" : "；") + e.get<std::string>();
          if (problem.empty()) problem = pr.value("name", "");
          if (Status s = db_.Exec(
                  "INSERT INTO rectifications (notice_id, account_id, unit_id, inspection_id, "
                  "indicator, "
                  "problem, due_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {id, a["account_id"].get<int64_t>(), u["unit_id"].get<int64_t>(),
                   a["inspection_id"].get<int64_t>(), pr.value("indicator", ""), problem, due});
              !s.ok())
            return s;
          ++tasks;
        }
      }
    }
    return audit_.Append(
        {0, now, p.username, "notice.publish", "notice", std::to_string(id), "",
         json{{"published_on", published_on.ToString()}, {"rectifications", tasks}, {"due_on", due}}
             .dump()});
  });
  if (!st.ok()) return st;
  return LoadNotice(id);
}

core::Result<std::string> SpotCheckService::NoticeXlsx(const core::Principal& p, int64_t id) {
  auto n = GetNotice(p, id);
  if (!n.ok()) return n.status();
  return XlsxBytes([&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "抽查结果");
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_bg_color(head, 0xDDEBF7);
    lxw_format* cell = workbook_add_format(wb);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    const std::vector<std::string> headers{"序号", "单位", "账号", "平台", "结论", "得分", "问题"};
    worksheet_merge_range(
        ws, 0, 0, 0, static_cast<lxw_col_t>(headers.size() - 1),
        (n->title + (n->doc_number.empty() ? "" : "（" + n->doc_number + "）")).c_str(), title);
    for (size_t c = 0; c < headers.size(); ++c)
      worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), headers[c].c_str(), head);
    worksheet_set_column(ws, 1, 2, 24, nullptr);
    worksheet_set_column(ws, 6, 6, 60, nullptr);
    lxw_row_t row = 2;
    for (const auto& r : n->body["results"]) {
      std::string problems;
      for (const auto& pr : r["problems"])
        problems += (problems.empty() ? "" : "\n") + pr.value("name", "");
      worksheet_write_number(ws, row, 0, row - 1, cell);
      worksheet_write_string(ws, row, 1, r.value("unit_name", "").c_str(), cell);
      worksheet_write_string(ws, row, 2, r.value("account_name", "").c_str(), cell);
      worksheet_write_string(ws, row, 3, r.value("platform_label", "").c_str(), cell);
      worksheet_write_string(ws, row, 4, r.value("verdict", "") == "qualified" ? "合格" : "不合格",
                             cell);
      if (r["score"].is_number())
        worksheet_write_number(ws, row, 5, r["score"].get<double>(), cell);
      else
        worksheet_write_string(ws, row, 5, "—", cell);
      worksheet_write_string(ws, row, 6, problems.c_str(), cell);
      ++row;
    }
  });
}

}  // namespace govmedia::app
