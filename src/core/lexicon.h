// Lexicons (词库) of the compliance scanner: `category<TAB>term[<TAB>suggestion]` lines, and the
// mapping of categories to the indicators of 附件2 (contracts/scan.md). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govmedia::core {

struct LexiconEntry {
  std::string category;    // [a-z_]+
  std::string term;        // as written
  std::string suggestion;  // the correct form, for serious_error; may be empty
  int line = 0;            // 1-based line in the source
};

/// Parses a lexicon. InvalidArgument with field "line N" naming the first malformed line: a
/// category not matching [a-z_]+, an empty term, too many fields, invalid UTF-8.
Result<std::vector<LexiconEntry>> ParseLexicon(std::string_view text);

/// The indicator a category reports: secret → veto.secret_leak, harmful → veto.harmful_content,
/// serious_error → veto.serious_error, ad → commercial_ad, improper → improper_content; any other
/// category is reported as itself.
std::string IndicatorOfCategory(std::string_view category);

/// Whether hits of the category are veto-level (they alert the duty officer at once).
bool IsVetoCategory(std::string_view category);

}  // namespace govmedia::core
