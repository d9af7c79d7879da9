#include "services/domain/calendar/working_calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "official_calendar_data.h"
#include "services/domain/calendar/calendar_json.h"
#include "services/domain/calendar/civil_code_counting.h"
#include "services/domain/calendar/projected_calendar.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

class WorkingCalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto calendar = WorkingCalendar::Default();
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = *std::move(calendar);
  }

  std::vector<Date> DaysOff(Date from, Date to) const {
    std::vector<Date> out;
    for (Date d = from; d <= to; d = d.NextDay()) {
      if (!calendar_->IsWorkingDay(d)) out.push_back(d);
    }
    return out;
  }

  std::optional<WorkingCalendar> calendar_;
};

TEST_F(WorkingCalendarTest, EmbeddedTablesAreOfficialFor2023To2026) {
  for (int year = 2023; year <= 2026; ++year) EXPECT_TRUE(calendar_->IsOfficialYear(year));
  EXPECT_FALSE(calendar_->IsOfficialYear(2022));
  EXPECT_FALSE(calendar_->IsOfficialYear(2027));
}

TEST_F(WorkingCalendarTest, Tet2026BreakIsFourteenToTwentySecondOfFebruary) {
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2026, 2, 13)));
  for (Date d(2026, 2, 14); d <= Date(2026, 2, 22); d = d.NextDay()) {
    EXPECT_FALSE(calendar_->IsWorkingDay(d)) << d.ToString();
  }
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2026, 2, 23)));
  const DayInfo tet = calendar_->Describe(Date(2026, 2, 17));
  EXPECT_FALSE(tet.working);
  EXPECT_TRUE(tet.official);
  EXPECT_THAT(tet.reason, HasSubstr("mùng 1"));
  EXPECT_THAT(tet.source, HasSubstr("9441/TB-BNV"));
}

TEST_F(WorkingCalendarTest, MakeUpSaturdaysAndSwapsAreApplied) {
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2024, 5, 4)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2024, 4, 29)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2025, 4, 26)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2025, 5, 2)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2026, 1, 10)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2026, 8, 22)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2026, 8, 31)));
  // Culture Day is pending a Labour Code amendment: still a working day.
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2026, 11, 24)));
  // 28-29/4/2026: no swap.
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2026, 4, 28)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2026, 4, 29)));
}

TEST_F(WorkingCalendarTest, PlainDaysAreDescribedByTheWeek) {
  const DayInfo sat = calendar_->Describe(Date(2026, 3, 7));
  EXPECT_FALSE(sat.working);
  EXPECT_EQ(sat.reason, "weekend (Saturday)");
  EXPECT_TRUE(sat.official);
  const DayInfo mon = calendar_->Describe(Date(2027, 3, 8));
  EXPECT_TRUE(mon.working);
  EXPECT_EQ(mon.reason, "working day");
  EXPECT_FALSE(mon.official);
}

TEST_F(WorkingCalendarTest, SpecialDaysListsTheWholeTable) {
  const std::vector<DayInfo> days = calendar_->SpecialDays(2026);
  ASSERT_EQ(days.size(), 17u);
  EXPECT_EQ(days.front().date, Date(2026, 1, 1));
  EXPECT_EQ(days.back().date, Date(2026, 11, 24));
  EXPECT_TRUE(std::is_sorted(days.begin(), days.end(),
                             [](const DayInfo& a, const DayInfo& b) { return a.date < b.date; }));
  const nlohmann::json json = SpecialDaysJson(*calendar_, 2026);
  EXPECT_EQ(json["year"], 2026);
  EXPECT_EQ(json["days"].size(), 17u);
  EXPECT_EQ(json["days"][1]["date"], "2026-01-02");
  EXPECT_EQ(json["days"][1]["working"], false);
  EXPECT_EQ(json["days"][1]["official"], true);
}

// Labour Code Art. 111-112: 11 holiday days a year, each on a weekday or compensated by one;
// a swap moves a day but a make-up Saturday pays it back. So, net of make-up days, every year
// has 11 weekdays off, official or projected.
TEST_F(WorkingCalendarTest, EveryYearHasElevenWeekdaysOffNetOfMakeUpDays) {
  for (int year = 2023; year <= 2030; ++year) {
    int net = 0;
    for (Date d(year, 1, 1); d.year() == year; d = d.NextDay()) {
      const bool working = calendar_->IsWorkingDay(d);
      if (!d.IsWeekend() && !working) ++net;
      if (d.IsWeekend() && working) --net;
    }
    EXPECT_EQ(net, 11) << year;
  }
}

