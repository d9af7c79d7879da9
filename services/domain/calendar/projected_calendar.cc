#include "services/domain/calendar/projected_calendar.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/domain/calendar/lunar_calendar.h"

namespace civicase::domain {
namespace {

constexpr char kHolidaySource[] = "projected: Labour Code 45/2019/QH14 Art. 112(1)";
constexpr char kCompensatorySource[] = "projected: Labour Code 45/2019/QH14 Art. 111(3)";

struct Holiday {
  Date date;
  std::string reason;
};

}  // namespace

YearTable ProjectYear(int year) {
  std::vector<Holiday> holidays;
  holidays.push_back({Date(year, 1, 1), "New Year (Tết Dương lịch)"});

  const Date tet = LunarNewYear(year);
  const Date eve = tet.AddDays(-1);
  holidays.push_back({eve, absl::StrCat("Tết (", SolarToLunar(eve).day, " Chạp, Giao thừa)")});
  for (int i = 0; i < 4; ++i) {
    holidays.push_back({tet.AddDays(i), absl::StrCat("Tết (mùng ", i + 1, ")")});
  }
  holidays.push_back({HungKingsDay(year), "Hùng Kings' Commemoration Day (10/3 lunar)"});
  holidays.push_back({Date(year, 4, 30), "Reunification Day"});
  holidays.push_back({Date(year, 5, 1), "Labour Day"});
  const Date national_day(year, 9, 2);
  const bool after = national_day.weekday() == 1 || national_day.weekday() == 4;
  holidays.push_back({national_day.AddDays(after ? 1 : -1), "National Day adjacent day"});
  holidays.push_back({national_day, "National Day"});

  std::sort(holidays.begin(), holidays.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  // Merge holidays that fall on the same date.
  std::vector<Holiday> merged;
  for (Holiday& h : holidays) {
    if (!merged.empty() && merged.back().date == h.date) {
      absl::StrAppend(&merged.back().reason, " and ", h.reason);
    } else {
      merged.push_back(std::move(h));
    }
  }

  std::set<Date> taken;
  for (const Holiday& h : merged) taken.insert(h.date);
  YearTable table;
  table.year = year;
  table.official = false;
  table.note =
      "Projected from Labour Code 45/2019 Art. 111-112 (Tết = last day of the old year + mùng "
      "1-4; 2/9 adjacent day rule); replace by the official notice when published.";
  for (const Holiday& h : merged) {
    table.days.push_back({h.date, false, h.reason, kHolidaySource});
    if (!h.date.IsWeekend()) continue;
    Date comp = h.date.NextDay();
    while (comp.IsWeekend() || taken.count(comp) > 0) comp = comp.NextDay();
    taken.insert(comp);
    table.days.push_back({comp, false,
                          absl::StrCat("compensatory day off (nghỉ bù) for ", h.reason, " on ",
                                       std::string(h.date.WeekdayName()), " ", h.date.ToString()),
                          kCompensatorySource});
  }
  // Defensive: the table holds only its own year (no holiday is late enough to spill over).
  std::erase_if(table.days, [year](const CalendarEntry& e) { return e.date.year() != year; });
  std::sort(table.days.begin(), table.days.end(),
            [](const CalendarEntry& a, const CalendarEntry& b) { return a.date < b.date; });
  return table;
}

}  // namespace civicase::domain
