#include "app/registry/registry_import.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "app/xlsx_file.h"
#include "app/xlsx_reader.h"
#include "core/text.h"

namespace govmedia::app {

using core::Status;

namespace {

constexpr const char* kName = "账号名称";
constexpr const char* kUnit = "主办单位";
constexpr const char* kPlatform = "账号平台";
constexpr const char* kPositioning = "发布内容及功能定位";
constexpr const char* kUrl = "账号链接";
constexpr const char* kOpenedOn = "开设日期";
constexpr const char* kOffice = "管理科室";
constexpr const char* kCertification = "认证信息";
constexpr const char* kInternalBody = "内设机构名称";
constexpr const char* kFeeds = "订阅源";
constexpr const char* kDownloads = "客户端下载地址";
// Optional columns added after the contract's first version (contracts/registry-import.md allows
// extending it): the news-service qualification of an account that publishes news.
constexpr const char* kNews = "发布新闻信息";
constexpr const char* kLicenseNumber = "互联网新闻信息服务许可证编号";
constexpr const char* kLicenseHolder = "许可证持证单位";
constexpr const char* kLicenseValidTo = "许可证有效期至";

/// The contacts of the form, in the order of the columns: prefix of the header and the field
/// name the validator uses.
struct ContactColumns {
  std::string prefix;  // "主要领导", "工作人员2"
  std::string field;   // "main_leader", "staff[1]"
};

std::vector<ContactColumns> ContactsOf(size_t staff) {
  std::vector<ContactColumns> out{{"主要领导", "main_leader"}, {"分管领导", "deputy_leader"}, {"总编辑", "chief_editor"}};
  for (size_t i = 0; i < staff; ++i)
    out.push_back({"工作人员" + std::to_string(i + 1), "staff[" + std::to_string(i) + "]"});
  return out;
}

constexpr const char* kContactParts[] = {"姓名", "职务", "联系方式"};

/// Every header, in the export's order, with `staff` groups of 工作人员 columns.
std::vector<std::string> Headers(size_t staff) {
  std::vector<std::string> h{kName, kUnit, kPlatform, kPositioning, kUrl, kOpenedOn, kOffice};
  for (const auto& c : ContactsOf(staff))
    for (const char* part : kContactParts) h.push_back(c.prefix + part);
  for (const char* x : {kCertification, kInternalBody, kFeeds, kDownloads, kNews, kLicenseNumber, kLicenseHolder, kLicenseValidTo})
    h.push_back(x);
  return h;
}

/// The column header of a validator's field ("staff[1].phone" → "工作人员2联系方式").
std::string ColumnOfField(const std::string& field) {
  for (const auto& c : ContactsOf(core::kMaxStaff)) {
    if (field.rfind(c.field + ".", 0) != 0) continue;
    const std::string part = field.substr(c.field.size() + 1);
    return c.prefix + (part == "name" ? "姓名" : part == "title" ? "职务" : "联系方式");
  }
  static const std::map<std::string, std::string, std::less<>> plain{
      {"name", kName},           {"unit_id", kUnit},
      {"platform", kPlatform},   {"positioning", kPositioning},
      {"url", kUrl},             {"opened_on", kOpenedOn},
      {"managing_office", kOffice}, {"certification", kCertification},
      {"internal_body_name", kInternalBody}, {"feed_urls", kFeeds},
      {"app_download_urls", kDownloads}, {"staff", "工作人员1姓名"},
      {"publishes_news", kNews}, {"news_license_number", kLicenseNumber},
      {"news_license_holder", kLicenseHolder}, {"news_license_valid_to", kLicenseValidTo}};
  auto it = plain.find(field.substr(0, field.find_first_of(".[")));
  return it == plain.end() ? field : it->second;
}

/// "a; b\nc" → {"a", "b", "c"}: URLs one a line or separated by ';' (or '；').
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t(core::Trim(cur));
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r' || text[i] == ';') {
      flush();
    } else if (text.compare(i, 3, "；") == 0) {
      flush();
      i += 2;
    } else {
      cur += text[i];
    }
  }
  flush();
  return out;
}

