#include "services/deadlines/due_scan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/deadlines/clock_triggers.h"

namespace civicase::deadlines {
namespace {

using domain::Date;
using ::testing::HasSubstr;

v1::Case CaseWithClock(const char* ref, const char* due, v1::CaseState state = v1::ACCEPTED) {
  v1::Case c;
  c.set_case_id(std::string("id-") + ref);
  c.set_reference(ref);
  c.set_state(state);
  c.set_current_unit("hanoi.dongda.pc");
  auto* clock = c.add_clocks();
  clock->set_rule_id("complaint.round1.resolution");
  clock->set_due_date(due);
  clock->add_steps()->set_kind("due");
  return c;
}

TEST(DueScanTest, LevelsFollowTheLadderInWorkingDays) {
  auto calendar = domain::WorkingCalendar::Default();
  ASSERT_TRUE(calendar.ok());
  // As of Wed 2026-03-18.
  const Date as_of(2026, 3, 18);
  std::vector<v1::Case> cases = {
      CaseWithClock("KN-far", "2026-04-30"),    // not due soon
      CaseWithClock("KN-soon", "2026-03-20"),   // Fri: 2 working days left
      CaseWithClock("KN-today", "2026-03-18"),  // due today
      CaseWithClock("KN-late", "2026-03-16"),   // Mon: 2 working days overdue
      CaseWithClock("KN-long", "2026-03-02"),   // 12 working days overdue
      CaseWithClock("KN-closed", "2026-03-02", v1::CLOSED),
  };
  v1::Case paused = CaseWithClock("KN-paused", "2026-03-02", v1::SUSPENDED);
  *paused.mutable_clocks(0) = WithStatusStep(paused.clocks(0), kPauseStep, as_of, "suspended");
  cases.push_back(paused);

  auto items = ScanDue(cases, *calendar, as_of, 3);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].reference(), "KN-long");
  EXPECT_EQ(items[0].level(), 3);
  EXPECT_EQ(items[0].working_days_overdue(), 12);
  EXPECT_EQ(items[1].reference(), "KN-late");
  EXPECT_EQ(items[1].level(), 2);
  EXPECT_EQ(items[1].working_days_overdue(), 2);
  EXPECT_EQ(items[2].reference(), "KN-today");
  EXPECT_EQ(items[2].level(), 1);
  EXPECT_EQ(items[3].reference(), "KN-soon");
  EXPECT_EQ(items[3].working_days_left(), 2);

  items[0].set_superior_unit("hanoi.pc");
  EXPECT_THAT(EscalationReason(items[0], 3), HasSubstr("reports to hanoi.pc"));
  EXPECT_THAT(EscalationReason(items[1], 2), HasSubstr("urge (đôn đốc)"));
  EXPECT_EQ(ScanDue(cases, *calendar, as_of, 0).size(), 3u);  // overdue + due today only
}

}  // namespace
}  // namespace civicase::deadlines
