// Images as evidence (issue 11): a unit's rectification answer (整改回复) and the closure notice
// (停更公告) of a close filing carry PNG, JPEG or WebP images besides or instead of a link. The type
// is told by the first bytes, the size is limited, the bytes come back unchanged with their SHA-256,
// and only to those who may see the unit's records.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "http/json_body.h"
#include "storage/audit_log.h"

namespace govmedia::testing {
namespace {

std::string Base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += k[(n >> s) & 63];
  }
  if (i + 1 == in.size()) {
    const uint32_t n = uint8_t(in[i]) << 16;
    out += k[(n >> 18) & 63], out += k[(n >> 12) & 63], out += "==";
  } else if (i + 2 == in.size()) {
    const uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += k[(n >> 18) & 63], out += k[(n >> 12) & 63], out += k[(n >> 6) & 63], out += '=';
  }
  return out;
}

// The first bytes of each format, then a little payload: enough for the server to tell them.
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + "photo of the deleted post";
const std::string kWebp = std::string("RIFF\x1a\x00\x00\x00WEBPVP8 ", 16) + "screenshot";
const std::string kGif = "GIF89a-not-accepted-as-evidence";
const std::string kPdf = "%PDF-1.4 a document named like an image";

class EvidenceImagesTest : public ApiTest {
 protected:
  std::string S(int64_t id) { return std::to_string(id); }
  json File(const std::string& name, const std::string& bytes) {
    return {{"filename", name}, {"content_base64", Base64(bytes)}};
  }
  // A rectification of a published notice for the account (the notice as the spot check leaves it).
  int64_t Rectification(int64_t account, int64_t unit) {
    EXPECT_TRUE(node_->db()
                    .ExecScript("INSERT INTO spot_rounds (id, year, quarter, name, method, ratio, seed, monitoring_time, "
                                "population_json, status, created_by, created_at) VALUES (1, 2024, 4, '第四季度抽查', "
                                "'ratio', 0.5, 1, '2024-10-10T09:00:00+08:00', '[]', 'finished', 'admin', 'x');"
                                "INSERT INTO notices (id, round_id, title, status, published_on, created_by, created_at) "
                                "VALUES (1, 1, '关于第四季度抽查情况的通报', 'published', '2024-10-15', 'admin', 'x');")
                    .ok());
    return *node_->db().Insert(
        "INSERT INTO rectifications (notice_id, account_id, unit_id, indicator, problem, due_on) "
        "VALUES (1, ?, ?, 'improper_content', '转发未核实信息', '2024-10-25') RETURNING id",
        {account, unit});
  }
  json TaskOf(const Session& s, int64_t id) {
    Reply list = Get(s, "/api/rectifications");
    for (const auto& t : list.body["items"])
      if (t["id"] == id) return t;
    return nullptr;
  }
  int64_t AuditRows(const std::string& action) {
    return storage::QueryOne(node_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = ?", {action})->Int(0);
  }
};

TEST_F(EvidenceImagesTest, TheUnitAnswersARectificationWithImagesInsteadOfALink) {
  Session admin = Login("admin"), zp = Login("zp");
  const int64_t town = UnitId("张浦镇");
  const int64_t account = OpenAccount(admin, town, "张浦发布");
  const int64_t task = Rectification(account, town);
  const std::string png = *http::DecodeBase64(kTinyPng);

  // Two images before the answer: a PNG and a JPEG; then the answer without a link.
  Reply first = Post(zp, "/api/rectifications/" + S(task) + "/images", File("删除后.png", png));
  ASSERT_EQ(first.status, 200) << first.body.dump();
  Reply second = Post(zp, "/api/rectifications/" + S(task) + "/images", File("说明.jpg", kJpeg));
  ASSERT_EQ(second.status, 200) << second.body.dump();
  ASSERT_EQ(second.body["images"].size(), 2u);
  EXPECT_EQ(second.body["images"][0]["mime"], "image/png");
  EXPECT_EQ(second.body["images"][0]["sha256"], storage::Sha256Hex(png));
  EXPECT_EQ(second.body["images"][1]["mime"], "image/jpeg");
  EXPECT_EQ(second.body["images"][1]["filename"], "说明.jpg");
  EXPECT_EQ(second.body["images"][1]["size"], kJpeg.size());
  // The same image again (a retried form) is kept once, and audited once.
  Reply again = Post(zp, "/api/rectifications/" + S(task) + "/images", File("删除后(1).png", png));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body["images"].size(), 2u);
  EXPECT_EQ(AuditRows("rectification.image"), 2);

