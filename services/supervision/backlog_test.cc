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

}  // namespace
}  // namespace civicase::supervision
