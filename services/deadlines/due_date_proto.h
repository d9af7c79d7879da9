#pragma once

// Conversions between the domain's statutory clock and its proto contract (deadlines.proto,
// common.proto). The CLI's `calendar due` and this service print the same derivation because
// both render the same domain DueDate.

#include "absl/status/statusor.h"
#include "civicase/v1/common.pb.h"
#include "civicase/v1/deadlines.pb.h"
#include "services/domain/clock/statutory_clock.h"

namespace civicase::deadlines {

v1::DueDate ToProto(const domain::DueDate& due);

// INVALID_ARGUMENT naming the field for a malformed date.
[[nodiscard]] absl::StatusOr<domain::DeadlineQuery> ToQuery(const std::string& rule_id,
                                                            const std::string& trigger_date,
                                                            const v1::ClockVariant& variant);

}  // namespace civicase::deadlines
