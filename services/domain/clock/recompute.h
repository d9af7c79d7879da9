#pragma once

// Recomputing open deadlines after the calendar changes (a newly published official table
// replaces a projection): which clocks moved, and why. Pure function; thread-safe.

#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/clock/statutory_clock.h"

namespace civicase::domain {

struct OpenClock {
  std::string case_ref;
  DeadlineQuery query;
};

struct ClockChange {
  std::string case_ref;
  std::string rule_id;
  Date old_due;
  Date new_due;
  // The days between the trigger and the later due date whose status changed, e.g.
  // "2027-02-11 Thu: was off (compensatory day off ...), now working (official table)".
  std::vector<std::string> reasons;
};

// Computes every clock with `before` and `after` and returns one change per clock whose due
// date moved, in input order. Clocks that did not move are left out. INVALID_ARGUMENT naming
// the case_ref if a clock cannot be computed (bad query) with either clock.
[[nodiscard]] absl::StatusOr<std::vector<ClockChange>> RecomputeOpenClocks(
    const StatutoryClock& before, const StatutoryClock& after, std::span<const OpenClock> clocks);

}  // namespace civicase::domain
