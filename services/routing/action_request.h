#pragma once

// Request validation for Routing.ApplyAction: turns the wire request into the domain's
// ActionCommand (services/domain/case/case_actions.h), checking what the domain cannot know:
// that the case reference and action are present and that a named unit exists in the
// directory. Fills the dates an official usually leaves out (a suspension starts, and a
// resumption happens, today). The legal checks are the domain's (DecideAction).
//
// Pure given its inputs; thread-safe.

#include "absl/status/statusor.h"
#include "civicase/v1/routing.pb.h"
#include "services/domain/case/case_actions.h"
#include "services/domain/competence/directory.h"
#include "services/domain/date.h"

namespace civicase::routing {

// INVALID_ARGUMENT naming the field: case_ref or action missing, to_unit not a unit of
// `directory` on `today` ("to_unit: no unit hanoi.nowhere.pc ..."), a negative expected_version.
[[nodiscard]] absl::StatusOr<domain::ActionCommand> CommandFrom(
    const v1::ApplyActionRequest& request, const domain::Directory& directory, domain::Date today);

}  // namespace civicase::routing
