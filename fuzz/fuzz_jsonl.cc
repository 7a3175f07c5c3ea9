// JSON Lines imports: the file read by app::ReadJsonLines as `govmedia import` reads it, then every
// item through app::CheckItem as a post and as a comment.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/monitoring/incoming_item.h"
#include "storage/post_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto exists = [](int64_t id) { return id > 0 && id < 1000; };
  auto items = govmedia::app::ReadJsonLines(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!items.ok()) return 0;
  for (const auto& item : *items) {
    (void)govmedia::app::CheckItem(item.raw, govmedia::storage::kKindPost, exists);
    (void)govmedia::app::CheckItem(item.raw, govmedia::storage::kKindComment, exists);
  }
  return 0;
}