/// An Excel date cell, or text YYYY-MM-DD or YYYY/M/D.
std::optional<core::Date> DateOfCell(const XlsxCell& cell, bool date1904) {
  if (cell.number) return ExcelSerialDate(*cell.number, date1904);
  const std::string t(core::Trim(cell.text));
  int y = 0, m = 0, d = 0;
  char sep1 = 0, sep2 = 0;
  int used = 0;
  if (std::sscanf(t.c_str(), "%4d%c%2d%c%2d%n", &y, &sep1, &m, &sep2, &d, &used) == 5 &&
      static_cast<size_t>(used) == t.size() &&
      sep1 == sep2 && (sep1 == '-' || sep1 == '/')) {
    if (sep1 == '-' && (t.size() != 10)) return std::nullopt;  // YYYY-MM-DD is written in full
    return core::Date::FromYmd(y, m, d);
  }
  return std::nullopt;
}

std::optional<core::Platform> PlatformOfLabel(std::string_view text) {
  for (core::Platform p : core::AllPlatforms())
    if (core::PlatformLabel(p) == text) return p;
  return core::ParsePlatform(text);
}

std::string PlatformLabels() {
  std::string out;
  for (core::Platform p : core::AllPlatforms()) out += (out.empty() ? "" : "、") + std::string(core::PlatformLabel(p));
  return out;
}

using Key = std::tuple<int64_t, core::Platform, std::string>;

}  // namespace

std::string ImportProblem::Line() const {
  return "第 " + std::to_string(row) + " 行 " + column + "：" + reason;
}

std::string ImportReport::Summary() const {
  return "导入 " + std::to_string(imported) + " 个账号，跳过 " + std::to_string(skipped.size()) +
         " 个已在台账中的账号";
}

