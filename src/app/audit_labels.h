// The Chinese labels of the audit log (审计日志): action codes, object types, people who are not
// people (system, cli), the keys of the before/after JSON and the coded values found there. They
// live in one file, data/audit_labels.json, compiled into the binary and imported by the console
// (web/src/utils/auditLabels.js), so the page and the XLSX export say the same words. A code with
// no label is shown as itself.
// Thread-safety: immutable once built; Builtin() may be called from any thread.
#pragma once

#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govmedia::app {

class AuditLabels {
 public:
  using Labels = std::map<std::string, std::string, std::less<>>;

  /// Parses a labels file in the shape of data/audit_labels.json; InvalidArgument naming the
  /// section when a section is not an object of strings (or, for the *_by_* sections, of such objects).
  static core::Result<AuditLabels> Parse(std::string_view text);
  /// The labels compiled into the binary, with the platforms' names and the indicator names of the
  /// built-in indicator set as values of `platform` and `indicator`. Parsed on first use.
  static const AuditLabels& Builtin();

  std::string Action(const std::string& code) const;
  std::string Entity(const std::string& code) const;
  std::string Actor(const std::string& username) const;
  /// The label of key `key` of the before/after JSON of a row about `entity`.
  std::string Field(const std::string& key, const std::string& entity) const;
  /// The label of the coded value `value` of field `key` in a row about `entity` (`state` reads as
  /// `status`); a value that is not a code comes back unchanged.
  std::string Value(const std::string& entity, const std::string& key, const std::string& value) const;
  /// What a row changed, in words, one field a line in the order of the file's fields: for a change
  /// "状态：待整改 → 待复查"; for a creation (or removal) each field that has a value, "名称：张浦发布".
  /// Bookkeeping fields (updated_at, *_label) are left out; a value that is not an object gives "".
  std::string Changes(const std::string& entity, const nlohmann::json& before, const nlohmann::json& after) const;

 private:
  std::string Show(const std::string& entity, const std::string& key, const nlohmann::json& v, int depth) const;

  Labels actions_, entities_, actors_, fields_, person_fields_;
  std::map<std::string, Labels, std::less<>> fields_by_entity_, values_by_field_;
  std::map<std::string, std::map<std::string, Labels, std::less<>>, std::less<>> values_by_entity_;
  std::set<std::string, std::less<>> person_keys_;  // keys whose value is a person (姓名, 职务, 电话)
  std::map<std::string, size_t, std::less<>> field_order_;
};

}  // namespace govmedia::app
