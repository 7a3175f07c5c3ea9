// XLSX exports of the console's lists: GET <list>/export answers what the list answers for the
// same query (filters, scope, every page), through the one exporter of http/list_export.h. The
// account registry's own export, in the import's columns, is in routes_registry.cc.
#include <map>

#include "app/audit_labels.h"
#include "core/account.h"
#include "http/list_export.h"
#include "http/routes.h"

namespace govmedia::http {

namespace {

std::map<std::string, std::string> PlatformLabels() {
  std::map<std::string, std::string> out;
  for (core::Platform p : core::AllPlatforms()) out[std::string(core::PlatformId(p))] = core::PlatformLabel(p);
  return out;
}

const std::map<std::string, std::string> kVerdicts{{"qualified", "合格"}, {"unqualified", "不合格"}};
const std::map<std::string, std::string> kHigherLevels{
    {"state_council", "国务院办公厅"}, {"province", "省政府办公厅"}, {"suzhou", "苏州市政府办公室"}};

/// Registers the export of the GET list at `list_path` (already registered) at `list_path`/export.
void Export(Router& r, const std::string& list_path, const std::string& filename, const std::string& title,
            std::vector<ExportColumn> columns) {
  const Handler* list = r.GetHandler(list_path);
  if (!list) return;  // the list is not served, so neither is its export
  AddListExport(r, list_path + "/export", filename, title, *list, std::move(columns));
}

}  // namespace

void RegisterExportRoutes(Router& r, app::Node&) {
  const auto platforms = PlatformLabels();

  Export(r, "/api/filings", "filings", "备案",
         {Field("账号", "account_name", 20), Field("主办单位", "unit_name", 20), Label("平台", "platform", platforms),
          Field("类别", "kind_label", 8), DateField("事件日期", "event_on"), DateField("报备期限", "due_on"),
          DateField("单位报备日期", "filed_on"), YesNo("报备逾期", "filed_late"),
          DateField("报送期限", "forward_due_on"), DateField("报送省系统日期", "forwarded_on"),
          YesNo("报送逾期", "forward_late"),
          Label("状态", "state", {{"historical", "历史补录"}, {"pending_forward", "待报送"}, {"forwarded", "已报送"}}),
          Text("事由", "reason", 30), Field("登记人", "created_by", 12)});

  Export(r, "/api/inspections", "inspections", "检查",
         {Field("账号", "account_name", 20), Field("主办单位", "unit_name", 20), Label("平台", "platform", platforms),
          Field("检查类型", "kind_label", 10), Label("抽查层级", "level", kHigherLevels, 16),
          DateField("监测时间", "monitoring_time", true),
          Label("状态", "status", {{"open", "进行中"}, {"closed", "已完成"}}, 8), Label("结论", "verdict", kVerdicts, 8),
          Field("得分", "score", 8), Field("检查人", "created_by", 12), DateField("完成时间", "closed_at", true)});

  Export(r, "/api/netizen-requests", "netizen-requests", "网民诉求",
         {Field("账号", "account_name", 20), Field("主办单位", "unit_name", 20), Field("类型", "kind_label", 8),
          Label("来源", "source", {{"comment", "留言"}, {"entered", "单位登记"}, {"pushed", "接口推送"}}, 10),
          Field("网民", "author", 14), Text("诉求内容", "text", 40), DateField("提出时间", "asked_at", true),
          DateField("答复期限", "due_on"), DateField("答复时间", "replied_at", true), Text("答复内容", "reply_text", 40),
          Label("办理情况", "timeliness",
                {{"on_time", "按时答复"}, {"late", "逾期答复"}, {"pending", "待答复"}, {"overdue", "逾期未答复"},
                 {"undetermined", "无法判定"}, {"dismissed", "非诉求"}},
                12),
          Text("非诉求理由", "dismissed_reason", 20)});

  Export(r, "/api/freshness", "freshness", "更新监测",
         {Field("账号", "account_name", 20), Field("主办单位", "unit_name", 20), Field("平台", "platform_label", 12),
          DateField("最近发帖", "last_post_at", true), Field("未更新天数", "days_silent", 10),
          Field("近 30 天发帖数", "posts_30d", 12), Field("最长间隔（天）", "longest_gap_days", 12),
          Field("状态", "level_label", 18), DateField("将达单项否决日期", "veto_on"),
          Text("数据源问题", "source_problem", 30)});

  Export(r, "/api/availability", "availability", "可用性监测",
         {Field("账号", "account_name", 20), Field("主办单位", "unit_name", 20), Label("平台", "platform", platforms),
          Field("地址类别", "kind_label", 12), Field("地址", "url", 40), Field("状态", "state_label", 16),
          Field("连续失败次数", "consecutive_failures", 12),
          Computed("IPv4", [](const json& i) -> json {
            const json* ok = i.contains("ipv4") && i["ipv4"].is_object() && i["ipv4"].contains("ok") ? &i["ipv4"]["ok"] : nullptr;
            return ok && ok->is_boolean() ? json(ok->get<bool>() ? "正常" : "失败") : json("未检查");
          }, 8),
          Computed("IPv6", [](const json& i) -> json {
            const json* ok = i.contains("ipv6") && i["ipv6"].is_object() && i["ipv6"].contains("ok") ? &i["ipv6"]["ok"] : nullptr;
            return ok && ok->is_boolean() ? json(ok->get<bool>() ? "正常" : "失败") : json("未检查");
          }, 8),
          DateField("最近检查", "checked_at", true), DateField("故障起始", "broken_since", true),
          DateField("恢复时间", "recovered_at", true)});

  Export(r, "/api/alerts", "alerts", "告警",
         {DateField("时间", "created_at", true), Field("账号", "account_name", 20), Field("主办单位", "unit_name", 20),
          Field("类别", "category_label", 14), Field("指标", "indicator_name", 20), Field("命中词", "terms", 20),
          Text("内容", "text", 50),
          Label("状态", "status", {{"new", "待处理"}, {"acknowledged", "已确认"}, {"handled", "已处置"}, {"forwarded", "已转办"}}, 8),
          Field("确认人", "acknowledged_by", 10), Field("处置人", "handled_by", 10), Field("转办至", "forwarded_to", 14),
          Text("处置说明", "note", 30)});

  Export(r, "/api/rectifications", "rectifications", "整改",
         {Field("通报", "notice_title", 30), DateField("通报日期", "published_on"), Field("账号", "account_name", 20),
          Field("主办单位", "unit_name", 20), Field("问题指标", "indicator_name", 20), Text("问题", "problem", 40),
          DateField("答复期限", "due_on"), YesNo("逾期", "overdue"),
          Label("状态", "status", {{"open", "待整改"}, {"answered", "待复查"}, {"returned", "已退回"}, {"closed", "已关闭"}}, 8),
          Text("整改答复", "answer", 40), DateField("答复日期", "answered_on"), Text("复查意见", "review_note", 30),
          DateField("关闭日期", "closed_on")});

  Export(r, "/api/reports", "reports", "季度报告",
         {Field("单位", "unit_name", 24),
          Label("状态", "status", {{"missing", "未报送"}, {"draft", "草稿"}, {"submitted", "已报送"}}, 10),
          DateField("报送日期", "submitted_on"), YesNo("逾期报送", "late"), YesNo("已逾期未报送", "overdue")});

  // In words as on the audit page (app/audit_labels.h); the action's code and the raw JSON stay in
  // columns of their own, for filtering and for the record.
  const app::AuditLabels& audit = app::AuditLabels::Builtin();
  auto text = [](const json& i, const char* key) { return i.contains(key) && i[key].is_string() ? i[key].get<std::string>() : ""; };
  Export(r, "/api/audit", "audit-log", "审计日志",
         {DateField("时间", "at", true),
          Computed("操作人", [&audit, text](const json& i) -> json { return audit.Actor(text(i, "actor")); }, 12),
          Computed("操作", [&audit, text](const json& i) -> json { return audit.Action(text(i, "action")); }, 24),
          Computed("对象", [&audit, text](const json& i) -> json { return audit.Entity(text(i, "entity")); }, 14),
          Field("对象编号", "entity_id", 10),
          {{"修改内容", 50, false, true},
           [&audit, text](const json& i) -> json {
             const json none;
             return audit.Changes(text(i, "entity"), i.contains("before") ? i["before"] : none,
                                  i.contains("after") ? i["after"] : none);
           }},
          Field("操作代码", "action", 24), Text("修改前（原始记录）", "before", 40), Text("修改后（原始记录）", "after", 40)});
}

}  // namespace govmedia::http
