#include "services/domain/calendar/working_calendar.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "official_calendar_data.h"
#include "services/domain/calendar/projected_calendar.h"

namespace civicase::domain {
namespace {

constexpr int kFirstYear = WorkingCalendar::kFastRangeBegin.year();
constexpr int kLastYear = WorkingCalendar::kFastRangeEnd.year();
constexpr int64_t kFirstDay = WorkingCalendar::kFastRangeBegin.DayNumber();
constexpr int64_t kDayCount = WorkingCalendar::kFastRangeEnd.DayNumber() - kFirstDay + 1;
constexpr char kWeekSource[] = "Monday-Friday week: Decision 188/1999/QĐ-TTg";

bool InFastRange(int year) { return year >= kFirstYear && year <= kLastYear; }

const CalendarEntry* FindEntry(const YearTable& table, Date date) {
  auto it = std::lower_bound(table.days.begin(), table.days.end(), date,
                             [](const CalendarEntry& e, Date d) { return e.date < d; });
  return it != table.days.end() && it->date == date ? &*it : nullptr;
}

DayInfo DescribeWith(const YearTable& table, const CalendarEntry* entry, Date date) {
  DayInfo info;
  info.date = date;
  info.official = table.official;
  if (entry != nullptr) {
    info.working = entry->working;
    info.reason = entry->reason;
    info.source = entry->source;
  } else {
    info.working = !date.IsWeekend();
    info.reason = date.IsWeekend()
                      ? (date.weekday() == 6 ? "weekend (Saturday)" : "weekend (Sunday)")
                      : "working day";
    info.source = kWeekSource;
  }
  return info;
}

}  // namespace

struct WorkingCalendar::State {
  // Tables for kFirstYear..kLastYear, official or projected, indexed by year - kFirstYear.
  std::vector<YearTable> tables;
  // Official tables outside that range.
  std::map<int, YearTable> outside;
  // Per day of the fast range: 1 when working.
  std::vector<uint8_t> working;
  // Per day of the fast range: index of its entry in its year's table, or -1.
  std::vector<int16_t> entry;

  void FillYear(int year) {
    const YearTable& table = tables[year - kFirstYear];
    for (Date d(year, 1, 1); d.year() == year; d = d.NextDay()) {
      const int64_t i = d.DayNumber() - kFirstDay;
      working[i] = d.IsWeekend() ? 0 : 1;
      entry[i] = -1;
    }
    for (size_t k = 0; k < table.days.size(); ++k) {
      const int64_t i = table.days[k].date.DayNumber() - kFirstDay;
      working[i] = table.days[k].working ? 1 : 0;
      entry[i] = static_cast<int16_t>(k);
    }
  }
};

absl::StatusOr<WorkingCalendar> WorkingCalendar::Default() {
  return FromFiles(official_calendar_data());
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::FromFiles(std::span<const EmbeddedFile> files) {
  std::vector<YearTable> tables;
  for (const EmbeddedFile& f : files) {
    auto table = ParseYearTable(f.contents, f.name);
    if (!table.ok()) return table.status();
    if (!table->official) {
      return absl::InvalidArgumentError(absl::StrCat(
          std::string(f.name), ": field 'status': a calendar data file must be official"));
    }
    tables.push_back(*std::move(table));
  }
  return FromTables(std::move(tables));
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::FromTables(std::vector<YearTable> official) {
  auto state = std::make_shared<State>();
  state->tables.reserve(kLastYear - kFirstYear + 1);
  for (int y = kFirstYear; y <= kLastYear; ++y) state->tables.push_back(ProjectYear(y));
  state->working.resize(kDayCount);
  state->entry.resize(kDayCount);
  for (YearTable& t : official) {
    t.official = true;
    if (absl::Status s = NormalizeYearTable(t); !s.ok()) return s;
    if (InFastRange(t.year)) {
      state->tables[t.year - kFirstYear] = std::move(t);
    } else {
      const int year = t.year;
      state->outside[year] = std::move(t);
    }
  }
  for (int y = kFirstYear; y <= kLastYear; ++y) state->FillYear(y);
  return WorkingCalendar(std::move(state));
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::WithOfficialYear(YearTable table) const {
  table.official = true;
  if (absl::Status s = NormalizeYearTable(table); !s.ok()) return s;
  auto state = std::make_shared<State>(*state_);
  const int year = table.year;
  if (InFastRange(year)) {
    state->tables[year - kFirstYear] = std::move(table);
    state->FillYear(year);
  } else {
    state->outside[year] = std::move(table);
  }
  return WorkingCalendar(std::move(state));
}

bool WorkingCalendar::IsWorkingDay(Date date) const {
  const int64_t i = date.DayNumber() - kFirstDay;
  if (i >= 0 && i < kDayCount) return state_->working[i] != 0;
  return Describe(date).working;
}

YearTable WorkingCalendar::TableFor(int year) const {
  if (InFastRange(year)) return state_->tables[year - kFirstYear];
  if (auto it = state_->outside.find(year); it != state_->outside.end()) return it->second;
  if (year < 1900 || year > 2199) {
    // The lunar projection is not defined here: a plain Monday-Friday week.
    return YearTable{year, false, "outside 1900-2199: plain Monday-Friday week", {}};
  }
  return ProjectYear(year);
}

bool WorkingCalendar::IsOfficialYear(int year) const {
  if (InFastRange(year)) return state_->tables[year - kFirstYear].official;
  return state_->outside.count(year) > 0;
}

DayInfo WorkingCalendar::Describe(Date date) const {
  const int64_t i = date.DayNumber() - kFirstDay;
  if (i >= 0 && i < kDayCount) {
    const YearTable& table = state_->tables[date.year() - kFirstYear];
    const int16_t k = state_->entry[i];
    return DescribeWith(table, k >= 0 ? &table.days[k] : nullptr, date);
  }
  const YearTable table = TableFor(date.year());
  return DescribeWith(table, FindEntry(table, date), date);
}

std::vector<DayInfo> WorkingCalendar::SpecialDays(int year) const {
  const YearTable table = TableFor(year);
  std::vector<DayInfo> out;
  out.reserve(table.days.size());
  for (const CalendarEntry& e : table.days) out.push_back(DescribeWith(table, &e, e.date));
  return out;
}

}  // namespace civicase::domain
