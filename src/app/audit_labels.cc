#include "app/audit_labels.h"

#include <algorithm>
#include <set>

#include "core/account.h"
#include "core/timestamp.h"
#include "storage/embedded.h"

namespace govmedia::app {

namespace {

using nlohmann::json;
using ordered_json = nlohmann::ordered_json;
using Labels = AuditLabels::Labels;

core::Status ReadLabels(const ordered_json& doc, const std::string& section, Labels* out) {
  if (!doc.contains(section)) return core::Status::Ok();
  const ordered_json& s = doc[section];
  if (!s.is_object()) return core::Status::InvalidArgument(section, section + " 应为“代码: 中文”的对象");
  for (const auto& [code, label] : s.items()) {
    if (!label.is_string()) return core::Status::InvalidArgument(section + "." + code, "标签应为文本");
    (*out)[code] = label.get<std::string>();
  }
  return core::Status::Ok();
}

core::Status ReadNested(const ordered_json& doc, const std::string& section, std::map<std::string, Labels, std::less<>>* out) {
  if (!doc.contains(section)) return core::Status::Ok();
  if (!doc[section].is_object()) return core::Status::InvalidArgument(section, section + " 应为对象");
  for (const auto& [name, inner] : doc[section].items()) {
    if (auto s = ReadLabels(doc[section], name, &(*out)[name]); !s.ok())
      return core::Status::InvalidArgument(section + "." + s.field(), s.message());
  }
  return core::Status::Ok();
}

std::string Find(const Labels& labels, const std::string& code) {
  auto it = labels.find(code);
  return it != labels.end() ? it->second : code;
}

bool Noise(const std::string& key) {
  return key == "updated_at" || (key.size() > 6 && key.compare(key.size() - 6, 6, "_label") == 0);
}

bool Empty(const json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) || (v.is_array() && v.empty());
}

}  // namespace

core::Result<AuditLabels> AuditLabels::Parse(std::string_view text) {
  const ordered_json doc = ordered_json::parse(text, nullptr, false);
  if (!doc.is_object()) return core::Status::InvalidArgument("audit_labels", "审计标签文件不是有效的 JSON 对象");
  AuditLabels out;
  for (auto [section, labels] : {std::pair{"actions", &out.actions_}, std::pair{"entities", &out.entities_},
                                 std::pair{"actors", &out.actors_}, std::pair{"fields", &out.fields_},
                                 std::pair{"person_fields", &out.person_fields_}}) {
    if (auto s = ReadLabels(doc, section, labels); !s.ok()) return s;
  }
  if (auto s = ReadNested(doc, "fields_by_entity", &out.fields_by_entity_); !s.ok()) return s;
  if (auto s = ReadNested(doc, "values_by_field", &out.values_by_field_); !s.ok()) return s;
  if (doc.contains("person_keys")) {
    if (!doc["person_keys"].is_array()) return core::Status::InvalidArgument("person_keys", "person_keys 应为字段名的数组");
    for (const auto& k : doc["person_keys"]) {
      if (!k.is_string()) return core::Status::InvalidArgument("person_keys", "person_keys 应为字段名的数组");
      out.person_keys_.insert(k.get<std::string>());
    }
  }
  if (doc.contains("values_by_entity")) {
    if (!doc["values_by_entity"].is_object()) return core::Status::InvalidArgument("values_by_entity", "values_by_entity 应为对象");
    for (const auto& [entity, fields] : doc["values_by_entity"].items()) {
      if (auto s = ReadNested(doc["values_by_entity"], entity, &out.values_by_entity_[entity]); !s.ok())
        return core::Status::InvalidArgument("values_by_entity." + s.field(), s.message());
    }
  }
  // The order of the fields section is the order a change is told in (name and status first).
  if (doc.contains("fields"))
    for (const auto& [key, label] : doc["fields"].items()) out.field_order_.emplace(key, out.field_order_.size());
  return out;
}

const AuditLabels& AuditLabels::Builtin() {
  static const AuditLabels labels = [] {
    auto parsed = Parse(storage::Embedded("audit_labels.json"));
    AuditLabels out = parsed.ok() ? std::move(*parsed) : AuditLabels();
    Labels& platforms = out.values_by_field_["platform"];
    for (core::Platform p : core::AllPlatforms())
      platforms.emplace(std::string(core::PlatformId(p)), std::string(core::PlatformLabel(p)));
    // Indicator ids by the names of the shipped set, as the console's FALLBACK_INSPECTION_NAMES.
    const json set = json::parse(storage::Embedded("indicators/kunshan-2019.json"), nullptr, false);
    Labels& indicators = out.values_by_field_["indicator"];
    if (set.is_object() && set.contains("inspection") && set["inspection"].contains("indicators"))
      for (const auto& i : set["inspection"]["indicators"])
        if (i.contains("id") && i["id"].is_string() && i.contains("name") && i["name"].is_string())
          indicators.emplace(i["id"].get<std::string>(), i["name"].get<std::string>());
    return out;
  }();
  return labels;
}

