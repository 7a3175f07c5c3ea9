// Which accounts of a unit on one platform look alike (业务相近), for the office to confirm or
// reject as a group to consolidate (清理整合). The measure, stated so the office can weigh it: the
// Dice coefficient of the character bigrams of two texts, 2·|A∩B| / (|A| + |B|), taken over the
// names with the unit's own name removed, and over the positioning texts (发布内容及功能定位);
// two accounts are similar when the names reach 0.5 or the positionings reach 0.6. Groups are the
// connected sets of similar pairs. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govmedia::core {

inline constexpr double kSimilarNames = 0.5;
inline constexpr double kSimilarPositioning = 0.6;

/// The Dice coefficient of the character bigrams (code points; spaces and punctuation ignored).
/// 1 for equal texts of one character; 0 when either is empty.
double BigramDice(std::string_view a, std::string_view b);

/// The share of the query's character bigrams found in `text` (|Q∩T| / |Q|, counted with
/// multiplicity): how much of a search or of a netizen's question an entry of the Q&A library
/// covers, whatever its length. A one-character query counts as found when the text holds it.
double BigramContainment(std::string_view query, std::string_view text);

struct AccountText {
  int64_t id = 0;
  std::string name, positioning;
};

struct SimilarGroup {
  std::vector<int64_t> ids;  // ascending
  double similarity = 0;     // the highest pair score inside the group
};

/// Groups of two or more similar accounts; `unit_name` is removed from the names first (every
/// account of 张浦镇 says 张浦). Groups ordered by their first id.
std::vector<SimilarGroup> GroupSimilar(const std::vector<AccountText>& accounts, std::string_view unit_name);

/// "3,7,12": the key a group is stored under.
std::string GroupKey(const std::vector<int64_t>& ids);

}  // namespace govmedia::core
