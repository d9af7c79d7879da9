#pragma once

// Disclosure of a denouncer's sealed identity (Denunciations Law Art. 8(3), 9(1)(b), 47, 56):
// the resolver or the processing officer asks, stating a reason; an identity custodian, who is
// another person, approves or refuses with a reason; only then, and only to the one who asked,
// and only until the approval expires, is the identity shown. Requests and decisions are case
// events folded into Case.disclosures; they never hold identity data.
//
// Who may call which method (roles and scopes) is the access policy's business; these functions
// hold the rules that depend on the case itself. Pure and stateless: thread-safe.

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civicase/v1/case.pb.h"

namespace civicase::domain {

// Folds a DisclosureRequested or DisclosureDecided event into `next` (a copy of `current`).
//   DisclosureRequested: FAILED_PRECONDITION when the case holds no sealed identity or it was
//     erased, or the request id is taken; INVALID_ARGUMENT when request_id, requested_by or
//     reason is empty.
//   DisclosureDecided: NOT_FOUND for an unknown request; PERMISSION_DENIED when decided_by is the
//     requester (a custodian never approves their own request); FAILED_PRECONDITION when the
//     request was already decided; INVALID_ARGUMENT when decided_by or reason is empty, or an
//     approval has no expires_at.
// REQUIRES: event carries one of these two payloads.
[[nodiscard]] absl::Status ApplyDisclosure(const civicase::v1::Case& current,
                                           const civicase::v1::CaseEvent& event,
                                           civicase::v1::Case& next);

// The id the next disclosure request of `c` gets: "D1", "D2", ...
std::string NextDisclosureId(const civicase::v1::Case& c);

// The request `request_id` of `c`, or nullptr.
const civicase::v1::Disclosure* FindDisclosure(const civicase::v1::Case& c,
                                               const std::string& request_id);

// OK when `user` may see the identity under request `request_id` at `now`: the request exists,
// `user` made it, a custodian approved it, and it has not expired. PERMISSION_DENIED saying why
// otherwise (NOT_FOUND for an unknown request).
[[nodiscard]] absl::Status CheckReveal(const civicase::v1::Case& c, const std::string& request_id,
                                       const std::string& user, absl::Time now);

}  // namespace civicase::domain
