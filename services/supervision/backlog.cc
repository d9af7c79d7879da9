#include "services/supervision/backlog.h"

#include <algorithm>

#include "services/domain/case/case_aggregate.h"

namespace civicase::supervision {

v1::Backlog BuildBacklog(const std::vector<v1::Case>& cases, domain::Date as_of,
                         bool overdue_only) {
  std::vector<v1::BacklogEntry> entries;
  v1::Backlog backlog;
  backlog.set_as_of(as_of.ToString());
  for (const v1::Case& c : cases) {
    if (!domain::IsOpen(c.state())) continue;
    v1::BacklogEntry entry;
    entry.set_reference(c.reference());
    entry.set_kind(c.kind());
    entry.set_state(c.state());
    entry.set_unit(c.current_unit());
    entry.set_summary(c.registration().summary());
    for (const auto& clock : c.clocks()) {
      if (entry.next_due().due_date().empty() || clock.due_date() < entry.next_due().due_date()) {
        *entry.mutable_next_due() = clock;
      }
    }
    if (auto due = domain::Date::Parse(entry.next_due().due_date())) {
      entry.set_days_overdue(static_cast<int>(std::max<int64_t>(0, due->DaysUntil(as_of))));
    }
    (*backlog.mutable_open_by_state())[v1::CaseState_Name(c.state())]++;
    if (entry.days_overdue() > 0) backlog.set_overdue(backlog.overdue() + 1);
    if (overdue_only && entry.days_overdue() == 0) continue;
    entries.push_back(std::move(entry));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.days_overdue() != b.days_overdue()) return a.days_overdue() > b.days_overdue();
    return a.next_due().due_date() < b.next_due().due_date();
  });
  for (auto& e : entries) *backlog.add_entries() = std::move(e);
  return backlog;
}

}  // namespace civicase::supervision
