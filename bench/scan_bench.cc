// The compliance scanner against a plain Hyperscan literal scan of the same posts (issue 4):
// a 10,000-term lexicon from the sources, the news corpus repeated to a few MB, simdjson parsing
// in both. The full scan normalises (NFKC, case, traditional → simplified, noise) and maps hits
// back; the plain one matches raw bytes only (with the contract's word edges for terms that begin
// or end with a Latin letter or digit). Reports both speeds and checks that the full scan finds
// every hit the plain one does.
//
// Usage: build/bench/scan_bench SHARED_DATA_DIR [--repeat N] [--terms N]
#include <hs/hs.h>
#include <simdjson.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/lexicon.h"
#include "scan/scanner.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> Terms(const std::string& shared, size_t want) {
  std::ifstream in(shared + "/lexicon-sources/houbb-sensitive-word/tag4_违法犯罪.txt");
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::string line;
  while (out.size() < want && std::getline(in, line)) {
    std::string term = line.substr(0, line.rfind(' '));
    if (term.size() < 6 || !seen.insert(term).second) continue;  // at least two CJK characters
    bool noise = false;
    for (unsigned char c : term) noise |= c < 0x80 && !std::isalnum(c);
    if (!noise) out.push_back(term);
  }
  return out;
}

struct Post {
  std::string id;
  std::string text;
};

std::vector<Post> Parse(const std::string& jsonl) {
  simdjson::dom::parser parser;
  std::vector<Post> posts;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc)) continue;
    std::string_view id, text;
    if (doc["id"].get_string().get(id) || doc["text"].get_string().get(text)) continue;
    posts.push_back({std::string(id), std::string(text)});
  }
  return posts;
}

size_t CodePoints(std::string_view s, size_t bytes) {
  size_t n = 0;
  for (size_t i = 0; i < bytes; ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: scan_bench SHARED_DATA_DIR [--repeat N] [--terms N]\n";
    return 2;
  }
  const std::string shared = argv[1];
  int repeat = 20;
  size_t want = 10000;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--repeat") repeat = std::atoi(argv[i + 1]);
    if (std::string(argv[i]) == "--terms") want = static_cast<size_t>(std::atoi(argv[i + 1]));
  }
  const std::vector<std::string> terms = Terms(shared, want);
  std::ifstream cf(shared + "/corpus/weibo-cctvnews-2020q1.jsonl");
  std::stringstream ss;
  ss << cf.rdbuf();
  std::string jsonl;
  for (int r = 0; r < repeat; ++r) jsonl += ss.str();

  // Plain: raw literals, raw bytes.
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  std::vector<unsigned> ids, flags(terms.size(), 0);
  for (size_t i = 0; i < terms.size(); ++i) ptrs.push_back(terms[i].data()), lens.push_back(terms[i].size()), ids.push_back(i);
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(ptrs.data(), flags.data(), ids.data(), lens.data(), terms.size(), HS_MODE_BLOCK, nullptr, &db,
                           &err) != HS_SUCCESS) {
    std::cerr << "compile failed\n";
    return 1;
  }
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);

  // Full: the product's scanner.
  std::string lexicon;
  for (const auto& t : terms) lexicon += "harmful\t" + t + "\n";
  auto norm = govmedia::scan::Normalizer::Create();
  auto scanner = govmedia::scan::Scanner::Build(*govmedia::core::ParseLexicon(lexicon), **norm);
  if (!scanner.ok()) {
    std::cerr << scanner.status().ToString() << "\n";
    return 1;
  }

  using Key = std::tuple<size_t, size_t, size_t>;  // post, term, start code point
  double plain_best = 1e9, full_best = 1e9;
  std::set<Key> plain_hits, full_hits;
  size_t posts_n = 0;
  for (int run = 0; run < 3; ++run) {
    plain_hits.clear();
    full_hits.clear();
    auto t0 = Clock::now();
    auto posts = Parse(jsonl);
    struct Ctx {
      std::set<Key>* hits;
      size_t post;
      const std::string* text;
      const std::vector<size_t>* lens;
    };
    for (size_t p = 0; p < posts.size(); ++p) {
      Ctx ctx{&plain_hits, p, &posts[p].text, &lens};
      hs_scan(db, posts[p].text.data(), posts[p].text.size(), 0, scratch,
              [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* c) -> int {
                auto* x = static_cast<Ctx*>(c);
                const size_t from = to - (*x->lens)[id];
                // The contract's word edges (rule 5): a term that begins or ends with a Latin
                // letter or digit is not a hit inside a longer word or number (1元 in 14169.31元).
                auto alnum = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; };
                const std::string& t = *x->text;
                if (alnum(t[from]) && from > 0 && alnum(t[from - 1])) return 0;
                if (alnum(t[to - 1]) && to < t.size() && alnum(t[to])) return 0;
                x->hits->insert({x->post, id, CodePoints(t, from)});
                return 0;
              },
              &ctx);
    }
    plain_best = std::min(plain_best, std::chrono::duration<double>(Clock::now() - t0).count());
    auto t1 = Clock::now();
    auto posts2 = Parse(jsonl);
    for (size_t p = 0; p < posts2.size(); ++p)
      for (const auto& h : (*scanner)->Scan(posts2[p].text)) full_hits.insert({p, h.entry, h.start});
    full_best = std::min(full_best, std::chrono::duration<double>(Clock::now() - t1).count());
    posts_n = posts.size();
  }
  size_t missing = 0;
  for (const auto& k : plain_hits) {
    if (full_hits.count(k)) continue;
    ++missing;
    if (std::getenv("SCAN_BENCH_SHOW")) std::fprintf(stderr, "missing: post %zu term %s start %zu\n", std::get<0>(k), terms[std::get<1>(k)].c_str(), std::get<2>(k));
  }
  const double mb = jsonl.size() / 1e6;
  std::printf("lexicon %zu terms, %zu posts, %.1f MB of JSON Lines, best of 3\n", terms.size(), posts_n, mb);
  std::printf("plain Hyperscan, no normalisation: %.3f s  %.1f MB/s  %zu hits\n", plain_best, mb / plain_best, plain_hits.size());
  std::printf("govmedia scan, full normalisation: %.3f s  %.1f MB/s  %zu hits\n", full_best, mb / full_best, full_hits.size());
  std::printf("speed ratio full/plain: %.2f  (required >= 0.50)\n", plain_best / full_best);
  std::printf("plain hits missing from the full scan: %zu\n", missing);
  hs_free_scratch(scratch);
  hs_free_database(db);
  return missing == 0 ? 0 : 1;
}
