// Lexicon files (core::ParseLexicon) and the leaders table (core::ParseLeaders), as uploaded by
// the city office. The same bytes go to both parsers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/lexicon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto entries = govmedia::core::ParseLexicon(text); entries.ok()) {
    for (const auto& e : *entries) {
      if (e.term.empty() || e.category.empty() || e.line < 1) __builtin_trap();  // the documented contract
      (void)govmedia::core::IndicatorOfCategory(e.category);
      (void)govmedia::core::IsVetoCategory(e.category);
    }
  }
  if (auto leaders = govmedia::core::ParseLeaders(text); leaders.ok()) {
    for (const auto& l : *leaders) {
      if (l.name.empty() || l.titles.empty() || (l.to && *l.to < l.from)) __builtin_trap();
    }
  }
  return 0;
}
