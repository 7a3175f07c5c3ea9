// Dates and instants the platform takes from outside: core::Date::Parse (YYYY-MM-DD everywhere)
// and core::ParseRfc3339 (pushed and imported posts). What they accept must survive their own
// formatting: a date prints as it was read, and an instant formatted as RFC 3339 reads back as
// the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/date.h"
#include "core/timestamp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = govmedia::core::Date::Parse(text)) {
    if (d->ToString() != text) __builtin_trap();
    if (govmedia::core::Date::FromYmd(d->year(), d->month(), d->day()) != d) __builtin_trap();
    (void)d->iso_weekday();
  }
  if (auto t = govmedia::core::ParseRfc3339(text)) {
    if (govmedia::core::ParseRfc3339(govmedia::core::FormatRfc3339Beijing(*t)) != t) __builtin_trap();
    (void)govmedia::core::FormatBeijing(*t);
  }
  return 0;
}
