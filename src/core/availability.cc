#include "core/availability.h"

#include <map>

#include "core/timestamp.h"

namespace govmedia::core {

std::string_view UrlKindId(UrlKind k) {
  return k == UrlKind::kAppDownload ? "app_download" : "service";
}
std::string_view UrlKindLabel(UrlKind k) {
  return k == UrlKind::kAppDownload ? "客户端下载" : "功能地址";
}
std::optional<UrlKind> ParseUrlKind(std::string_view id) {
  if (id == "app_download") return UrlKind::kAppDownload;
  if (id == "service") return UrlKind::kService;
  return std::nullopt;
}

AvailabilityStep NextUrlState(const UrlState& prev, UrlKind kind, const CheckOutcome& o,
                              int threshold) {
  AvailabilityStep s;
  UrlState& n = s.next;
  n = prev;
  const bool app = kind == UrlKind::kAppDownload;
  // Reachable over either family is usable; IPv6 is judged on its own below.
  if (o.v4_ok || o.v6_ok) {
    if (prev.state == "broken") s.events.push_back({"recovered", "", "恢复访问"});
    n.state = "ok";
    n.failures = 0;
  } else {
    n.failures = prev.failures + 1;
    if (n.failures >= threshold) {
      n.state = "broken";
      if (prev.state != "broken") {
        s.events.push_back({"broken", app ? "veto.app_unusable" : "function_broken",
                            "连续 " + std::to_string(n.failures) + " 次检查失败：" + o.detail});
      }
    } else {
      n.state = prev.state == "broken" ? "broken" : "failing";
    }
  }
  if (o.v6_ok) {
    if (prev.v6_broken) s.events.push_back({"ipv6_recovered", "", "恢复 IPv6 访问"});
    n.v6_failures = 0;
    n.v6_broken = false;
  } else {
    n.v6_failures = prev.v6_failures + 1;
    // Only an app that works over IPv4 and not over IPv6 lacks IPv6 support; a URL down on both
    // is an outage, counted above.
    if (app && o.v4_ok && !prev.v6_broken && n.v6_failures >= threshold) {
      n.v6_broken = true;
      s.events.push_back(
          {"ipv6_broken", "function_broken",
           "IPv4 可访问，IPv6 连续 " + std::to_string(n.v6_failures) + " 次检查失败：" + o.detail});
    }
  }
  return s;
}

std::vector<DerivedFinding> OutageFindings(const std::vector<StoredEvent>& events, int64_t from,
                                           int64_t to) {
  // Outages per URL and family: broken → recovered, ipv6_broken → ipv6_recovered.
  std::map<std::string, const StoredEvent*> open;
  std::vector<std::pair<const StoredEvent*, const StoredEvent*>> outages;
  for (const auto& e : events) {
    const bool v6 = e.event.starts_with("ipv6_");
    const std::string key = e.url + (v6 ? "#6" : "#4");
    if (e.event == "broken" || e.event == "ipv6_broken") {
      if (!open.count(key)) open[key] = &e;
    } else if (auto it = open.find(key); it != open.end()) {
      outages.emplace_back(it->second, &e);
      open.erase(it);
    }
  }
  for (const auto& [key, start] : open) outages.emplace_back(start, nullptr);
  std::map<std::string, DerivedFinding> by;
  std::vector<std::string> order;
  for (const auto& [start, end] : outages) {
    if (start->at > to || (end && end->at <= from)) continue;
    auto [it, fresh] = by.try_emplace(start->indicator, DerivedFinding{start->indicator, 0, {}});
    if (fresh) order.push_back(start->indicator);
    it->second.occurrences += 1;
    const auto kind = ParseUrlKind(start->kind);
    std::string ev = std::string(kind ? UrlKindLabel(*kind) : "地址") + " " + start->url + " 自 " +
                     FormatBeijing(start->at) + " 起" + start->detail;
    ev += end ? "；已于 " + FormatBeijing(end->at) + " 恢复" : "；尚未恢复";
    it->second.evidence.push_back(std::move(ev));
  }
  std::vector<DerivedFinding> out;
  for (const auto& k : order) out.push_back(by[k]);
  return out;
}

}  // namespace govmedia::core
