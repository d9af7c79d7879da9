#pragma once

// Merging a duplicate into the case it repeats, and undoing it. A letter with the same content
// as a case already being handled is not processed a second time (Circular 05/2021/TT-TTCP; for
// a denunciation sent to several bodies, Law on Denunciations Art. 24(3)): the clerk merges the
// new case (the duplicate, A) into the case on file (the target, B). A merge is reversible.
//
// A merge is recorded as two StateChanged events written together (the store's MergeCases):
//   on A  merge           X -> X  linked_case = B   A stops being worked separately: it keeps its
//                                                   registration (where it came from) and its
//                                                   state, refuses every action but unmerge, and
//                                                   its clocks stop (time merged is not counted)
//   on B  receive_merged  Y -> Y  linked_case = A   B lists A among its merged cases
// and unmerge as the pair
//   on A  unmerge         X -> X  linked_case = B   A is worked again in the state it had
//   on B  release_merged  Y -> Y  linked_case = A   B no longer lists A
//
// Contract (pure, stateless, thread-safe):
//  - DecideMerge / DecideUnmerge return INVALID_ARGUMENT naming the field ("reason: required",
//    "into_ref: a case cannot be merged into itself") and FAILED_PRECONDITION naming the problem
//    (the target is closed or itself merged, the kinds differ, the duplicate is finished or
//    already merged or holds merged cases, a transfer is pending, not merged into that case).
//  - CheckRecordedMerge is the store-side check of one recorded event against its snapshot;
//    FoldMerge applies it (called by Apply).

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "civicase/v1/case.pb.h"

namespace civicase::domain {

inline constexpr char kMerge[] = "merge";
inline constexpr char kUnmerge[] = "unmerge";
inline constexpr char kReceiveMerged[] = "receive_merged";
inline constexpr char kReleaseMerged[] = "release_merged";

// The legal basis recorded on merge events, by the kind of the cases merged.
std::string MergeLegalBasis(civicase::v1::CaseKind kind);

// True for the four actions above.
bool IsMergeAction(std::string_view action);

// Whether the case is worked on its own: open (IsOpen) and not merged into another case.
bool IsWorkedSeparately(const civicase::v1::Case& c);

// The pair of events of one merge or unmerge.
struct MergeDecision {
  civicase::v1::StateChanged duplicate;  // to append to the duplicate (A)
  civicase::v1::StateChanged target;     // to append to the target (B)
};

// Merges `duplicate` into `target` (see the contract above).
[[nodiscard]] absl::StatusOr<MergeDecision> DecideMerge(const civicase::v1::Case& duplicate,
                                                        const civicase::v1::Case& target,
                                                        const std::string& reason);

// Takes `duplicate` out of `target`, the case it is merged into.
[[nodiscard]] absl::StatusOr<MergeDecision> DecideUnmerge(const civicase::v1::Case& duplicate,
                                                          const civicase::v1::Case& target,
                                                          const std::string& reason);

// OK when `change` (one of the merge actions) may follow `snapshot`; FAILED_PRECONDITION or
// INVALID_ARGUMENT otherwise.
[[nodiscard]] absl::Status CheckRecordedMerge(const civicase::v1::Case& snapshot,
                                              const civicase::v1::StateChanged& change);

// Records the merge links of `change` in `next` (merged_into / merged_cases).
void FoldMerge(civicase::v1::Case& next, const civicase::v1::StateChanged& change);

}  // namespace civicase::domain
