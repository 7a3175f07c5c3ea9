#include "scan/normalizer.h"

#include <opencc/opencc.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <cctype>

namespace govmedia::scan {

char32_t DecodeUtf8(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  auto cont = [&](size_t k) { return *i + k < s.size() && (static_cast<unsigned char>(s[*i + k]) & 0xC0) == 0x80; };
  auto at = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[*i + k]) & 0x3F); };
  char32_t cp;
  size_t len;
  if (b0 < 0x80) {
    cp = b0, len = 1;
  } else if ((b0 >> 5) == 0x6 && cont(1)) {
    cp = (char32_t(b0 & 0x1F) << 6) | at(1), len = 2;
    if (cp < 0x80) cp = 0xFFFD;
  } else if ((b0 >> 4) == 0xE && cont(1) && cont(2)) {
    cp = (char32_t(b0 & 0x0F) << 12) | (at(1) << 6) | at(2), len = 3;
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  } else if ((b0 >> 3) == 0x1E && cont(1) && cont(2) && cont(3)) {
    cp = (char32_t(b0 & 0x07) << 18) | (at(1) << 12) | (at(2) << 6) | at(3), len = 4;
    if (cp < 0x10000 || cp > 0x10FFFF) cp = 0xFFFD;
  } else {
    cp = 0xFFFD, len = 1;
  }
  *i += len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// Noise: separators (Z), punctuation (P), symbols (S) — which covers emoji — and the invisible
// parts of emoji and layout (whitespace controls, format characters, variation selectors).
bool IsNoise(char32_t cp) {
  const uint32_t mask = U_GET_GC_MASK(static_cast<UChar32>(cp));
  if (mask & (U_GC_Z_MASK | U_GC_P_MASK | U_GC_S_MASK | U_GC_CF_MASK)) return true;
  if (u_isUWhiteSpace(static_cast<UChar32>(cp))) return true;
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

// Chinese numerals written in place of digits (下三滥 for 下3滥, 六合彩 for 6合彩): the digit they stand
// for, or -1. 十, 百 and 两 are left alone: they are not one digit.
int CjkDigit(char32_t cp) {
  switch (cp) {
    case U'〇': case U'零': return 0;
    case U'一': case U'壹': return 1;
    case U'二': case U'贰': case U'貳': return 2;
    case U'三': case U'叁': case U'參': return 3;
    case U'四': case U'肆': return 4;
    case U'五': case U'伍': return 5;
    case U'六': return 6;  // not 陆: it is the 陆 of 大陆 far more often than a six
    case U'七': case U'柒': return 7;
    case U'八': case U'捌': return 8;
    case U'九': case U'玖': return 9;
    default: return -1;
  }
}

// Enclosed numerals that NFKC leaves as they are (it reads ① and ⑴, not these): dingbat circled
// digits ❶ ➀ ➊, double circled ⓵, negative circled ⓫–⓴ and ⓿. The number they stand for, or -1.
int EnclosedNumber(char32_t cp) {
  if (cp >= 0x2776 && cp <= 0x277F) return static_cast<int>(cp - 0x2776) + 1;  // ❶–❿
  if (cp >= 0x2780 && cp <= 0x2789) return static_cast<int>(cp - 0x2780) + 1;  // ➀–➉
  if (cp >= 0x278A && cp <= 0x2793) return static_cast<int>(cp - 0x278A) + 1;  // ➊–➓
  if (cp >= 0x24F5 && cp <= 0x24FE) return static_cast<int>(cp - 0x24F5) + 1;  // ⓵–⓾
  if (cp >= 0x24EB && cp <= 0x24F4) return static_cast<int>(cp - 0x24EB) + 11;  // ⓫–⓴
  if (cp == 0x24FF || cp == 0x1F10B || cp == 0x1F10C) return 0;                 // ⓿ 🄋 🄌
  return -1;
}

}  // namespace

core::Result<std::unique_ptr<Normalizer>> Normalizer::Create() {
  std::unique_ptr<Normalizer> n(new Normalizer());
  UErrorCode err = U_ZERO_ERROR;
  n->nfkc_ = unorm2_getNFKCInstance(&err);
  if (U_FAILURE(err)) return core::Status::IOError(std::string("ICU NFKC 数据不可用：") + u_errorName(err));
  opencc_t cc = opencc_open("t2s.json");
  if (cc == reinterpret_cast<opencc_t>(-1)) return core::Status::IOError("OpenCC 繁简转换配置 t2s.json 不可用");
  n->opencc_ = cc;
  n->bmp_.resize(0x10000);
  return n;
}

