#pragma once

// Conversions between the domain's competence answer and directory and their proto contracts.

#include "absl/status/statusor.h"
#include "civicase/v1/case.pb.h"
#include "civicase/v1/common.pb.h"
#include "services/domain/competence/competence_resolver.h"

namespace civicase::routing {

v1::Competence ToProto(const domain::CompetenceAnswer& answer, const domain::Directory& directory,
                       domain::Date at);
v1::Unit ToProto(const domain::Unit& unit);

// The competence question a registration asks, as of `at`. INVALID_ARGUMENT naming the field for
// an unknown kind or respondent position.
[[nodiscard]] absl::StatusOr<domain::CompetenceQuery> QueryFor(v1::CaseKind kind, int round,
                                                               const std::string& receiving_unit,
                                                               const std::string& respondent_unit,
                                                               const std::string& position,
                                                               domain::Date at);

}  // namespace civicase::routing
