#include "scan/scanner.h"

#include <hs/hs.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace govmedia::scan {
namespace {

// A term written as a domain name: lower-case ASCII labels of letters, digits and hyphens joined
// by dots, ending in a label of letters (taobao.com, m.tb.cn).
bool IsDomain(std::string_view t) {
  if (t.size() < 4 || t.find('.') == std::string_view::npos || t.front() == '.' || t.back() == '.') return false;
  for (char c : t) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  if (t.find("..") != std::string_view::npos) return false;
  const std::string_view tld = t.substr(t.rfind('.') + 1);
  return tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool IsUrlChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool Covers(const core::LeaderTenure& t, std::optional<core::Date> day) {
  if (!day) return true;
  return t.from <= *day && (!t.to || *day <= *t.to);
}

}  // namespace

std::string_view LevelName(Level level) { return level == Level::kAlert ? "alert" : "review"; }

core::Result<std::unique_ptr<Scanner>> Scanner::Build(std::vector<core::LexiconEntry> entries, Normalizer& normalizer,
                                                      ScannerOptions options) {
  std::unique_ptr<Scanner> s(new Scanner());
  s->normalizer_ = &normalizer;
  s->entries_ = std::move(entries);
  s->is_veto_ = std::move(options.is_veto);
  std::vector<std::string> literals;
  auto add = [&](Kind kind, size_t ref, std::string literal) {
    s->patterns_.push_back({kind, ref, literal.size()});
    literals.push_back(std::move(literal));
  };
  s->edge_left_.assign(s->entries_.size(), 0);
  s->edge_right_.assign(s->entries_.size(), 0);
  for (size_t i = 0; i < s->entries_.size(); ++i) {
    const auto& e = s->entries_[i];
    std::string t = normalizer.NormalizeTerm(e.term);
    if (t.empty()) {
      return core::Status::InvalidArgument("line " + std::to_string(e.line), "词语规范化后为空（只含标点或符号）：" + e.term);
    }
    if (e.category == core::kAllowCategory) {
      add(Kind::kAllow, i, std::move(t));
      continue;
    }
    if (e.category == core::kContextCategory) {
      add(Kind::kContext, i, std::move(t));
      continue;
    }
    if (const std::string d = Lower(e.term); IsDomain(d)) {
      s->domains_[d].push_back(i);
      continue;
    }
    // Word edges are decided by the term as written: 六合彩 begins with a Chinese numeral, not a digit.
    std::vector<char32_t> cps;
    for (size_t k = 0; k < e.term.size();) {
      const char32_t cp = DecodeUtf8(e.term, &k);
      cps.push_back(cp);
    }
    auto first = std::find_if(cps.begin(), cps.end(), [&](char32_t c) {
      std::string u;
      AppendUtf8(c, &u);
      return !normalizer.NormalizeTerm(u).empty();
    });
    auto last = std::find_if(cps.rbegin(), cps.rend(), [&](char32_t c) {
      std::string u;
      AppendUtf8(c, &u);
      return !normalizer.NormalizeTerm(u).empty();
    });
    s->edge_left_[i] = first != cps.end() && normalizer.IsLatinOrDigit(*first);
    s->edge_right_[i] = last != cps.rend() && normalizer.IsLatinOrDigit(*last);
    s->longest_term_ = std::max(s->longest_term_, t.size());
    add(Kind::kTerm, i, std::move(t));
  }
  const size_t lexicon_allow = options.allow.size();
  for (size_t i = 0; i < lexicon_allow; ++i) {
    std::string t = normalizer.NormalizeTerm(options.allow[i]);
    if (t.empty()) return core::Status::InvalidArgument("allow[" + std::to_string(i) + "]", "短语规范化后为空（只含标点或符号）");
    add(Kind::kAllow, kNoEntry, std::move(t));
  }
  // Leaders: every distinct name and title is a literal of its own; pairs are judged after the scan.
  s->leaders_ = std::move(options.leaders);
  for (const auto& t : s->leaders_) {
    if (std::find(s->leader_names_.begin(), s->leader_names_.end(), t.name) == s->leader_names_.end()) {
      std::string n = normalizer.NormalizeTerm(t.name);
      if (n.empty()) return core::Status::InvalidArgument("leaders line " + std::to_string(t.line), "姓名规范化后为空");
      add(Kind::kLeaderName, s->leader_names_.size(), std::move(n));
      s->leader_names_.push_back(t.name);
    }
    std::vector<size_t> ids;
    for (const auto& title : t.titles) {
      auto it = std::find(s->leader_titles_.begin(), s->leader_titles_.end(), title);
      if (it == s->leader_titles_.end()) {
        std::string n = normalizer.NormalizeTerm(title);
        if (n.empty()) return core::Status::InvalidArgument("leaders line " + std::to_string(t.line), "职务规范化后为空");
        add(Kind::kLeaderTitle, s->leader_titles_.size(), std::move(n));
        s->leader_titles_.push_back(title);
        it = s->leader_titles_.end() - 1;
      }
      ids.push_back(static_cast<size_t>(it - s->leader_titles_.begin()));
    }
    s->leader_title_ids_.push_back(std::move(ids));
  }
  if (literals.empty()) return s;
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags(literals.size(), 0), ids;
  for (size_t i = 0; i < literals.size(); ++i) {
    ptrs.push_back(literals[i].data());
    lens.push_back(literals[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(ptrs.data(), flags.data(), ids.data(), lens.data(), static_cast<unsigned>(literals.size()),
                           HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown";
    const int bad = err ? err->expression : -1;
    hs_free_compile_error(err);
    if (bad >= 0) {
      const Pattern& p = s->patterns_[bad];
      if (p.ref != kNoEntry && p.kind != Kind::kLeaderName && p.kind != Kind::kLeaderTitle) {
        return core::Status::InvalidArgument("line " + std::to_string(s->entries_[p.ref].line), "词语无法编译：" + msg);
      }
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

bool Scanner::IsVeto(std::string_view category) const {
  return is_veto_ ? is_veto_(category) : core::IsVetoCategory(category);
}

// The noise taken out between two consecutive characters of a hit must be short.
bool Scanner::NoiseOk(uint32_t first, uint32_t last) const {
  for (uint32_t k = first; k < last; ++k) {
    const uint32_t a = norm_.orig_of_cp[k], b = norm_.orig_of_cp[k + 1];
    if (b > a + 1 + kMaxNoiseBetween) return false;
  }
  return true;
}

// A term that begins (ends) with a Latin letter or digit needs a text character before (after)
// it that is neither: `av` is not in `have`, `QQ群` is in `加入QQ群`.
bool Scanner::EdgesOk(std::string_view text, size_t entry, uint32_t start, uint32_t end) {
  if (edge_left_[entry] && start > 0) {
    size_t i = norm_.orig_byte[start - 1];
    if (normalizer_->IsLatinOrDigit(DecodeUtf8(text, &i))) return false;
  }
  if (edge_right_[entry] && end + 1 < norm_.orig_byte.size()) {
    size_t i = norm_.orig_byte[end];
    if (normalizer_->IsLatinOrDigit(DecodeUtf8(text, &i))) return false;
  }
  return true;
}

// Runs of one repeated non-ASCII character count once (赌赌博博 reads 赌博), so a term is found
// when each of its characters is repeated. ASCII is left alone: doubled letters and digits are
// ordinary spelling and numbers. False when nothing was repeated (no second scan needed).
bool Scanner::BuildCollapsed() {
  // Most posts repeat no character: find out without building anything.
  const std::string& s = norm_.text;
  bool any = false;
  for (size_t b = 0, prev = 0, prev_len = 0; b < s.size() && !any;) {
    const auto lead = static_cast<unsigned char>(s[b]);
    const size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
    any = lead >= 0x80 && len == prev_len && s.compare(b, len, s, prev, prev_len) == 0;
    prev = b, prev_len = len;
    b += len;
  }
  if (!any) return false;
  Collapsed& c = collapsed_;
  c.text.clear();
  c.cp_of_byte.clear();
  c.run_first.clear();
  c.run_last.clear();
  c.byte_of_cp.clear();
  c.runs.clear();
  const std::string& t = norm_.text;
  bool repeated = false;
  size_t prev_b = 0, prev_e = 0;
  for (size_t b = 0; b < t.size();) {
    const uint32_t cp = norm_.cp_of_byte[b];
    size_t e = b + 1;
    while (e < t.size() && norm_.cp_of_byte[e] == cp) ++e;
    const bool same = b > 0 && static_cast<unsigned char>(t[b]) >= 0x80 && e - b == prev_e - prev_b &&
                      t.compare(b, e - b, t, prev_b, prev_e - prev_b) == 0;
    if (same) {
      if (c.runs.empty() || c.runs.back() != c.run_first.size() - 1) c.runs.push_back(static_cast<uint32_t>(c.run_first.size() - 1));
      repeated = true;
      c.run_last.back() = cp;
    } else {
      c.byte_of_cp.push_back(static_cast<uint32_t>(c.text.size()));
      c.run_first.push_back(cp);
      c.run_last.push_back(cp);
      for (size_t k = b; k < e; ++k) c.cp_of_byte.push_back(static_cast<uint32_t>(c.run_first.size() - 1));
      c.text.append(t, b, e - b);
    }
    prev_b = b, prev_e = e;
    b = e;
  }
  c.byte_of_cp.push_back(static_cast<uint32_t>(c.text.size()));
  return repeated;
}

void Scanner::AddDomainHits(std::string_view text, std::vector<Hit>* hits) {
  if (domains_.empty()) return;
  uint32_t cp = 0;  // code point index of text[i]
  for (size_t i = 0; i < text.size();) {
    if (!IsUrlChar(text[i])) {
      // Step as the normaliser does (an invalid byte is one code point), so the offsets agree.
      (void)DecodeUtf8(text, &i);
      ++cp;
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsUrlChar(text[j])) ++j;
    std::string_view run = text.substr(i, j - i);
    const uint32_t run_cp = cp;
    cp += static_cast<uint32_t>(j - i);
    i = j;
    while (!run.empty() && std::string_view(".,;:!?)]'").find(run.back()) != std::string_view::npos) run.remove_suffix(1);
    std::string_view rest = run;
    if (const size_t scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
    std::string_view host = rest.substr(0, rest.find_first_of("/?#:"));
    if (const size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
    std::string h = Lower(host);
    if (!IsDomain(h)) continue;
    for (size_t dot = 0; dot != std::string::npos; dot = h.find('.', dot + 1)) {
      const std::string suffix = dot == 0 ? h : h.substr(dot + 1);
      auto it = domains_.find(suffix);
      if (it == domains_.end()) continue;
      for (size_t entry : it->second) {
        Hit x;
        x.entry = entry;
        x.start = run_cp;
        x.end = run_cp + static_cast<uint32_t>(run.size());
        x.term = entries_[entry].term;
        x.note = "链接指向 " + h;
        hits->push_back(std::move(x));
      }
      break;  // the longest listed domain only
    }
  }
}

void Scanner::AddLeaderHits(const std::vector<Raw>& raws, std::optional<core::Date> day, std::vector<Hit>* hits) {
  struct Occ {
    size_t ref;
    uint32_t first, last;
  };
  std::vector<Occ> names, titles;
  for (const Raw& r : raws) {
    const Pattern& p = patterns_[r.id];
    if (p.kind == Kind::kLeaderName) names.push_back({p.ref, r.first, r.last});
    if (p.kind == Kind::kLeaderTitle) titles.push_back({p.ref, r.first, r.last});
  }
  if (names.empty() || titles.empty()) return;
  auto holds = [&](const std::string& name, size_t title) {
    for (size_t i = 0; i < leaders_.size(); ++i) {
      const auto& ids = leader_title_ids_[i];
      if (leaders_[i].name == name && Covers(leaders_[i], day) && std::find(ids.begin(), ids.end(), title) != ids.end())
        return true;
    }
    return false;
  };
  std::vector<bool> title_used(titles.size(), false);
  auto judge = [&](const Occ& n, const Occ& t, bool title_first) {
    const std::string& name = leader_names_[n.ref];
    const std::string& title = leader_titles_[t.ref];
    if (holds(name, t.ref)) return;
    Hit x;
    x.category = "serious_error";
    x.start = norm_.orig_of_cp[std::min(n.first, t.first)];
    x.end = norm_.orig_of_cp[std::max(n.last, t.last)] + 1;
    x.term = title_first ? title + name : name + title;
    std::string held, holder;
    for (size_t i = 0; i < leaders_.size(); ++i) {
      if (!Covers(leaders_[i], day)) continue;
      const auto& ids = leader_title_ids_[i];
      if (leaders_[i].name == name && held.empty()) held = leaders_[i].titles.front();
      if (std::find(ids.begin(), ids.end(), t.ref) != ids.end() && holder.empty()) holder = leaders_[i].name;
    }
    if (!held.empty()) {
      x.suggestion = title_first ? held + name : name + held;
    } else if (!holder.empty()) {
      x.suggestion = title + holder;
    }
    const std::string when = day ? day->ToString() + " " : "";
    x.note = when + name + (held.empty() ? " 未任职务表中的职务" : " 任" + held) +
             (holder.empty() ? "" : "；" + title + "为" + holder) + (day ? "" : "（帖子无发布日期，按任何时期都未任此职判断）");
    hits->push_back(std::move(x));
  };
  std::vector<bool> name_done(names.size(), false);
  // A title right before a name (市长周卫民): the longest title ending there.
  for (size_t i = 0; i < names.size(); ++i) {
    int best = -1;
    for (size_t k = 0; k < titles.size(); ++k) {
      if (titles[k].last + 1 != names[i].first) continue;
      if (best < 0 || titles[k].first < titles[best].first) best = static_cast<int>(k);
    }
    if (best < 0) continue;
    name_done[i] = true;
    title_used[best] = true;
    judge(names[i], titles[best], true);
  }
  // A name right before a title with nothing between them (周卫民市长), unless the title belongs to
  // the next name (周卫民，市长李红霞).
  for (size_t i = 0; i < names.size(); ++i) {
    if (name_done[i]) continue;
    int best = -1;
    for (size_t k = 0; k < titles.size(); ++k) {
      if (titles[k].first != names[i].last + 1 || title_used[k]) continue;
      if (norm_.orig_of_cp[titles[k].first] != norm_.orig_of_cp[names[i].last] + 1) continue;
      if (best < 0 || titles[k].last > titles[best].last) best = static_cast<int>(k);
    }
    if (best < 0) continue;
    bool taken = false;
    for (size_t k = 0; k < titles.size(); ++k) {
      if (titles[k].first == titles[best].first && title_used[k]) taken = true;
    }
    if (!taken) judge(names[i], titles[best], false);
  }
}

std::vector<Hit> Scanner::Scan(std::string_view text, std::optional<core::Date> published) {
  std::vector<Hit> hits;
  normalizer_->Normalize(text, &norm_);
  std::vector<Raw> raws;
  collapsed_.text.clear();
  if (db_ && !norm_.text.empty()) {
    struct Ctx {
      Scanner* self;
      std::vector<Raw>* raws;
      const std::vector<uint32_t>* cp_of_byte;
      const Collapsed* collapsed;  // null on the first pass
      size_t offset = 0;           // of the scanned window in the collapsed text
    };
    auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* p) -> int {
      auto* c = static_cast<Ctx*>(p);
      const Pattern& pat = c->self->patterns_[id];
      if (c->collapsed && pat.kind != Kind::kTerm) return 0;
      const size_t end = static_cast<size_t>(to) + c->offset, from = end - pat.bytes;
      uint32_t first = (*c->cp_of_byte)[from], last = (*c->cp_of_byte)[end - 1];
      if (c->collapsed) first = c->collapsed->run_first[first], last = c->collapsed->run_last[last];
      if (!c->self->NoiseOk(first, last)) return 0;
      c->raws->push_back({id, first, last});
      return 0;
    };
    Ctx ctx{this, &raws, &norm_.cp_of_byte, nullptr};
    hs_scan(static_cast<hs_database_t*>(db_), norm_.text.data(), static_cast<unsigned>(norm_.text.size()), 0,
            static_cast<hs_scratch_t*>(scratch_), on_match, &ctx);
    if (!BuildCollapsed()) {
      collapsed_.text.clear();
    } else {
      // Only a term that spans a run can be new, so only the windows around runs are scanned
      // again: most posts repeat a character or two (天天, 常常), and a full second scan would
      // halve the speed.
      const Collapsed& c = collapsed_;
      size_t w = 0;
      while (w < c.runs.size()) {
        const size_t from = c.byte_of_cp[c.runs[w]] > longest_term_ ? c.byte_of_cp[c.runs[w]] - longest_term_ : 0;
        size_t to = std::min(c.text.size(), size_t{c.byte_of_cp[c.runs[w] + 1]} + longest_term_);
        while (w + 1 < c.runs.size() && c.byte_of_cp[c.runs[w + 1]] < to + longest_term_) {
          ++w;
          to = std::min(c.text.size(), size_t{c.byte_of_cp[c.runs[w] + 1]} + longest_term_);
        }
        ++w;
        Ctx again{this, &raws, &c.cp_of_byte, &c, from};
        hs_scan(static_cast<hs_database_t*>(db_), c.text.data() + from, static_cast<unsigned>(to - from), 0,
                static_cast<hs_scratch_t*>(scratch_), on_match, &again);
      }
    }
  }
  std::vector<std::pair<uint32_t, uint32_t>> allowed;  // original spans of allow phrases
  struct Context {
    uint32_t start, end;
    const std::vector<std::string>* softens;  // empty: every category but serious_error
  };
  std::vector<Context> contexts;
  std::set<std::tuple<size_t, uint32_t, uint32_t>> seen;  // both passes find plain occurrences
  for (const Raw& r : raws) {
    const Pattern& p = patterns_[r.id];
    const uint32_t start = norm_.orig_of_cp[r.first], end = norm_.orig_of_cp[r.last] + 1;
    if (p.kind == Kind::kAllow) {
      allowed.emplace_back(start, end);
    } else if (p.kind == Kind::kContext) {
      contexts.push_back({start, end, &entries_[p.ref].softens});
    } else if (p.kind == Kind::kTerm) {
      if (!seen.insert({p.ref, start, end}).second || !EdgesOk(text, p.ref, start, end)) continue;
      const auto& e = entries_[p.ref];
      Hit h;
      h.entry = p.ref;
      h.start = start;
      h.end = end;
      h.term = e.term;
      if (e.valid_to) {
        if (published && *published <= *e.valid_to) continue;  // the name was right on that day
        h.note = published ? "该名称于 " + e.valid_to->ToString() + " 后已停用，帖子发布于 " + published->ToString()
                           : "该名称于 " + e.valid_to->ToString() + " 后已停用；帖子无发布日期，请人工判断";
      }
      hits.push_back(std::move(h));
    }
  }
  if (!collapsed_.text.empty()) {
    // 赌赌赌博 holds 赌博 twice, as written and with the run: the longer occurrence is the hit.
    std::erase_if(hits, [&](const Hit& h) {
      return std::any_of(hits.begin(), hits.end(), [&](const Hit& o) {
        return o.entry == h.entry && o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start);
      });
    });
  }
  AddDomainHits(text, &hits);
  if (!leaders_.empty()) AddLeaderHits(raws, published, &hits);
  if (!allowed.empty()) {
    std::erase_if(hits, [&](const Hit& h) {
      return std::any_of(allowed.begin(), allowed.end(), [&](const auto& a) { return a.first <= h.start && h.end <= a.second; });
    });
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.entry < b.entry;
  });
  auto slice = [&](uint32_t s, uint32_t e) {
    const uint32_t b = norm_.orig_byte[s], x = norm_.orig_byte[e];
    return std::string(text.substr(b, x - b));
  };
  // A hit's context is the first phrase of the post that softens its category.
  std::sort(contexts.begin(), contexts.end(), [](const Context& a, const Context& b) { return a.start < b.start; });
  auto context_of = [&](const std::string& category) -> const Context* {
    for (const Context& c : contexts) {
      if (c.softens->empty() ? category != "serious_error"
                             : std::find(c.softens->begin(), c.softens->end(), category) != c.softens->end())
        return &c;
    }
    return nullptr;
  };
  for (auto& h : hits) {
    h.matched = slice(h.start, h.end);
    if (h.entry != kNoEntry) {
      const auto& e = entries_[h.entry];
      h.category = e.category;
      h.suggestion = e.suggestion;
    }
    // A wording error is an error whatever the post is about; everything else found in a
    // government's own enforcement or warning news is for an inspector to judge — by default; a
    // context line may name the categories it softens (保密宣传 softens secret only, 警方 not secret).
    const bool dated_unknown = !published && (h.entry == kNoEntry || entries_[h.entry].valid_to.has_value());
    if (const Context* c = contexts.empty() ? nullptr : context_of(h.category)) h.context = slice(c->start, c->end);
    h.level = IsVeto(h.category) && h.context.empty() && !dated_unknown ? Level::kAlert : Level::kReview;
  }
  return hits;
}

}  // namespace govmedia::scan
