#include "services/domain/date.h"

#include <gtest/gtest.h>

namespace civicase::domain {
namespace {

TEST(DateTest, ParsesAndPrintsIsoDates) {
  auto d = Date::Parse("2026-02-16");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->ToString(), "2026-02-16");
  EXPECT_EQ(d->WeekdayName(), "Mon");
}

TEST(DateTest, RejectsMalformedAndImpossibleDates) {
  for (auto bad : {"2026-02-30", "2026-13-01", "26-02-01", "2026/02/01", "", "2026-02-1x"}) {
    EXPECT_FALSE(Date::Parse(bad).has_value()) << bad;
  }
}

TEST(DateTest, ArithmeticAndWeekends) {
  Date d(2026, 11, 28);
  EXPECT_TRUE(d.IsWeekend());
  EXPECT_EQ(d.AddDays(2).ToString(), "2026-11-30");
  EXPECT_FALSE(d.AddDays(2).IsWeekend());
  EXPECT_EQ(d.DaysUntil(Date(2026, 12, 1)), 3);
}

TEST(DateTest, VietnamDateIsUtcPlusSeven) {
  // 2026-01-01T17:00:00Z is already 2026-01-02 in Hanoi.
  EXPECT_EQ(ToVietnamDate(1767286800).ToString(), "2026-01-02");
  EXPECT_EQ(ToVietnamDate(1767286799).ToString(), "2026-01-01");
}

}  // namespace
}  // namespace civicase::domain
