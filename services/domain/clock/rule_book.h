#pragma once

// RuleBook: the statutory deadlines as versioned data (data/deadline_rules.json, compiled in).
// A rule has a stable id ("complaint.round1.resolution") and one or more versions; a version
// says when the period starts (start_event), how it is counted (unit), how long it is (length,
// with variants for complex / remote / ... cases), how it may be extended, its legal basis and
// when it is in force (valid_from..valid_to inclusive; no valid_to = open). A case uses the
// version in force on its trigger date.
//
// Loading validates the data: every rule has at least one version; every version has a legal
// basis, a start event, a unit, a positive length and valid_from; versions of one rule never
// overlap and have distinct numbers. Errors are INVALID_ARGUMENT naming the file, the rule and
// the field. Never throws. A RuleBook is an immutable value; thread-safe for const use.
//
// JSON layout:
//   {"rules": [{"id": "...", "title": "...", "versions": [{
//       "version": 1, "start_event": "acceptance", "unit": "calendar_days" | "working_days",
//       "length": 30,
//       "variants": {"complex": {"length": 45, "extensions": {...}}, ...},   // optional
//       "extensions": {"max_count": 0, "length_each": 0},                      // optional
//       "legal_basis": "...", "valid_from": "YYYY-MM-DD", "valid_to": "YYYY-MM-DD" | null,
//       "note": "..."}]}]}                                                    // optional

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/date.h"
#include "storage/base/embedded_file.h"

namespace civicase::domain {

enum class PeriodUnit { kCalendarDays, kWorkingDays };

// "calendar_days" / "working_days".
std::string_view PeriodUnitName(PeriodUnit unit);

struct Extensions {
  int max_count = 0;    // how many extensions the law allows
  int length_each = 0;  // in the rule's unit
};

// A variant of a rule for a kind of case. Known variant names, most specific first (the order
// StatutoryClock uses to pick one): remote_complex, especially_complex, complex, remote,
// several_sites.
struct RuleVariant {
  int length = 0;
  Extensions extensions;
};

struct RuleVersion {
  std::string rule_id;
  int version = 0;
  std::string start_event;
  PeriodUnit unit = PeriodUnit::kCalendarDays;
  int length = 0;
  std::map<std::string, RuleVariant, std::less<>> variants;
  Extensions extensions;
  std::string legal_basis;
  Date valid_from;
  std::optional<Date> valid_to;  // inclusive; nullopt = still in force
  std::string note;

  bool InForceOn(Date date) const {
    return valid_from <= date && (!valid_to.has_value() || date <= *valid_to);
  }
};

struct Rule {
  std::string id;
  std::string title;
  std::vector<RuleVersion> versions;  // sorted by valid_from
};

inline constexpr std::string_view kVariantNames[] = {"remote_complex", "especially_complex",
                                                     "complex", "remote", "several_sites"};

class RuleBook {
 public:
  // The rules compiled into the library.
  [[nodiscard]] static absl::StatusOr<RuleBook> Default();
  // Parses and validates one rules file.
  [[nodiscard]] static absl::StatusOr<RuleBook> FromJson(std::string_view json,
                                                         std::string_view file_name);
  // Validates rules built in code (same checks as FromJson); sorts versions.
  [[nodiscard]] static absl::StatusOr<RuleBook> FromRules(std::vector<Rule> rules);

  // nullptr when no rule has this id.
  const Rule* Find(std::string_view rule_id) const;
  // The version of `rule_id` in force on `trigger`; nullptr if the rule is unknown or none is.
  const RuleVersion* VersionAt(std::string_view rule_id, Date trigger) const;
  // All rules, sorted by id.
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  explicit RuleBook(std::vector<Rule> rules) : rules_(std::move(rules)) {}

  std::vector<Rule> rules_;
};

}  // namespace civicase::domain