core::Result<ImportReport> RegistryImport::Import(const core::Principal& p, std::string_view xlsx, bool dry_run,
                                                  const std::string& source) {
  // Loading the registry is the city office's: it names units across the whole city.
  if (Status s = core::Authorize(p, core::Action::kManageUnits); !s.ok()) return s;
  auto sheet = ReadFirstSheet(xlsx);
  if (!sheet.ok()) return sheet.status();
  if (sheet->rows.empty()) return Status::InvalidArgument("file", "第一个工作表是空的（第 1 行应为表头）");

  ImportReport report;
  report.dry_run = dry_run;
  auto problem = [&](int row, std::string column, std::string reason) {
    report.problems.push_back({row, std::move(column), std::move(reason)});
  };

  // The header: every column must be known, none twice, the required ones present.
  const XlsxRow& head = sheet->rows.front();
  std::set<std::string> known;
  for (const auto& h : Headers(core::kMaxStaff)) known.insert(h);
  std::map<std::string, int> column;  // header → column index
  std::map<int, std::string> header_of;  // every column with header text, known or not
  for (const auto& [col, cell] : head.cells) {
    const std::string h(core::Trim(cell.text));
    if (h.empty()) continue;
    header_of[col] = h;
    if (!known.count(h)) {
      problem(head.number, h, "未知的列（请使用模板中的列名）");
    } else if (column.count(h)) {
      problem(head.number, h, "列名重复（" + XlsxColumnName(column[h]) + " 列与 " + XlsxColumnName(col) + " 列）");
    } else {
      column[h] = col;
    }
  }
  for (const char* h : {kName, kUnit, kPlatform, kPositioning, kUrl, kOpenedOn, "主要领导姓名", "主要领导联系方式"})
    if (!column.count(h)) problem(head.number, h, "缺少此列");

  auto units = store_.ListUnits(true, std::nullopt);
  if (!units.ok()) return units.status();
  std::map<std::string, core::Unit, std::less<>> unit_by_name;
  for (const auto& u : *units) {
    // A retired unit's name may have been reused by a live one; the live one wins.
    auto it = unit_by_name.find(u.unit.name);
    if (it == unit_by_name.end() || it->second.retired) unit_by_name[u.unit.name] = u.unit;
  }
  storage::AccountFilter all;
  all.limit = 1'000'000'000;
  auto accounts = store_.ListAccounts(all, nullptr);
  if (!accounts.ok()) return accounts.status();
  std::map<Key, int64_t> registered;
  for (const auto& a : *accounts)
    registered[{a.record.unit_id, a.record.platform, std::string(core::Trim(a.record.name))}] = a.id;

  const core::Date today = clock_.Today();
  std::map<Key, int> in_file;  // key → row number of its first row
  std::vector<std::pair<int, core::AccountRecord>> to_add;
  for (size_t i = 1; i < sheet->rows.size(); ++i) {
    const XlsxRow& row = sheet->rows[i];
    const size_t before = report.problems.size();
    ++report.rows;
    for (const auto& [col, cell] : row.cells) {
      if (!header_of.count(col) && !core::Trim(cell.text).empty())
        problem(row.number, XlsxColumnName(col) + " 列", "此列没有表头");
    }
    auto cell = [&](const std::string& h) -> const XlsxCell* {
      auto c = column.find(h);
      if (c == column.end()) return nullptr;
      auto it = row.cells.find(c->second);
      return it == row.cells.end() ? nullptr : &it->second;
    };
    auto text = [&](const std::string& h) {
      const XlsxCell* c = cell(h);
      return c ? std::string(core::Trim(c->text)) : std::string();
    };
    auto required = [&](const std::string& h) {
      std::string v = text(h);
      if (v.empty() && column.count(h)) problem(row.number, h, "必填");
      return v;
    };

    core::AccountRecord r;
    r.name = required(kName);
    const std::string unit_name = required(kUnit);
    if (!unit_name.empty()) {
      auto u = unit_by_name.find(unit_name);
      if (u == unit_by_name.end()) problem(row.number, kUnit, "台账中没有名为“" + unit_name + "”的单位");
      else if (u->second.retired) problem(row.number, kUnit, "单位“" + unit_name + "”已撤销");
      else r.unit_id = u->second.id;
    }
    const std::string platform = required(kPlatform);
    if (!platform.empty()) {
      if (auto pl = PlatformOfLabel(platform)) r.platform = *pl;
      else problem(row.number, kPlatform, "未知的平台“" + platform + "”（应为 " + PlatformLabels() + " 之一）");
    }
    r.positioning = required(kPositioning);
    r.url = required(kUrl);
    if (const XlsxCell* c = cell(kOpenedOn); c && !core::Trim(c->text).empty()) {
      r.opened_on = DateOfCell(*c, sheet->date1904);
      if (!r.opened_on) problem(row.number, kOpenedOn, "应为日期（Excel 日期，或 YYYY-MM-DD、YYYY/M/D），不是“" + c->text + "”");
    } else if (column.count(kOpenedOn)) {
      problem(row.number, kOpenedOn, "必填");
    }
    r.managing_office = text(kOffice);
    const auto contacts = ContactsOf(core::kMaxStaff);
    for (size_t k = 0; k < contacts.size(); ++k) {
      core::Contact c{text(contacts[k].prefix + "姓名"), text(contacts[k].prefix + "职务"),
                      text(contacts[k].prefix + "联系方式")};
      if (k == 0) {
        if (c.name.empty() && column.count("主要领导姓名")) problem(row.number, "主要领导姓名", "必填");
        if (c.phone.empty() && column.count("主要领导联系方式")) problem(row.number, "主要领导联系方式", "必填");
      }
      if (!c.phone.empty() && !core::IsValidPhone(c.phone))
        problem(row.number, contacts[k].prefix + "联系方式",
                "应为手机号码或固定电话（如 0512-57512345），不是“" + c.phone + "”");
      if (k == 0) r.main_leader = c;
      else if (k == 1) r.deputy_leader = c;
      else if (k == 2) r.chief_editor = c;
      else if (!c.empty()) r.staff.push_back(c);
    }
    r.certification = text(kCertification);
    r.internal_body_name = text(kInternalBody);
    r.internal_body = !r.internal_body_name.empty();
    r.feed_urls = SplitList(text(kFeeds));
    r.app_download_urls = SplitList(text(kDownloads));
    if (const std::string news = text(kNews); news == "是" || news == "true" || news == "1") {
      r.publishes_news = true;
    } else if (!news.empty() && news != "否" && news != "false" && news != "0") {
      problem(row.number, kNews, "应为“是”或“否”（空 = 否），不是“" + news + "”");
    }
    r.news_license_number = text(kLicenseNumber);
    r.news_license_holder = text(kLicenseHolder);
    if (const XlsxCell* c = cell(kLicenseValidTo); c && !core::Trim(c->text).empty()) {
      r.news_license_valid_to = DateOfCell(*c, sheet->date1904);
      if (!r.news_license_valid_to)
        problem(row.number, kLicenseValidTo, "应为日期（Excel 日期，或 YYYY-MM-DD、YYYY/M/D），不是“" + c->text + "”");
    }

    // The same rules as the form, once each cell could be read.
    if (report.problems.size() == before) {
      if (Status s = core::ValidateAccountRecord(r, today); !s.ok())
        problem(row.number, ColumnOfField(s.field()), s.message());
    }
    if (report.problems.size() != before) continue;
    const Key key{r.unit_id, r.platform, r.name};
    if (auto dup = in_file.find(key); dup != in_file.end()) {
      problem(row.number, kName, "与第 " + std::to_string(dup->second) + " 行重复（同一单位、同一平台、同一账号名称）");
      continue;
    }
    in_file[key] = row.number;
    if (auto it = registered.find(key); it != registered.end()) {
      report.skipped.push_back({row.number, unit_name, std::string(core::PlatformLabel(r.platform)), r.name, it->second});
      continue;
    }
    to_add.emplace_back(row.number, std::move(r));
  }
  if (!report.problems.empty()) {
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.row < b.row; });
    return report;
  }
  report.imported = static_cast<int64_t>(to_add.size());
  if (dry_run) return report;

  Status st = db_.Transaction([&]() -> Status {
    for (const auto& [row_number, record] : to_add) {
      NewAccount a;
      a.record = record;
      a.existing = true;
      auto created = registry_.CreateAccount(p, a);
      if (!created.ok()) {
        const Status& s = created.status();
        if (s.IsInvalidArgument())
          return Status::InvalidArgument("第 " + std::to_string(row_number) + " 行 " + ColumnOfField(s.field()),
                                         s.message());
        return s;
      }
    }
    return audit_.Append({0, clock_.NowRfc3339(), p.username, "accounts.import", "accounts", source, "",
                          nlohmann::json{{"rows", report.rows},
                                         {"imported", report.imported},
                                         {"skipped", report.skipped.size()}}
                              .dump()});
  });
  if (!st.ok()) return st;
  return report;
}

