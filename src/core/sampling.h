// Drawing the city office's spot-check sample (抽查): stratified by unit and platform, so every
// unit's accounts on every platform are represented, and reproducible — the same population and
// seed give the same sample on any machine (a fixed generator, no library distribution).
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace govmedia::core {

struct Candidate {
  int64_t account_id = 0;
  int64_t unit_id = 0;
  std::string platform;
};

struct SampleSpec {
  enum class Method { kRatio, kCount } method = Method::kRatio;
  double ratio = 0;  // kRatio: each stratum gives ceil(ratio × size) accounts, at least 1
  int count = 0;     // kCount: the total, spread over strata in proportion to their sizes
  uint64_t seed = 0;
};

struct Stratum {
  int64_t unit_id = 0;
  std::string platform;
  std::vector<int64_t> population;  // account ids, ascending
  std::vector<int64_t> sampled;     // ascending
};

/// The strata (ordered by unit, then platform) with their samples. With kCount, every stratum gets
/// one account first when the count allows it (count ≥ number of strata); the rest goes by largest
/// remainder of the proportional share, ties to the earlier stratum. InvalidArgument naming
/// "ratio" (not in (0, 1]) or "count" (below 1).
Result<std::vector<Stratum>> DrawSample(std::vector<Candidate> population, const SampleSpec& spec);

}  // namespace govmedia::core
