// Dates as feeds write them (fetch::ParseFeedDate: RFC 822 and its variants, ctime, RFC 3339,
// the forms Chinese sites publish). A date it reads is written out again as RFC 3339.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fetch/feed_date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = govmedia::fetch::ParseFeedDate(text)) (void)govmedia::fetch::FormatRfc3339Utc(*t);
  return 0;
}
