#pragma once

// The case aggregate: a case's state is the fold of its events. Apply is pure (no I/O, no clock)
// and is what the store runs, inside the write that appends the event, to produce the snapshot.
// Thread-safe (stateless).

#include "absl/status/statusor.h"
#include "civicase/v1/case.pb.h"

namespace civicase::domain {

// Returns the case after `event`.
// REQUIRES: event.version() == current.version() + 1 and event.case_id() is set.
// FAILED_PRECONDITION when the event cannot follow the current state (a second registration, an
// event on a case never registered, a transition from a state the case is not in, or one the
// lifecycle forbids: see CheckRecordedChange in case_actions.h); INVALID_ARGUMENT for an unknown
// action. An accepted transfer (accept_transfer) makes its to_unit the case's current_unit.
// SiblingsLinked is recorded once (FAILED_PRECONDITION on a case already linked).
[[nodiscard]] absl::StatusOr<civicase::v1::Case> Apply(const civicase::v1::Case& current,
                                                       const civicase::v1::CaseEvent& event);

// Gives `stored`, a case kept without its registration, the registration it was registered with
// (`registered`, from its first event) as Apply would have left it: without the filers' sealed
// identities once they were erased. A store may keep the registration once, in the first event.
void AttachRegistration(civicase::v1::Case& stored, civicase::v1::Registration registered);

// The prefix of reference numbers for a kind: KN complaint, TC denunciation, PA petition,
// CT voter petition.
std::string_view ReferencePrefix(civicase::v1::CaseKind kind);

// The statutory clock that starts when a letter of this kind is received: the deadline to accept
// it (thụ lý) or to tell the filer what happens to it. complaint.acceptance (Complaints Law
// Art. 27; Decree 124/2020 Art. 16(1)), denunciation.processing (Denunciations Law Art. 24(1)),
// petition.processing_notice (Reception Law Art. 28(1)) for petitions and voter petitions.
std::string_view FirstClockRule(civicase::v1::CaseKind kind);

// Whether a case in this state still runs clocks (is not finished).
bool IsOpen(civicase::v1::CaseState state);

}  // namespace civicase::domain
