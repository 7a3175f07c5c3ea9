#include "storage/row_json.h"

namespace govmedia::storage {

using nlohmann::json;

namespace {
json OptDateJson(const std::optional<core::Date>& d) { return d ? json(d->ToString()) : json(nullptr); }
json OptText(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
}  // namespace

json UnitJson(const UnitRow& u) {
  return {{"id", u.unit.id},         {"name", u.unit.name},
          {"category", u.unit.category}, {"retired", u.unit.retired},
          {"is_city_office", u.unit.is_city_office}, {"account_count", u.account_count}};
}

json AccountJson(const AccountRow& a, bool mask) {
  const auto& r = a.record;
  json staff = json::array();
  for (const auto& s : r.staff) staff.push_back(ContactToJson(s, mask));
  json warnings = json::array();
  for (const auto& w : a.warnings) warnings.push_back({{"code", w.code}, {"message", w.message}});
  return {{"id", a.id},
          {"unit_id", r.unit_id},
          {"unit_name", a.unit_name},
          {"name", r.name},
          {"platform", core::PlatformId(r.platform)},
          {"platform_label", core::PlatformLabel(r.platform)},
          {"positioning", r.positioning},
          {"url", r.url},
          {"managing_office", r.managing_office},
          {"main_leader", ContactToJson(r.main_leader, mask)},
          {"deputy_leader", ContactToJson(r.deputy_leader, mask)},
          {"chief_editor", ContactToJson(r.chief_editor, mask)},
          {"staff", staff},
          {"app_download_urls", r.app_download_urls},
          {"service_urls", r.service_urls},
          {"feed_urls", r.feed_urls},
          {"opened_on", OptDateJson(r.opened_on)},
          {"internal_body", r.internal_body},
          {"internal_body_name", r.internal_body_name},
          {"certification", r.certification},
          {"interaction_enabled", r.interaction_enabled},
          {"publishes_news", r.publishes_news},
          {"news_license_number", r.news_license_number},
          {"news_license_holder", r.news_license_holder},
          {"news_license_valid_to", OptDateJson(r.news_license_valid_to)},
          {"status", core::AccountStatusId(a.status)},
          {"status_label", core::AccountStatusLabel(a.status)},
          {"opened_without_application", a.opened_without_application},
          {"closure_notice_url", a.closure_notice_url},
          {"closure_notice_on", OptDateJson(a.closure_notice_on)},
          {"warnings", warnings},
          {"demo", a.demo},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at},
          {"contacts_masked", mask}};
}

json ApplicationJson(const ApplicationRow& a) {
  return {{"id", a.id},           {"account_id", a.account_id},     {"applied_on", a.applied_on},
          {"reason", a.reason},   {"decision", a.decision},         {"decided_on", OptText(a.decided_on)},
          {"decided_by", OptText(a.decided_by)}, {"note", a.note}, {"created_by", a.created_by}};
}

json FilingJson(const FilingRow& f, const core::FilingStanding* s) {
  json j{{"id", f.id},
         {"account_id", f.account_id},
         {"account_name", f.account_name},
         {"unit_id", f.unit_id},
         {"unit_name", f.unit_name},
         {"platform", core::PlatformId(f.platform)},
         {"kind", core::FilingKindId(f.kind)},
         {"kind_label", core::FilingKindLabel(f.kind)},
         {"event_on", f.dates.event_on.ToString()},
         {"filed_on", f.dates.filed_on.ToString()},
         {"forwarded_on", OptDateJson(f.dates.forwarded_on)},
         {"forwarded_by", OptText(f.forwarded_by)},
         {"reason", f.reason},
         {"closure_notice_url", f.closure_notice_url},
         {"closure_notice_on", OptDateJson(f.closure_notice_on)},
         {"created_by", f.created_by},
         {"created_at", f.created_at},
         {"historical", f.historical}};
  if (s) {
    j["due_on"] = s->due_on.ToString();
    j["forward_due_on"] = s->forward_due_on.ToString();
    j["filed_late"] = s->filed_late;
    j["forward_late"] = s->forward_late;
    j["state"] = f.historical ? "historical" : s->pending ? "pending_forward" : "forwarded";
    j["overdue"] = s->overdue();
    j["calendar_fallback"] = s->calendar_fell_back;
  }
  return j;
}

json UserJson(const UserRow& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"role", core::RoleId(u.role)},
          {"role_label", core::RoleLabel(u.role)},
          {"unit_id", u.unit_id ? json(*u.unit_id) : json(nullptr)},
          {"unit_name", u.unit_id ? json(u.unit_name) : json(nullptr)},
          {"disabled", u.disabled}};
}

}  // namespace govmedia::storage
