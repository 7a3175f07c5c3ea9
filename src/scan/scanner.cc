#include "scan/scanner.h"

#include <hs/hs.h>

#include <algorithm>

namespace govmedia::scan {

core::Result<std::unique_ptr<Scanner>> Scanner::Build(std::vector<core::LexiconEntry> entries, Normalizer& normalizer,
                                                      const std::vector<std::string>& allow) {
  std::unique_ptr<Scanner> s(new Scanner());
  s->normalizer_ = &normalizer;
  s->entries_ = std::move(entries);
  std::vector<std::string> terms;
  terms.reserve(s->entries_.size());
  for (const auto& e : s->entries_) {
    std::string t = normalizer.NormalizeTerm(e.term);
    if (t.empty()) {
      return core::Status::InvalidArgument("line " + std::to_string(e.line), "词语规范化后为空（只含标点或符号）：" + e.term);
    }
    s->term_bytes_.push_back(t.size());
    terms.push_back(std::move(t));
  }
  s->allow_base_ = terms.size();
  for (size_t i = 0; i < allow.size(); ++i) {
    std::string t = normalizer.NormalizeTerm(allow[i]);
    if (t.empty()) return core::Status::InvalidArgument("allow[" + std::to_string(i) + "]", "短语规范化后为空（只含标点或符号）");
    s->term_bytes_.push_back(t.size());
    terms.push_back(std::move(t));
  }
  if (terms.empty()) return s;
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags(terms.size(), 0), ids;
  for (size_t i = 0; i < terms.size(); ++i) {
    ptrs.push_back(terms[i].data());
    lens.push_back(terms[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(ptrs.data(), flags.data(), ids.data(), lens.data(), static_cast<unsigned>(terms.size()),
                           HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown";
    const int bad = err ? err->expression : -1;
    hs_free_compile_error(err);
    if (bad >= static_cast<int>(s->allow_base_)) {
      return core::Status::InvalidArgument("allow[" + std::to_string(bad - s->allow_base_) + "]", "短语无法编译：" + msg);
    }
    if (bad >= 0) {
      return core::Status::InvalidArgument("line " + std::to_string(s->entries_[bad].line), "词语无法编译：" + msg);
    }
    return core::Status::IOError("Hyperscan 编译词库失败：" + msg);
  }
  s->db_ = db;
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return core::Status::IOError("Hyperscan 无法分配扫描空间");
  s->scratch_ = scratch;
  return s;
}

Scanner::~Scanner() {
  if (scratch_) hs_free_scratch(static_cast<hs_scratch_t*>(scratch_));
  if (db_) hs_free_database(static_cast<hs_database_t*>(db_));
}

std::vector<Hit> Scanner::Scan(std::string_view text) {
  std::vector<Hit> hits;
  if (!db_) return hits;
  normalizer_->Normalize(text, &norm_);
  if (norm_.text.empty()) return hits;
  std::vector<Hit> allowed;  // spans of allow phrases
  struct Ctx {
    Scanner* self;
    std::vector<Hit>* hits;
    std::vector<Hit>* allowed;
  } ctx{this, &hits, &allowed};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* p) -> int {
    auto* c = static_cast<Ctx*>(p);
    const NormalizedText& n = c->self->norm_;
    const size_t from = static_cast<size_t>(to) - c->self->term_bytes_[id];
    const uint32_t first = n.cp_of_byte[from], last = n.cp_of_byte[static_cast<size_t>(to) - 1];
    // The noise taken out between two characters of the term must be short.
    for (uint32_t k = first; k < last; ++k) {
      const uint32_t a = n.orig_of_cp[k], b = n.orig_of_cp[k + 1];
      if (b > a + 1 + kMaxNoiseBetween) return 0;
    }
    Hit h;
    h.entry = id;
    h.start = n.orig_of_cp[first];
    h.end = n.orig_of_cp[last] + 1;
    (id >= c->self->allow_base_ ? c->allowed : c->hits)->push_back(std::move(h));
    return 0;
  };
  hs_scan(static_cast<hs_database_t*>(db_), norm_.text.data(), static_cast<unsigned>(norm_.text.size()), 0,
          static_cast<hs_scratch_t*>(scratch_), on_match, &ctx);
  if (!allowed.empty()) {
    std::erase_if(hits, [&](const Hit& h) {
      return std::any_of(allowed.begin(), allowed.end(), [&](const Hit& a) { return a.start <= h.start && h.end <= a.end; });
    });
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.entry < b.entry;
  });
  for (auto& h : hits) {
    const uint32_t b = norm_.orig_byte[h.start], e = norm_.orig_byte[h.end];
    h.matched.assign(text.substr(b, e - b));
  }
  return hits;
}

}  // namespace govmedia::scan
