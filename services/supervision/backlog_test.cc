#include "services/supervision/backlog.h"

#include <gtest/gtest.h>

namespace civicase::supervision {
namespace {

v1::Case OpenCase(const char* reference, v1::CaseState state, const char* due) {
  v1::Case c;
  c.set_reference(reference);
  c.set_state(state);
  if (due[0] != '\0') c.add_clocks()->set_due_date(due);
  return c;
}

TEST(BacklogTest, OverdueFirstThenByDueDateAndClosedCasesLeftOut) {
  std::vector<v1::Case> cases = {
      OpenCase("KN-1", v1::PROCESSING, "2026-12-10"),
      OpenCase("KN-2", v1::PROCESSING, "2026-11-20"),
      OpenCase("KN-3", v1::CLOSED, "2026-11-01"),
      OpenCase("KN-4", v1::ACCEPTED, "2026-11-25"),
      OpenCase("KN-5", v1::RECEIVED, ""),
  };
  v1::Backlog b = BuildBacklog(cases, domain::Date(2026, 11, 28), false);
  ASSERT_EQ(b.entries_size(), 4);
  EXPECT_EQ(b.entries(0).reference(), "KN-2");
  EXPECT_EQ(b.entries(0).days_overdue(), 8);
  EXPECT_EQ(b.entries(1).reference(), "KN-4");
  EXPECT_EQ(b.entries(1).days_overdue(), 3);
  EXPECT_EQ(b.entries(2).reference(), "KN-5");  // no clock: sorts by empty due date
  EXPECT_EQ(b.entries(3).reference(), "KN-1");
  EXPECT_EQ(b.overdue(), 2);
  EXPECT_EQ(b.open_by_state().at("PROCESSING"), 2);

  v1::Backlog overdue = BuildBacklog(cases, domain::Date(2026, 11, 28), true);
  EXPECT_EQ(overdue.entries_size(), 2);
}

TEST(BacklogTest, AMergedDuplicateIsNotAnEntryOfItsOwn) {
  v1::Case duplicate = OpenCase("KN-2", v1::PROCESSING, "2026-11-20");
  duplicate.set_merged_into("KN-1");
  v1::Case target = OpenCase("KN-1", v1::PROCESSING, "2026-12-10");
  target.add_merged_cases("KN-2");
  v1::Backlog b = BuildBacklog({target, duplicate}, domain::Date(2026, 11, 28), false);
  ASSERT_EQ(b.entries_size(), 1);
  EXPECT_EQ(b.entries(0).reference(), "KN-1");
}

}  // namespace
}  // namespace civicase::supervision

namespace civicase::supervision {
namespace {

TEST(BacklogTest, StoppedAndPausedClocksDoNotCountAndLongPendingIsFlagged) {
  v1::Case met = OpenCase("KN-met", v1::ACCEPTED, "2026-11-01");  // acceptance met, then...
  auto* stop = met.mutable_clocks(0)->add_steps();
  stop->set_kind("stop");
  met.mutable_clocks(0)->set_rule_id("complaint.acceptance");
  auto* running = met.add_clocks();
  running->set_rule_id("complaint.round1.resolution");
  running->set_due_date("2026-12-15");
  met.mutable_registration()->set_received_date("2026-10-20");

  v1::Case old = OpenCase("KN-old", v1::VERIFYING, "2027-01-10");
  old.mutable_registration()->set_received_date("2026-07-01");      // 150 days open
  v1::Case late = OpenCase("KN-late", v1::ACCEPTED, "2026-10-20");  // 39 days overdue
  late.mutable_registration()->set_received_date("2026-09-01");
  v1::Case suspended = OpenCase("KN-susp", v1::SUSPENDED, "2026-10-01");
  suspended.mutable_clocks(0)->add_steps()->set_kind("pause");

  v1::Backlog b = BuildBacklog({met, old, late, suspended},
                               BacklogOptions{.as_of = domain::Date(2026, 11, 28)});
  ASSERT_EQ(b.entries_size(), 4);
  EXPECT_EQ(b.entries(0).reference(), "KN-late");
  EXPECT_TRUE(b.entries(0).long_pending());
  EXPECT_EQ(b.entries(0).long_pending_reason(), "overdue 39 days (> 30)");
  // The met acceptance clock is not overdue; the running resolution clock is next.
  const auto& met_entry = b.entries(2).reference() == "KN-met" ? b.entries(2) : b.entries(1);
  EXPECT_EQ(met_entry.next_due().rule_id(), "complaint.round1.resolution");
  EXPECT_EQ(met_entry.days_overdue(), 0);
  EXPECT_EQ(b.overdue(), 1);
  EXPECT_EQ(b.long_pending(), 2);
  for (const auto& e : b.entries()) {
    if (e.reference() == "KN-old") EXPECT_EQ(e.long_pending_reason(), "open 150 days (> 90)");
    if (e.reference() == "KN-susp") {
      EXPECT_TRUE(e.suspended());
      EXPECT_EQ(e.days_overdue(), 0);
    }
  }
}

}  // namespace
}  // namespace civicase::supervision
