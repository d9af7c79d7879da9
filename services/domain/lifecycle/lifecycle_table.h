#pragma once

// The lifecycle tables as data: for each case kind, which (state, action) pairs the law
// allows, the state they lead to, the guard that must hold and the article that allows it.
// Lifecycle::Apply (lifecycle.h) interprets this table; nothing else encodes transitions.
//
// Contract: for one (kind, round, from, action) at most one row applies (tested). A row with
// round 0 applies to both rounds; rounds only differ for complaints. Rows never start from a
// terminal state (IsTerminal). Immutable static data, thread-safe.

#include <span>
#include <string_view>

#include "services/domain/lifecycle/case_enums.h"

namespace civicase::domain {

// Conditions checked by Lifecycle::Apply beyond the (state, action) match.
enum class TransitionGuard {
  kNone,
  // The request must say the resolution period expired unresolved (Complaints Law Art. 33(1),
  // 42(1); Denunciations Law Art. 37(1)).
  kPeriodExpired,
  // Back to the state the case was suspended in.
  kResumeToPrevious,
  // Full withdrawal; `to` is the outcome without violation signs. A denunciation with signs
  // of violation is still resolved and keeps its state (Denunciations Law Art. 33).
  kWithdrawal,
  // Removes some contents; withdrawing the last one counts as a full withdrawal.
  kPartialWithdrawal,
  // Denunciation extensions: complex at most 1, especially complex at most 2 (Art. 30(1)).
  kExtensionLimit,
  // A refused further denunciation returns the case to where it was (Art. 37).
  kReturnFromReview,
};

struct TransitionRule {
  CaseKind kind;
  int round;  // 0 = any round; 1 or 2 (complaints only)
  CaseState from;
  CaseAction action;
  CaseState to;  // equal to `from` for actions that record something without moving
  TransitionGuard guard;
  std::string_view legal_basis;
};

// Every allowed transition of every kind.
std::span<const TransitionRule> LifecycleTable();

}  // namespace civicase::domain
