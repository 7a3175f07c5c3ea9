// The registry as a spreadsheet over HTTP: POST /api/accounts/import (city office only; bad rows
// 422 with every row's problem; a good file the summary), GET /api/accounts/export with the
// list's filters and the on-screen masking, and the template.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "registry_sheet.h"
#include "xlsx_reader.h"

namespace govmedia::testing {
namespace {

std::string Base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = static_cast<uint8_t>(in[i]) << 16 | static_cast<uint8_t>(in[i + 1]) << 8 | static_cast<uint8_t>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += k[(v >> s) & 63];
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

class RegistryImportApi : public ApiTest {
 protected:
  json Upload(const std::string& bytes, bool dry_run = false) {
    return {{"filename", "台账.xlsx"}, {"content_base64", Base64(bytes)}, {"dry_run", dry_run}};
  }
  std::string GoodFile() {
    return Workbook({RegistryHeader(), RegistryRow("张浦镇", "张浦发布", "微博", D("2016-05-01")),
                     RegistryRow("昆山市教育局", "昆山教育", "抖音", D("2020-01-15"))});
  }
  httplib::Result Download(const Session& s, const std::string& path) {
    return client_->Get(path.c_str(), {{"Cookie", s.cookie}});
  }
};

TEST_F(RegistryImportApi, UploadRefusesBadRowsThenImportsAndSkips) {
  const Session admin = Login("admin");
  SheetRow bad = RegistryRow("张浦镇", "乙", "微博", D("2016-05-01"));
  bad[4] = std::string("");
  auto refused = Post(admin, "/api/accounts/import",
                      Upload(Workbook({RegistryHeader(), RegistryRow("张浦镇", "甲", "微博", D("2016-05-01")), {}, bad})));
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  ASSERT_EQ(refused.body["errors"].size(), 1u) << refused.body.dump();
  EXPECT_EQ(refused.body["errors"][0]["row"], 4);
  EXPECT_EQ(refused.body["errors"][0]["column"], "发布内容及功能定位");
  EXPECT_EQ(refused.body["errors"][0]["text"], "第 4 行 发布内容及功能定位：必填");
  EXPECT_EQ(refused.body["error"]["code"], "invalid_rows");
  EXPECT_EQ(refused.body["imported"], 0);
  EXPECT_EQ(Count("accounts"), 0);

  auto dry = Post(admin, "/api/accounts/import", Upload(GoodFile(), true));
  EXPECT_EQ(dry.status, 200) << dry.body.dump();
  EXPECT_EQ(dry.body["imported"], 2);
  EXPECT_EQ(Count("accounts"), 0);

  auto ok = Post(admin, "/api/accounts/import", Upload(GoodFile()));
  EXPECT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["summary"], "导入 2 个账号，跳过 0 个已在台账中的账号");
  EXPECT_EQ(Count("accounts"), 2);
  auto twice = Post(admin, "/api/accounts/import", Upload(GoodFile()));
  EXPECT_EQ(twice.status, 200);
  EXPECT_EQ(twice.body["summary"], "导入 0 个账号，跳过 2 个已在台账中的账号");
  ASSERT_EQ(twice.body["skipped"].size(), 2u);
  EXPECT_EQ(twice.body["skipped"][0]["row"], 2);
  EXPECT_EQ(twice.body["skipped"][0]["name"], "张浦发布");
  EXPECT_EQ(Count("accounts"), 2);
  auto audit = storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE actor = 'admin' AND action = 'account.register_existing'");
  EXPECT_EQ(audit->Int(0), 2);
}

TEST_F(RegistryImportApi, OnlyTheCityOfficeUploadsAndTheBodyIsBounded) {
  for (const char* who : {"zp", "insp", "boss"}) {
    auto r = Post(Login(who), "/api/accounts/import", Upload(GoodFile()));
    EXPECT_EQ(r.status, 403) << who << " " << r.body.dump();
  }
  EXPECT_EQ(Count("accounts"), 0);
  const Session admin = Login("admin");
  auto big = Post(admin, "/api/accounts/import", Upload(std::string(7 << 20, 'x')));
  EXPECT_EQ(big.status, 413);
  auto junk = Post(admin, "/api/accounts/import", Upload("账号名称,主办单位\n"));
  EXPECT_EQ(junk.status, 400);
  EXPECT_EQ(junk.body["error"]["field"], "file");
}

TEST_F(RegistryImportApi, ExportTakesTheListFiltersAndMasksAsOnScreen) {
  const Session admin = Login("admin");
  ASSERT_EQ(Post(admin, "/api/accounts/import", Upload(GoodFile())).status, 200);
  auto all = Download(admin, "/api/accounts/export");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->status, 200);
  EXPECT_EQ(all->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(all->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  auto cells = SheetCells(all->body);
  EXPECT_EQ(cells.at("J2"), "13812345678");
  EXPECT_TRUE(cells.count("A3"));

  auto douyin = Download(Login("boss"), "/api/accounts/export?platform=douyin&q=%E6%98%86%E5%B1%B1");
  ASSERT_TRUE(douyin);
  EXPECT_EQ(douyin->status, 200);
  cells = SheetCells(douyin->body);
  EXPECT_EQ(cells.at("A2"), "昆山教育");
  EXPECT_FALSE(cells.count("A3"));
  EXPECT_EQ(cells.at("J2"), "138****5678");

  auto bad = Download(admin, "/api/accounts/export?platform=myspace");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);

  // The exported file uploads again and adds nothing.
  auto again = Post(admin, "/api/accounts/import", Upload(all->body));
  EXPECT_EQ(again.status, 200) << again.body.dump();
  EXPECT_EQ(again.body["summary"], "导入 0 个账号，跳过 2 个已在台账中的账号");

  auto tpl = Download(admin, "/api/accounts/import-template");
  ASSERT_TRUE(tpl);
  EXPECT_EQ(tpl->status, 200);
  EXPECT_EQ(SheetCells(tpl->body).at("A1"), "账号名称");
}

}  // namespace
}  // namespace govmedia::testing
