#include "services/domain/clock/recompute.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/domain/calendar/projected_calendar.h"
#include "services/domain/clock/clock_json.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

// A hypothetical official 2027 notice that places Tết as the 2023-2025 notices did (28 and 29
// Chạp + mùng 1-3, i.e. 4-8/2, nghỉ bù 9-10/2) instead of the projection's 29 Chạp + mùng 1-4
// (5-9/2, nghỉ bù 10-11/2): Thu 4/2 becomes a day off and Thu 11/2 a working day.
YearTable Official2027() {
  constexpr char kSource[] = "TB 0000/TB-BNV (test)";
  YearTable t = ProjectYear(2027);
  std::erase_if(t.days, [](const CalendarEntry& e) {
    return e.date >= Date(2027, 2, 4) && e.date <= Date(2027, 2, 11);
  });
  for (Date d(2027, 2, 4); d <= Date(2027, 2, 8); d = d.NextDay()) {
    t.days.push_back({d, false, "Tết", kSource});
  }
  t.days.push_back({Date(2027, 2, 9), false, "compensatory day off (Tết on Sat 6/2)", kSource});
  t.days.push_back({Date(2027, 2, 10), false, "compensatory day off (Tết on Sun 7/2)", kSource});
  return t;
}

TEST(RecomputeTest, ReplacingAProjectionMovesOnlyAffectedClocksAndSaysWhy) {
  auto before = StatutoryClock::Default();
  ASSERT_TRUE(before.ok());
  auto calendar = before->calendar().WithOfficialYear(Official2027());
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  const StatutoryClock after = before->WithCalendar(*calendar);

  const OpenClock clocks[] = {
      // 3 working days from Mon 1/2/2027: 2, 3, 4/2 projected; 2, 3, 11/2 official.
      {"KN-2027-001", {.rule_id = "complaint.round1.dispatch", .trigger = Date(2027, 2, 1)}},
      // Untouched by 2027.
      {"KN-2026-042", {.rule_id = "complaint.round1.resolution", .trigger = Date(2026, 3, 1)}},
      // 10 working days across the whole break: both changed days are inside, no move.
      {"KN-2027-002", {.rule_id = "letter.processing", .trigger = Date(2027, 2, 1)}},
      // 30 calendar days from 12/1/2027 end on Thu 11/2: rolled to 12/2 before, due 11/2 now.
      {"TC-2027-007", {.rule_id = "denunciation.resolution", .trigger = Date(2027, 1, 12)}},
  };
  auto changes = RecomputeOpenClocks(*before, after, clocks);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->size(), 2u);

  const ClockChange& a = (*changes)[0];
  EXPECT_EQ(a.case_ref, "KN-2027-001");
  EXPECT_EQ(a.rule_id, "complaint.round1.dispatch");
  EXPECT_EQ(a.old_due, Date(2027, 2, 4));
  EXPECT_EQ(a.new_due, Date(2027, 2, 11));
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_THAT(a.reasons[0], HasSubstr("2027-02-04 Thu: was working"));
  EXPECT_THAT(a.reasons[0], HasSubstr("now off (Tết, official)"));
  EXPECT_THAT(a.reasons[1], HasSubstr("2027-02-11 Thu: was off"));
  EXPECT_THAT(a.reasons[1], HasSubstr("projected"));
  EXPECT_THAT(a.reasons[1], HasSubstr("now working"));

  const ClockChange& c = (*changes)[1];
  EXPECT_EQ(c.case_ref, "TC-2027-007");
  EXPECT_EQ(c.old_due, Date(2027, 2, 12));
  EXPECT_EQ(c.new_due, Date(2027, 2, 11));
  ASSERT_EQ(c.reasons.size(), 2u);

  const nlohmann::json json = ToJson(c);
  EXPECT_EQ(json["old_due"], "2027-02-12");
  EXPECT_EQ(json["new_due"], "2027-02-11");
  EXPECT_EQ(json["reasons"].size(), 2u);
}

TEST(RecomputeTest, ABadClockIsReportedWithItsCase) {
  auto clock = StatutoryClock::Default();
  ASSERT_TRUE(clock.ok());
  const OpenClock clocks[] = {{"KN-1", {.rule_id = "gone.rule", .trigger = Date(2026, 1, 1)}}};
  EXPECT_THAT(RecomputeOpenClocks(*clock, *clock, clocks),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("case KN-1")));
}

}  // namespace
}  // namespace civicase::domain
