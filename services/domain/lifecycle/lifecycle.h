#pragma once

// Lifecycle: the state machines of complaints (both rounds), denunciations, petitions and
// voter petitions (spec sections 4-6), as a pure function from (state, action) to the next
// state. The allowed transitions are data (lifecycle_table.h); this file adds the guards that
// need the case's own history: suspension and resumption, full and partial withdrawal,
// extensions, the round-1 link of a second complaint, further denunciation.
//
// Contract:
//  - Apply never mutates its input; it returns the whole next state in Transition::next.
//  - A refused action is FAILED_PRECONDITION with a message that names the action, the kind
//    and the state, e.g. "cannot decide a complaint in state received". Terminal states accept
//    nothing. A malformed state or request (round 3, round-2 complaint without its round-1
//    reference, unknown content in a partial withdrawal) is INVALID_ARGUMENT.
//  - Competence (who may decide; that HĐND/MTTQ never decide) is not checked here: see
//    services/domain/competence.
// Stateless; all functions are thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/lifecycle/case_enums.h"
#include "services/domain/lifecycle/lifecycle_table.h"

namespace civicase::domain {

// Everything about a case the lifecycle needs to decide the next step. Value type.
struct LifecycleState {
  CaseKind kind = CaseKind::kComplaint;
  int round = 1;  // 2 only for a second-round complaint
  CaseState state = CaseState::kReceived;
  // Set while kSuspended: where resume returns to.
  std::optional<CaseState> state_before_suspension;
  // Set while kFurtherReview: where a refused further denunciation returns to.
  std::optional<CaseState> state_before_review;
  Complexity complexity = Complexity::kNormal;
  int extension_count = 0;  // denunciation extensions granted so far
  // The contents (nội dung) still to resolve, and those withdrawn. Empty remaining_contents
  // with nothing withdrawn means the case does not track contents separately.
  std::vector<std::string> remaining_contents;
  std::vector<std::string> withdrawn_contents;
  // A denunciation withdrawn in full but still resolved because of signs of violation.
  bool resolved_despite_withdrawal = false;
  // For a round-2 complaint: the round-1 case it continues (required).
  std::string round_one_case_ref;

  friend bool operator==(const LifecycleState&, const LifecycleState&) = default;
};

struct ActionRequest {
  CaseAction action = CaseAction::kRegister;
  // withdraw_partially: the contents withdrawn (each must be among the remaining ones).
  std::vector<std::string> contents;
  // second_complaint / sue / further_denunciation before a decision: the resolution period
  // expired without a decision or conclusion.
  bool period_expired_unresolved = false;
  // withdraw / withdraw_partially of a denunciation: there are signs of violation (or
  // coercion, or abuse of denunciation), so it is still resolved (Denunciations Law Art. 33).
  bool violation_signs = false;
  // accept: the complexity found in writing, if any.
  std::optional<Complexity> complexity;
};

struct Transition {
  CaseState from;
  CaseState to;
  CaseAction action;
  std::string_view legal_basis;  // of the rule applied; static storage
  LifecycleState next;
  // second_complaint: the caller opens a round-2 case with round_one_case_ref set to this one.
  bool opens_round_two = false;
  // Human-readable note on a guard's effect ("resolution continues despite withdrawal ...").
  std::string note;
};

class Lifecycle {
 public:
  // The state of a newly received case. round must be 1, or 2 for a complaint, in which case
  // round_one_case_ref is required (Complaints Law Art. 33: the round-1 decision is attached).
  // contents may be empty (contents not tracked). INVALID_ARGUMENT otherwise.
  [[nodiscard]] static absl::StatusOr<LifecycleState> Start(CaseKind kind, int round,
                                                            std::string round_one_case_ref = "",
                                                            std::vector<std::string> contents = {});

  // The transition the law allows for `request` in `state`, or why not (see the contract).
  [[nodiscard]] static absl::StatusOr<Transition> Apply(const LifecycleState& state,
                                                        const ActionRequest& request);

  // Actions the table offers in this state (guards may still refuse some of them).
  static std::vector<CaseAction> OfferedActions(const LifecycleState& state);

  // Checks the invariants of a state (round, round-1 link, suspension bookkeeping).
  [[nodiscard]] static absl::Status Validate(const LifecycleState& state);
};

}  // namespace civicase::domain
