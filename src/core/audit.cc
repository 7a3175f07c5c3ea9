#include "core/audit.h"

namespace govmedia::core {

std::string AuditCanonical(const AuditEntry& e) {
  std::string out;
  auto put = [&out](const std::string& s) {
    out += std::to_string(s.size());
    out += ':';
    out += s;
    out += '\n';
  };
  put(std::to_string(e.id));
  put(e.at);
  put(e.actor);
  put(e.action);
  put(e.entity);
  put(e.entity_id);
  put(e.before);
  put(e.after);
  put(e.prev_hash);
  return out;
}

}  // namespace govmedia::core
