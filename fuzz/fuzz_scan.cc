// The compliance scanner (scan::Scanner) over the built-in lexicon, a small leaders table and an
// allow-list, scanning the input as a post's text. An input starting with `YYYY-MM-DD` and a line
// break scans the rest as a post of that day; any other input scans as a post without a date.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/lexicon.h"
#include "scan/normalizer.h"
#include "scan/scanner.h"
#include "storage/embedded.h"

namespace {

// Invented names; the shapes of the office's table (aliases, a tenure still running).
constexpr std::string_view kLeaders =
    "王某某\t市长|昆山市市长\t2016-01-01\t2021-06-30\n"
    "李某某\t市长|昆山市市长\t2021-07-01\t\n"
    "赵某\t副市长\t2018-03-01\t2023-02-28\n";

struct Fixture {
  std::unique_ptr<govmedia::scan::Normalizer> normalizer;
  std::unique_ptr<govmedia::scan::Scanner> scanner;
};

Fixture* Make() {
  auto* f = new Fixture;
  auto normalizer = govmedia::scan::Normalizer::Create();
  if (!normalizer.ok()) __builtin_trap();
  f->normalizer = std::move(*normalizer);
  auto entries = govmedia::core::ParseLexicon(govmedia::storage::Embedded("lexicon/default.tsv"));
  auto leaders = govmedia::core::ParseLeaders(kLeaders);
  if (!entries.ok() || !leaders.ok()) __builtin_trap();
  govmedia::scan::ScannerOptions options;
  options.allow = {"反对赌博", "打击传销"};
  options.leaders = std::move(*leaders);
  auto scanner = govmedia::scan::Scanner::Build(std::move(*entries), *f->normalizer, std::move(options));
  if (!scanner.ok()) __builtin_trap();
  f->scanner = std::move(*scanner);
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = Make();  // built once: compiling the lexicon takes seconds
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<govmedia::core::Date> published;
  if (text.size() >= 11 && text[10] == '\n') {
    published = govmedia::core::Date::Parse(text.substr(0, 10));
    if (published) text.remove_prefix(11);
  }
  size_t code_points = 0;
  for (size_t i = 0; i < text.size(); ++code_points) govmedia::scan::DecodeUtf8(text, &i);
  for (const auto& hit : fixture->scanner->Scan(text, published)) {
    // Hits are spans of the original text, in code points.
    if (hit.start >= hit.end || hit.end > code_points) {
      std::fprintf(stderr, "hit [%u, %u) of \"%s\" (%s) outside the text's %zu code points\n", hit.start, hit.end,
                   hit.matched.c_str(), hit.term.c_str(), code_points);
      __builtin_trap();
    }
  }
  return 0;
}