namespace {

/// Writes one account per row in the import's columns; `masked` decides per account whether
/// its contact numbers are shown masked.
void WriteAccounts(lxw_workbook* wb, const std::vector<storage::AccountRow>& rows, size_t staff,
                   const std::function<bool(const storage::AccountRow&)>& masked) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, "账号台账");
  const auto [head, date, wrap] = AddSheetFormats(wb);
  const auto headers = Headers(staff);
  for (size_t c = 0; c < headers.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), headers[c].c_str(), head);
    const double width = c < 2 ? 24 : c == 3 || c == 4 ? 32 : headers[c].ends_with("联系方式") ? 16 : 12;
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
  }
  worksheet_freeze_panes(ws, 1, 1);
  lxw_row_t r = 1;
  for (const auto& a : rows) {
    const auto& rec = a.record;
    const bool mask = masked(a);
    lxw_col_t c = 0;
    auto put = [&](const std::string& v, lxw_format* f = nullptr) {
      if (!v.empty()) worksheet_write_string(ws, r, c, v.c_str(), f);
      ++c;
    };
    auto join = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) out += (out.empty() ? "" : "\n") + s;
      return out;
    };
    put(rec.name);
    put(a.unit_name);
    put(std::string(core::PlatformLabel(rec.platform)));
    put(rec.positioning, wrap);
    put(rec.url);
    if (rec.opened_on) {
      lxw_datetime dt{rec.opened_on->year(), rec.opened_on->month(), rec.opened_on->day(), 0, 0, 0};
      worksheet_write_datetime(ws, r, c, &dt, date);
    }
    ++c;
    put(rec.managing_office);
    std::vector<core::Contact> contacts{rec.main_leader, rec.deputy_leader, rec.chief_editor};
    for (size_t i = 0; i < staff; ++i) contacts.push_back(i < rec.staff.size() ? rec.staff[i] : core::Contact{});
    for (const auto& k : contacts) {
      put(k.name);
      put(k.title);
      put(mask ? core::MaskPhone(k.phone) : k.phone);
    }
    put(rec.certification, wrap);
    put(rec.internal_body_name);
    put(join(rec.feed_urls), wrap);
    put(join(rec.app_download_urls), wrap);
    put(rec.publishes_news ? "是" : "");
    put(rec.news_license_number);
    put(rec.news_license_holder);
    if (rec.news_license_valid_to) {
      const core::Date& d = *rec.news_license_valid_to;
      lxw_datetime dt{d.year(), d.month(), d.day(), 0, 0, 0};
      worksheet_write_datetime(ws, r, c, &dt, date);
    }
    ++c;
    ++r;
  }
}

}  // namespace

