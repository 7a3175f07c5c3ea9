#include "core/similarity.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>

namespace govmedia::core {
namespace {

std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (int k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    // Letters and digits of any script count; spaces, ASCII and CJK punctuation do not.
    const bool noise = cp < 0x80
                           ? !std::isalnum(static_cast<int>(cp))
                           : (cp >= 0xA0 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) ||
                                 (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F);
    if (!noise)
      out.push_back(cp < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(cp))) : cp);
  }
  return out;
}

std::multiset<std::pair<char32_t, char32_t>> Bigrams(const std::vector<char32_t>& cps) {
  std::multiset<std::pair<char32_t, char32_t>> out;
  for (size_t i = 0; i + 1 < cps.size(); ++i) out.insert({cps[i], cps[i + 1]});
  return out;
}

std::string Without(std::string_view name, std::string_view unit) {
  std::string s(name);
  // The unit's name, and its name without a trailing 镇/局/委员会 etc.: 张浦镇 → 张浦.
  std::vector<std::string> cut{std::string(unit)};
  for (std::string_view tail : {"管委会", "委员会", "办事处", "镇", "局", "区", "中心"}) {
    if (unit.size() > tail.size() && unit.ends_with(tail))
      cut.emplace_back(unit.substr(0, unit.size() - tail.size()));
  }
  if (unit.starts_with("昆山市")) cut.emplace_back(unit.substr(std::string_view("昆山市").size()));
  for (const auto& c : cut) {
    if (c.empty()) continue;
    for (size_t p = s.find(c); p != std::string::npos; p = s.find(c)) s.erase(p, c.size());
  }
  return s;
}

}  // namespace

double BigramDice(std::string_view a, std::string_view b) {
  const auto ca = CodePoints(a), cb = CodePoints(b);
  if (ca.empty() || cb.empty()) return 0;
  if (ca.size() == 1 || cb.size() == 1) return ca == cb ? 1.0 : 0.0;
  const auto ba = Bigrams(ca), bb = Bigrams(cb);
  std::vector<std::pair<char32_t, char32_t>> common;
  std::set_intersection(ba.begin(), ba.end(), bb.begin(), bb.end(), std::back_inserter(common));
  return 2.0 * static_cast<double>(common.size()) / static_cast<double>(ba.size() + bb.size());
}

double BigramContainment(std::string_view query, std::string_view text) {
  const auto cq = CodePoints(query), ct = CodePoints(text);
  if (cq.empty() || ct.empty()) return 0;
  if (cq.size() == 1) return std::find(ct.begin(), ct.end(), cq[0]) != ct.end() ? 1.0 : 0.0;
  const auto bq = Bigrams(cq), bt = Bigrams(ct);
  std::vector<std::pair<char32_t, char32_t>> common;
  std::set_intersection(bq.begin(), bq.end(), bt.begin(), bt.end(), std::back_inserter(common));
  return static_cast<double>(common.size()) / static_cast<double>(bq.size());
}

std::string GroupKey(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::vector<SimilarGroup> GroupSimilar(const std::vector<AccountText>& accounts,
                                       std::string_view unit_name) {
  const size_t n = accounts.size();
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::string> names;
  for (const auto& a : accounts) names.push_back(Without(a.name, unit_name));
  std::vector<double> best(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const double by_name = BigramDice(names[i], names[j]);
      const double by_positioning = BigramDice(accounts[i].positioning, accounts[j].positioning);
      if (by_name < kSimilarNames && by_positioning < kSimilarPositioning) continue;
      const double score = std::max(by_name, by_positioning);
      parent[find(i)] = find(j);
      best[i] = std::max(best[i], score);
      best[j] = std::max(best[j], score);
    }
  }
  std::map<size_t, SimilarGroup> groups;
  for (size_t i = 0; i < n; ++i) {
    auto& g = groups[find(i)];
    g.ids.push_back(accounts[i].id);
    g.similarity = std::max(g.similarity, best[i]);
  }
  std::vector<SimilarGroup> out;
  for (auto& [root, g] : groups) {
    if (g.ids.size() < 2) continue;
    std::sort(g.ids.begin(), g.ids.end());
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(), [](const SimilarGroup& a, const SimilarGroup& b) {
    return a.ids.front() < b.ids.front();
  });
  return out;
}

}  // namespace govmedia::core
