#include "services/domain/calendar/calendar_json.h"

namespace civicase::domain {

nlohmann::json ToJson(const DayInfo& day) {
  return {{"date", day.date.ToString()}, {"weekday", day.date.WeekdayName()},
          {"working", day.working},      {"reason", day.reason},
          {"official", day.official},    {"source", day.source}};
}

nlohmann::json SpecialDaysJson(const WorkingCalendar& calendar, int year) {
  nlohmann::json days = nlohmann::json::array();
  for (const DayInfo& d : calendar.SpecialDays(year)) days.push_back(ToJson(d));
  return {{"year", year}, {"official", calendar.IsOfficialYear(year)}, {"days", std::move(days)}};
}

}  // namespace civicase::domain
