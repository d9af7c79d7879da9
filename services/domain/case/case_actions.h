#pragma once

// Case actions: what an official does to a case (accept, transfer, decide, suspend, ...) turned
// into the StateChanged event that records it. This is where the lifecycle tables
// (services/domain/lifecycle) meet a real case: the case's LifecycleState is folded from its
// snapshot and history, the action is checked by Lifecycle::Apply and by the rules that need the
// case's own data (a transfer never goes to the body the case is about: a denunciation against a
// unit, its head or deputy head, or a round-2 complaint, never to the respondent's unit,
// Denunciations Law Art. 12-13, Complaints Law Art. 18-21; refusals carry reasons; decisions
// carry a document number), and the event is built with its legal basis.
//
// The transfer contract (Circular 05/2021; Denunciations Law Art. 24(2)) is modelled here, not
// in the lifecycle table, whose TRANSFERRED state is final for the sender: two aggregate-level
// actions follow a `transfer`:
//   accept_transfer  TRANSFERRED -> PROCESSING   the receiver takes the case over; its
//                                                current_unit becomes the receiver (history kept)
//   reject_transfer  TRANSFERRED -> PROCESSING   the receiver refuses with a reason; the case
//                                                goes back to the sender, who re-routes it
// and one that records without moving:
//   urge             X -> X (any open state)     đôn đốc: urging the unit that holds the case or
//                                                a subordinate (to_unit), Circular 05/2021
//
// Contract (all functions pure, stateless, thread-safe):
//  - DecideAction returns INVALID_ARGUMENT naming the missing or malformed field
//    ("reason: required to refuse ...", "to_unit: required to transfer", "document.number: ...")
//    and FAILED_PRECONDITION naming the state and the action when the case's state, its history
//    or the law forbids it ("cannot decide a complaint in state received ...").
//  - It never writes: the caller appends the returned event with the case's version as the
//    expected version, so the decision is made on exactly the state it changes.
//  - Whether a unit code exists in the directory is the caller's check (the directory is data).

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "civicase/v1/case.pb.h"
#include "services/domain/lifecycle/lifecycle.h"

namespace civicase::domain {

// Aggregate-level action names (see above); every other name is a CaseAction (case_enums.h).
inline constexpr char kAcceptTransfer[] = "accept_transfer";
inline constexpr char kRejectTransfer[] = "reject_transfer";
inline constexpr char kUrge[] = "urge";

// What the official asks for. `requested` uses StateChanged's fields as the command: action,
// reason, legal_basis (added to the rule's own), to_unit, document, suspension, complexity,
// contents, linked_case, outcome. from/to are ignored (computed).
struct ActionCommand {
  civicase::v1::StateChanged requested;
  // second_complaint / sue / further_denunciation before a decision: the period expired.
  bool period_expired_unresolved = false;
  // withdraw of a denunciation: still resolved (signs of violation, coercion, slander abuse).
  bool violation_signs = false;
};

struct ActionDecision {
  civicase::v1::StateChanged change;  // the event payload to append
  std::string note;                   // a guard's effect, for the official
  bool opens_round_two = false;       // second_complaint: the caller opens the round-2 case
};

// The lifecycle state of a case: kind, round and state from the snapshot; suspension, review,
// complexity, extensions and contents folded from the StateChanged events of `history` (the
// case's events in order; events of other payloads are skipped).
// INVALID_ARGUMENT when the snapshot's kind or state has no domain counterpart.
[[nodiscard]] absl::StatusOr<LifecycleState> LifecycleStateOf(
    const civicase::v1::Case& snapshot, std::span<const civicase::v1::CaseEvent> history);

// The event that records `command` on the case (see the contract above).
// REQUIRES: `history` is the full history of `snapshot` (snapshot.version() events).
[[nodiscard]] absl::StatusOr<ActionDecision> DecideAction(
    const civicase::v1::Case& snapshot, std::span<const civicase::v1::CaseEvent> history,
    const ActionCommand& command);

// The store-side check of a recorded state change against the snapshot alone (the store folds
// events without their history): from == current state, a known action, a transition the
// lifecycle table allows with the recorded `to`, and the transfer contract. Guards that need the
// history (extension count, where a resume returns to, which contents remain) are taken from
// the event's own fields here; DecideAction enforces them against the history.
[[nodiscard]] absl::Status CheckRecordedChange(const civicase::v1::Case& snapshot,
                                               const civicase::v1::StateChanged& change);

// One transfer of a case between units, derived from the events.
struct TransferRecord {
  std::string from_unit;
  std::string to_unit;
  std::string reason;        // why it was sent
  int64_t sent_version = 0;  // the transfer event's version
  int64_t sent_at_seconds = 0;
  // Set once answered: accepted or rejected by the receiver, with when and (rejection) why.
  std::optional<bool> accepted;
  std::string answer_reason;
  int64_t answered_at_seconds = 0;
};

// Every transfer of the case, oldest first. The unit holding the case at each step follows the
// registration's receiving unit and each accepted transfer.
std::vector<TransferRecord> TransfersOf(const civicase::v1::Case& snapshot,
                                        std::span<const civicase::v1::CaseEvent> history);

}  // namespace civicase::domain
