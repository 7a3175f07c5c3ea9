#include "http/json_body.h"

#include <sodium.h>

#include <algorithm>

namespace govmedia::http {

using core::Status;
using nlohmann::json;

core::Result<std::string> BodyString(const json& body, const std::string& field, bool required) {
  std::string v;
  if (body.contains(field) && !body[field].is_null()) {
    if (!body[field].is_string()) return Status::InvalidArgument(field, "应为文本");
    v = body[field].get<std::string>();
  }
  if (required && v.empty()) return Status::InvalidArgument(field, "不能为空");
  return v;
}

core::Result<std::optional<core::Date>> BodyDate(const json& body, const std::string& field, bool required) {
  auto s = BodyString(body, field, false);
  if (!s.ok()) return s.status();
  if (s->empty()) {
    if (required) return Status::InvalidArgument(field, "请填写日期（YYYY-MM-DD）");
    return std::optional<core::Date>();
  }
  auto d = core::Date::Parse(*s);
  if (!d) return Status::InvalidArgument(field, "日期格式应为 YYYY-MM-DD 且为有效日期");
  return std::optional<core::Date>(*d);
}

core::Result<std::optional<bool>> BodyBool(const json& body, const std::string& field) {
  if (!body.contains(field) || body[field].is_null()) return std::optional<bool>();
  if (!body[field].is_boolean()) return Status::InvalidArgument(field, "应为 true 或 false");
  return std::optional<bool>(body[field].get<bool>());
}

core::Result<std::optional<int64_t>> BodyInt(const json& body, const std::string& field) {
  if (!body.contains(field) || body[field].is_null()) return std::optional<int64_t>();
  if (!body[field].is_number_integer()) return Status::InvalidArgument(field, "应为整数");
  return std::optional<int64_t>(body[field].get<int64_t>());
}

core::Result<std::optional<int64_t>> QueryInt(const std::string& value, const std::string& field) {
  if (value.empty()) return std::optional<int64_t>();
  int64_t v = 0;
  for (char c : value) {
    if (c < '0' || c > '9' || v > 1'000'000'000'000LL) return Status::InvalidArgument(field, "应为正整数");
    v = v * 10 + (c - '0');
  }
  return std::optional<int64_t>(v);
}

core::Result<std::string> DecodeBase64(std::string text) {
  if (auto comma = text.find(','); text.rfind("data:", 0) == 0 && comma != std::string::npos) text.erase(0, comma + 1);
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \r\n",
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Status::InvalidArgument("content_base64", "不是有效的 Base64 编码");
  }
  out.resize(len);
  return out;
}


core::Result<int> YearOf(const std::string& text, int fallback) {
  if (text.empty()) return fallback;
  auto y = QueryInt(text, "year");
  if (!y.ok()) return y.status();
  if (!*y || **y < 2000 || **y > 2100) return core::Status::InvalidArgument("year", "应为年份");
  return static_cast<int>(**y);
}

core::Result<std::pair<std::string, std::string>> BodyFile(const nlohmann::json& body) {
  auto name = BodyString(body, "filename", true);
  if (!name.ok()) return name.status();
  auto content = BodyString(body, "content_base64", true);
  if (!content.ok()) return content.status();
  auto bytes = DecodeBase64(*content);
  if (!bytes.ok()) return bytes.status();
  return std::make_pair(*name, std::move(*bytes));
}

core::Result<std::vector<int64_t>> BodyIds(const nlohmann::json& body, const std::string& field, size_t max) {
  if (!body.contains(field) || !body[field].is_array() || body[field].empty())
    return core::Status::InvalidArgument(field, "应为非空的编号数组");
  if (body[field].size() > max)
    return core::Status::InvalidArgument(field, "一次最多 " + std::to_string(max) + " 项");
  std::vector<int64_t> out;
  for (const auto& v : body[field]) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) return core::Status::InvalidArgument(field, "应为编号数组");
    const int64_t id = v.get<int64_t>();
    if (std::find(out.begin(), out.end(), id) != out.end())
      return core::Status::InvalidArgument(field, "编号重复：" + std::to_string(id));
    out.push_back(id);
  }
  return out;
}

nlohmann::json RunBatch(const std::vector<int64_t>& ids, const std::function<core::Status(int64_t)>& one) {
  int64_t done = 0;
  nlohmann::json failed = nlohmann::json::array();
  for (int64_t id : ids) {
    const core::Status s = one(id);
    if (s.ok()) {
      ++done;
    } else {
      failed.push_back({{"id", id}, {"message", s.message()}});
    }
  }
  return {{"done", done}, {"failed", failed}};
}

core::Result<Page> QueryPage(const std::string& page, const std::string& page_size) {
  auto n = QueryInt(page, "page");
  if (!n.ok()) return n.status();
  auto size = QueryInt(page_size, "page_size");
  if (!size.ok()) return size.status();
  Page p;
  p.limit = std::clamp<int64_t>(size->value_or(50), 1, 500);
  p.offset = (std::max<int64_t>(n->value_or(1), 1) - 1) * p.limit;
  return p;
}

}  // namespace govmedia::http