  Reply answered = Post(zp, "/api/rectifications/" + S(task) + "/answer", {{"answer", "已删除该帖并在评论区说明"}});
  ASSERT_EQ(answered.status, 200) << answered.body.dump();
  EXPECT_EQ(answered.body["evidence_url"], "");
  // A WebP after the answer, while the office has not closed the task.
  ASSERT_EQ(Post(zp, "/api/rectifications/" + S(task) + "/images", File("补充.webp", kWebp)).status, 200);

  // The office sees the images in the list and gets each back byte for byte.
  json seen = TaskOf(admin, task);
  ASSERT_EQ(seen["images"].size(), 3u) << seen.dump();
  EXPECT_EQ(seen["images"][2]["mime"], "image/webp");
  auto got = client_->Get(("/api/evidence-images/" + S(seen["images"][0]["id"].get<int64_t>())).c_str(),
                          {{"Cookie", admin.cookie}});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, png);
  EXPECT_EQ(got->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(got->get_header_value("Content-Disposition").rfind("inline", 0), 0u);
  got = client_->Get(("/api/evidence-images/" + S(seen["images"][1]["id"].get<int64_t>())).c_str(),
                     {{"Cookie", zp.cookie}});
  EXPECT_EQ(got->body, kJpeg);
  // Everyone who may read the unit's records sees them: a leader, an inspector.
  for (const char* who : {"boss", "insp"})
    EXPECT_EQ(Get(Login(who), "/api/evidence-images/" + S(seen["images"][2]["id"].get<int64_t>())).status, 200) << who;

  // The audit log names each image with its SHA-256.
  auto row = storage::QueryOne(node_->db(),
                               "SELECT actor, entity_id, after_json FROM audit_log WHERE action = 'rectification.image' "
                               "ORDER BY id LIMIT 1");
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->Text(0), "zp");
  EXPECT_EQ(row->Text(1), S(task));
  EXPECT_NE(row->Text(2).find(storage::Sha256Hex(png)), std::string::npos);

  // Once closed, no more images.
  ASSERT_EQ(Post(admin, "/api/rectifications/" + S(task) + "/review", {{"decision", "close"}}).status, 200);
  EXPECT_EQ(Post(zp, "/api/rectifications/" + S(task) + "/images", File("晚了.png", kJpeg)).status, 409);
}

TEST_F(EvidenceImagesTest, OtherFilesAndOversizedImagesAreRefusedWithTheReason) {
  Session admin = Login("admin"), zp = Login("zp");
  const int64_t town = UnitId("张浦镇");
  const int64_t task = Rectification(OpenAccount(admin, town, "张浦发布"), town);
  const std::string path = "/api/rectifications/" + S(task) + "/images";

  // A GIF, and a PDF named .png: the first bytes decide, not the name.
  for (const auto& [name, bytes] : {std::pair{"动图.gif", kGif}, std::pair{"截图.png", kPdf}}) {
    Reply r = Post(zp, path, File(name, bytes));
    EXPECT_EQ(r.status, 400) << name;
    EXPECT_EQ(r.body["error"]["field"], "content_base64") << r.body.dump();
    const std::string message = r.body["error"]["message"];
    EXPECT_NE(message.find("只接受 PNG、JPEG 或 WebP 图片"), std::string::npos) << message;
    EXPECT_NE(message.find(name), std::string::npos) << message;
  }
  // Over 5 MB: the message names the limit.
  std::string big = *http::DecodeBase64(kTinyPng);
  big.resize(5 * 1024 * 1024 + 1, '\0');
  Reply r = Post(zp, path, File("大图.png", big));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body["error"]["message"].get<std::string>().find("5 MB"), std::string::npos) << r.body.dump();
  // A name with a path in it.
  EXPECT_EQ(Post(zp, path, File("../x.png", kJpeg)).body["error"]["field"], "filename");
  EXPECT_EQ(Count("evidence_images"), 0);
  EXPECT_EQ(AuditRows("rectification.image"), 0);
}

