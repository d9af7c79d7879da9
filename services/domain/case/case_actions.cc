#include "services/domain/case/case_actions.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/domain/case/case_aggregate.h"
#include "services/domain/case/case_merge.h"
#include "services/domain/case/reclassification.h"
#include "services/domain/date.h"
#include "services/domain/lifecycle/lifecycle_table.h"
#include "storage/base/status_macros.h"

namespace civicase::domain {
namespace {

using civicase::v1::Case;
using civicase::v1::CaseEvent;
using civicase::v1::StateChanged;

constexpr char kTransferContractBasis[] =
    "Circular 05/2021/TT-TTCP; Law on Denunciations Art. 24(2); Law on Citizen Reception "
    "Art. 26(2) (transfer to the competent body)";
constexpr char kUrgeBasis[] =
    "Circular 05/2021/TT-TTCP (urging, đôn đốc); Law on Denunciations Art. 38";
constexpr char kNeverToRespondentBasis[] =
    "Law on Denunciations Art. 12-13; Law on Complaints Art. 17-21 (a case is never resolved "
    "by the body it is about)";
// Marks "other contents remain" when the store checks a partial withdrawal without history.
constexpr char kOtherContents[] = "\x01other contents";

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

// Debian's absl::string_view is not std::string_view: StrCat needs the conversion.
absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string Name(civicase::v1::CaseState s) { return Lower(civicase::v1::CaseState_Name(s)); }
std::string Name(civicase::v1::CaseKind k) { return Lower(civicase::v1::CaseKind_Name(k)); }

std::optional<CaseState> ToDomain(civicase::v1::CaseState s) { return ParseCaseState(Name(s)); }

absl::StatusOr<civicase::v1::CaseState> ToProto(CaseState s) {
  civicase::v1::CaseState out;
  if (!civicase::v1::CaseState_Parse(absl::AsciiStrToUpper(std::string(ToString(s))), &out)) {
    // further_review (Denunciations Law Art. 37) has no civicase.v1.CaseState yet.
    return absl::UnimplementedError(absl::StrCat(
        "state ", AV(ToString(s)), " cannot be recorded: civicase.v1.CaseState has no ",
        absl::AsciiStrToUpper(std::string(ToString(s)))));
  }
  return out;
}

std::string Describe(const Case& c) {
  const int round = c.registration().round();
  return round == 2 ? absl::StrCat("round-2 ", Name(c.kind())) : Name(c.kind());
}

absl::Status Cannot(const Case& c, const std::string& action, const std::string& why) {
  return absl::FailedPreconditionError(absl::StrCat("cannot ", action, " a ", Describe(c),
                                                    " in state ", Name(c.state()), ": ", why));
}

bool Blank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }

absl::Status CheckDate(const std::string& field, const std::string& value) {
  if (!value.empty() && !Date::Parse(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": '", value, "' is not a YYYY-MM-DD date"));
  }
  return absl::OkStatus();
}

// Actions whose notice or decision must state its reasons (Complaints Law Art. 27 refusal;
// Circular 05/2021 return and filing; Art. 11a / Denunciations Law Art. 34 suspension and
// termination; the transfer contract's rejection).
bool NeedsReason(const std::string& action) {
  static const char* const kWithReason[] = {"refuse",    "reject_transfer",     "suspend",
                                            "terminate", "return_to_forwarder", "file_away"};
  return std::any_of(std::begin(kWithReason), std::end(kWithReason),
                     [&](const char* a) { return action == a; });
}

// Decisions that are numbered documents (Complaints Law Art. 31, 40; Denunciations Law Art. 35).
bool NeedsDocumentNumber(const std::string& action) {
  return action == "decide" || action == "conclude";
}

std::string DefaultDocumentKind(const std::string& action) {
  if (action == "accept") return "acceptance_decision";
  if (action == "refuse") return "refusal_notice";
  if (action == "decide") return "resolution_decision";
  if (action == "conclude") return "conclusion";
  if (action == "extend") return "extension_decision";
  if (action == "suspend") return "suspension_decision";
  if (action == "resume") return "continuation_decision";
  if (action == "terminate") return "termination_decision";
  if (action == "handle") return "handling_decision";
  if (action == "answer") return "answer";
  if (action == "transfer") return "transfer_slip";
  if (action == "propose_acceptance") return "processing_slip";
  return "notice";
}

