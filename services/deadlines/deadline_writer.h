#pragma once

// Recording DeadlineSet events in a case: the one write path of the feed follower, the scanner
// and PublishCalendar. Reads the case, builds the event from the snapshot, appends it at the
// snapshot's version with an idempotency key, and starts over when the case moved meanwhile
// (ABORTED). An idempotency key already used (by an earlier run or a replayed feed event) means
// the record exists: nothing is written twice.
//
// Blocking; thread-safe (the stub is).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civicase/v1/store.grpc.pb.h"

namespace civicase::deadlines {

// What to record given the case as it is now; nullopt = nothing to record.
using DeadlineBuilder = std::function<std::optional<v1::DeadlineSet>(const v1::Case&)>;

enum class WriteOutcome { kWritten, kAlreadyWritten, kNothingToWrite };

// `key` must be at most 128 bytes and derived only from what makes the record unique.
[[nodiscard]] absl::StatusOr<WriteOutcome> RecordDeadline(v1::CaseStore::StubInterface& store,
                                                          const v1::RequestContext& context,
                                                          const std::string& case_ref,
                                                          const std::string& key,
                                                          const DeadlineBuilder& build);

// Every case currently at `unit` (empty = every unit), following the store's pages.
[[nodiscard]] absl::StatusOr<std::vector<v1::Case>> ListCasesAt(v1::CaseStore::StubInterface& store,
                                                                const v1::RequestContext& context,
                                                                const std::string& unit);

// The calling context the deadlines service writes with ("system", acting for the clock).
v1::RequestContext SystemContext(const std::string& purpose);

}  // namespace civicase::deadlines
