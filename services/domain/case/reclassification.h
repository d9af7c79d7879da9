#pragma once

// Reclassification: letter processing finds that a letter is of another kind than it was
// registered as (a "denunciation" that asks to review a decision affecting the writer's own
// rights is a complaint; one that only gives information is a petition; and the reverse),
// Circular 05/2021/TT-TTCP on classifying letters. The case keeps its reference, history and
// registration (where it came from); its kind changes, and the new kind's rules apply from then.
//
//   reclassify   RECEIVED or PROCESSING -> same state, kind := to_kind; reason required
//
// Secrecy (Denunciations Law Art. 8(3), 9): a letter registered as a denunciation keeps its
// sealed identity whatever it becomes. A letter whose filers were recorded in clear cannot
// become a denunciation here: the identity is already in the record, so it is registered anew
// as a denunciation (FAILED_PRECONDITION says so), unless its filers were marked confidential.
//
// Pure, stateless, thread-safe.

#include "absl/status/statusor.h"
#include "civicase/v1/case.pb.h"

namespace civicase::domain {

inline constexpr char kReclassify[] = "reclassify";

// The StateChanged that records `requested` (action reclassify, to_kind, reason) on `snapshot`.
// INVALID_ARGUMENT naming the field (to_kind, reason); FAILED_PRECONDITION naming the state or
// the secrecy rule.
[[nodiscard]] absl::StatusOr<civicase::v1::StateChanged> DecideReclassify(
    const civicase::v1::Case& snapshot, const civicase::v1::StateChanged& requested);

// The store-side check of a recorded reclassification against the snapshot.
[[nodiscard]] absl::Status CheckRecordedReclassify(const civicase::v1::Case& snapshot,
                                                   const civicase::v1::StateChanged& change);

}  // namespace civicase::domain