absl::Status CheckFields(const std::string& action, const StateChanged& r) {
  if (NeedsReason(action) && Blank(r.reason())) {
    return absl::InvalidArgumentError(
        absl::StrCat("reason: required to ", action, " (the notice must state its reasons)"));
  }
  if ((action == "transfer" || action == kUrge) && Blank(r.to_unit())) {
    return absl::InvalidArgumentError(absl::StrCat("to_unit: required to ", action));
  }
  if (NeedsDocumentNumber(action) && Blank(r.document().number())) {
    return absl::InvalidArgumentError(absl::StrCat("document.number: required to ", action,
                                                   " (the decision is a numbered document)"));
  }
  RETURN_IF_ERROR(CheckDate("document.date", r.document().date()));
  RETURN_IF_ERROR(CheckDate("suspension.from", r.suspension().from()));
  RETURN_IF_ERROR(CheckDate("suspension.to", r.suspension().to()));
  if (action == "suspend" && r.suspension().from().empty()) {
    return absl::InvalidArgumentError("suspension.from: required to suspend");
  }
  if (action == "resume" && r.suspension().to().empty()) {
    return absl::InvalidArgumentError("suspension.to: required to resume (the continuation date)");
  }
  if (!r.complexity().empty() && !ParseComplexity(r.complexity())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "complexity: '", r.complexity(), "' is not normal, complex or especially_complex"));
  }
  if ((action == "decide" || action == "conclude") && !r.outcome().empty() &&
      r.outcome() != "right" && r.outcome() != "partly_right" && r.outcome() != "wrong") {
    return absl::InvalidArgumentError(
        absl::StrCat("outcome: '", r.outcome(), "' is not right, partly_right or wrong"));
  }
  for (const std::string& c : r.contents()) {
    if (Blank(c)) return absl::InvalidArgumentError("contents: an empty content");
  }
  return absl::OkStatus();
}

std::string MergeBasis(std::string_view rule, const std::string& officer) {
  if (officer.empty() || officer == rule) return std::string(rule);
  return absl::StrCat(AV(rule), "; ", officer);
}

// The open suspension's start, from the last suspend event (for the resume record).
std::string OpenSuspensionFrom(std::span<const CaseEvent> history) {
  std::string from;
  for (const CaseEvent& e : history) {
    if (!e.has_state_changed()) continue;
    if (e.state_changed().action() == "suspend") from = e.state_changed().suspension().from();
    if (e.state_changed().action() == "resume") from.clear();
  }
  return from;
}

// Whether `unit` is the body the case is about, so that it may not receive the case: a
// denunciation against a unit's head, deputy head or the unit itself goes to the superior
// (Denunciations Law Art. 12-13), as does a round-2 complaint (Complaints Law Art. 18-21). A
// denunciation against an official goes to the head of the unit managing that official, and a
// round-1 complaint to the author of the act, so for those the respondent's unit is competent.
bool IsAboutUnit(const Case& c, const std::string& unit) {
  const auto& respondent = c.registration().respondent();
  if (respondent.unit().empty() || respondent.unit() != unit) return false;
  const bool about_the_unit_or_its_head =
      !respondent.position().empty() && respondent.position() != "official";
  switch (c.kind()) {
    case civicase::v1::DENUNCIATION:
      return about_the_unit_or_its_head;
    case civicase::v1::COMPLAINT:
      return c.registration().round() == 2;
    default:
      return false;
  }
}

absl::StatusOr<ActionDecision> DecideTransferAnswer(const Case& c,
                                                    std::span<const CaseEvent> history,
                                                    const std::string& action,
                                                    const StateChanged& r) {
  if (c.state() != civicase::v1::TRANSFERRED) {
    return Cannot(c, action, "no transfer is pending");
  }
  std::vector<TransferRecord> transfers = TransfersOf(c, history);
  if (transfers.empty() || transfers.back().accepted.has_value()) {
    return absl::InternalError(
        absl::StrCat("case ", c.reference(), " is transferred but holds no pending transfer"));
  }
  const TransferRecord& pending = transfers.back();
  ActionDecision d;
  d.change = r;
  d.change.set_action(action);
  d.change.set_from(c.state());
  d.change.set_to(civicase::v1::PROCESSING);
  d.change.set_legal_basis(MergeBasis(kTransferContractBasis, r.legal_basis()));
  if (action == kAcceptTransfer) {
    d.change.set_to_unit(pending.to_unit);
    d.note = absl::StrCat("accepted by ", pending.to_unit, ", which now holds the case (transfer ",
                          transfers.size(), ")");
  } else {
    d.change.set_to_unit(pending.from_unit);
    d.note = absl::StrCat("rejected by ", pending.to_unit, "; back to ", pending.from_unit,
                          " to re-route");
  }
  return d;
}

}  // namespace

