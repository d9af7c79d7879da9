#include "services/deadlines/due_scan.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/deadlines/clock_triggers.h"
#include "services/domain/calendar/civil_code_counting.h"
#include "services/domain/case/case_aggregate.h"

namespace civicase::deadlines {

using domain::Date;

std::vector<v1::DueItem> ScanDue(const std::vector<v1::Case>& cases,
                                 const domain::WorkingCalendar& calendar, Date as_of,
                                 int within_working_days) {
  std::vector<v1::DueItem> items;
  for (const v1::Case& c : cases) {
    if (!domain::IsOpen(c.state())) continue;
    for (const v1::DueDate& clock : c.clocks()) {
      if (StateOf(clock) != ClockState::kRunning) continue;
      auto due = Date::Parse(clock.due_date());
      if (!due) continue;
      v1::DueItem item;
      if (*due < as_of) {
        item.set_working_days_overdue(
            static_cast<int>(domain::CountWorkingDays(calendar, due->NextDay(), as_of)));
        item.set_level(item.working_days_overdue() > kReportAfterWorkingDays ? 3 : 2);
      } else {
        const auto left = domain::CountWorkingDays(calendar, as_of.NextDay(), *due);
        if (left > within_working_days && *due != as_of) continue;
        item.set_working_days_left(static_cast<int>(left));
        item.set_level(1);
      }
      item.set_case_id(c.case_id());
      item.set_reference(c.reference());
      item.set_kind(c.kind());
      item.set_state(c.state());
      item.set_unit(c.current_unit());
      *item.mutable_due() = clock;
      items.push_back(std::move(item));
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const v1::DueItem& a, const v1::DueItem& b) {
    const bool a_over = a.level() >= 2, b_over = b.level() >= 2;
    if (a_over != b_over) return a_over;
    if (a.working_days_overdue() != b.working_days_overdue()) {
      return a.working_days_overdue() > b.working_days_overdue();
    }
    if (a.due().due_date() != b.due().due_date()) return a.due().due_date() < b.due().due_date();
    return a.reference() < b.reference();
  });
  return items;
}

std::string_view EscalationName(int level) {
  switch (level) {
    case 1:
      return "reminder";
    case 2:
      return "urge";
    default:
      return "report";
  }
}

std::string EscalationReason(const v1::DueItem& item, int level) {
  const std::string& rule = item.due().rule_id();
  const std::string& due = item.due().due_date();
  const std::string superior =
      item.superior_unit().empty() ? "the superior body" : item.superior_unit();
  switch (level) {
    case 1:
      return absl::StrCat("reminder: ", rule, " is due ", due, " (", item.working_days_left(),
                          " working day(s) left); responsible: ", item.unit());
    case 2:
      return absl::StrCat("urge (đôn đốc): ", rule, " was due ", due, " and is overdue; ", superior,
                          " urges ", item.unit(), " to act");
    default:
      return absl::StrCat("report: ", rule, " was due ", due, " and is overdue by ",
                          item.working_days_overdue(), " working days (> ", kReportAfterWorkingDays,
                          "); ", item.unit(), " reports to ", superior,
                          " (Law on Denunciations Art. 38; Decree 31/2019/NĐ-CP Art. 5)");
  }
}

}  // namespace civicase::deadlines
