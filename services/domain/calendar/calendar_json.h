#pragma once

// JSON rendering of calendar values for the CLI and the services. Pure, thread-safe.
//   DayInfo -> {"date": "YYYY-MM-DD", "weekday": "Mon", "working": bool, "reason": "...",
//               "official": bool, "source": "..."}

#include "nlohmann/json.hpp"
#include "services/domain/calendar/working_calendar.h"

namespace civicase::domain {

nlohmann::json ToJson(const DayInfo& day);

// {"year": year, "official": bool, "days": [DayInfo...]} for WorkingCalendar::SpecialDays.
nlohmann::json SpecialDaysJson(const WorkingCalendar& calendar, int year);

}  // namespace civicase::domain
