#include "core/sampling.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace govmedia::core {
namespace {

// SplitMix64: a small generator whose output is fixed by its definition
// (std::uniform_int_distribution is not: libstdc++ and libc++ differ), so a recorded seed redraws
// the same sample anywhere.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : x_(seed) {}
  uint64_t Next() {
    uint64_t z = (x_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) without modulo bias.
  uint64_t Below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do v = Next();
    while (v >= limit);
    return v % n;
  }

 private:
  uint64_t x_;
};

// The seed mixed with a stratum's identity: each stratum's own stream.
uint64_t StratumSeed(uint64_t seed, const Stratum& s) {
  uint64_t h = seed ^ (static_cast<uint64_t>(s.unit_id) * 0x100000001b3ULL);
  for (unsigned char c : s.platform) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// k accounts of the stratum by a partial Fisher–Yates shuffle, each stratum with its own stream
// derived from the seed and its position, so adding a stratum elsewhere does not reshuffle this
// one.
std::vector<int64_t> Pick(const std::vector<int64_t>& pop, size_t k, uint64_t seed,
                          const Stratum& s) {
  SplitMix64 rng(StratumSeed(seed, s));
  std::vector<int64_t> v = pop;
  k = std::min(k, v.size());
  for (size_t i = 0; i < k; ++i) std::swap(v[i], v[i + rng.Below(v.size() - i)]);
  v.resize(k);
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

Result<std::vector<Stratum>> DrawSample(std::vector<Candidate> population, const SampleSpec& spec) {
  if (spec.method == SampleSpec::Method::kRatio && !(spec.ratio > 0 && spec.ratio <= 1)) {
    return Status::InvalidArgument("ratio", "抽查比例应大于 0、不超过 1");
  }
  if (spec.method == SampleSpec::Method::kCount && spec.count < 1) {
    return Status::InvalidArgument("count", "抽查数量应至少为 1");
  }
  std::map<std::pair<int64_t, std::string>, std::vector<int64_t>> by;
  for (const auto& c : population) by[{c.unit_id, c.platform}].push_back(c.account_id);
  std::vector<Stratum> strata;
  for (auto& [key, ids] : by) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    strata.push_back({key.first, key.second, ids, {}});
  }
  std::vector<size_t> take(strata.size(), 0);
  if (spec.method == SampleSpec::Method::kRatio) {
    for (size_t i = 0; i < strata.size(); ++i) {
      const double want =
          std::ceil(spec.ratio * static_cast<double>(strata[i].population.size()) - 1e-9);
      take[i] = std::max<size_t>(1, static_cast<size_t>(want));
    }
  } else {
    size_t total = 0;
    for (const auto& s : strata) total += s.population.size();
    size_t left = std::min<size_t>(static_cast<size_t>(spec.count), total);
    if (left >= strata.size()) {
      for (auto& t : take) t = 1;
      left -= strata.size();
    }
    // Largest remainder over what is still available in each stratum.
    size_t avail_total = 0;
    for (size_t i = 0; i < strata.size(); ++i) avail_total += strata[i].population.size() - take[i];
    // Equal remainders (every stratum of one account, as most units' are) are ordered by a draw
    // from the seed, not by unit: otherwise a count below the number of strata would take the
    // same first units of the registry in every round, whatever the seed.
    struct Remainder {
      double fraction;
      uint64_t draw;
      size_t stratum;
    };
    std::vector<Remainder> rem;
    size_t given = 0;
    for (size_t i = 0; i < strata.size() && avail_total > 0; ++i) {
      const double share =
          static_cast<double>(left) * (strata[i].population.size() - take[i]) / avail_total;
      const size_t whole = static_cast<size_t>(std::floor(share));
      take[i] += whole;
      given += whole;
      rem.push_back({share - whole, SplitMix64(StratumSeed(spec.seed, strata[i]) ^ 0x5bd1e995ULL).Next(), i});
    }
    std::sort(rem.begin(), rem.end(), [](const Remainder& a, const Remainder& b) {
      return a.fraction != b.fraction ? a.fraction > b.fraction : a.draw < b.draw;
    });
    for (size_t r = 0; given < left && r < rem.size(); ++r) {
      const size_t i = rem[r].stratum;
      if (take[i] < strata[i].population.size()) {
        ++take[i];
        ++given;
      }
    }
  }
  for (size_t i = 0; i < strata.size(); ++i)
    strata[i].sampled = Pick(strata[i].population, take[i], spec.seed, strata[i]);
  return strata;
}

}  // namespace govmedia::core
