#include "services/supervision/backlog.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/deadlines/clock_triggers.h"
#include "services/domain/case/case_aggregate.h"
#include "services/domain/case/case_merge.h"

namespace civicase::supervision {

using deadlines::ClockState;
using deadlines::StateOf;

v1::Backlog BuildBacklog(const std::vector<v1::Case>& cases, const BacklogOptions& options) {
  std::vector<v1::BacklogEntry> entries;
  v1::Backlog backlog;
  backlog.set_as_of(options.as_of.ToString());
  for (const v1::Case& c : cases) {
    // A merged duplicate is in its target's backlog entry, not one of its own.
    if (!domain::IsWorkedSeparately(c)) continue;
    v1::BacklogEntry entry;
    entry.set_reference(c.reference());
    entry.set_kind(c.kind());
    entry.set_state(c.state());
    entry.set_unit(c.current_unit());
    entry.set_summary(c.registration().summary());
    int paused = 0;
    for (const auto& clock : c.clocks()) {
      const ClockState state = StateOf(clock);
      if (state == ClockState::kPaused) ++paused;
      if (state != ClockState::kRunning) continue;
      entry.set_running_clocks(entry.running_clocks() + 1);
      if (entry.next_due().due_date().empty() || clock.due_date() < entry.next_due().due_date()) {
        *entry.mutable_next_due() = clock;
      }
    }
    entry.set_suspended(c.state() == v1::SUSPENDED || (paused > 0 && entry.running_clocks() == 0));
    if (auto due = domain::Date::Parse(entry.next_due().due_date())) {
      entry.set_days_overdue(static_cast<int>(std::max<int64_t>(0, due->DaysUntil(options.as_of))));
    }
    if (auto received = domain::Date::Parse(c.registration().received_date())) {
      entry.set_days_open(
          static_cast<int>(std::max<int64_t>(0, received->DaysUntil(options.as_of))));
    }
    if (entry.days_overdue() > options.long_overdue_days) {
      entry.set_long_pending(true);
      entry.set_long_pending_reason(absl::StrCat("overdue ", entry.days_overdue(), " days (> ",
                                                 options.long_overdue_days, ")"));
    } else if (entry.days_open() > options.long_pending_days) {
      entry.set_long_pending(true);
      entry.set_long_pending_reason(
          absl::StrCat("open ", entry.days_open(), " days (> ", options.long_pending_days, ")"));
    }
    backlog.set_open(backlog.open() + 1);
    (*backlog.mutable_open_by_state())[v1::CaseState_Name(c.state())]++;
    if (entry.days_overdue() > 0) backlog.set_overdue(backlog.overdue() + 1);
    if (entry.long_pending()) backlog.set_long_pending(backlog.long_pending() + 1);
    if (options.overdue_only && entry.days_overdue() == 0) continue;
    entries.push_back(std::move(entry));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.days_overdue() != b.days_overdue()) return a.days_overdue() > b.days_overdue();
    if (a.next_due().due_date() != b.next_due().due_date()) {
      return a.next_due().due_date() < b.next_due().due_date();
    }
    return a.reference() < b.reference();
  });
  for (auto& e : entries) *backlog.add_entries() = std::move(e);
  return backlog;
}

}  // namespace civicase::supervision