absl::StatusOr<LifecycleState> LifecycleStateOf(const Case& snapshot,
                                                std::span<const CaseEvent> history) {
  auto kind = ParseCaseKind(Name(snapshot.kind()));
  auto state = ToDomain(snapshot.state());
  if (!kind || !state) {
    return absl::InvalidArgumentError(absl::StrCat("case ", snapshot.reference(), ": kind ",
                                                   Name(snapshot.kind()), " or state ",
                                                   Name(snapshot.state()), " is unknown"));
  }
  LifecycleState s;
  s.kind = *kind;
  s.round = snapshot.registration().round() == 2 ? 2 : 1;
  if (s.round == 2) s.round_one_case_ref = snapshot.registration().previous_case();
  for (const CaseEvent& e : history) {
    if (!e.has_state_changed() || IsMergeAction(e.state_changed().action())) continue;
    const StateChanged& c = e.state_changed();
    const std::string& action = c.action();
    auto from = ToDomain(c.from());
    if (action == "suspend") {
      s.state_before_suspension = from;
    } else if (action == "resume") {
      s.state_before_suspension.reset();
    } else if (action == "further_denunciation") {
      s.state_before_review = from;
    } else if (action == "accept") {
      if (from == CaseState::kFurtherReview) s.extension_count = 0;
      s.state_before_review.reset();
      if (auto complexity = ParseComplexity(c.complexity())) s.complexity = *complexity;
      if (s.remaining_contents.empty() && s.withdrawn_contents.empty()) {
        s.remaining_contents.assign(c.contents().begin(), c.contents().end());
      }
    } else if (action == "refuse" && from == CaseState::kFurtherReview) {
      s.state_before_review.reset();
    } else if (action == "extend") {
      s.extension_count++;
      if (auto complexity = ParseComplexity(c.complexity())) s.complexity = *complexity;
    } else if (action == "withdraw_partially") {
      for (const std::string& content : c.contents()) {
        auto it = std::find(s.remaining_contents.begin(), s.remaining_contents.end(), content);
        if (it != s.remaining_contents.end()) s.remaining_contents.erase(it);
        s.withdrawn_contents.push_back(content);
      }
    } else if (action == "withdraw") {
      for (std::string& content : s.remaining_contents) {
        s.withdrawn_contents.push_back(std::move(content));
      }
      s.remaining_contents.clear();
      if (c.to() == c.from()) s.resolved_despite_withdrawal = true;
    }
    if (c.to() != civicase::v1::SUSPENDED) s.state_before_suspension.reset();
  }
  s.state = *state;
  return s;
}

