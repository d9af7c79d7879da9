#include "services/domain/calendar/civil_code_counting.h"

namespace civicase::domain {

Date NextWorkingDayOnOrAfter(const WorkingCalendar& calendar, Date date) {
  while (!calendar.IsWorkingDay(date)) date = date.NextDay();
  return date;
}

Date EndOfCalendarDayPeriod(const WorkingCalendar& calendar, Date event, int64_t days) {
  return NextWorkingDayOnOrAfter(calendar, event.AddDays(days));
}

Date EndOfWorkingDayPeriod(const WorkingCalendar& calendar, Date event, int64_t days) {
  Date d = event;
  for (int64_t counted = 0; counted < days;) {
    d = d.NextDay();
    if (calendar.IsWorkingDay(d)) ++counted;
  }
  return d;
}

int64_t CountWorkingDays(const WorkingCalendar& calendar, Date from, Date to) {
  int64_t n = 0;
  for (Date d = from; d <= to; d = d.NextDay()) n += calendar.IsWorkingDay(d) ? 1 : 0;
  return n;
}

}  // namespace civicase::domain
