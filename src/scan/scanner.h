// The compliance scanner (contracts/scan.md): Hyperscan's literal matcher over the normalised copy
// of a text, every hit — overlapping ones included — mapped back to code point offsets of the
// original, then the rules that need more than a literal: word edges of Latin and digit terms,
// repeated characters (赌赌博博), allow phrases, mitigating context, terms dated by a reform, links
// to listed domains, and leaders' titles checked against their tenure on the post's date.
// Build once per lexicon; Scan is not thread-safe (one scratch and buffers per Scanner).
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/lexicon.h"
#include "core/status.h"
#include "scan/normalizer.h"

namespace govmedia::scan {

enum class Level { kAlert, kReview };
/// "alert" or "review", as the contract spells them.
std::string_view LevelName(Level level);

/// `Hit::entry` of a hit that no lexicon line made (the leaders table).
inline constexpr size_t kNoEntry = std::numeric_limits<size_t>::max();

struct Hit {
  size_t entry = kNoEntry;  // index into the lexicon
  uint32_t start = 0;       // code points of the original text
  uint32_t end = 0;         // exclusive
  std::string matched;
  std::string category, term, suggestion;
  Level level = Level::kReview;
  std::string context;  // the mitigating phrase as the post writes it, when it made the hit review
  std::string note;     // why a rule fired (a dated name, a leader's tenure), in Chinese; may be empty
};

/// Most noise characters allowed between two consecutive characters of a term.
inline constexpr uint32_t kMaxNoiseBetween = 2;

struct ScannerOptions {
  /// Phrases whose text is exempt, besides the lexicon's own `allow` lines (the platform's
  /// allow-list): a hit lying wholly inside an occurrence of one is not reported.
  std::vector<std::string> allow;
  /// The city office's table of leaders; empty = no leader checks.
  std::vector<core::LeaderTenure> leaders;
  /// Which categories are veto-level (alert without mitigating context); core::IsVetoCategory
  /// when empty. The platform passes its own category → indicator map here.
  std::function<bool(std::string_view category)> is_veto;
};

class Scanner final {
 public:
  /// Compiles the lexicon's normalised terms. InvalidArgument ("line N", or "allow[i]") for a term
  /// or phrase that is nothing but noise after normalisation; IOError when Hyperscan refuses the
  /// database. A term shaped like a domain name (taobao.com) matches the host of links in the text
  /// (the domain itself or any subdomain), not running text.
  static core::Result<std::unique_ptr<Scanner>> Build(std::vector<core::LexiconEntry> entries, Normalizer& normalizer,
                                                      ScannerOptions options = {});
  ~Scanner();

  /// Every hit in `text`, ordered by start, longer first, then lexicon order. `published` is the
  /// post's day in Beijing time: a dated term (valid_to) is a hit only after its day, and without
  /// a day it is reported as `review`; the same holds for a leader's title.
  std::vector<Hit> Scan(std::string_view text, std::optional<core::Date> published = std::nullopt);
  const std::vector<core::LexiconEntry>& entries() const { return entries_; }

 private:
  enum class Kind : uint8_t { kTerm, kAllow, kContext, kLeaderName, kLeaderTitle };
  struct Pattern {
    Kind kind;
    size_t ref;    // entry index, allow index, name or title index
    size_t bytes;  // length of the normalised literal
  };
  struct Raw {  // a literal found, in code points of the normalised text (last inclusive)
    unsigned id;
    uint32_t first, last;
  };
  struct Collapsed {  // the normalised text with runs of one repeated character taken as one
    std::string text;
    std::vector<uint32_t> cp_of_byte, run_first, run_last;
    std::vector<uint32_t> byte_of_cp;  // plus the end
    std::vector<uint32_t> runs;        // collapsed code points that stand for a run
  };

  Scanner() = default;
  bool NoiseOk(uint32_t first, uint32_t last) const;
  bool EdgesOk(std::string_view text, size_t entry, uint32_t start, uint32_t end);
  bool BuildCollapsed();
  void AddDomainHits(std::string_view text, std::vector<Hit>* hits);
  void AddLeaderHits(const std::vector<Raw>& raws, std::optional<core::Date> published, std::vector<Hit>* hits);
  bool IsVeto(std::string_view category) const;

  std::vector<core::LexiconEntry> entries_;
  std::vector<Pattern> patterns_;           // by Hyperscan id
  size_t longest_term_ = 0;                 // bytes of the longest normalised term
  std::vector<uint8_t> edge_left_, edge_right_;  // per entry: the term begins / ends with a Latin letter or digit
  std::unordered_map<std::string, std::vector<size_t>> domains_;  // domain → entries
  std::vector<std::string> leader_names_, leader_titles_;         // as written in the table
  std::vector<core::LeaderTenure> leaders_;
  std::vector<std::vector<size_t>> leader_title_ids_;  // per tenure: indexes into leader_titles_
  std::function<bool(std::string_view)> is_veto_;
  Normalizer* normalizer_ = nullptr;
  void* db_ = nullptr;       // hs_database_t*
  void* scratch_ = nullptr;  // hs_scratch_t*
  NormalizedText norm_;      // reused between scans
  Collapsed collapsed_;
};

}  // namespace govmedia::scan