TEST_F(WorkingCalendarTest, Projected2027FollowsTheDocumentedRules) {
  // Tết: 29 Chạp (Fri 5/2) + mùng 1-4 (6-9/2); Sat 6 and Sun 7 give 10/2 and 11/2 off.
  EXPECT_THAT(DaysOff(Date(2027, 2, 1), Date(2027, 2, 14)),
              ::testing::ElementsAre(Date(2027, 2, 5), Date(2027, 2, 6), Date(2027, 2, 7),
                                     Date(2027, 2, 8), Date(2027, 2, 9), Date(2027, 2, 10),
                                     Date(2027, 2, 11), Date(2027, 2, 13), Date(2027, 2, 14)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 1, 1)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 4, 16)));  // Hùng Kings
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 4, 30)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 5, 3)));  // 1/5 is a Saturday
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2027, 5, 4)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Date(2027, 9, 1)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 9, 2)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 9, 3)));  // 2/9 is a Thursday: 3/9
  const DayInfo hung = calendar_->Describe(Date(2027, 4, 16));
  EXPECT_FALSE(hung.official);
  EXPECT_THAT(hung.reason, HasSubstr("Hùng Kings"));
  EXPECT_THAT(hung.source, HasSubstr("projected"));
}

TEST(ProjectedCalendarTest, AgreesWithOfficialTablesOnTheRulesItEncodes) {
  auto calendar = WorkingCalendar::Default();
  ASSERT_TRUE(calendar.ok());
  // 2026 chose the same Tết placement as the projection rule.
  YearTable p2026 = ProjectYear(2026);
  for (Date d(2026, 2, 16); d <= Date(2026, 2, 20); d = d.NextDay()) {
    EXPECT_TRUE(std::any_of(p2026.days.begin(), p2026.days.end(), [d](const CalendarEntry& e) {
      return e.date == d && !e.working;
    })) << d.ToString();
  }
  // The National Day adjacent-day rule reproduces 2023-2026.
  const Date kAdjacent[] = {Date(2023, 9, 1), Date(2024, 9, 3), Date(2025, 9, 1), Date(2026, 9, 1)};
  for (Date adjacent : kAdjacent) {
    YearTable p = ProjectYear(adjacent.year());
    EXPECT_TRUE(std::any_of(p.days.begin(), p.days.end(), [&](const CalendarEntry& e) {
      return e.date == adjacent && e.reason == "National Day adjacent day";
    })) << adjacent.ToString();
  }
  // Weekend holidays of 2023 give the same compensatory days as the official table.
  YearTable p2023 = ProjectYear(2023);
  for (Date d : {Date(2023, 1, 2), Date(2023, 5, 2), Date(2023, 5, 3), Date(2023, 9, 4)}) {
    EXPECT_TRUE(std::any_of(p2023.days.begin(), p2023.days.end(), [d](const CalendarEntry& e) {
      return e.date == d;
    })) << d.ToString();
  }
}

TEST(ProjectedCalendarTest, EveryYearHasElevenHolidaysAndValidEntries) {
  for (int year = 2000; year <= 2100; ++year) {
    YearTable t = ProjectYear(year);
    EXPECT_FALSE(t.official);
    YearTable copy = t;
    ASSERT_TRUE(NormalizeYearTable(copy).ok()) << year;
    int holidays = 0;
    for (const CalendarEntry& e : t.days) {
      EXPECT_FALSE(e.working);
      holidays += e.reason.starts_with("compensatory") ? 0 : 1;
      if (e.reason.starts_with("compensatory")) {
        EXPECT_FALSE(e.date.IsWeekend()) << year;
      }
    }
    // 11 holiday days; Hùng Kings' day may coincide with 30/4 or 1/5 (counted once).
    EXPECT_GE(holidays, 10) << year;
    EXPECT_LE(holidays, 11) << year;
  }
}

TEST_F(WorkingCalendarTest, WithOfficialYearReturnsANewCalendar) {
  YearTable t2027 = ProjectYear(2027);
  // A notice that moves the compensatory day 11/2 to a swap of 12/2 with make-up Sat 20/2.
  for (CalendarEntry& e : t2027.days) {
    if (e.date == Date(2027, 2, 11)) e.date = Date(2027, 2, 12);
  }
  t2027.days.push_back({Date(2027, 2, 20), true, "make-up working day", "TB test/2026"});
  auto updated = calendar_->WithOfficialYear(t2027);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_TRUE(updated->IsOfficialYear(2027));
  EXPECT_TRUE(updated->IsWorkingDay(Date(2027, 2, 11)));
  EXPECT_FALSE(updated->IsWorkingDay(Date(2027, 2, 12)));
  EXPECT_TRUE(updated->IsWorkingDay(Date(2027, 2, 20)));
  EXPECT_TRUE(updated->Describe(Date(2027, 2, 20)).official);
  // The original is untouched.
  EXPECT_FALSE(calendar_->IsOfficialYear(2027));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 2, 11)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2027, 2, 20)));
}

