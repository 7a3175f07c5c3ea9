// Lexicons (词库) of the compliance scanner: `category<TAB>term[<TAB>suggestion[<TAB>options]]`
// lines, the mapping of categories to the indicators of 附件2 (contracts/scan.md), and the table
// of leaders' titles and tenures the city office keeps. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace govmedia::core {

/// Reserved categories: lines that are not terms. `allow` holds a phrase inside which no hit counts
/// (contracts/scan.md); `context` holds a phrase that, anywhere in a post, marks it as a
/// government's own enforcement or warning news, so its veto-level hits become `review`.
inline constexpr std::string_view kAllowCategory = "allow";
inline constexpr std::string_view kContextCategory = "context";

struct LexiconEntry {
  std::string category;    // [a-z_]+
  std::string term;        // as written
  std::string suggestion;  // the correct form, for serious_error; may be empty
  int line = 0;            // 1-based line in the source
  // Option `valid_to=YYYY-MM-DD`: the term was correct up to and including this day (a state
  // body's name before its reform); only a post published later is a hit.
  std::optional<Date> valid_to;
  // Option `softens=harmful,ad` on a `context` line: the categories whose hits the context makes
  // `review`. Empty: every category but serious_error (a wording error is an error in any news).
  std::vector<std::string> softens;
};

/// Parses a lexicon. InvalidArgument with field "line N" naming the first malformed line: a
/// category not matching [a-z_]+, an empty term, too many fields, an unknown or malformed option
/// (`softens` only on a context line, naming categories), invalid UTF-8.
Result<std::vector<LexiconEntry>> ParseLexicon(std::string_view text);

/// The indicator a category reports: secret → veto.secret_leak, harmful → veto.harmful_content,
/// serious_error → veto.serious_error, ad → commercial_ad, improper → improper_content; any other
/// category is reported as itself.
std::string IndicatorOfCategory(std::string_view category);

/// Whether hits of the category are veto-level (they alert the duty officer at once).
bool IsVetoCategory(std::string_view category);

/// One tenure of the leaders table: `name<TAB>title[|alias…]<TAB>from<TAB>to` (to empty = still
/// in office). Aliases are the other ways posts write the same post (市长|昆山市市长).
struct LeaderTenure {
  std::string name;
  std::vector<std::string> titles;
  Date from;
  std::optional<Date> to;
  int line = 0;
};

/// Parses the leaders table (UTF-8, `#` comments and blank lines ignored). InvalidArgument with
/// field "line N" for a malformed line: not 3 or 4 fields, an empty name or title, a date that
/// is not YYYY-MM-DD, an end before the start.
Result<std::vector<LeaderTenure>> ParseLeaders(std::string_view text);

}  // namespace govmedia::core
