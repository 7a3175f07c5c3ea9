// The compliance scanner: Hyperscan's literal matcher over the normalised copy of a text, every
// hit — overlapping ones included — mapped back to code point offsets of the original
// (contracts/scan.md). Build once per lexicon; Scan is not thread-safe (one scratch per Scanner).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/lexicon.h"
#include "core/status.h"
#include "scan/normalizer.h"

namespace govmedia::scan {

struct Hit {
  size_t entry = 0;  // index into the lexicon
  uint32_t start = 0;  // code points of the original text
  uint32_t end = 0;    // exclusive
  std::string matched;
};

/// Most noise characters allowed between two consecutive characters of a term.
inline constexpr uint32_t kMaxNoiseBetween = 2;

class Scanner final {
 public:
  /// Compiles the lexicon's normalised terms. `allow` lists phrases whose text is exempt: a hit
  /// lying wholly inside an occurrence of one is not reported (保守秘密 keeps 秘密 from counting
  /// there). InvalidArgument ("line N", or "allow[i]") for a term or phrase that is nothing but
  /// noise after normalisation; IOError when Hyperscan refuses the database.
  static core::Result<std::unique_ptr<Scanner>> Build(std::vector<core::LexiconEntry> entries, Normalizer& normalizer,
                                                      const std::vector<std::string>& allow = {});
  ~Scanner();

  /// Every hit in `text`, ordered by start, longer first, then lexicon order.
  std::vector<Hit> Scan(std::string_view text);
  const std::vector<core::LexiconEntry>& entries() const { return entries_; }

 private:
  Scanner() = default;
  std::vector<core::LexiconEntry> entries_;
  std::vector<size_t> term_bytes_;  // entries, then allow phrases
  size_t allow_base_ = 0;           // the first Hyperscan id of an allow phrase
  Normalizer* normalizer_ = nullptr;
  void* db_ = nullptr;       // hs_database_t*
  void* scratch_ = nullptr;  // hs_scratch_t*
  NormalizedText norm_;      // reused between scans
};

}  // namespace govmedia::scan