TEST_F(WorkingCalendarTest, WithOfficialYearRejectsABadTable) {
  YearTable t = ProjectYear(2027);
  t.days.push_back({Date(2028, 1, 3), false, "stray", "x"});
  EXPECT_THAT(calendar_->WithOfficialYear(t),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2028-01-03")));
  YearTable no_source = ProjectYear(2027);
  no_source.days[0].source.clear();
  EXPECT_THAT(calendar_->WithOfficialYear(no_source),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no source")));
}

TEST(YearTableTest, ParseRoundTripsAndNamesBadFields) {
  const YearTable t = ProjectYear(2030);
  auto parsed = ParseYearTable(ToJson(t).dump(), "2030.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, t);

  EXPECT_THAT(ParseYearTable("{", "x.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("x.json")));
  EXPECT_THAT(
      ParseYearTable(R"({"year": 2030, "status": "official", "days": [
                 {"date": "2030-01-01", "working": "no", "reason": "r", "source": "s"}]})",
                     "y.json"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("y.json: field 'days[0].working'")));
  EXPECT_THAT(ParseYearTable(R"({"year": 2030, "status": "official", "days": [
                 {"date": "2030-02-30", "working": false, "reason": "r", "source": "s"}]})",
                             "z.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("days[0].date")));
  EXPECT_THAT(ParseYearTable(R"({"year": 2030, "status": "guessed", "days": []})", "s.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'status'")));
  EXPECT_THAT(ParseYearTable(R"({"year": 2030, "status": "official", "days": [
                 {"date": "2030-01-01", "working": false, "reason": "r", "source": "s"},
                 {"date": "2030-01-01", "working": false, "reason": "r", "source": "s"}]})",
                             "d.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("listed twice")));
}

TEST(YearTableTest, EmbeddedFilesParse) {
  for (const EmbeddedFile& f : official_calendar_data()) {
    auto t = ParseYearTable(f.contents, f.name);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_TRUE(t->official) << f.name;
    EXPECT_EQ(std::to_string(t->year) + ".json", f.name);
    for (const CalendarEntry& e : t->days) {
      // Make-up days are weekend days; a working weekday is only a pending annotation.
      if (e.working && !e.date.IsWeekend()) {
        EXPECT_THAT(e.reason, HasSubstr("pending"));
      }
      // A day off on a weekend is only an annotation of a holiday.
      if (!e.working && e.date.IsWeekend()) {
        EXPECT_THAT(e.reason, HasSubstr(", on a "));
      }
    }
  }
}

TEST_F(WorkingCalendarTest, CivilCodeCountingAroundTet2026) {
  // 30 days after 16/1/2026 is Sun 15/2, inside the Tết break: rolls to Mon 23/2.
  EXPECT_EQ(EndOfCalendarDayPeriod(*calendar_, Date(2026, 1, 16), 30), Date(2026, 2, 23));
  // 3 working days after Thu 12/2: Fri 13/2, Mon 23/2, Tue 24/2.
  EXPECT_EQ(EndOfWorkingDayPeriod(*calendar_, Date(2026, 2, 12), 3), Date(2026, 2, 24));
  EXPECT_EQ(CountWorkingDays(*calendar_, Date(2026, 2, 9), Date(2026, 2, 27)), 10);
  EXPECT_EQ(PeriodStart(Date(2026, 2, 13)), Date(2026, 2, 14));
  EXPECT_EQ(NextWorkingDayOnOrAfter(*calendar_, Date(2026, 2, 14)), Date(2026, 2, 23));
}

TEST_F(WorkingCalendarTest, FastPathAgreesWithDescribeAndOutsideRangeWorks) {
  std::mt19937 rng(20260217);
  std::uniform_int_distribution<int64_t> day(WorkingCalendar::kFastRangeBegin.DayNumber(),
                                             WorkingCalendar::kFastRangeEnd.DayNumber());
  for (int i = 0; i < 2000; ++i) {
    const Date d = Date::FromDayNumber(day(rng));
    EXPECT_EQ(calendar_->IsWorkingDay(d), calendar_->Describe(d).working) << d.ToString();
  }
  // 2101 is projected on demand: Tết 2101 and New Year are days off.
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2101, 1, 3)) && Date(2101, 1, 3).IsWeekend());
  EXPECT_FALSE(calendar_->IsWorkingDay(Date(2101, 1, 1)));
  EXPECT_FALSE(calendar_->Describe(Date(2101, 1, 1)).official);
}

}  // namespace
}  // namespace civicase::domain
