#include "services/domain/lifecycle/lifecycle.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "services/domain/lifecycle/internal/text.h"
#include "storage/base/status_macros.h"

namespace civicase::domain {
namespace {

using internal::Cat;
using internal::Join;

bool RoundMatches(const TransitionRule& rule, int round) {
  return rule.round == 0 || rule.round == round;
}

const TransitionRule* FindRule(const LifecycleState& s, CaseAction action) {
  for (const TransitionRule& rule : LifecycleTable()) {
    if (rule.kind == s.kind && RoundMatches(rule, s.round) && rule.from == s.state &&
        rule.action == action) {
      return &rule;
    }
  }
  return nullptr;
}

std::string Describe(const LifecycleState& s) {
  return s.round == 2 ? Cat("round-2 ", ToString(s.kind)) : std::string(ToString(s.kind));
}

std::string CannotPrefix(const LifecycleState& s, CaseAction action) {
  return Cat("cannot ", ToString(action), " a ", Describe(s), " in state ", ToString(s.state));
}

int MaxExtensions(Complexity c) {
  switch (c) {
    case Complexity::kNormal:
      return 0;
    case Complexity::kComplex:
      return 1;
    case Complexity::kEspeciallyComplex:
      return 2;
  }
  return 0;
}

// Full withdrawal: complaints and denunciations without signs of violation end (withdrawn
// before acceptance, terminated after); a denunciation with signs of violation goes on.
void ApplyWithdrawal(const TransitionRule& rule, const ActionRequest& request, Transition& t) {
  LifecycleState& next = t.next;
  for (std::string& c : next.remaining_contents) next.withdrawn_contents.push_back(std::move(c));
  next.remaining_contents.clear();
  if (next.kind == CaseKind::kDenunciation && request.violation_signs) {
    next.resolved_despite_withdrawal = true;
    t.to = next.state;
    t.note =
        "denunciation withdrawn in full but still resolved: signs of violation "
        "(Law on Denunciations Art. 33)";
    return;
  }
  t.to = rule.to;
  next.state = rule.to;
  next.state_before_suspension.reset();
  t.note = rule.to == CaseState::kTerminated ? "full withdrawal terminates the resolution"
                                             : "withdrawn before acceptance";
}

absl::Status ApplyPartialWithdrawal(const LifecycleState& s, const ActionRequest& request,
                                    Transition& t) {
  if (request.contents.empty()) {
    return absl::InvalidArgumentError("withdraw_partially needs the contents withdrawn");
  }
  if (s.remaining_contents.empty()) {
    return absl::InvalidArgumentError(
        Cat("withdraw_partially: this ", ToString(s.kind),
            " does not track separate contents; use withdraw for a full withdrawal"));
  }
  LifecycleState& next = t.next;
  for (const std::string& c : request.contents) {
    auto it = std::find(next.remaining_contents.begin(), next.remaining_contents.end(), c);
    if (it == next.remaining_contents.end()) {
      return absl::InvalidArgumentError(Cat("withdraw_partially: content \"", c,
                                            "\" is not among the remaining contents [",
                                            Join(next.remaining_contents, ", "), "]"));
    }
    next.remaining_contents.erase(it);
    next.withdrawn_contents.push_back(c);
  }
  if (!next.remaining_contents.empty()) {
    t.note = Cat("partial withdrawal; continues with [", Join(next.remaining_contents, ", "), "]");
    return absl::OkStatus();
  }
  // The last content went: this is a full withdrawal.
  const TransitionRule* full = FindRule(s, CaseAction::kWithdraw);
  if (full == nullptr) {
    return absl::InternalError(Cat("lifecycle table has withdraw_partially but no withdraw for ",
                                   Describe(s), " in state ", ToString(s.state)));
  }
  ApplyWithdrawal(*full, request, t);
  t.note = Cat("the last content was withdrawn: ", t.note);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LifecycleState> Lifecycle::Start(CaseKind kind, int round,
                                                std::string round_one_case_ref,
                                                std::vector<std::string> contents) {
  LifecycleState s;
  s.kind = kind;
  s.round = round;
  s.round_one_case_ref = std::move(round_one_case_ref);
  s.remaining_contents = std::move(contents);
  RETURN_IF_ERROR(Validate(s));
  return s;
}

absl::Status Lifecycle::Validate(const LifecycleState& s) {
  if (s.kind == CaseKind::kComplaint) {
    if (s.round != 1 && s.round != 2) {
      return absl::InvalidArgumentError(Cat("a complaint has round 1 or 2, not ", s.round));
    }
    if (s.round == 2 && s.round_one_case_ref.empty()) {
      return absl::InvalidArgumentError(
          "a round-2 complaint must carry the round-1 case reference "
          "(Law on Complaints Art. 33)");
    }
  } else if (s.round != 1) {
    return absl::InvalidArgumentError(
        Cat("a ", ToString(s.kind), " has only round 1, not ", s.round));
  }
  if (s.round == 1 && !s.round_one_case_ref.empty()) {
    return absl::InvalidArgumentError("only a round-2 complaint links to a round-1 case");
  }
  if ((s.state == CaseState::kSuspended) != s.state_before_suspension.has_value()) {
    return absl::InvalidArgumentError(
        "state_before_suspension must be set exactly while suspended");
  }
  if ((s.state == CaseState::kFurtherReview) != s.state_before_review.has_value()) {
    return absl::InvalidArgumentError(
        "state_before_review must be set exactly while in further_review");
  }
  if (s.extension_count < 0 || s.extension_count > MaxExtensions(s.complexity)) {
    return absl::InvalidArgumentError(Cat("extension_count ", s.extension_count, " exceeds what ",
                                          ToString(s.complexity), " allows"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Transition> Lifecycle::Apply(const LifecycleState& s, const ActionRequest& request) {
  RETURN_IF_ERROR(Validate(s));
  if (IsTerminal(s.state)) {
    return absl::FailedPreconditionError(
        Cat(CannotPrefix(s, request.action), ": the state is final"));
  }
  const TransitionRule* rule = FindRule(s, request.action);
  if (rule == nullptr) {
    std::vector<std::string_view> offered;
    for (CaseAction a : OfferedActions(s)) offered.push_back(ToString(a));
    return absl::FailedPreconditionError(
        Cat(CannotPrefix(s, request.action), " (allowed: ", Join(offered, ", "), ")"));
  }

  Transition t{.from = s.state,
               .to = rule->to,
               .action = request.action,
               .legal_basis = rule->legal_basis,
               .next = s,
               .opens_round_two = false,
               .note = {}};
  LifecycleState& next = t.next;

  switch (rule->guard) {
    case TransitionGuard::kNone:
      next.state = rule->to;
      break;
    case TransitionGuard::kPeriodExpired:
      if (!request.period_expired_unresolved) {
        return absl::FailedPreconditionError(
            Cat(CannotPrefix(s, request.action),
                " unless the resolution period expired unresolved (", rule->legal_basis, ")"));
      }
      next.state = rule->to;
      break;
    case TransitionGuard::kResumeToPrevious:
      t.to = *s.state_before_suspension;
      next.state = t.to;
      next.state_before_suspension.reset();
      t.note = Cat("resumed in ", ToString(t.to), "; suspended time is not counted");
      break;
    case TransitionGuard::kWithdrawal:
      ApplyWithdrawal(*rule, request, t);
      break;
    case TransitionGuard::kPartialWithdrawal:
      RETURN_IF_ERROR(ApplyPartialWithdrawal(s, request, t));
      break;
    case TransitionGuard::kExtensionLimit: {
      const int max = MaxExtensions(s.complexity);
      if (s.extension_count >= max) {
        return absl::FailedPreconditionError(Cat(CannotPrefix(s, request.action), ": a ",
                                                 ToString(s.complexity), " case allows at most ",
                                                 max, " extension(s) and has had ",
                                                 s.extension_count, " (", rule->legal_basis, ")"));
      }
      next.extension_count++;
      next.state = rule->to;
      t.note = Cat("extension ", next.extension_count, " of ", max);
      break;
    }
    case TransitionGuard::kReturnFromReview:
      t.to = *s.state_before_review;
      next.state = t.to;
      next.state_before_review.reset();
      t.note = Cat("further denunciation refused; back to ", ToString(t.to));
      break;
  }

  // Bookkeeping shared by several rows.
  if (next.state == CaseState::kSuspended && s.state != CaseState::kSuspended) {
    next.state_before_suspension = s.state;
  }
  if (next.state == CaseState::kFurtherReview && s.state != CaseState::kFurtherReview) {
    next.state_before_review = s.state;
  }
  if (request.action == CaseAction::kAccept) {
    if (s.state == CaseState::kFurtherReview) {
      next.state_before_review.reset();
      next.extension_count = 0;
      t.note = "superior takes up the further denunciation: a new resolution period starts";
    }
    if (request.complexity.has_value()) next.complexity = *request.complexity;
  }
  if (request.action == CaseAction::kSecondComplaint) t.opens_round_two = true;
  return t;
}

std::vector<CaseAction> Lifecycle::OfferedActions(const LifecycleState& s) {
  std::vector<CaseAction> out;
  if (IsTerminal(s.state)) return out;
  for (const TransitionRule& rule : LifecycleTable()) {
    if (rule.kind == s.kind && RoundMatches(rule, s.round) && rule.from == s.state) {
      out.push_back(rule.action);
    }
  }
  return out;
}

}  // namespace civicase::domain