TEST_F(EvidenceImagesTest, AnotherUnitNeitherAddsNorSeesTheImages) {
  Session admin = Login("admin"), zp = Login("zp"), edu = Login("edu");
  const int64_t town = UnitId("张浦镇");
  const int64_t account = OpenAccount(admin, town, "张浦发布");
  const int64_t task = Rectification(account, town);
  Reply added = Post(zp, "/api/rectifications/" + S(task) + "/images", File("删除后.jpg", kJpeg));
  ASSERT_EQ(added.status, 200);
  const int64_t image = added.body["images"][0]["id"];

  // 昆山市教育局's operator: not found, whatever the route.
  EXPECT_EQ(Get(edu, "/api/evidence-images/" + S(image)).status, 404);
  Reply refused = Post(edu, "/api/rectifications/" + S(task) + "/images", File("x.jpg", kWebp));
  EXPECT_EQ(refused.status, 404);
  EXPECT_EQ(refused.body.dump().find("张浦"), std::string::npos);
  EXPECT_EQ(Post(edu, "/api/accounts/" + S(account) + "/closure-images", File("x.jpg", kJpeg)).status, 404);
  EXPECT_EQ(Get(edu, "/api/rectifications").body["total"], 0);
  // Without a session: 401.
  EXPECT_EQ(ToReply(client_->Get(("/api/evidence-images/" + S(image)).c_str())).status, 401);
  EXPECT_EQ(Count("evidence_images"), 1);
}

TEST_F(EvidenceImagesTest, AClosureNoticeMayBeScreenshotsInsteadOfALink) {
  Session admin = Login("admin"), zp = Login("zp"), edu = Login("edu");
  const int64_t town = UnitId("张浦镇");
  const int64_t account = OpenAccount(admin, town, "张浦发布");
  const std::string filings = "/api/accounts/" + S(account) + "/filings";
  const json close{{"kind", "close"}, {"event_on", "2024-10-17"}, {"reason", "整合到张浦融媒"},
                   {"closure_notice_on", "2024-10-16"}};

  // Neither a link nor a screenshot: refused, naming the link.
  Reply none = Post(zp, filings, close);
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.body["error"]["field"], "closure_notice_url");
  EXPECT_NE(none.body["error"]["message"].get<std::string>().find("停更公告截图"), std::string::npos);

  Reply shot = Post(zp, "/api/accounts/" + S(account) + "/closure-images", File("停更公告.jpg", kJpeg));
  ASSERT_EQ(shot.status, 201) << shot.body.dump();
  const int64_t image = shot.body["id"];
  EXPECT_EQ(shot.body["sha256"], storage::Sha256Hex(kJpeg));
  EXPECT_EQ(Post(zp, "/api/accounts/" + S(account) + "/closure-images", File("动图.gif", kGif)).status, 400);
  // Images belong to close filings only.
  json change{{"kind", "change"}, {"event_on", "2024-10-17"}, {"reason", "x"}, {"closure_notice_image_ids", {image}}};
  EXPECT_EQ(Post(zp, filings, change).body["error"]["field"], "closure_notice_image_ids");

  json with_image = close;
  with_image["closure_notice_image_ids"] = {image};
  Reply filed = Post(zp, filings, with_image);
  ASSERT_EQ(filed.status, 201) << filed.body.dump();
  Reply detail = Get(admin, "/api/accounts/" + S(account));
  EXPECT_EQ(detail.body["status"], "closed");
  ASSERT_EQ(detail.body["closure_notice_images"].size(), 1u) << detail.body.dump();
  EXPECT_EQ(detail.body["closure_notice_images"][0]["id"], image);
  EXPECT_EQ(detail.body["closure_notice_url"], "");
  // A notice given as a screenshot is a notice: not listed as 已报关停未发布停更公告.
  EXPECT_EQ(Get(admin, "/api/closures-not-done?year=2024").body["total"], 0);
  // The image was taken by that filing and cannot be cited again.
  auto other = OpenAccount(admin, town, "张浦微博");
  json reuse = with_image;
  Reply cited = Post(zp, "/api/accounts/" + S(other) + "/filings", reuse);
  EXPECT_EQ(cited.status, 400);
  EXPECT_EQ(cited.body["error"]["field"], "closure_notice_image_ids");
  // The other unit does not get it.
  EXPECT_EQ(Get(edu, "/api/evidence-images/" + S(image)).status, 404);
  EXPECT_EQ(Get(zp, "/api/evidence-images/" + S(image)).status, 200);
  // Audited: the upload and the filing that cites it.
  EXPECT_EQ(AuditRows("account.closure_image"), 1);
  auto created = storage::QueryOne(node_->db(),
                                   "SELECT after_json FROM audit_log WHERE action = 'filing.create' AND entity_id = ?",
                                   {S(filed.body["id"].get<int64_t>())});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(json::parse(created->Text(0))["closure_notice_image_ids"], json::array({image}));
}

}  // namespace
}  // namespace govmedia::testing
