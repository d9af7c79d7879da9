#include "services/domain/clock/recompute.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace civicase::domain {
namespace {

std::string StatusWords(const DayInfo& d) {
  return absl::StrCat(d.working ? "working" : "off", " (", d.reason,
                      d.official ? ", official" : ", projected", ")");
}

}  // namespace

absl::StatusOr<std::vector<ClockChange>> RecomputeOpenClocks(const StatutoryClock& before,
                                                             const StatutoryClock& after,
                                                             std::span<const OpenClock> clocks) {
  std::vector<ClockChange> changes;
  for (const OpenClock& clock : clocks) {
    auto old_due = before.ComputeDueDate(clock.query);
    auto new_due = after.ComputeDueDate(clock.query);
    for (const auto* due : {&old_due, &new_due}) {
      if (!due->ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("case ", clock.case_ref, ": ", due->status().message()));
      }
    }
    if (old_due->due_date == new_due->due_date) continue;
    ClockChange change;
    change.case_ref = clock.case_ref;
    change.rule_id = clock.query.rule_id;
    change.old_due = old_due->due_date;
    change.new_due = new_due->due_date;
    const Date last = std::max(change.old_due, change.new_due);
    for (Date d = clock.query.trigger.NextDay(); d <= last; d = d.NextDay()) {
      if (before.calendar().IsWorkingDay(d) == after.calendar().IsWorkingDay(d)) continue;
      change.reasons.push_back(absl::StrCat(d.ToString(), " ", std::string(d.WeekdayName()),
                                            ": was ", StatusWords(before.calendar().Describe(d)),
                                            ", now ", StatusWords(after.calendar().Describe(d))));
    }
    if (old_due->version != new_due->version || old_due->length != new_due->length) {
      change.reasons.push_back(absl::StrCat("rule ", clock.query.rule_id, " changed from v",
                                            old_due->version, " (", old_due->length, ") to v",
                                            new_due->version, " (", new_due->length, ")"));
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace civicase::domain
