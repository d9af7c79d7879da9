// CaseStore command bodies that register several cases from one intake, in one batch: a letter
// with mixed content split into sibling cases (services/domain/case/letter_split.h), and a
// voter-contact meeting with the petitions collected at it (services/domain/case/voter_meeting.h).

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/domain/case/registration_validation.h"
#include "services/domain/case/voter_meeting.h"
#include "services/store/case_store.h"
#include "services/store/store_keys.h"
#include "storage/base/status_macros.h"

namespace civicase::store {
namespace {

constexpr char kSplitBasis[] =
    "Law on Citizen Reception Art. 25(3) (a letter with mixed content: one case per content)";

// A registration's validation error with its path inside the request.
absl::Status InList(const char* list, int index, const absl::Status& status) {
  std::string message(status.message());
  const std::string prefix = "registration.";
  if (absl::StartsWith(message, prefix)) message = message.substr(prefix.size());
  return absl::Status(status.code(), absl::StrCat(list, "[", index, "].", message));
}

}  // namespace

absl::StatusOr<v1::CreateCasesResponse> CaseStore::DoCreateCases(
    Txn& txn, const v1::CreateCasesRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "CreateCases", "registration");
  if (request.registrations_size() < 2) {
    return absl::InvalidArgumentError(
        "registrations: at least two (one per content of a letter with mixed content)");
  }
  for (int i = 0; i < request.registrations_size(); ++i) {
    if (absl::Status s = domain::ValidateRegistration(request.registrations(i)); !s.ok()) {
      return InList("registrations", i, s);
    }
  }
  v1::CreateCasesResponse response;
  for (const v1::Registration& registration : request.registrations()) {
    v1::CreateCaseRequest create;
    *create.mutable_context() = request.context();
    *create.mutable_registration() = registration;
    v1::AuditRecord case_audit;  // this command's record names every case
    ASSIGN_OR_RETURN(*response.add_cases(),
                     DoCreateCase(txn, create, principal, CheckCreate(create), case_audit));
    audit.add_case_ids(response.cases().rbegin()->snapshot().case_id());
  }
  for (v1::CaseChange& change : *response.mutable_cases()) {
    v1::CaseEvent linked;
    *linked.mutable_actor() = request.context();
    auto* siblings = linked.mutable_siblings_linked();
    for (const v1::CaseChange& other : response.cases()) {
      if (other.snapshot().case_id() != change.snapshot().case_id()) {
        siblings->add_cases(other.snapshot().reference());
      }
    }
    siblings->set_legal_basis(kSplitBasis);
    ASSIGN_OR_RETURN(v1::CaseChange after, WriteEvent(txn, change.snapshot(), std::move(linked)));
    // The registration event (with the tracking PIN) stays the answer; the snapshot is the latest.
    *change.mutable_snapshot() = std::move(*after.mutable_snapshot());
  }
  audit.set_detail(absl::StrCat("one letter split into ", response.cases_size(), " cases"));
  return response;
}

absl::StatusOr<v1::RecordVoterMeetingResponse> CaseStore::DoRecordVoterMeeting(
    Txn& txn, const v1::RecordVoterMeetingRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "RecordVoterMeeting", "voter_meetings");
  const std::string fingerprint = KeyedFingerprint(request);
  v1::RecordVoterMeetingResponse response;
  ASSIGN_OR_RETURN(bool retried,
                   RecallCasesAnswer(txn, "RecordVoterMeeting", request.idempotency_key(),
                                     fingerprint, audit, response));
  if (retried) return response;
  v1::VoterMeeting meeting = request.meeting();
  meeting.clear_meeting_id();
  meeting.clear_number();
  meeting.clear_case_refs();
  meeting.clear_recorded_at();
  RETURN_IF_ERROR(domain::ValidateVoterMeeting(meeting));
  RETURN_IF_ERROR(Authorize(principal, "RecordVoterMeeting", {meeting.receiving_unit()}));

  // A failed command leaves the counters as they were (the committer restores them).
  const std::string year = meeting.meeting_date().substr(0, 4);
  const uint64_t number = ++(*counters_.mutable_last_reference())[absl::StrCat(
      "meeting/", meeting.receiving_unit(), "/", year)];
  meeting.set_meeting_id(absl::StrCat(meeting.receiving_unit(), ":", year, ":", number));
  meeting.set_number(static_cast<int64_t>(number));
  *meeting.mutable_recorded_at() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(options_.now()));

  std::vector<v1::Registration> petitions;
  for (int i = 0; i < request.petitions_size(); ++i) {
    v1::Registration petition = domain::PetitionFromMeeting(meeting, request.petitions(i));
    petition.set_voter_meeting(meeting.meeting_id());
    if (absl::Status s = domain::ValidateRegistration(petition); !s.ok()) {
      return InList("petitions", i, s);
    }
    petitions.push_back(std::move(petition));
  }
  for (v1::Registration& petition : petitions) {
    v1::CreateCaseRequest create;
    *create.mutable_context() = request.context();
    *create.mutable_registration() = std::move(petition);
    v1::AuditRecord case_audit;
    ASSIGN_OR_RETURN(v1::CaseChange change,
                     DoCreateCase(txn, create, principal, CheckCreate(create), case_audit));
    audit.add_case_ids(change.snapshot().case_id());
    meeting.add_case_refs(change.snapshot().reference());
    *response.add_cases() = std::move(change);
  }
  audit.set_detail(absl::StrCat("voter meeting ", meeting.meeting_id(), " with ",
                                meeting.case_refs_size(), " petition(s)"));
  txn.Put(Column::kIndexes,
          keys::VoterMeeting(meeting.receiving_unit(), meeting.meeting_date(), number),
          meeting.SerializeAsString());
  *response.mutable_meeting() = std::move(meeting);
  RememberAnswer(txn, "RecordVoterMeeting", request.idempotency_key(), fingerprint, response);
  return response;
}

}  // namespace civicase::store
