#include "storage/record_codec.h"

namespace govmedia::storage {

using core::Status;
using nlohmann::json;

namespace {

Status WantString(const json& j, const std::string& field, std::string* out) {
  if (j.is_null()) {
    out->clear();
    return Status::Ok();
  }
  if (!j.is_string()) return Status::InvalidArgument(field, "应为文本");
  *out = j.get<std::string>();
  return Status::Ok();
}

Status WantBool(const json& j, const std::string& field, bool* out) {
  if (!j.is_boolean()) return Status::InvalidArgument(field, "应为 true 或 false");
  *out = j.get<bool>();
  return Status::Ok();
}

Status ReadContact(const json& j, const std::string& field, core::Contact* c) {
  if (j.is_null()) {
    *c = {};
    return Status::Ok();
  }
  if (!j.is_object()) return Status::InvalidArgument(field, "应为包含 name、title、phone 的对象");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    std::string* target = k == "name" ? &c->name : k == "title" ? &c->title : k == "phone" ? &c->phone : nullptr;
    if (!target) return Status::InvalidArgument(field + "." + k, "未知字段");
    if (Status s = WantString(*it, field + "." + k, target); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ReadStrings(const json& j, const std::string& field, std::vector<std::string>* out) {
  if (!j.is_array()) return Status::InvalidArgument(field, "应为文本数组");
  out->clear();
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) return Status::InvalidArgument(field + "[" + std::to_string(i) + "]", "应为文本");
    std::string v = j[i].get<std::string>();
    if (!v.empty()) out->push_back(std::move(v));
  }
  return Status::Ok();
}

}  // namespace

json ContactToJson(const core::Contact& c, bool mask) {
  return {{"name", c.name}, {"title", c.title}, {"phone", mask ? core::MaskPhone(c.phone) : c.phone}};
}

std::string EncodeRecordExtras(const core::AccountRecord& r) {
  json staff = json::array();
  for (const auto& s : r.staff) staff.push_back(ContactToJson(s, false));
  json j{{"positioning", r.positioning},
         {"url", r.url},
         {"managing_office", r.managing_office},
         {"main_leader", ContactToJson(r.main_leader, false)},
         {"deputy_leader", ContactToJson(r.deputy_leader, false)},
         {"chief_editor", ContactToJson(r.chief_editor, false)},
         {"staff", staff},
         {"app_download_urls", r.app_download_urls},
         {"service_urls", r.service_urls},
         {"feed_urls", r.feed_urls},
         {"internal_body", r.internal_body},
         {"internal_body_name", r.internal_body_name},
         {"certification", r.certification},
         {"interaction_enabled", r.interaction_enabled},
         {"publishes_news", r.publishes_news},
         {"news_license_number", r.news_license_number},
         {"news_license_holder", r.news_license_holder},
         {"news_license_valid_to", r.news_license_valid_to ? json(r.news_license_valid_to->ToString()) : json(nullptr)}};
  return j.dump();
}

Status DecodeRecordExtras(const std::string& text, core::AccountRecord* r) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Internal("record_json is not an object");
  return ApplyRecordJson(j, r);
}

Status ApplyRecordJson(const json& j, core::AccountRecord* r) {
  if (!j.is_object()) return Status::InvalidArgument("body", "应为 JSON 对象");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = *it;
    Status s;
    if (k == "unit_id") {
      if (!v.is_number_integer()) return Status::InvalidArgument(k, "应为单位编号（整数）");
      r->unit_id = v.get<int64_t>();
    } else if (k == "name") {
      s = WantString(v, k, &r->name);
    } else if (k == "platform") {
      if (!v.is_string()) return Status::InvalidArgument(k, "应为平台代码");
      auto p = core::ParsePlatform(v.get<std::string>());
      if (!p) return Status::InvalidArgument(k, "未知的平台：" + v.get<std::string>());
      r->platform = *p;
    } else if (k == "positioning") {
      s = WantString(v, k, &r->positioning);
    } else if (k == "url") {
      s = WantString(v, k, &r->url);
    } else if (k == "managing_office") {
      s = WantString(v, k, &r->managing_office);
    } else if (k == "main_leader") {
      s = ReadContact(v, k, &r->main_leader);
    } else if (k == "deputy_leader") {
      s = ReadContact(v, k, &r->deputy_leader);
    } else if (k == "chief_editor") {
      s = ReadContact(v, k, &r->chief_editor);
    } else if (k == "staff") {
      if (!v.is_array()) return Status::InvalidArgument(k, "应为数组");
      std::vector<core::Contact> staff(v.size());
      for (size_t i = 0; i < v.size(); ++i) {
        if (Status e = ReadContact(v[i], "staff[" + std::to_string(i) + "]", &staff[i]); !e.ok()) return e;
      }
      std::erase_if(staff, [](const core::Contact& c) { return c.empty(); });
      r->staff = std::move(staff);
    } else if (k == "app_download_urls") {
      s = ReadStrings(v, k, &r->app_download_urls);
    } else if (k == "service_urls") {
      s = ReadStrings(v, k, &r->service_urls);
    } else if (k == "feed_urls") {
      s = ReadStrings(v, k, &r->feed_urls);
    } else if (k == "opened_on" || k == "news_license_valid_to") {
      std::optional<core::Date>& target = k == "opened_on" ? r->opened_on : r->news_license_valid_to;
      if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) {
        target.reset();
      } else {
        auto d = v.is_string() ? core::Date::Parse(v.get<std::string>()) : std::nullopt;
        if (!d) return Status::InvalidArgument(k, "日期格式应为 YYYY-MM-DD");
        target = d;
      }
    } else if (k == "internal_body") {
      s = WantBool(v, k, &r->internal_body);
    } else if (k == "internal_body_name") {
      s = WantString(v, k, &r->internal_body_name);
    } else if (k == "certification") {
      s = WantString(v, k, &r->certification);
    } else if (k == "interaction_enabled") {
      s = WantBool(v, k, &r->interaction_enabled);
    } else if (k == "publishes_news") {
      s = WantBool(v, k, &r->publishes_news);
    } else if (k == "news_license_number") {
      s = WantString(v, k, &r->news_license_number);
    } else if (k == "news_license_holder") {
      s = WantString(v, k, &r->news_license_holder);
    } else {
      return Status::InvalidArgument(k, "未知字段");
    }
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

