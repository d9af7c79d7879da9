#include "services/routing/competence_proto.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/lifecycle/case_enums.h"

namespace civicase::routing {

v1::Competence ToProto(const domain::CompetenceAnswer& answer, const domain::Directory& directory,
                       domain::Date at) {
  v1::Competence out;
  out.set_resolver_unit(answer.resolver_unit);
  if (const domain::Unit* unit = directory.Find(answer.resolver_unit, at)) {
    out.set_resolver_unit_name(unit->name);
  }
  out.set_resolver_position(std::string(domain::ToString(answer.resolver_position)));
  out.set_rule_id(answer.rule_id);
  out.set_rule_version(answer.rule_version);
  out.set_legal_basis(answer.legal_basis);
  out.set_explanation(answer.explanation);
  out.set_forward_from(answer.forward_from);
  return out;
}

v1::Unit ToProto(const domain::Unit& unit) {
  v1::Unit out;
  out.set_code(unit.code);
  out.set_name(unit.name);
  out.set_name_en(unit.name_en);
  out.set_level(std::string(domain::ToString(unit.level)));
  out.set_type(std::string(domain::ToString(unit.type)));
  out.set_parent(unit.parent);
  if (unit.valid_from) out.set_valid_from(unit.valid_from->ToString());
  if (unit.valid_to) out.set_valid_to(unit.valid_to->ToString());
  return out;
}

absl::StatusOr<domain::CompetenceQuery> QueryFor(v1::CaseKind kind, int round,
                                                 const std::string& receiving_unit,
                                                 const std::string& respondent_unit,
                                                 const std::string& position, domain::Date at) {
  domain::CompetenceQuery query;
  auto domain_kind = domain::ParseCaseKind(absl::AsciiStrToLower(v1::CaseKind_Name(kind)));
  if (!domain_kind) return absl::InvalidArgumentError("kind: required");
  query.kind = *domain_kind;
  query.round = round == 0 ? 1 : round;
  query.receiving_unit = receiving_unit;
  query.respondent_unit = respondent_unit.empty() ? receiving_unit : respondent_unit;
  auto role = domain::ParseRespondentRole(position.empty() ? "official" : position);
  if (!role) {
    return absl::InvalidArgumentError(absl::StrCat(
        "respondent.position: '", position, "' is not official, head, deputy_head or the_body"));
  }
  query.respondent_role = *role;
  query.at = at;
  return query;
}

}  // namespace civicase::routing