absl::StatusOr<ActionDecision> DecideAction(const Case& snapshot,
                                            std::span<const CaseEvent> history,
                                            const ActionCommand& command) {
  const StateChanged& r = command.requested;
  std::string action = absl::AsciiStrToLower(std::string(absl::StripAsciiWhitespace(r.action())));
  if (action.empty()) return absl::InvalidArgumentError("action: required");
  if (!snapshot.merged_into().empty()) {
    return Cannot(snapshot, action,
                  absl::StrCat("it is merged into ", snapshot.merged_into(),
                               " and not worked separately (unmerge it first)"));
  }
  if (IsMergeAction(action)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "action: ", action, " is `civicase case merge` / `case unmerge` (MergeCases)"));
  }
  if (action == kReclassify) {
    ActionDecision d;
    ASSIGN_OR_RETURN(d.change, DecideReclassify(snapshot, r));
    d.note = absl::StrCat("reclassified as ",
                          absl::AsciiStrToLower(civicase::v1::CaseKind_Name(r.to_kind())));
    return d;
  }
  // "withdraw" naming some contents is a partial withdrawal (Complaints Law Art. 2(3), 10).
  if (action == "withdraw" && !r.contents().empty()) action = "withdraw_partially";
  RETURN_IF_ERROR(CheckFields(action, r));

  if (action == kAcceptTransfer || action == kRejectTransfer) {
    if (action == kRejectTransfer && Blank(r.reason())) {
      return absl::InvalidArgumentError("reason: required to reject_transfer");
    }
    return DecideTransferAnswer(snapshot, history, action, r);
  }
  if (action == kUrge) {
    if (!IsOpen(snapshot.state()) || snapshot.state() == civicase::v1::TRANSFERRED) {
      return Cannot(snapshot, action, "the case is not open here");
    }
    ActionDecision d;
    d.change = r;
    d.change.set_action(action);
    d.change.set_from(snapshot.state());
    d.change.set_to(snapshot.state());
    d.change.set_legal_basis(MergeBasis(kUrgeBasis, r.legal_basis()));
    d.note = absl::StrCat("urging sent to ", r.to_unit());
    return d;
  }

  auto domain_action = ParseCaseAction(action);
  if (!domain_action) {
    std::vector<std::string> known = {kAcceptTransfer, kRejectTransfer, kUrge, kReclassify};
    for (CaseAction a : AllCaseActions()) known.emplace_back(ToString(a));
    return absl::InvalidArgumentError(
        absl::StrCat("action: '", action, "' is not one of ", absl::StrJoin(known, ", ")));
  }
  if (*domain_action == CaseAction::kTransfer) {
    if (IsAboutUnit(snapshot, r.to_unit())) {
      return Cannot(snapshot, action,
                    absl::StrCat(r.to_unit(), " is the body the case is about (",
                                 kNeverToRespondentBasis, ")"));
    }
    if (r.to_unit() == snapshot.current_unit()) {
      return absl::InvalidArgumentError(
          absl::StrCat("to_unit: the case is already at ", r.to_unit()));
    }
  }

  ASSIGN_OR_RETURN(LifecycleState state, LifecycleStateOf(snapshot, history));
  ActionRequest request;
  request.action = *domain_action;
  request.contents.assign(r.contents().begin(), r.contents().end());
  request.period_expired_unresolved = command.period_expired_unresolved;
  request.violation_signs = command.violation_signs;
  if (auto complexity = ParseComplexity(r.complexity())) {
    request.complexity = *complexity;
    // The written complexity finding may come with the extension decision itself.
    if (*domain_action == CaseAction::kExtend) state.complexity = *complexity;
  }
  ASSIGN_OR_RETURN(Transition t, Lifecycle::Apply(state, request));
  ASSIGN_OR_RETURN(civicase::v1::CaseState to, ToProto(t.to));

  ActionDecision d;
  d.change = r;
  d.change.set_action(action);
  d.change.set_from(snapshot.state());
  d.change.set_to(to);
  d.change.set_legal_basis(MergeBasis(t.legal_basis, r.legal_basis()));
  if (!r.document().number().empty() && r.document().kind().empty()) {
    d.change.mutable_document()->set_kind(DefaultDocumentKind(action));
  }
  if (*domain_action == CaseAction::kExtend || *domain_action == CaseAction::kAccept) {
    d.change.set_complexity(std::string(ToString(t.next.complexity)));
  }
  if (*domain_action == CaseAction::kResume) {
    d.change.mutable_suspension()->set_from(OpenSuspensionFrom(history));
    auto from = Date::Parse(d.change.suspension().from());
    auto until = Date::Parse(d.change.suspension().to());
    if (from && until && *until < *from) {
      return absl::InvalidArgumentError(absl::StrCat("suspension.to: ", until->ToString(),
                                                     " is before the suspension began (",
                                                     from->ToString(), ")"));
    }
  }
  d.note = t.note;
  d.opens_round_two = t.opens_round_two;
  return d;
}

