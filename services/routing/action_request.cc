#include "services/routing/action_request.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace civicase::routing {

absl::StatusOr<domain::ActionCommand> CommandFrom(const v1::ApplyActionRequest& request,
                                                  const domain::Directory& directory,
                                                  domain::Date today) {
  if (absl::StripAsciiWhitespace(request.case_ref()).empty()) {
    return absl::InvalidArgumentError("case_ref: required");
  }
  const std::string action = absl::AsciiStrToLower(absl::StripAsciiWhitespace(request.action()));
  if (action.empty()) return absl::InvalidArgumentError("action: required");
  if (request.expected_version() < 0) {
    return absl::InvalidArgumentError("expected_version: must not be negative");
  }
  if (!request.to_unit().empty()) {
    if (auto unit = directory.FindValid(request.to_unit(), today); !unit.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("to_unit: ", unit.status().message(),
                                                     " (`civicase units` lists the codes)"));
    }
  }
  domain::ActionCommand command;
  v1::StateChanged& r = command.requested;
  r.set_action(action);
  r.set_reason(request.reason());
  r.set_legal_basis(request.legal_basis());
  r.set_to_unit(request.to_unit());
  *r.mutable_document() = request.document();
  *r.mutable_suspension() = request.suspension();
  r.set_complexity(request.complexity());
  *r.mutable_contents() = request.contents();
  r.set_linked_case(request.linked_case());
  r.set_outcome(request.outcome());
  r.set_to_kind(request.to_kind());
  if (action == "suspend" && r.suspension().from().empty()) {
    r.mutable_suspension()->set_from(today.ToString());
  }
  if (action == "resume" && r.suspension().to().empty()) {
    r.mutable_suspension()->set_to(today.ToString());
  }
  command.period_expired_unresolved = request.period_expired_unresolved();
  command.violation_signs = request.violation_signs();
  return command;
}

}  // namespace civicase::routing
