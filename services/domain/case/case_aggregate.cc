#include "services/domain/case/case_aggregate.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/case/case_actions.h"
#include "services/domain/case/case_merge.h"
#include "services/domain/case/disclosure.h"
#include "services/domain/case/reclassification.h"

namespace civicase::domain {

using civicase::v1::Case;
using civicase::v1::CaseEvent;

namespace {

// Erasure destroys the data key; the sealed blobs, unreadable without it, go too.
void ForgetSealedIdentities(civicase::v1::Registration& registration) {
  for (auto& filer : *registration.mutable_filers()) filer.clear_sealed_identity();
}

}  // namespace

std::string_view ReferencePrefix(civicase::v1::CaseKind kind) {
  switch (kind) {
    case civicase::v1::COMPLAINT:
      return "KN";
    case civicase::v1::DENUNCIATION:
      return "TC";
    case civicase::v1::PETITION:
      return "PA";
    case civicase::v1::VOTER_PETITION:
      return "CT";
    default:
      return "XX";
  }
}

std::string_view FirstClockRule(civicase::v1::CaseKind kind) {
  switch (kind) {
    case civicase::v1::COMPLAINT:
      return "complaint.acceptance";
    case civicase::v1::DENUNCIATION:
      return "denunciation.processing";
    default:
      return "petition.processing_notice";
  }
}

bool IsOpen(civicase::v1::CaseState state) {
  switch (state) {
    case civicase::v1::NOT_ACCEPTED:
    case civicase::v1::GUIDED:
    case civicase::v1::RETURNED:
    case civicase::v1::FILED:
    case civicase::v1::NOT_PROCESSED:
    case civicase::v1::TO_POLICE:
    case civicase::v1::LAWSUIT:
    case civicase::v1::TERMINATED:
    case civicase::v1::WITHDRAWN:
    case civicase::v1::CLOSED:
      return false;
    default:
      return true;
  }
}

absl::StatusOr<Case> Apply(const Case& current, const CaseEvent& event) {
  const bool registered = current.version() > 0;
  if (event.payload_case() != CaseEvent::kRegistered && !registered) {
    return absl::FailedPreconditionError("the first event of a case must register it");
  }
  Case next = current;
  switch (event.payload_case()) {
    case CaseEvent::kRegistered: {
      if (registered) {
        return absl::FailedPreconditionError(
            absl::StrCat("case ", current.reference(), " is already registered"));
      }
      const auto& reg = event.registered().registration();
      next.set_case_id(event.case_id());
      next.set_reference(event.registered().reference());
      next.set_kind(reg.kind());
      next.set_state(civicase::v1::RECEIVED);
      *next.mutable_registration() = reg;
      *next.mutable_registered_at() = event.recorded_at();
      next.set_current_unit(reg.receiving_unit());
      *next.mutable_filer_keys() = event.registered().filer_keys();
      next.set_matter_key(event.registered().matter_key());
      for (const auto& filer : reg.filers()) {
        if (!filer.sealed_identity().empty()) next.set_identity_sealed(true);
      }
      break;
    }
    case CaseEvent::kIdentityErased: {
      if (!current.identity_sealed() || current.identity_erased()) {
        return absl::FailedPreconditionError(
            absl::StrCat("case ", current.reference(), " holds no sealed identity to erase"));
      }
      next.set_identity_erased(true);
      ForgetSealedIdentities(*next.mutable_registration());
      break;
    }
    case CaseEvent::kSiblingsLinked: {
      if (!current.sibling_cases().empty()) {
        return absl::FailedPreconditionError(
            absl::StrCat("case ", current.reference(), " is already linked to its siblings"));
      }
      *next.mutable_sibling_cases() = event.siblings_linked().cases();
      break;
    }
    case CaseEvent::kRoutingProposed:
      *next.mutable_proposed_competence() = event.routing_proposed().competence();
      if (next.state() == civicase::v1::RECEIVED) next.set_state(civicase::v1::PROCESSING);
      break;
    case CaseEvent::kDeadlineSet: {
      const auto& due = event.deadline_set().due();
      bool replaced = false;
      for (auto& clock : *next.mutable_clocks()) {
        if (clock.rule_id() == due.rule_id()) {
          clock = due;
          replaced = true;
        }
      }
      if (!replaced) *next.add_clocks() = due;
      break;
    }
    case CaseEvent::kStateChanged: {
      const auto& change = event.state_changed();
      if (change.from() != current.state()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "case ", current.reference(), " is ",
            absl::AsciiStrToLower(civicase::v1::CaseState_Name(current.state())), ", not ",
            absl::AsciiStrToLower(civicase::v1::CaseState_Name(change.from()))));
      }
      if (!current.merged_into().empty() && change.action() != kUnmerge) {
        return absl::FailedPreconditionError(
            absl::StrCat("case ", current.reference(), " is merged into ", current.merged_into(),
                         ": it is not worked separately (unmerge it first)"));
      }
      if (IsMergeAction(change.action())) {
        if (absl::Status s = CheckRecordedMerge(current, change); !s.ok()) return s;
        FoldMerge(next, change);
        break;
      }
      if (change.action() == kReclassify) {
        if (absl::Status s = CheckRecordedReclassify(current, change); !s.ok()) return s;
        next.set_kind(change.to_kind());  // the registration keeps the kind it came in as
        break;
      }
      if (absl::Status s = CheckRecordedChange(current, change); !s.ok()) return s;
      next.set_state(change.to());
      // The transfer contract: the receiver that accepts a transfer holds the case from now on.
      if (change.action() == kAcceptTransfer) next.set_current_unit(change.to_unit());
      break;
    }
    case CaseEvent::kDisclosureRequested:
    case CaseEvent::kDisclosureDecided:
      if (absl::Status s = ApplyDisclosure(current, event, next); !s.ok()) return s;
      break;
    case CaseEvent::PAYLOAD_NOT_SET:
      return absl::InvalidArgumentError("event: no payload set");
  }
  next.set_version(event.version());
  *next.mutable_updated_at() = event.recorded_at();
  return next;
}

void AttachRegistration(Case& stored, civicase::v1::Registration registered) {
  if (stored.identity_erased()) ForgetSealedIdentities(registered);
  *stored.mutable_registration() = std::move(registered);
}

}  // namespace civicase::domain