core::Result<std::string> RegistryImport::Export(const core::Principal& p, storage::AccountFilter f) {
  f.limit = 1'000'000'000;
  f.offset = 0;
  auto rows = registry_.ListAccounts(p, f, nullptr);
  if (!rows.ok()) return rows.status();
  size_t staff = 1;
  for (const auto& a : *rows) staff = std::max(staff, a.record.staff.size());
  return XlsxBytes([&](lxw_workbook* wb) {
    WriteAccounts(wb, *rows, staff,
                  [&](const storage::AccountRow& a) { return !RegistryService::Unmasked(p, a.record.unit_id); });
  });
}

core::Result<std::string> RegistryImport::Template() {
  return XlsxBytes([&](lxw_workbook* wb) {
    WriteAccounts(wb, {}, 2, [](const storage::AccountRow&) { return false; });
    lxw_worksheet* ws = workbook_add_worksheet(wb, "填写说明");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    worksheet_set_column(ws, 0, 0, 28, nullptr);
    worksheet_set_column(ws, 1, 1, 80, nullptr);
    const std::vector<std::pair<std::string, std::string>> notes{
        {"列", "填写要求"},
        {kName, "必填"},
        {kUnit, "必填；与台账中的单位名称完全一致"},
        {kPlatform, "必填；" + PlatformLabels() + " 之一"},
        {kPositioning, "必填"},
        {kUrl, "必填；以 http:// 或 https:// 开头"},
        {kOpenedOn, "必填；日期，如 2016-05-01"},
        {kOffice, "选填"},
        {"主要领导姓名、联系方式", "必填；联系方式为手机号码或固定电话（如 0512-57512345）"},
        {"分管领导、总编辑", "选填；填写联系方式时须填写姓名"},
        {"工作人员1…工作人员10", "选填；可按需增加“工作人员3姓名”等列"},
        {kCertification, "选填"},
        {kInternalBody, "仅由内设机构开设的账号填写"},
        {kFeeds, "选填；多个地址每行一个或用分号分隔"},
        {kDownloads, "选填；多个地址每行一个或用分号分隔"},
        {kNews, "选填；账号发布、转载新闻信息的填“是”，其余留空或填“否”"},
        {kLicenseNumber, "发布新闻信息的账号填写（从事互联网新闻信息服务须具备相应资质）"},
        {kLicenseHolder, "许可证上的持证单位"},
        {kLicenseValidTo, "日期，如 2026-12-31；过期或缺少许可证时台账显示预警"},
        {"说明", "只读取第一个工作表；第 1 行为表头；每个账号一行，导入后记为“历史补录”的已开设账号；"
                 "同一单位、平台、账号名称已在台账中的行跳过。"}};
    for (size_t i = 0; i < notes.size(); ++i) {
      worksheet_write_string(ws, static_cast<lxw_row_t>(i), 0, notes[i].first.c_str(), i == 0 ? bold : nullptr);
      worksheet_write_string(ws, static_cast<lxw_row_t>(i), 1, notes[i].second.c_str(), i == 0 ? bold : nullptr);
    }
  });
}

}  // namespace govmedia::app
