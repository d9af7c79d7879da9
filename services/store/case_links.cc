// CaseStore command bodies that link cases to each other: merging a duplicate into the case it
// repeats, and unmerging it (services/domain/case/case_merge.h has the rules). Both cases'
// events are written by one command, so they commit in the same batch or not at all.

#include "absl/strings/str_cat.h"
#include "services/domain/case/case_merge.h"
#include "services/store/case_store.h"
#include "storage/base/status_macros.h"

namespace civicase::store {

absl::StatusOr<v1::MergeCasesResponse> CaseStore::DoMergeCases(Txn& txn,
                                                               const v1::MergeCasesRequest& request,
                                                               const Principal& principal,
                                                               v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "MergeCases", "merged_into");
  const char* verb = request.unmerge() ? "unmerge" : "merge";
  ASSIGN_OR_RETURN(std::string duplicate_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(duplicate_id);
  ASSIGN_OR_RETURN(v1::Case duplicate, LoadSnapshot(txn, duplicate_id));

  std::string into_ref = request.into_ref();
  if (into_ref.empty() && request.unmerge()) into_ref = duplicate.merged_into();
  if (into_ref.empty()) {
    if (request.unmerge()) {
      return absl::FailedPreconditionError(absl::StrCat("cannot unmerge ", duplicate.reference(),
                                                        ": it is not merged into any case"));
    }
    return absl::InvalidArgumentError("into_ref: required to merge (the case it repeats)");
  }
  auto target_id = ResolveCaseId(txn, into_ref);
  if (!target_id.ok()) {
    return absl::Status(target_id.status().code(),
                        absl::StrCat("into_ref: ", target_id.status().message()));
  }
  if (*target_id != duplicate_id) audit.add_case_ids(*target_id);
  ASSIGN_OR_RETURN(v1::Case target, LoadSnapshot(txn, *target_id));
  RETURN_IF_ERROR(
      Authorize(principal, "MergeCases", {duplicate.current_unit(), target.current_unit()}));

  ASSIGN_OR_RETURN(domain::MergeDecision decision,
                   request.unmerge() ? domain::DecideUnmerge(duplicate, target, request.reason())
                                     : domain::DecideMerge(duplicate, target, request.reason()));
  audit.set_detail(absl::StrCat(verb, " ", duplicate.reference(), " / ", target.reference()));

  v1::MergeCasesResponse response;
  v1::CaseEvent on_duplicate;
  *on_duplicate.mutable_actor() = request.context();
  *on_duplicate.mutable_state_changed() = std::move(decision.duplicate);
  on_duplicate.set_note(
      request.unmerge()
          ? absl::StrCat("unmerged from ", target.reference(), ": worked separately again")
          : absl::StrCat("merged into ", target.reference(),
                         ": not worked separately; its clocks stop"));
  ASSIGN_OR_RETURN(*response.mutable_merged(), WriteEvent(txn, duplicate, std::move(on_duplicate)));

  v1::CaseEvent on_target;
  *on_target.mutable_actor() = request.context();
  *on_target.mutable_state_changed() = std::move(decision.target);
  on_target.set_note(request.unmerge()
                         ? absl::StrCat(duplicate.reference(), " taken out again")
                         : absl::StrCat(duplicate.reference(), " merged in (registered at ",
                                        duplicate.registration().receiving_unit(), " on ",
                                        duplicate.registration().received_date(), ")"));
  ASSIGN_OR_RETURN(*response.mutable_into(), WriteEvent(txn, target, std::move(on_target)));
  return response;
}

}  // namespace civicase::store