Normalizer::~Normalizer() {
  if (opencc_) opencc_close(static_cast<opencc_t>(opencc_));
}

Normalizer::Mapping Normalizer::Compute(char32_t cp) {
  Mapping m;
  m.known = true;
  if (IsNoise(cp)) {
    m.noise = true;
    return m;
  }
  if (const int d = CjkDigit(cp); d >= 0) {
    m.utf8 = std::string(1, static_cast<char>('0' + d));
    return m;
  }
  if (const int n = EnclosedNumber(cp); n >= 0) {
    m.utf8 = std::to_string(n);
    m.latin_or_digit = m.utf8.size() == 1;  // like ③
    return m;
  }
  // NFKC, then case folding, on this code point alone (UTF-16 for ICU).
  UChar src[2];
  int32_t len = 0;
  U16_APPEND_UNSAFE(src, len, static_cast<UChar32>(cp));
  UChar nfkc[32], folded[64];
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = unorm2_normalize(static_cast<const UNormalizer2*>(nfkc_), src, len, nfkc, 32, &err);
  if (U_FAILURE(err)) n = len, std::copy(src, src + len, nfkc), err = U_ZERO_ERROR;
  int32_t f = u_strFoldCase(folded, 64, nfkc, n, U_FOLD_CASE_DEFAULT, &err);
  if (U_FAILURE(err)) f = n, std::copy(nfkc, nfkc + n, folded);
  std::string utf8;
  bool cjk_digit = false;
  for (int32_t i = 0; i < f;) {
    UChar32 c;
    U16_NEXT(folded, i, f, c);
    if (IsNoise(static_cast<char32_t>(c))) continue;  // ⑴ → (1) → 1
    if (const int d = CjkDigit(static_cast<char32_t>(c)); d >= 0) {  // ㈥ → (六) → 6, ㊅ → 六 → 6
      utf8.push_back(static_cast<char>('0' + d));
      cjk_digit = true;
    } else {
      AppendUtf8(static_cast<char32_t>(c), &utf8);
    }
  }
  if (utf8.empty()) {
    m.noise = true;
    return m;
  }
  if (cjk_digit) {  // a Chinese numeral: not a digit for word edges
    m.utf8 = std::move(utf8);
    return m;
  }
  // Traditional → simplified; OpenCC's character table for a lone character.
  if (cp >= 0x2E80) {
    char* s = opencc_convert_utf8(static_cast<opencc_t>(opencc_), utf8.data(), utf8.size());
    if (s) {
      utf8 = s;
      opencc_convert_utf8_free(s);
    }
  }
  m.utf8 = std::move(utf8);
  m.latin_or_digit = m.utf8.size() == 1 && std::isalnum(static_cast<unsigned char>(m.utf8[0]));
  return m;
}

bool Normalizer::IsLatinOrDigit(char32_t cp) { return Map(cp).latin_or_digit; }

const Normalizer::Mapping& Normalizer::Map(char32_t cp) {
  if (cp < 0x10000) {
    Mapping& m = bmp_[cp];
    if (!m.known) m = Compute(cp);
    return m;
  }
  auto it = astral_.find(cp);
  if (it == astral_.end()) it = astral_.emplace(cp, Compute(cp)).first;
  return it->second;
}

void Normalizer::Normalize(std::string_view s, NormalizedText* out) {
  out->text.clear();
  out->cp_of_byte.clear();
  out->orig_of_cp.clear();
  out->orig_byte.clear();
  out->text.reserve(s.size());
  uint32_t orig = 0;
  for (size_t i = 0; i < s.size(); ++orig) {
    out->orig_byte.push_back(static_cast<uint32_t>(i));
    const char32_t cp = DecodeUtf8(s, &i);
    const Mapping& m = Map(cp);
    if (m.noise) continue;
    for (size_t k = 0; k < m.utf8.size(); ++k) {
      if ((static_cast<unsigned char>(m.utf8[k]) & 0xC0) != 0x80) out->orig_of_cp.push_back(orig);
      out->cp_of_byte.push_back(static_cast<uint32_t>(out->orig_of_cp.size() - 1));
    }
    out->text += m.utf8;
  }
  out->orig_byte.push_back(static_cast<uint32_t>(s.size()));
}

std::string Normalizer::NormalizeTerm(std::string_view s) {
  NormalizedText t;
  Normalize(s, &t);
  return t.text;
}

}  // namespace govmedia::scan
