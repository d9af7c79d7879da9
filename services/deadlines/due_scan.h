#pragma once

// Due-soon and overdue assessment of running clocks, and the escalation ladder:
//   level 1  due within the window (or due today): remind the responsible official;
//   level 2  overdue: the superior body urges (đôn đốc) the responsible body;
//   level 3  overdue by more than kReportAfterWorkingDays working days: the responsible body
//            reports to the superior (Law on Denunciations Art. 38; Decree 31/2019/NĐ-CP Art. 5:
//            the superior asks for a report within 5 working days; used for every kind).
// Working days are the WorkingCalendar's. Paused and stopped clocks (clock_triggers.h) and
// finished cases are never due. Pure; thread-safe.

#include <string>
#include <vector>

#include "civicase/v1/case.pb.h"
#include "civicase/v1/deadlines.pb.h"
#include "services/domain/calendar/working_calendar.h"
#include "services/domain/date.h"

namespace civicase::deadlines {

inline constexpr int kReportAfterWorkingDays = 5;

// Every running clock of `cases` due on or before `as_of` + `within_working_days` working days,
// overdue first (most working days overdue first), then by due date, then by reference.
// `superior_of` is left empty in the items (the caller knows the directory).
std::vector<v1::DueItem> ScanDue(const std::vector<v1::Case>& cases,
                                 const domain::WorkingCalendar& calendar, domain::Date as_of,
                                 int within_working_days);

// The record of reaching `item.level()` (DeadlineSet.reason), naming who acts and the basis.
std::string EscalationReason(const v1::DueItem& item, int level);
// "reminder", "urge" or "report".
std::string_view EscalationName(int level);

}  // namespace civicase::deadlines
