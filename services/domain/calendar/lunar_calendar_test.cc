#include "services/domain/calendar/lunar_calendar.h"

#include <gtest/gtest.h>

namespace civicase::domain {
namespace {

struct KnownDate {
  int year;
  Date expected;
};

TEST(LunarCalendarTest, VietnameseNewYearMatchesKnownDates) {
  const KnownDate kTet[] = {
      {1985, Date(1985, 1, 21)}, {2007, Date(2007, 2, 17)}, {2020, Date(2020, 1, 25)},
      {2023, Date(2023, 1, 22)}, {2024, Date(2024, 2, 10)}, {2025, Date(2025, 1, 29)},
      {2026, Date(2026, 2, 17)}, {2027, Date(2027, 2, 6)},
  };
  for (const auto& [year, expected] : kTet) {
    EXPECT_EQ(LunarNewYear(year), expected) << year;
  }
}

// The same computation at UTC+8 gives the Chinese calendar, which differs in some years. These
// are the documented cases (1985 by a whole month: the leap month and solstice month moved).
TEST(LunarCalendarTest, ChineseNewYearDiffersInKnownYears) {
  EXPECT_EQ(LunarNewYear(1985, 8.0), Date(1985, 2, 20));
  EXPECT_EQ(LunarNewYear(2007, 8.0), Date(2007, 2, 18));
  EXPECT_EQ(LunarNewYear(2030, 8.0), Date(2030, 2, 3));
  EXPECT_EQ(LunarNewYear(2030), Date(2030, 2, 2));
  EXPECT_EQ(LunarNewYear(2024, 8.0), LunarNewYear(2024));
}

TEST(LunarCalendarTest, HungKingsDayMatchesKnownDates) {
  const KnownDate kHung[] = {
      {2023, Date(2023, 4, 29)}, {2024, Date(2024, 4, 18)}, {2025, Date(2025, 4, 7)},
      {2026, Date(2026, 4, 26)}, {2027, Date(2027, 4, 16)},
  };
  for (const auto& [year, expected] : kHung) {
    EXPECT_EQ(HungKingsDay(year), expected) << year;
  }
}

TEST(LunarCalendarTest, LeapMonthOnlyWhereTheYearHasOne) {
  // 2023 (Quý Mão) had a leap 2nd month; 2024 had none.
  EXPECT_TRUE(LunarToSolar(1, 2, 2023, /*leap=*/true).has_value());
  EXPECT_FALSE(LunarToSolar(1, 3, 2023, /*leap=*/true).has_value());
  EXPECT_FALSE(LunarToSolar(1, 2, 2024, /*leap=*/true).has_value());
  EXPECT_FALSE(LunarToSolar(1, 13, 2024).has_value());
}

TEST(LunarCalendarTest, NewYearFallsBetweenJan21AndFeb20For2000To2100) {
  for (int year = 2000; year <= 2100; ++year) {
    const Date tet = LunarNewYear(year);
    EXPECT_GE(tet, Date(year, 1, 21)) << year;
    EXPECT_LE(tet, Date(year, 2, 20)) << year;
    const LunarDate lunar = SolarToLunar(tet);
    EXPECT_EQ(lunar.day, 1) << year;
    EXPECT_EQ(lunar.month, 1) << year;
    EXPECT_EQ(lunar.year, year) << year;
    EXPECT_FALSE(lunar.leap) << year;
    const LunarDate eve = SolarToLunar(tet.AddDays(-1));
    EXPECT_EQ(eve.month, 12) << year;
    EXPECT_TRUE(eve.day == 29 || eve.day == 30) << year;
  }
}

TEST(LunarCalendarTest, SolarToLunarRoundTripsEveryDay2000To2100) {
  for (Date d(2000, 1, 1); d <= Date(2100, 12, 31); d = d.AddDays(7)) {
    const LunarDate l = SolarToLunar(d);
    EXPECT_EQ(LunarToSolar(l.day, l.month, l.year, l.leap), d) << d.ToString();
  }
}

}  // namespace
}  // namespace civicase::domain
