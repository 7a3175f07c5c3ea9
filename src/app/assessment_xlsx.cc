// XLSX export of a year's assessment, laid out like 附件3: a title, one row per unit with the
// deduction of every item, the deduction score, bonus, total, verdict and vetoes.
#include "app/assessment_service.h"
#include "app/xlsx_file.h"

namespace govmedia::app {

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
    for (const char* h : {"扣分指标得分", "加分", "总分", "结论", "单项否决", "扣分与加分说明"})
      headers.push_back(h);
    worksheet_merge_range(
        ws, 0, 0, 0, static_cast<lxw_col_t>(headers.size() - 1),
        (std::to_string(year) + " 年度政务新媒体监管工作考核结果（" + set.title + "）").c_str(),
        title);
    for (size_t c = 0; c < headers.size(); ++c)
      worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), headers[c].c_str(), head);
    worksheet_set_row(ws, 2, 45, nullptr);
    worksheet_set_column(ws, 1, 1, 24, nullptr);
    worksheet_set_column(ws, static_cast<lxw_col_t>(headers.size() - 1),
                         static_cast<lxw_col_t>(headers.size() - 1), 60, nullptr);

    lxw_row_t r = 3;
    for (const auto& row : rows) {
      const auto& res = row.result;
      lxw_col_t c = 0;
      if (row.rank)
        worksheet_write_number(ws, r, c, *row.rank, cell);
      else
        worksheet_write_string(ws, r, c, "", cell);
      worksheet_write_string(ws, r, ++c, row.unit.name.c_str(), cell);
      worksheet_write_string(ws, r, ++c, row.unit.category.c_str(), cell);
      for (const auto& item : set.assessment.items) {
        double points = 0;
        if (res.contains("items"))
          for (const auto& i : res["items"])
            if (i.value("item", "") == item.id) points = i.value("points", 0);
        worksheet_write_number(ws, r, ++c, points, cell);
      }
      auto num = [&](const char* key) {
        ++c;
        if (res.contains(key) && res[key].is_number())
          worksheet_write_number(ws, r, c, res[key].get<double>(), cell);
        else
          worksheet_write_string(ws, r, c, "—", cell);
      };
      num("deduction_score");
      num("bonus");
      num("score");
      std::string verdict = res.contains("error")                     ? "无法评分"
                            : res.value("verdict", "") == "qualified" ? "合格"
                                                                      : "不合格";
      worksheet_write_string(ws, r, ++c, verdict.c_str(), cell);
      std::string vetoes, notes;
      if (res.contains("vetoes"))
        for (const auto& v : res["vetoes"]) {
          const auto* ind = set.assessment.Find(v.value("indicator", ""));
          vetoes += (vetoes.empty() ? "" : "；") + (ind ? ind->name : v.value("indicator", ""));
        }
      if (res.contains("deductions"))
        for (const auto& d : res["deductions"]) {
          const auto* ind = set.assessment.Find(d.value("indicator", ""));
          notes += (notes.empty() ? "" : "\n") + (ind ? ind->name : d.value("indicator", "")) +
                   " −" + std::to_string(d.value("points", 0));
        }
      if (res.contains("bonuses"))
        for (const auto& b : res["bonuses"]) {
          const auto* ind = set.assessment.Find(b.value("indicator", ""));
          notes += (notes.empty() ? "" : "\n") + (ind ? ind->name : b.value("indicator", "")) +
                   " +" + std::to_string(b.value("points", 0));
        }
      if (res.contains("error")) notes = res["error"].value("message", "");
      worksheet_write_string(ws, r, ++c, vetoes.c_str(), cell);
      worksheet_write_string(ws, r, ++c, notes.c_str(), cell);
      ++r;
    }
  });
}

}  // namespace govmedia::app
