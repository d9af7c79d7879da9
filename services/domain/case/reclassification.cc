#include "services/domain/case/reclassification.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace civicase::domain {
namespace {

using civicase::v1::Case;
using civicase::v1::StateChanged;

constexpr char kBasis[] = "Circular 05/2021/TT-TTCP (classification of letters)";

std::string Lower(civicase::v1::CaseKind kind) {
  return absl::AsciiStrToLower(civicase::v1::CaseKind_Name(kind));
}

absl::Status CheckTransition(const Case& snapshot, const StateChanged& change) {
  const civicase::v1::CaseState state = snapshot.state();
  if (state != civicase::v1::RECEIVED && state != civicase::v1::PROCESSING) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot reclassify a ", Lower(snapshot.kind()), " in state ",
        absl::AsciiStrToLower(civicase::v1::CaseState_Name(state)),
        ": a letter is classified while it is received or being processed (", kBasis, ")"));
  }
  if (change.to_kind() == civicase::v1::CASE_KIND_UNSPECIFIED ||
      !civicase::v1::CaseKind_IsValid(change.to_kind())) {
    return absl::InvalidArgumentError(
        "to_kind: required to reclassify (complaint, denunciation, petition or voter_petition)");
  }
  if (change.to_kind() == snapshot.kind()) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_kind: the case is a ", Lower(snapshot.kind()), " already"));
  }
  if (change.to_kind() == civicase::v1::DENUNCIATION && !snapshot.identity_sealed()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot reclassify ", snapshot.reference(),
        " as a denunciation: its filers' identity was recorded unsealed; register the letter "
        "anew as a denunciation (Denunciations Law Art. 8(3), 9)"));
  }
  if (change.from() != state || change.to() != state) {
    return absl::FailedPreconditionError("reclassify records without moving the case");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StateChanged> DecideReclassify(const Case& snapshot, const StateChanged& requested) {
  if (absl::StripAsciiWhitespace(requested.reason()).empty()) {
    return absl::InvalidArgumentError("reason: required to reclassify (why the kind is another)");
  }
  StateChanged change;
  change.set_action(kReclassify);
  change.set_from(snapshot.state());
  change.set_to(snapshot.state());
  change.set_to_kind(requested.to_kind());
  change.set_reason(requested.reason());
  change.set_legal_basis(requested.legal_basis().empty()
                             ? std::string(kBasis)
                             : absl::StrCat(kBasis, "; ", requested.legal_basis()));
  if (absl::Status s = CheckTransition(snapshot, change); !s.ok()) return s;
  return change;
}

absl::Status CheckRecordedReclassify(const Case& snapshot, const StateChanged& change) {
  if (absl::StripAsciiWhitespace(change.reason()).empty()) {
    return absl::InvalidArgumentError("state_changed.reason: required to reclassify");
  }
  return CheckTransition(snapshot, change);
}

}  // namespace civicase::domain
