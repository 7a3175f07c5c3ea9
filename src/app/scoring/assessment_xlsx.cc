// XLSX export of a year's assessment, laid out like 附件3: a title, one row per unit with the
// deduction of every item, the deduction score, bonus, total, verdict and vetoes.
#include "app/scoring/assessment_service.h"
#include "app/xlsx_file.h"

namespace govmedia::app {

nlohmann::json AssessmentSummary(const nlohmann::json& res, const core::IndicatorSet& set, bool final) {
  using nlohmann::json;
  const bool error = res.contains("error");
  const bool vetoed = !error && res.contains("vetoes") && !res["vetoes"].empty();
  const bool scored = !error && !vetoed && res.contains("score") && res["score"].is_number();
  const bool provisional = !final && res.value("provisional", false);
  auto name_of = [&](const json& line) {
    const auto* ind = set.assessment.Find(line.value("indicator", ""));
    return ind ? ind->name : line.value("indicator", "");
  };
  json out{{"scored", scored}, {"provisional", provisional}};
  std::string verdict = error ? "无法评分" : vetoed ? "单项否决（未评分）"
                               : res.value("verdict", "") == "qualified" ? "合格" : "不合格";
  if (provisional && !error) verdict += "（暂定）";
  out["verdict"] = verdict;
  json items = json::array();
  for (const auto& item : set.assessment.items) {
    json points = nullptr;
    if (scored) {
      int p = 0;
      for (const auto& i : res.value("items", json::array()))
        if (i.value("item", "") == item.id) p = i.value("points", 0);
      points = p;
    }
    items.push_back({{"item", item.id}, {"name", item.name}, {"max", item.max}, {"points", points}});
  }
  out["items"] = items;
  for (const char* key : {"deduction_score", "bonus", "score"})
    out[key] = scored && res[key].is_number() ? res[key] : json(nullptr);
  json vetoes = json::array(), notes = json::array(), pending = json::array();
  for (const auto& v : res.value("vetoes", json::array())) vetoes.push_back(name_of(v));
  if (scored) {
    for (const auto& d : res.value("deductions", json::array()))
      notes.push_back(name_of(d) + " −" + std::to_string(d.value("points", 0)));
    for (const auto& b : res.value("bonuses", json::array()))
      notes.push_back(name_of(b) + " +" + std::to_string(b.value("points", 0)));
  }
  if (error) notes.push_back(res["error"].value("message", ""));
  if (!final)
    for (const auto& p : res.value("pending", json::array()))
      pending.push_back(p.value("what", "") + "，截止 " + p.value("due_on", ""));
  out["vetoes"] = vetoes;
  out["notes"] = notes;
  out["pending"] = pending;
  return out;
}

core::Result<std::string> AssessmentXlsx(int year, const core::IndicatorSet& set,
                                         const std::vector<AssessmentRow>& rows) {
  return XlsxBytes([&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, (std::to_string(year) + "年度考核").c_str());
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_bg_color(head, 0xDDEBF7);
    lxw_format* cell = workbook_add_format(wb);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);

    std::vector<std::string> headers = {"名次", "单位", "类别"};
    for (const auto& item : set.assessment.items)
      headers.push_back(item.name + "\n（扣分，满分" + std::to_string(item.max) + "）");
    for (const char* h : {"扣分指标得分", "加分", "总分", "结论", "单项否决", "扣分与加分说明", "未到期事项"})
      headers.push_back(h);
    worksheet_merge_range(
        ws, 0, 0, 0, static_cast<lxw_col_t>(headers.size() - 1),
        (std::to_string(year) + " 年度政务新媒体监管工作考核结果（" + set.title + "）").c_str(),
        title);
    for (size_t c = 0; c < headers.size(); ++c)
      worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), headers[c].c_str(), head);
    worksheet_set_row(ws, 2, 45, nullptr);
    worksheet_set_column(ws, 1, 1, 24, nullptr);
    worksheet_set_column(ws, static_cast<lxw_col_t>(headers.size() - 2),
                         static_cast<lxw_col_t>(headers.size() - 1), 50, nullptr);

    lxw_row_t r = 3;
    for (const auto& row : rows) {
      const nlohmann::json& s = row.summary;
      lxw_col_t c = 0;
      auto value = [&](const nlohmann::json& v) {
        if (v.is_number())
          worksheet_write_number(ws, r, c, v.get<double>(), cell);
        else
          worksheet_write_string(ws, r, c, "—", cell);
      };
      if (row.rank)
        worksheet_write_number(ws, r, c, *row.rank, cell);
      else
        worksheet_write_string(ws, r, c, "", cell);
      worksheet_write_string(ws, r, ++c, row.unit.name.c_str(), cell);
      worksheet_write_string(ws, r, ++c, row.unit.category.c_str(), cell);
      for (const auto& item : s["items"]) {
        ++c;
        value(item["points"]);
      }
      for (const char* key : {"deduction_score", "bonus", "score"}) {
        ++c;
        value(s[key]);
      }
      auto joined = [](const nlohmann::json& lines, const char* sep) {
        std::string out;
        for (const auto& l : lines) out += (out.empty() ? "" : sep) + l.get<std::string>();
        return out;
      };
      worksheet_write_string(ws, r, ++c, s["verdict"].get<std::string>().c_str(), cell);
      worksheet_write_string(ws, r, ++c, joined(s["vetoes"], "；").c_str(), cell);
      worksheet_write_string(ws, r, ++c, joined(s["notes"], "\n").c_str(), cell);
      worksheet_write_string(ws, r, ++c, joined(s["pending"], "\n").c_str(), cell);
      ++r;
    }
  });
}

}  // namespace govmedia::app
