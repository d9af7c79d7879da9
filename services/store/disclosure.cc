// CaseStore's disclosure commands: the bodies of RequestDisclosure, DecideDisclosure,
// RevealIdentity and ListDisclosures (see case_store.h and store.proto). The rules that depend
// on the case (who asked, approval, expiry, a custodian never deciding their own request) are
// the domain's (services/domain/case/disclosure.h); the roles and scopes are the access policy's.

#include "services/domain/case/disclosure.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/store/case_store.h"
#include "storage/base/status_macros.h"

namespace civicase::store {
namespace {

using google::protobuf::util::TimeUtil;

// The audit detail of a reveal names the request it was made under: "disclosure D1".
constexpr char kRevealDetailPrefix[] = "disclosure ";
// The audit field a reveal touches.
constexpr char kIdentityField[] = "filers.identity";

absl::Status NeedsPerson(const Principal& principal, const char* method) {
  if (principal.is_user()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(method, ": only a logged-in person may take part in a disclosure"));
}

google::protobuf::Timestamp ToProto(absl::Time t) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

}  // namespace

absl::StatusOr<v1::CaseChange> CaseStore::DoRequestDisclosure(
    Txn& txn, const v1::RequestDisclosureRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "RequestDisclosure", "disclosures");
  RETURN_IF_ERROR(NeedsPerson(principal, "RequestDisclosure"));
  if (request.reason().empty()) return absl::InvalidArgumentError("reason: required");
  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case before, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "RequestDisclosure", {before.current_unit()}));
  v1::CaseEvent event;
  *event.mutable_actor() = request.context();
  auto* requested = event.mutable_disclosure_requested();
  requested->set_request_id(domain::NextDisclosureId(before));
  requested->set_requested_by(principal.user);
  requested->set_reason(request.reason());
  audit.set_detail(absl::StrCat("disclosure ", requested->request_id(), " requested"));
  return WriteEvent(txn, before, std::move(event));
}

absl::StatusOr<v1::CaseChange> CaseStore::DoDecideDisclosure(
    Txn& txn, const v1::DecideDisclosureRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "DecideDisclosure", "disclosures");
  RETURN_IF_ERROR(NeedsPerson(principal, "DecideDisclosure"));
  if (request.request_id().empty()) return absl::InvalidArgumentError("request_id: required");
  if (request.decision() != v1::DISCLOSURE_APPROVE && request.decision() != v1::DISCLOSURE_REFUSE) {
    return absl::InvalidArgumentError("decision: approve or refuse");
  }
  if (request.reason().empty()) return absl::InvalidArgumentError("reason: required");
  const int64_t max_seconds = absl::ToInt64Seconds(options_.max_disclosure_validity);
  if (request.valid_seconds() < 0 || request.valid_seconds() > max_seconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("valid_seconds: between 1 and ", max_seconds, " (0 = the default of ",
                     absl::ToInt64Seconds(options_.disclosure_validity), ")"));
  }
  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case before, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "DecideDisclosure", {before.current_unit()}));
  const bool approve = request.decision() == v1::DISCLOSURE_APPROVE;
  v1::CaseEvent event;
  *event.mutable_actor() = request.context();
  auto* decided = event.mutable_disclosure_decided();
  decided->set_request_id(request.request_id());
  decided->set_approved(approve);
  decided->set_decided_by(principal.user);
  decided->set_reason(request.reason());
  if (approve) {
    const absl::Duration validity = request.valid_seconds() > 0
                                        ? absl::Seconds(request.valid_seconds())
                                        : options_.disclosure_validity;
    *decided->mutable_expires_at() = ToProto(options_.now() + validity);
  }
  audit.set_detail(
      absl::StrCat("disclosure ", request.request_id(), approve ? " approved" : " refused"));
  return WriteEvent(txn, before, std::move(event));
}

absl::StatusOr<v1::RevealIdentityResponse> CaseStore::DoRevealIdentity(
    Txn& txn, const v1::RevealIdentityRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "RevealIdentity", kIdentityField);
  if (audit.actor().purpose().empty()) audit.mutable_actor()->set_purpose(request.purpose());
  audit.set_detail(absl::StrCat(kRevealDetailPrefix, request.request_id()));
  RETURN_IF_ERROR(NeedsPerson(principal, "RevealIdentity"));
  if (request.request_id().empty()) return absl::InvalidArgumentError("request_id: required");
  if (request.purpose().empty()) return absl::InvalidArgumentError("purpose: required");
  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case snapshot, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "RevealIdentity", {snapshot.current_unit()}));
  RETURN_IF_ERROR(
      domain::CheckReveal(snapshot, request.request_id(), principal.user, options_.now()));
  v1::RevealIdentityResponse response;
  response.set_case_id(case_id);
  response.set_reference(snapshot.reference());
  response.set_request_id(request.request_id());
  *response.mutable_expires_at() =
      domain::FindDisclosure(snapshot, request.request_id())->expires_at();
  const auto& filers = snapshot.registration().filers();
  for (int i = 0; i < filers.size(); ++i) {
    if (filers[i].sealed_identity().empty()) {
      *response.add_filers() = filers[i];  // recorded in clear (only other fields were sealed)
      continue;
    }
    ASSIGN_OR_RETURN(*response.add_filers(), options_.sealer->Unseal(case_id, i, filers[i], txn));
  }
  ASSIGN_OR_RETURN(*response.mutable_confidential_fields(),
                   options_.sealer->UnsealFields(case_id, snapshot.registration(), txn));
  if (!snapshot.registration().sealed_fields().empty()) {
    audit.add_fields("confidential_fields");
  }
  return response;
}

absl::StatusOr<v1::ListDisclosuresResponse> CaseStore::DoListDisclosures(
    Txn& txn, const v1::ListDisclosuresRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "ListDisclosures", "disclosures");
  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case snapshot, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "ListDisclosures", {snapshot.current_unit()}));
  v1::ListDisclosuresResponse response;
  response.set_case_id(case_id);
  response.set_reference(snapshot.reference());
  response.set_identity_sealed(snapshot.identity_sealed());
  *response.mutable_disclosures() = snapshot.disclosures();
  v1::PageRequest page;
  page.set_page_size(1000);
  do {
    ASSIGN_OR_RETURN(v1::ListAuditResponse records, audit_.List(kv_, case_id, page));
    for (const auto& record : records.records()) {
      if (record.method() != StoreMethod("RevealIdentity") || record.outcome() != "ok") continue;
      v1::IdentityReveal* reveal = response.add_reveals();
      if (absl::StartsWith(record.detail(), kRevealDetailPrefix)) {
        reveal->set_request_id(record.detail().substr(sizeof(kRevealDetailPrefix) - 1));
      }
      reveal->set_user(record.actor().user());
      reveal->set_purpose(record.actor().purpose());
      *reveal->mutable_at() = record.at();
      reveal->set_audit_sequence(record.sequence());
    }
    page.set_page_token(records.next_page_token());
  } while (!page.page_token().empty());
  return response;
}

}  // namespace civicase::store
