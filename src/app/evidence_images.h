// Evidence images (佐证图片): photos or screenshots a unit sends with its rectification answer
// (整改回复) or as the closure notice (停更公告) of a close filing, besides or instead of a link.
// Kept the way the quarterly reports' attachments are: the bytes in the database with their
// SHA-256, the type told by the first bytes (app::SniffImage), each row owned by a unit so that
// only those who may read that unit's records get it back. The services that own the records
// (RectificationService, RegistryService) authorise and audit; these functions only check and
// store. Thread-safety: safe to call concurrently.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access.h"
#include "core/status.h"
#include "storage/db.h"

namespace govmedia::app {

struct EvidenceImage {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string kind;  // rectification, closure_notice
  std::optional<int64_t> rectification_id, account_id, filing_id;
  std::string filename, mime, sha256;
  int64_t size = 0;
  std::string created_by, created_at;
  std::string data;  // empty in listings
};

inline constexpr size_t kMaxEvidenceImageBytes = 5 * 1024 * 1024;

/// The image's MIME type (PNG, JPEG or WebP) from its first bytes. InvalidArgument naming
/// "content_base64" (empty, over 5 MB — the message names the limit —, another type) or "filename".
core::Result<std::string> CheckEvidenceImage(const std::string& filename, const std::string& bytes);

/// Stores an image for its owner (`kind` with `rectification_id`, or `account_id` for a closure
/// notice not yet filed), checked by CheckEvidenceImage; the same bytes sent again for the same
/// owner give the stored row instead of a copy (`*created` false). Returns the row without its
/// bytes. Runs inside the caller's transaction (which writes the audit row).
core::Result<EvidenceImage> StoreEvidenceImage(storage::Db& db, EvidenceImage image, const std::string& bytes,
                                               bool* created);

/// The images of a rectification, oldest first, without their bytes.
core::Result<std::vector<EvidenceImage>> RectificationImages(storage::Db& db, int64_t rectification_id);
/// The images of the account's latest close filing that has any, without their bytes.
core::Result<std::vector<EvidenceImage>> ClosureNoticeImages(storage::Db& db, int64_t account_id);
/// The images a filing took, without their bytes.
core::Result<std::vector<EvidenceImage>> FilingImages(storage::Db& db, int64_t filing_id);

/// Gives the account's closure-notice images `ids` (uploaded, not yet filed) to its close filing.
/// InvalidArgument naming "closure_notice_image_ids" when one is not such an image.
core::Status AttachClosureImages(storage::Db& db, int64_t account_id, int64_t filing_id,
                                 const std::vector<int64_t>& ids);

/// One image with its bytes, for a person who may read its unit's records; NotFound otherwise
/// (another unit's operator is not told that it exists).
core::Result<EvidenceImage> ReadEvidenceImage(storage::Db& db, const core::Principal& p, int64_t id);

/// [{id, filename, mime, size, sha256, created_by, created_at}] for the console and the audit log.
nlohmann::json EvidenceImagesJson(const std::vector<EvidenceImage>& images);
nlohmann::json EvidenceImageJson(const EvidenceImage& image);

}  // namespace govmedia::app