std::string EncodeWarnings(const std::vector<core::AccountWarning>& w) {
  json a = json::array();
  for (const auto& x : w) a.push_back({{"code", x.code}, {"message", x.message}});
  return a.dump();
}

std::vector<core::AccountWarning> DecodeWarnings(const std::string& text) {
  std::vector<core::AccountWarning> out;
  json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& x : j) out.push_back({x.value("code", ""), x.value("message", "")});
  return out;
}

core::Result<core::CalendarYear> ParseHolidayCnYear(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("body", "应为 JSON 对象");
  if (!j.contains("year") || !j["year"].is_number_integer())
    return Status::InvalidArgument("year", "缺少年份或格式错误");
  core::CalendarYear y;
  y.year = j["year"].get<int>();
  if (y.year < 1900 || y.year > 9999) return Status::InvalidArgument("year", "年份超出范围");
  if (j.contains("papers")) {
    if (!j["papers"].is_array()) return Status::InvalidArgument("papers", "应为文本数组");
    for (size_t i = 0; i < j["papers"].size(); ++i) {
      if (!j["papers"][i].is_string())
        return Status::InvalidArgument("papers[" + std::to_string(i) + "]", "应为文本");
      y.papers.push_back(j["papers"][i].get<std::string>());
    }
  }
  if (!j.contains("days") || !j["days"].is_array()) return Status::InvalidArgument("days", "缺少 days 数组");
  for (size_t i = 0; i < j["days"].size(); ++i) {
    const json& d = j["days"][i];
    const std::string f = "days[" + std::to_string(i) + "]";
    if (!d.is_object()) return Status::InvalidArgument(f, "应为对象");
    if (!d.contains("name") || !d["name"].is_string()) return Status::InvalidArgument(f + ".name", "缺少名称");
    if (!d.contains("date") || !d["date"].is_string()) return Status::InvalidArgument(f + ".date", "缺少日期");
    auto date = core::Date::Parse(d["date"].get<std::string>());
    if (!date) return Status::InvalidArgument(f + ".date", "日期格式应为 YYYY-MM-DD");
    if (!d.contains("isOffDay") || !d["isOffDay"].is_boolean())
      return Status::InvalidArgument(f + ".isOffDay", "应为 true 或 false");
    y.days.push_back({*date, d["name"].get<std::string>(), d["isOffDay"].get<bool>()});
  }
  return y;
}

core::Result<std::vector<core::CalendarYear>> ParseCalendarData(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("years")) return Status::Internal("calendar data is malformed");
  std::vector<core::CalendarYear> out;
  for (const auto& y : j["years"]) {
    core::CalendarYear cy;
    cy.year = y.at("year").get<int>();
    cy.papers = y.value("papers", std::vector<std::string>{});
    for (const auto& [key, off] : {std::pair{"off", true}, std::pair{"work", false}}) {
      for (auto it = y.at(key).begin(); it != y.at(key).end(); ++it) {
        auto d = core::Date::Parse(it.key());
        if (!d) return Status::Internal("calendar data has a bad date " + it.key());
        cy.days.push_back({*d, it->get<std::string>(), off});
      }
    }
    out.push_back(std::move(cy));
  }
  return out;
}

json CalendarYearToHolidayCn(const core::CalendarYear& y) {
  json days = json::array();
  for (const auto& d : y.days) days.push_back({{"name", d.name}, {"date", d.date.ToString()}, {"isOffDay", d.off}});
  return {{"year", y.year}, {"papers", y.papers}, {"days", days}};
}

}  // namespace govmedia::storage
