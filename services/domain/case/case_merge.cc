#include "services/domain/case/case_merge.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/domain/case/case_aggregate.h"

namespace civicase::domain {
namespace {

using civicase::v1::Case;
using civicase::v1::StateChanged;

std::string Name(civicase::v1::CaseState s) {
  return absl::AsciiStrToLower(civicase::v1::CaseState_Name(s));
}
std::string Name(civicase::v1::CaseKind k) {
  return absl::AsciiStrToLower(civicase::v1::CaseKind_Name(k));
}

bool Blank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }

absl::Status Refused(const std::string& why) { return absl::FailedPreconditionError(why); }

bool Lists(const Case& c, const std::string& reference) {
  return std::find(c.merged_cases().begin(), c.merged_cases().end(), reference) !=
         c.merged_cases().end();
}

StateChanged Record(const Case& c, const char* action, const Case& other,
                    const std::string& reason) {
  StateChanged change;
  change.set_action(action);
  change.set_from(c.state());
  change.set_to(c.state());
  change.set_linked_case(other.reference());
  change.set_reason(reason);
  change.set_legal_basis(MergeLegalBasis(c.kind()));
  return change;
}

}  // namespace

std::string MergeLegalBasis(civicase::v1::CaseKind kind) {
  std::string basis =
      "Circular 05/2021/TT-TTCP (a letter with the same content as one being handled is not "
      "processed again)";
  if (kind == civicase::v1::DENUNCIATION) {
    absl::StrAppend(&basis, "; Law on Denunciations Art. 24(3) (duplicate denunciation)");
  }
  return basis;
}

bool IsMergeAction(std::string_view action) {
  return action == kMerge || action == kUnmerge || action == kReceiveMerged ||
         action == kReleaseMerged;
}

bool IsWorkedSeparately(const Case& c) { return IsOpen(c.state()) && c.merged_into().empty(); }

absl::StatusOr<MergeDecision> DecideMerge(const Case& duplicate, const Case& target,
                                          const std::string& reason) {
  if (Blank(reason)) {
    return absl::InvalidArgumentError("reason: required to merge (why it is the same matter)");
  }
  if (duplicate.case_id() == target.case_id()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "into_ref: a case cannot be merged into itself (", duplicate.reference(), ")"));
  }
  const std::string& a = duplicate.reference();
  const std::string& b = target.reference();
  if (!duplicate.merged_into().empty()) {
    return Refused(
        absl::StrCat("cannot merge ", a, ": it is already merged into ", duplicate.merged_into()));
  }
  if (!duplicate.merged_cases().empty()) {
    return Refused(absl::StrCat("cannot merge ", a, ": it holds merged cases (",
                                absl::StrJoin(duplicate.merged_cases(), ", "),
                                "); unmerge them first"));
  }
  if (!IsOpen(duplicate.state())) {
    return Refused(
        absl::StrCat("cannot merge ", a, ": it is closed (state ", Name(duplicate.state()), ")"));
  }
  if (duplicate.state() == civicase::v1::TRANSFERRED) {
    return Refused(absl::StrCat(
        "cannot merge ", a, ": a transfer is pending; the receiver accepts or rejects it first"));
  }
  if (!target.merged_into().empty()) {
    return Refused(absl::StrCat("cannot merge into ", b, ": it is itself merged into ",
                                target.merged_into(), " (merge into that case)"));
  }
  if (!IsOpen(target.state())) {
    return Refused(
        absl::StrCat("cannot merge into ", b, ": it is closed (state ", Name(target.state()), ")"));
  }
  if (duplicate.kind() != target.kind()) {
    return Refused(absl::StrCat("cannot merge the ", Name(duplicate.kind()), " ", a, " into the ",
                                Name(target.kind()), " ", b,
                                ": the kinds differ (only a repeat of the same matter is merged)"));
  }
  return MergeDecision{.duplicate = Record(duplicate, kMerge, target, reason),
                       .target = Record(target, kReceiveMerged, duplicate, reason)};
}

absl::StatusOr<MergeDecision> DecideUnmerge(const Case& duplicate, const Case& target,
                                            const std::string& reason) {
  if (Blank(reason)) {
    return absl::InvalidArgumentError("reason: required to unmerge (why it is a separate matter)");
  }
  if (duplicate.merged_into().empty()) {
    return Refused(
        absl::StrCat("cannot unmerge ", duplicate.reference(), ": it is not merged into any case"));
  }
  if (duplicate.merged_into() != target.reference() || !Lists(target, duplicate.reference())) {
    return Refused(absl::StrCat("cannot unmerge ", duplicate.reference(), ": it is merged into ",
                                duplicate.merged_into(), ", not ", target.reference()));
  }
  return MergeDecision{.duplicate = Record(duplicate, kUnmerge, target, reason),
                       .target = Record(target, kReleaseMerged, duplicate, reason)};
}

absl::Status CheckRecordedMerge(const Case& snapshot, const StateChanged& change) {
  const std::string& action = change.action();
  const std::string& ref = snapshot.reference();
  if (change.from() != change.to()) {
    return Refused(absl::StrCat(action, " on ", ref, " records without moving the case"));
  }
  if (Blank(change.linked_case())) {
    return absl::InvalidArgumentError(
        absl::StrCat("state_changed.linked_case: required to ", action));
  }
  if (action == kMerge) {
    if (!IsWorkedSeparately(snapshot) || !snapshot.merged_cases().empty() ||
        snapshot.state() == civicase::v1::TRANSFERRED) {
      return Refused(absl::StrCat("case ", ref, " cannot be merged now"));
    }
  } else if (action == kUnmerge) {
    if (snapshot.merged_into() != change.linked_case()) {
      return Refused(absl::StrCat("case ", ref, " is not merged into ", change.linked_case()));
    }
  } else if (action == kReceiveMerged) {
    if (!IsWorkedSeparately(snapshot) || Lists(snapshot, change.linked_case())) {
      return Refused(absl::StrCat("case ", ref, " cannot take in ", change.linked_case()));
    }
  } else if (action == kReleaseMerged) {
    if (!Lists(snapshot, change.linked_case())) {
      return Refused(absl::StrCat("case ", ref, " does not hold ", change.linked_case()));
    }
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("state_changed.action: '", action, "' is not a merge action"));
  }
  return absl::OkStatus();
}

void FoldMerge(Case& next, const StateChanged& change) {
  const std::string& action = change.action();
  if (action == kMerge) {
    next.set_merged_into(change.linked_case());
  } else if (action == kUnmerge) {
    next.clear_merged_into();
  } else if (action == kReceiveMerged) {
    next.add_merged_cases(change.linked_case());
  } else if (action == kReleaseMerged) {
    auto* cases = next.mutable_merged_cases();
    cases->erase(std::remove(cases->begin(), cases->end(), change.linked_case()), cases->end());
  }
}

}  // namespace civicase::domain
