#pragma once

// Checks an entry of the reception register (sổ tiếp công dân) against what the register must
// hold (Law on Citizen Reception Art. 25(2); Circular 04/2021/TT-TTCP and its forms), and the
// representatives a group names (Reception Law Art. 29). Pure; thread-safe.

#include "absl/status/status.h"
#include "civicase/v1/reception.pb.h"

namespace civicase::domain {

// OK, or INVALID_ARGUMENT whose message starts with the field's path, e.g.
// "visit.visitors[0].id_number: required", "visit.result: 'x' is not one of answered, ...".
// `letter_count` is the number of letters registered with the visit: the result
// letter_received needs at least one.
[[nodiscard]] absl::Status ValidateVisit(const civicase::v1::ReceptionVisit& visit,
                                         int letter_count);

// The representatives a group of `person_count` persons may name (Reception Law Art. 29): a
// group of 5 to 10 names 1 or 2, a larger one up to 5; fewer than 5 need none (at most one
// each). OK, or INVALID_ARGUMENT naming `field`.
[[nodiscard]] absl::Status CheckRepresentatives(const std::string& field, int representatives,
                                                int person_count);

// Whether the visitors' identities are sealed: a visit about a denunciation, like a
// denouncer's letter (Law on Denunciations Art. 8(3), 9(1)(b), 47).
bool MustSealVisitors(const civicase::v1::ReceptionVisit& visit, bool brings_denunciation);

}  // namespace civicase::domain
