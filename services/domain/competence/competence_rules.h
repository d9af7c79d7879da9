#pragma once

// Competence rules as versioned data (data/competence_rules.json): for a kind of case, a
// round and a respondent (unit level, unit type, role), who resolves it, relative to the
// respondent ("head of the direct superior", ...). Forwarding rules say what a receiving body
// that cannot resolve (HĐND, MTTQ, inspectorate, a non-competent unit) does with the case.
//
// Contract:
//  - Load* validate: (id, version) unique; versions of one id never overlap in time; every rule
//    has a legal basis, an explanation and a sane validity; complaint rules name round 1 or 2
//    and other kinds "any"; resolvers and enum names are known. INVALID_ARGUMENT naming the
//    file and the rule otherwise.
//  - Matching never fails; deciding what zero or several matches mean is the resolver's job.
// Immutable after load; concurrent reads are safe.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/competence/unit.h"
#include "services/domain/date.h"
#include "services/domain/lifecycle/case_enums.h"

namespace civicase::domain {

enum class ResolverKind {
  kHeadOfRespondentUnit,  // "head_of_respondent_unit"
  kHeadOfDirectSuperior,  // "head_of_direct_superior": head of the respondent unit's parent
  kProvincialChair,       // "provincial_chair": chair of the provincial PC above the respondent
  kPcOfRespondentArea,    // "pc_of_respondent_area": chair of the PC serving the same area
  kNone,                  // "none": outside the modelled directory; the explanation says why
};
std::string_view ToString(ResolverKind kind);
std::optional<ResolverKind> ParseResolverKind(std::string_view name);

// Empty lists match anything.
struct RespondentPattern {
  std::vector<UnitLevel> levels;
  std::vector<UnitType> types;
  std::vector<RespondentRole> roles;

  bool Matches(const Unit& unit, RespondentRole role) const;
};

struct CompetenceRule {
  std::string id;
  int version = 1;
  std::vector<CaseKind> kinds;  // "any" in the file expands to all four
  int round = 0;                // 0 = any
  RespondentPattern respondent;
  ResolverKind resolver = ResolverKind::kNone;
  std::string legal_basis;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  std::string explanation;
  // The law makes the author of the act resolve it first (complaints round 1: the decision
  // maker reviews his own decision, Law on Complaints Art. 17-21). The only case where the
  // resolver may be the person the case is about.
  bool self_review = false;

  bool InForce(Date d) const {
    return (!valid_from || *valid_from <= d) && (!valid_to || d <= *valid_to);
  }
  bool AppliesTo(CaseKind kind, int round) const;
};

struct ForwardingRule {
  std::string id;
  int version = 1;
  std::vector<UnitType> receiver_types;  // empty: any other receiving unit (fallback)
  std::string legal_basis;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  std::string explanation;

  bool InForce(Date d) const {
    return (!valid_from || *valid_from <= d) && (!valid_to || d <= *valid_to);
  }
};

class CompetenceRules {
 public:
  // The rules compiled into the library (data/competence_rules.json).
  [[nodiscard]] static absl::StatusOr<CompetenceRules> LoadDefault();
  [[nodiscard]] static absl::StatusOr<CompetenceRules> FromJson(std::string_view json,
                                                                std::string_view file_name);

  // Rules in force on `at` for this kind, round and respondent, in file order.
  std::vector<const CompetenceRule*> Matching(CaseKind kind, int round, const Unit& respondent,
                                              RespondentRole role, Date at) const;
  // The forwarding rule for a receiving unit of `type` on `at`: the one naming the type, else
  // the fallback; nullptr if neither is in force.
  const ForwardingRule* ForwardingFor(UnitType type, Date at) const;

  std::span<const CompetenceRule> rules() const { return rules_; }
  std::span<const ForwardingRule> forwarding() const { return forwarding_; }

 private:
  std::vector<CompetenceRule> rules_;
  std::vector<ForwardingRule> forwarding_;
};

}  // namespace civicase::domain
