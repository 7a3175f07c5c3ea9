// Normalisation of text for matching (contracts/scan.md): NFKC, case folding, traditional →
// simplified Chinese, Chinese and enclosed numerals as digits (三 → 3, ㈢ → 3, ❸ → 3, like ③ → 3 by NFKC), and noise characters (Unicode categories Z, P, S: spaces, punctuation,
// symbols, emoji) taken out — with a map from every normalised character back to the original
// code point, so a hit found in the normalised copy is reported at its place in the original.
//
// Each code point is normalised on its own (so the map stays exact); results are cached per code
// point. Not thread-safe: use one Normalizer per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace govmedia::scan {

struct NormalizedText {
  std::string text;                  // UTF-8, noise removed
  std::vector<uint32_t> cp_of_byte;  // for each byte of `text`: index of its code point in `text`
  std::vector<uint32_t> orig_of_cp;  // for each code point of `text`: index of the original code point
  std::vector<uint32_t> orig_byte;   // byte offset of each original code point, plus the end
};

class Normalizer final {
 public:
  /// IOError when ICU's NFKC data or OpenCC's t2s configuration cannot be loaded.
  static core::Result<std::unique_ptr<Normalizer>> Create();
  ~Normalizer();

  /// Normalises `utf8` (invalid bytes are kept as U+FFFD, one code point each).
  void Normalize(std::string_view utf8, NormalizedText* out);
  /// A lexicon term normalised the same way, noise removed.
  std::string NormalizeTerm(std::string_view utf8);
  /// Whether the code point is a Latin letter or a digit, after NFKC (Ａ, ３ and ③ are; a Chinese
  /// numeral is not): the word-edge rule of contracts/scan.md.
  bool IsLatinOrDigit(char32_t cp);

 private:
  struct Mapping {
    bool known = false;
    bool noise = false;
    bool latin_or_digit = false;  // one ASCII letter or digit, not from a Chinese numeral
    std::string utf8;  // the normalised form; empty when the code point vanishes
  };
  Normalizer() = default;
  const Mapping& Map(char32_t cp);
  Mapping Compute(char32_t cp);

  void* opencc_ = nullptr;  // opencc_t
  const void* nfkc_ = nullptr;  // const UNormalizer2*
  std::vector<Mapping> bmp_;  // cache for the Basic Multilingual Plane
  std::unordered_map<char32_t, Mapping> astral_;
};

/// Decodes one code point at s[*i], advancing *i; U+FFFD for an invalid sequence (one byte).
char32_t DecodeUtf8(std::string_view s, size_t* i);
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace govmedia::scan
