#include "app/evidence_images.h"

#include "app/file_types.h"
#include "core/text.h"
#include "storage/audit_log.h"

namespace govmedia::app {

using core::Status;
using nlohmann::json;

namespace {

constexpr const char* kColumns =
    "id, unit_id, kind, rectification_id, account_id, filing_id, filename, mime, size, sha256, created_by, "
    "created_at";

std::optional<int64_t> OptInt(const storage::Row& r, size_t i) {
  return r.IsNull(i) ? std::nullopt : std::optional<int64_t>(r.Int(i));
}

EvidenceImage FromRow(const storage::Row& r) {
  EvidenceImage x;
  x.id = r.Int(0);
  x.unit_id = r.Int(1);
  x.kind = r.Text(2);
  x.rectification_id = OptInt(r, 3);
  x.account_id = OptInt(r, 4);
  x.filing_id = OptInt(r, 5);
  x.filename = r.Text(6);
  x.mime = r.Text(7);
  x.size = r.Int(8);
  x.sha256 = r.Text(9);
  x.created_by = r.Text(10);
  x.created_at = r.Text(11);
  if (r.size() > 12) x.data = r.Text(12);
  return x;
}

core::Result<std::vector<EvidenceImage>> Select(storage::Db& db, const std::string& where,
                                                const storage::Params& params) {
  auto rows = db.Query(std::string("SELECT ") + kColumns + " FROM evidence_images WHERE " + where + " ORDER BY id",
                       params);
  if (!rows.ok()) return rows.status();
  std::vector<EvidenceImage> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace

core::Result<std::string> CheckEvidenceImage(const std::string& filename, const std::string& bytes) {
  const std::string name(core::Trim(filename));
  if (name.empty() || core::Utf8Length(name) > 200 || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos || !core::IsValidUtf8(name))
    return Status::InvalidArgument("filename", "文件名应为 1–200 个字，不含 / 或 \\");
  if (bytes.empty()) return Status::InvalidArgument("content_base64", "图片内容为空");
  if (bytes.size() > kMaxEvidenceImageBytes)
    return Status::InvalidArgument("content_base64", "图片不能超过 5 MB（" + name + "）");
  const std::string mime = SniffImage(bytes);
  if (mime != "image/png" && mime != "image/jpeg" && mime != "image/webp")
    return Status::InvalidArgument("content_base64", "只接受 PNG、JPEG 或 WebP 图片（" + name + " 不是）");
  return mime;
}

core::Result<EvidenceImage> StoreEvidenceImage(storage::Db& db, EvidenceImage image, const std::string& bytes,
                                               bool* created) {
  *created = false;
  auto mime = CheckEvidenceImage(image.filename, bytes);
  if (!mime.ok()) return mime.status();
  image.filename = std::string(core::Trim(image.filename));
  image.mime = *mime;
  image.size = static_cast<int64_t>(bytes.size());
  image.sha256 = storage::Sha256Hex(bytes);
  // The same image sent again for the same owner (a retried form): the stored one.
  auto same = image.kind == "rectification"
                  ? Select(db, "kind = 'rectification' AND rectification_id = ? AND sha256 = ?",
                           {*image.rectification_id, image.sha256})
                  : Select(db, "kind = 'closure_notice' AND account_id = ? AND filing_id IS NULL AND sha256 = ?",
                           {*image.account_id, image.sha256});
  if (!same.ok()) return same.status();
  if (!same->empty()) return same->front();
  auto opt = [](const std::optional<int64_t>& v) { return v ? storage::Value(*v) : storage::Value(nullptr); };
  auto id = db.Insert(
      "INSERT INTO evidence_images (unit_id, kind, rectification_id, account_id, filing_id, filename, mime, size, "
      "sha256, data, created_by, created_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {image.unit_id, image.kind, opt(image.rectification_id), opt(image.account_id), image.filename, image.mime,
       image.size, image.sha256, storage::Blob{bytes}, image.created_by, image.created_at});
  if (!id.ok()) return id.status();
  image.id = *id;
  *created = true;
  return image;
}

core::Result<std::vector<EvidenceImage>> RectificationImages(storage::Db& db, int64_t rectification_id) {
  return Select(db, "kind = 'rectification' AND rectification_id = ?", {rectification_id});
}

core::Result<std::vector<EvidenceImage>> ClosureNoticeImages(storage::Db& db, int64_t account_id) {
  return Select(db,
                "kind = 'closure_notice' AND filing_id = (SELECT MAX(filing_id) FROM evidence_images WHERE "
                "kind = 'closure_notice' AND account_id = ?)",
                {account_id});
}

core::Result<std::vector<EvidenceImage>> FilingImages(storage::Db& db, int64_t filing_id) {
  return Select(db, "kind = 'closure_notice' AND filing_id = ?", {filing_id});
}

Status AttachClosureImages(storage::Db& db, int64_t account_id, int64_t filing_id, const std::vector<int64_t>& ids) {
  for (int64_t id : ids) {
    auto found = Select(db, "id = ? AND kind = 'closure_notice' AND account_id = ? AND filing_id IS NULL",
                        {id, account_id});
    if (!found.ok()) return found.status();
    if (found->empty())
      return Status::InvalidArgument("closure_notice_image_ids",
                                     "图片 " + std::to_string(id) + " 不是该账号待提交的停更公告截图");
    if (Status s = db.Exec("UPDATE evidence_images SET filing_id = ? WHERE id = ?", {filing_id, id}); !s.ok())
      return s;
  }
  return Status::Ok();
}

core::Result<EvidenceImage> ReadEvidenceImage(storage::Db& db, const core::Principal& p, int64_t id) {
  auto r = storage::QueryOne(db, std::string("SELECT ") + kColumns + ", data FROM evidence_images WHERE id = ?", {id});
  if (!r.ok()) return r.status().IsNotFound() ? Status::NotFound("图片不存在") : r.status();
  EvidenceImage x = FromRow(*r);
  if (Status s = core::Authorize(p, core::Action::kReadRegistry, x.unit_id); !s.ok()) return s;
  return x;
}

json EvidenceImageJson(const EvidenceImage& i) {
  return {{"id", i.id},           {"filename", i.filename},     {"mime", i.mime},
          {"size", i.size},       {"sha256", i.sha256},         {"created_by", i.created_by},
          {"created_at", i.created_at}};
}

json EvidenceImagesJson(const std::vector<EvidenceImage>& images) {
  json out = json::array();
  for (const auto& i : images) out.push_back(EvidenceImageJson(i));
  return out;
}

}  // namespace govmedia::app