absl::Status CheckRecordedChange(const Case& snapshot, const StateChanged& change) {
  const std::string& action = change.action();
  if (action == kAcceptTransfer || action == kRejectTransfer) {
    if (change.from() != civicase::v1::TRANSFERRED || change.to() != civicase::v1::PROCESSING) {
      return Cannot(snapshot, action,
                    "only a transferred case goes back to processing by the transfer contract");
    }
    if (action == kAcceptTransfer && Blank(change.to_unit())) {
      return absl::InvalidArgumentError("state_changed.to_unit: the receiving unit is required");
    }
    return absl::OkStatus();
  }
  if (action == kUrge) {
    if (change.to() != change.from() || !IsOpen(change.from())) {
      return Cannot(snapshot, action, "urging records without moving an open case");
    }
    return absl::OkStatus();
  }
  auto kind = ParseCaseKind(Name(snapshot.kind()));
  auto from = ToDomain(change.from());
  auto to = ToDomain(change.to());
  if (!kind || !from || !to) return absl::InvalidArgumentError("state_changed: unknown state");
  auto domain_action = ParseCaseAction(action);
  if (!domain_action) {
    return absl::InvalidArgumentError(
        absl::StrCat("state_changed.action: '", action, "' is not a lifecycle action"));
  }

  // The snapshot's part of the lifecycle state; the history-dependent part from the event.
  LifecycleState s;
  s.kind = *kind;
  s.round = snapshot.registration().round() == 2 ? 2 : 1;
  if (s.round == 2) s.round_one_case_ref = snapshot.registration().previous_case();
  s.state = *from;
  if (s.state == CaseState::kSuspended) {
    s.state_before_suspension = *domain_action == CaseAction::kResume ? *to : CaseState::kAccepted;
  }
  if (s.state == CaseState::kFurtherReview) s.state_before_review = *to;
  ActionRequest request;
  request.action = *domain_action;
  request.period_expired_unresolved = true;  // checked against the clock by DecideAction
  request.violation_signs = change.to() == change.from();
  if (auto complexity = ParseComplexity(change.complexity())) {
    request.complexity = *complexity;
    s.complexity = *complexity;
  } else if (*domain_action == CaseAction::kExtend) {
    s.complexity = Complexity::kEspeciallyComplex;
  }
  if (*domain_action == CaseAction::kWithdrawPartially) {
    s.remaining_contents.assign(change.contents().begin(), change.contents().end());
    request.contents = s.remaining_contents;
    if (change.to() == change.from()) s.remaining_contents.emplace_back(kOtherContents);
  }
  ASSIGN_OR_RETURN(Transition t, Lifecycle::Apply(s, request));
  if (t.to != *to) {
    return Cannot(snapshot, action,
                  absl::StrCat("it leads to ", AV(ToString(t.to)), ", not ", Name(change.to())));
  }
  if (*domain_action == CaseAction::kResume) {
    // A suspended case returns to a state it could have been suspended in.
    bool suspendable = false;
    for (const TransitionRule& rule : LifecycleTable()) {
      suspendable |= rule.kind == s.kind && rule.from == *to && rule.action == CaseAction::kSuspend;
    }
    if (!suspendable) {
      return Cannot(
          snapshot, action,
          absl::StrCat("a ", AV(ToString(s.kind)), " is never suspended in ", AV(ToString(*to))));
    }
  }
  return absl::OkStatus();
}

std::vector<TransferRecord> TransfersOf(const Case& snapshot, std::span<const CaseEvent> history) {
  std::vector<TransferRecord> out;
  std::string holder = snapshot.registration().receiving_unit();
  for (const CaseEvent& e : history) {
    if (e.has_registered()) holder = e.registered().registration().receiving_unit();
    if (!e.has_state_changed()) continue;
    const StateChanged& c = e.state_changed();
    if (c.action() == "transfer") {
      TransferRecord& t = out.emplace_back();
      t.from_unit = holder;
      t.to_unit = c.to_unit();
      t.reason = c.reason();
      t.sent_version = e.version();
      t.sent_at_seconds = e.recorded_at().seconds();
    } else if ((c.action() == kAcceptTransfer || c.action() == kRejectTransfer) && !out.empty() &&
               !out.back().accepted.has_value()) {
      TransferRecord& t = out.back();
      t.accepted = c.action() == kAcceptTransfer;
      t.answer_reason = c.reason();
      t.answered_at_seconds = e.recorded_at().seconds();
      if (*t.accepted) holder = t.to_unit;
    }
  }
  return out;
}

}  // namespace civicase::domain
