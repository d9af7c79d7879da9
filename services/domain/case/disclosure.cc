#include "services/domain/case/disclosure.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace civicase::domain {

using civicase::v1::Case;
using civicase::v1::CaseEvent;
using civicase::v1::Disclosure;
using google::protobuf::util::TimeUtil;

namespace {

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixNanos(TimeUtil::TimestampToNanoseconds(t));
}

std::string DecisionWord(const Disclosure& d) {
  return d.status() == civicase::v1::DISCLOSURE_APPROVED ? "approved" : "refused";
}

absl::Status ApplyRequested(const Case& current, const CaseEvent& event, Case& next) {
  const auto& requested = event.disclosure_requested();
  if (requested.request_id().empty()) {
    return absl::InvalidArgumentError("disclosure_requested.request_id: required");
  }
  if (requested.requested_by().empty()) {
    return absl::InvalidArgumentError("disclosure_requested.requested_by: required");
  }
  if (requested.reason().empty()) return absl::InvalidArgumentError("reason: required");
  if (!current.identity_sealed() && current.registration().sealed_fields().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", current.reference(), " holds no sealed identity to disclose"));
  }
  if (current.identity_erased()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the identity in case ", current.reference(), " was erased"));
  }
  if (FindDisclosure(current, requested.request_id()) != nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "case ", current.reference(), " already has disclosure request ", requested.request_id()));
  }
  Disclosure* d = next.add_disclosures();
  d->set_request_id(requested.request_id());
  d->set_requested_by(requested.requested_by());
  d->set_reason(requested.reason());
  *d->mutable_requested_at() = event.recorded_at();
  d->set_status(civicase::v1::DISCLOSURE_PENDING);
  return absl::OkStatus();
}

absl::Status ApplyDecided(const Case& current, const CaseEvent& event, Case& next) {
  const auto& decided = event.disclosure_decided();
  if (decided.decided_by().empty()) {
    return absl::InvalidArgumentError("disclosure_decided.decided_by: required");
  }
  if (decided.reason().empty()) return absl::InvalidArgumentError("reason: required");
  Disclosure* d = nullptr;
  for (auto& candidate : *next.mutable_disclosures()) {
    if (candidate.request_id() == decided.request_id()) d = &candidate;
  }
  if (d == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "case ", current.reference(), " has no disclosure request '", decided.request_id(), "'"));
  }
  if (d->requested_by() == decided.decided_by()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "disclosure request ", d->request_id(), " was made by ", d->requested_by(),
        ": an identity custodian may not decide their own request; another custodian must"));
  }
  if (d->status() != civicase::v1::DISCLOSURE_PENDING) {
    return absl::FailedPreconditionError(absl::StrCat("disclosure request ", d->request_id(),
                                                      " was already ", DecisionWord(*d), " by ",
                                                      d->decided_by()));
  }
  if (decided.approved() && !decided.has_expires_at()) {
    return absl::InvalidArgumentError("disclosure_decided.expires_at: required to approve");
  }
  d->set_status(decided.approved() ? civicase::v1::DISCLOSURE_APPROVED
                                   : civicase::v1::DISCLOSURE_REFUSED);
  d->set_decided_by(decided.decided_by());
  d->set_decision_reason(decided.reason());
  *d->mutable_decided_at() = event.recorded_at();
  if (decided.approved()) *d->mutable_expires_at() = decided.expires_at();
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyDisclosure(const Case& current, const CaseEvent& event, Case& next) {
  if (event.has_disclosure_requested()) return ApplyRequested(current, event, next);
  if (event.has_disclosure_decided()) return ApplyDecided(current, event, next);
  return absl::InvalidArgumentError("event: not a disclosure event");
}

std::string NextDisclosureId(const Case& c) { return absl::StrCat("D", c.disclosures_size() + 1); }

const Disclosure* FindDisclosure(const Case& c, const std::string& request_id) {
  for (const auto& d : c.disclosures()) {
    if (d.request_id() == request_id) return &d;
  }
  return nullptr;
}

absl::Status CheckReveal(const Case& c, const std::string& request_id, const std::string& user,
                         absl::Time now) {
  const Disclosure* d = FindDisclosure(c, request_id);
  if (d == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("case ", c.reference(), " has no disclosure request '", request_id, "'"));
  }
  if (user.empty() || d->requested_by() != user) {
    return absl::PermissionDeniedError(
        absl::StrCat("disclosure request ", request_id, " was made by ", d->requested_by(),
                     "; the identity is shown only to the one who asked"));
  }
  switch (d->status()) {
    case civicase::v1::DISCLOSURE_APPROVED:
      break;
    case civicase::v1::DISCLOSURE_REFUSED:
      return absl::PermissionDeniedError(absl::StrCat("disclosure request ", request_id,
                                                      " was refused by ", d->decided_by(), ": ",
                                                      d->decision_reason()));
    default:
      return absl::PermissionDeniedError(absl::StrCat("disclosure request ", request_id,
                                                      " awaits an identity custodian's decision"));
  }
  if (c.identity_erased()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the identity in case ", c.reference(), " was erased"));
  }
  if (now >= FromProto(d->expires_at())) {
    return absl::PermissionDeniedError(
        absl::StrCat("the approval of disclosure request ", request_id, " expired at ",
                     TimeUtil::ToString(d->expires_at()), "; ask again"));
  }
  return absl::OkStatus();
}

}  // namespace civicase::domain
