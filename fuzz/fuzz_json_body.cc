// Request bodies of the API (http::ParseJsonBody: depth checked before parsing, then every string
// checked for what it may store). A body it accepts is written back as the API writes JSON.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = govmedia::http::ParseJsonBody(body);
  if (parsed.ok()) {
    if (!parsed->is_object()) __builtin_trap();  // the contract: an accepted body is an object
    (void)govmedia::http::JsonText(*parsed);
  }
  return 0;
}
