#pragma once

// CompetenceResolver: who must resolve a case (thẩm quyền), decided from the directory of units
// and the versioned competence rules as they stood on a date, with an explanation that names
// the rule applied and why. Spec section 7; Law on Complaints Art. 17-24; Law on Denunciations
// Art. 12-13; Decree 141/2025/NĐ-CP (two-level local government from 2025-07-01).
//
// Contract:
//  - Resolve is a pure function of the query and the loaded data.
//  - The resolver is never a People's Council or Fatherland Front: when they receive a case the
//    answer names the competent People's Committee and sets forward_from.
//  - A case about a head or deputy head is never resolved by that person: it goes to the head
//    of the superior body. The one exception the law makes is the first complaint against an
//    administrative decision, which its author reviews (rule flag self_review; Art. 17-21).
//  - A respondent unit that had ceased on the date is replaced by its successor with the
//    largest share of territory (repeatedly if needed), and the explanation says so.
//  - Errors: INVALID_ARGUMENT for a malformed query (round 3, missing respondent for a
//    complaint); NOT_FOUND for an unknown unit code; FAILED_PRECONDITION when a unit is not
//    valid on the date (and has no successor), when no rule covers the respondent, or when the
//    rule says the matter is outside the modelled directory (the message carries the rule).
// Immutable after construction; concurrent Resolve calls are safe.

#include <string>

#include "absl/status/statusor.h"
#include "services/domain/competence/competence_rules.h"
#include "services/domain/competence/directory.h"
#include "services/domain/competence/unit.h"
#include "services/domain/date.h"
#include "services/domain/lifecycle/case_enums.h"

namespace civicase::domain {

struct CompetenceQuery {
  CaseKind kind = CaseKind::kComplaint;
  int round = 1;               // 1 or 2 for complaints; 1 (or 0) for other kinds
  std::string receiving_unit;  // the unit that received the letter
  // The unit whose act or official the case is about. May be empty for petitions and voter
  // petitions: then the receiving unit, as the_body.
  std::string respondent_unit;
  RespondentRole respondent_role = RespondentRole::kTheBody;
  Date at;  // the trigger date: which units and rule versions apply
};

struct CompetenceAnswer {
  std::string resolver_unit;  // unit code
  PositionTitle resolver_position = PositionTitle::kChair;
  std::string resolver_position_code;  // e.g. "hanoi.pc.chair"
  std::string rule_id;
  int rule_version = 0;
  std::string legal_basis;
  std::string explanation;  // which rule applied and why, in plain English
  // The respondent unit the rule was applied to (a successor when the named one had ceased).
  std::string respondent_unit;
  // Set when the receiving unit does not resolve: it forwards (HĐND, MTTQ, inspectorate),
  // guides or transfers (a non-competent unit) to resolver_unit.
  std::string forward_from;
  std::string forward_rule_id;
  std::string forward_legal_basis;
};

class CompetenceResolver {
 public:
  CompetenceResolver(Directory directory, CompetenceRules rules)
      : directory_(std::move(directory)), rules_(std::move(rules)) {}

  // The demo directory and the rules compiled into the library.
  [[nodiscard]] static absl::StatusOr<CompetenceResolver> LoadDefault();

  [[nodiscard]] absl::StatusOr<CompetenceAnswer> Resolve(const CompetenceQuery& query) const;

  const Directory& directory() const { return directory_; }
  const CompetenceRules& rules() const { return rules_; }

 private:
  // The unit the rule applies to: `code` itself, or its largest successor if it had ceased.
  absl::StatusOr<const Unit*> RespondentOn(const std::string& code, Date at,
                                           std::string& note) const;
  absl::StatusOr<const Unit*> ResolverUnit(const CompetenceRule& rule, const Unit& respondent,
                                           Date at) const;

  Directory directory_;
  CompetenceRules rules_;
};

}  // namespace civicase::domain
