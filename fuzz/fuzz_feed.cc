// Feeds as a poller fetches them (fetch::ParseFeed). An input may start with an HTTP header line,
// `Content-Type: …` and a blank line, whose value is passed on as the response's content type
// (the charset it names decides the decoding); otherwise the content type is empty. The markup
// helpers of the same header (StripHtml, FixDoubleEncoding) read the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fetch/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view content_type;
  constexpr std::string_view kHeader = "Content-Type: ";
  if (bytes.starts_with(kHeader)) {
    const size_t end = bytes.find("\r\n\r\n");
    if (end != std::string_view::npos) {
      content_type = bytes.substr(kHeader.size(), end - kHeader.size());
      bytes.remove_prefix(end + 4);
    }
  }
  auto feed = govmedia::fetch::ParseFeed(bytes, content_type);
  if (feed.ok()) {
    // Counters the caller judges a source by must agree with what came back.
    if (feed->unreadable < 0 || feed->undated < 0 || static_cast<size_t>(feed->present) < feed->items.size())
      __builtin_trap();
  }
  (void)govmedia::fetch::StripHtml(bytes);
  (void)govmedia::fetch::FixDoubleEncoding(std::string(bytes));
  return 0;
}
