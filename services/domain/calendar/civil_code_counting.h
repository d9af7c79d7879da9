#pragma once

// Counting periods as the Civil Code 91/2015/QH13 says (Art. 144-148), unless a special law
// differs:
//   - a period in days starts the day AFTER the event (Art. 147(1));
//   - it ends at the end of its last day (Art. 148(1)); if the last day is a day off, the
//     period ends at the end of the next working day (Art. 148(5));
//   - a period in "working days" (ngày làm việc) counts only working days.
// Pure functions over a WorkingCalendar; thread-safe. StatutoryClock (services/domain/clock)
// applies the same rules with suspensions and a derivation; these are the plain building
// blocks.

#include <cstdint>

#include "services/domain/calendar/working_calendar.h"
#include "services/domain/date.h"

namespace civicase::domain {

// The first day counted in a period started by an event on `event`.
constexpr Date PeriodStart(Date event) { return event.NextDay(); }

// `date` if it is a working day, else the first working day after it.
Date NextWorkingDayOnOrAfter(const WorkingCalendar& calendar, Date date);

// The last day of a period of `days` calendar days started by `event`, rolled forward to a
// working day. REQUIRES: days >= 1.
Date EndOfCalendarDayPeriod(const WorkingCalendar& calendar, Date event, int64_t days);

// The last day of a period of `days` working days started by `event`: the `days`-th working
// day after `event`. REQUIRES: days >= 1.
Date EndOfWorkingDayPeriod(const WorkingCalendar& calendar, Date event, int64_t days);

// The number of working days in [from, to] (0 if to < from).
int64_t CountWorkingDays(const WorkingCalendar& calendar, Date from, Date to);

}  // namespace civicase::domain