std::string AuditLabels::Action(const std::string& code) const { return Find(actions_, code); }
std::string AuditLabels::Entity(const std::string& code) const { return Find(entities_, code); }
std::string AuditLabels::Actor(const std::string& username) const { return Find(actors_, username); }

std::string AuditLabels::Field(const std::string& key, const std::string& entity) const {
  if (auto e = fields_by_entity_.find(entity); e != fields_by_entity_.end())
    if (auto it = e->second.find(key); it != e->second.end()) return it->second;
  return Find(fields_, key);
}

std::string AuditLabels::Value(const std::string& entity, const std::string& key, const std::string& value) const {
  const std::string field = key == "state" ? "status" : key;
  if (auto e = values_by_entity_.find(entity); e != values_by_entity_.end())
    if (auto f = e->second.find(field); f != e->second.end())
      if (auto it = f->second.find(value); it != f->second.end()) return it->second;
  if (auto f = values_by_field_.find(field); f != values_by_field_.end())
    if (auto it = f->second.find(value); it != f->second.end()) return it->second;
  return value;
}

// A value in words, as the console's audit page shows it (AuditView.vue, show()).
std::string AuditLabels::Show(const std::string& entity, const std::string& key, const json& v, int depth) const {
  if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) return "（无）";
  if (v.is_boolean()) return v.get<bool>() ? "是" : "否";
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) {
    const double d = v.get<double>();
    return d == static_cast<double>(static_cast<int64_t>(d)) ? std::to_string(static_cast<int64_t>(d)) : v.dump();
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (key.size() > 3 && key.compare(key.size() - 3, 3, "_at") == 0)
      if (auto t = core::ParseRfc3339(s)) return core::FormatBeijing(*t);
    return Value(entity, key, s);
  }
  const std::string dumped = v.dump();
  if (depth >= 2 || dumped.size() > 400) return dumped;
  if (v.is_array()) {
    if (v.empty()) return "（无）";
    bool objects = false;
    std::string out;
    for (const auto& x : v) objects = objects || x.is_object() || x.is_array();
    for (const auto& x : v) out += (out.empty() ? "" : objects ? "\n" : "、") + Show(entity, key, x, depth + 1);
    return out;
  }
  if (key == "warnings" && v.contains("message") && v["message"].is_string()) return v["message"].get<std::string>();
  const bool person = person_keys_.count(key) > 0;
  std::string out;
  for (const auto& [k, x] : v.items()) {
    if (x.is_null() || (x.is_string() && x.get_ref<const std::string&>().empty())) continue;
    std::string label = person && person_fields_.count(k) ? Find(person_fields_, k) : person ? Find(fields_, k) : Field(k, entity);
    out += (out.empty() ? "" : "；") + label + "：" + Show(entity, k, x, depth + 1);
  }
  return out.empty() ? "（无）" : out;
}

std::string AuditLabels::Changes(const std::string& entity, const json& before, const json& after) const {
  const json* b = before.is_object() ? &before : nullptr;
  const json* a = after.is_object() ? &after : nullptr;
  if (!a && !b) return "";
  std::vector<std::string> keys;
  if (!a || !b) {
    for (const auto& [k, v] : (a ? *a : *b).items())
      if (!Empty(v) && !Noise(k)) keys.push_back(k);
  } else {
    std::set<std::string> all;
    for (const auto& [k, v] : a->items()) all.insert(k);
    for (const auto& [k, v] : b->items()) all.insert(k);
    for (const auto& k : all) {
      const json none;
      const json& x = a->contains(k) ? (*a)[k] : none;
      const json& y = b->contains(k) ? (*b)[k] : none;
      if (x != y && !Noise(k)) keys.push_back(k);
    }
  }
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& x, const std::string& y) {
    auto ix = field_order_.find(x), iy = field_order_.find(y);
    const size_t ox = ix != field_order_.end() ? ix->second : SIZE_MAX, oy = iy != field_order_.end() ? iy->second : SIZE_MAX;
    return ox != oy ? ox < oy : x < y;
  });
  std::string out;
  for (const auto& k : keys) {
    std::string line = Field(k, entity) + "：";
    if (a && b) {
      line += (b->contains(k) ? Show(entity, k, (*b)[k], 0) : "（无）") + " → " +
              (a->contains(k) ? Show(entity, k, (*a)[k], 0) : "（无）");
    } else {
      line += Show(entity, k, (a ? *a : *b)[k], 0);
    }
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

}  // namespace govmedia::app
