#include "http/list_export.h"

#include <cstdio>

#include "core/timestamp.h"

namespace govmedia::http {

namespace {

const json* Reach(const json& item, const std::string& key) {
  const json* at = &item;
  size_t start = 0;
  for (;;) {
    const size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!at->is_object()) return nullptr;
    auto it = at->find(part);
    if (it == at->end()) return nullptr;
    at = &*it;
    if (dot == std::string::npos) return at;
    start = dot + 1;
  }
}

json ValueOf(const json& item, const std::string& key) {
  const json* v = Reach(item, key);
  return v ? *v : json(nullptr);
}

app::TableCell CellOf(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "是" : "否");
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : "；") + (x.is_string() ? x.get<std::string>() : x.dump());
    return out;
  }
  if (v.is_object()) return v.dump();
  return std::monostate{};
}

std::string PercentEncode(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

}  // namespace

ExportColumn Field(std::string header, std::string key, double width) {
  return {{std::move(header), width}, [key](const json& i) { return ValueOf(i, key); }};
}

ExportColumn DateField(std::string header, std::string key, bool time) {
  return {{std::move(header), time ? 17.0 : 12.0, !time}, [key, time](const json& i) -> json {
            const json v = ValueOf(i, key);
            if (!v.is_string()) return nullptr;
            const std::string s = v.get<std::string>();
            if (s.size() <= 10) return s;
            auto t = core::ParseRfc3339(s);
            if (!t) return s;
            const std::string beijing = core::FormatBeijing(*t);  // "YYYY-MM-DD HH:MM"
            return time ? beijing : beijing.substr(0, 10);
          }};
}

ExportColumn Label(std::string header, std::string key, std::map<std::string, std::string> labels, double width) {
  return {{std::move(header), width}, [key, labels = std::move(labels)](const json& i) -> json {
            const json v = ValueOf(i, key);
            const std::string k = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
            auto it = labels.find(k);
            return it != labels.end() ? json(it->second) : v;
          }};
}

ExportColumn YesNo(std::string header, std::string key) {
  return {{std::move(header), 8}, [key](const json& i) -> json {
            const json v = ValueOf(i, key);
            return v.is_boolean() ? json(v.get<bool>() ? "是" : "否") : json(nullptr);
          }};
}

ExportColumn Text(std::string header, std::string key, double width) {
  return {{std::move(header), width, false, true}, [key](const json& i) { return ValueOf(i, key); }};
}

ExportColumn Computed(std::string header, std::function<json(const json&)> value, double width) {
  return {{std::move(header), width}, std::move(value)};
}

void AddListExport(Router& r, const std::string& path, std::string filename, std::string title, Handler list,
                   std::vector<ExportColumn> columns) {
  r.Get(path, Access::kSession,
        [filename = std::move(filename), title = std::move(title), list = std::move(list),
         columns = std::move(columns)](Ctx& c) -> core::Result<json> {
          constexpr int kPageSize = 500;
          constexpr int kMaxPages = 2000;  // a million rows: a bound, not a limit anyone meets
          std::vector<std::vector<app::TableCell>> rows;
          for (int page = 1; page <= kMaxPages; ++page) {
            httplib::Request req = c.req;
            req.params.erase("page");
            req.params.erase("page_size");
            req.params.emplace("page", std::to_string(page));
            req.params.emplace("page_size", std::to_string(kPageSize));
            Ctx inner{req, c.res, c.client_address, c.secure, c.session, c.integration, json::object(), 200};
            auto out = list(inner);
            if (!out.ok()) return out.status();
            const json* items = out->is_array() ? &*out : out->contains("items") ? &(*out)["items"] : nullptr;
            if (!items || items->empty()) break;
            for (const auto& item : *items) {
              std::vector<app::TableCell> row;
              row.reserve(columns.size());
              for (const auto& col : columns) row.push_back(CellOf(col.value(item)));
              rows.push_back(std::move(row));
            }
            // A list that answers every row at once has total == its items; a paged one stops at total.
            const int64_t total = out->is_object() && (*out)["total"].is_number()
                                      ? (*out)["total"].get<int64_t>()
                                      : static_cast<int64_t>(items->size());
            if (static_cast<int64_t>(rows.size()) >= total || static_cast<int64_t>(items->size()) >= total) break;
          }
          std::vector<app::TableColumn> header;
          for (const auto& col : columns) header.push_back(col.column);
          auto bytes = app::TableXlsx(title, header, rows);
          if (!bytes.ok()) return bytes.status();
          c.res.set_header("Content-Disposition", "attachment; filename=\"" + filename + ".xlsx\"; filename*=UTF-8''" +
                                                      PercentEncode(title) + ".xlsx");
          c.res.set_content(*bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
          return json(nullptr);
        });
}

}  // namespace govmedia::http
