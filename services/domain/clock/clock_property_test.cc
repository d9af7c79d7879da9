// Property tests of the statutory clock over many seeded random dates, 2000-2100, against the
// embedded calendar (official 2023-2026, projected elsewhere). The rules are built in code so
// that one version is in force over the whole range.

#include <gtest/gtest.h>

#include <random>

#include "services/domain/calendar/civil_code_counting.h"
#include "services/domain/clock/statutory_clock.h"

namespace civicase::domain {
namespace {

constexpr int kIterations = 3000;

RuleVersion MakeVersion(PeriodUnit unit, int length) {
  RuleVersion v;
  v.version = 1;
  v.start_event = "event";
  v.unit = unit;
  v.length = length;
  v.legal_basis = "test";
  v.valid_from = Date(1999, 1, 1);
  return v;
}

class ClockPropertyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Rule> rules;
    for (int length : {1, 3, 5, 7, 10, 15, 20, 30, 45, 60, 70, 90}) {
      rules.push_back(
          {"wd." + std::to_string(length), "t", {MakeVersion(PeriodUnit::kWorkingDays, length)}});
      rules.push_back(
          {"cd." + std::to_string(length), "t", {MakeVersion(PeriodUnit::kCalendarDays, length)}});
      lengths_.push_back(length);
    }
    auto book = RuleBook::FromRules(std::move(rules));
    ASSERT_TRUE(book.ok()) << book.status();
    auto calendar = WorkingCalendar::Default();
    ASSERT_TRUE(calendar.ok());
    clock_.emplace(*std::move(book), *calendar);
  }

  Date RandomDate() {
    std::uniform_int_distribution<int64_t> day(Date(2000, 1, 1).DayNumber(),
                                               Date(2100, 9, 30).DayNumber());
    return Date::FromDayNumber(day(rng_));
  }
  int RandomLength() {
    return lengths_[std::uniform_int_distribution<size_t>(0, lengths_.size() - 1)(rng_)];
  }
  Date Due(const DeadlineQuery& q) {
    auto due = clock_->ComputeDueDate(q);
    EXPECT_TRUE(due.ok()) << due.status();
    return due.ok() ? due->due_date : Date();
  }

  std::mt19937_64 rng_{0xC1C0CA5E};
  std::vector<int> lengths_;
  std::optional<StatutoryClock> clock_;
};

TEST_F(ClockPropertyTest, DueDateIsNeverADayOffAndMatchesTheCivilCodeHelpers) {
  const WorkingCalendar& cal = clock_->calendar();
  for (int i = 0; i < kIterations; ++i) {
    const Date trigger = RandomDate();
    const int length = RandomLength();
    const Date wd = Due({.rule_id = "wd." + std::to_string(length), .trigger = trigger});
    const Date cd = Due({.rule_id = "cd." + std::to_string(length), .trigger = trigger});
    ASSERT_TRUE(cal.IsWorkingDay(wd)) << trigger.ToString() << " +" << length;
    ASSERT_TRUE(cal.IsWorkingDay(cd)) << trigger.ToString() << " +" << length;
    ASSERT_EQ(wd, EndOfWorkingDayPeriod(cal, trigger, length));
    ASSERT_EQ(cd, EndOfCalendarDayPeriod(cal, trigger, length));
    ASSERT_EQ(CountWorkingDays(cal, trigger.NextDay(), wd), length);
    ASSERT_GE(cd, trigger.AddDays(length));
  }
}

TEST_F(ClockPropertyTest, ALaterTriggerNeverGivesAnEarlierDueDate) {
  for (int i = 0; i < kIterations; ++i) {
    const Date t1 = RandomDate();
    const Date t2 = t1.AddDays(std::uniform_int_distribution<int>(1, 20)(rng_));
    for (std::string prefix : {"wd.", "cd."}) {
      const std::string rule = prefix + std::to_string(RandomLength());
      ASSERT_LE(Due({.rule_id = rule, .trigger = t1}), Due({.rule_id = rule, .trigger = t2}))
          << rule << " " << t1.ToString() << " vs " << t2.ToString();
    }
  }
}

TEST_F(ClockPropertyTest, SuspendingKWorkingDaysMovesAWorkingDayDeadlineByK) {
  const WorkingCalendar& cal = clock_->calendar();
  for (int i = 0; i < kIterations; ++i) {
    const Date trigger = RandomDate();
    const std::string rule = "wd." + std::to_string(RandomLength());
    const Date due = Due({.rule_id = rule, .trigger = trigger});
    // A suspension inside the period.
    const int64_t span = trigger.DaysUntil(due);
    std::uniform_int_distribution<int64_t> offset(1, span);
    int64_t a = offset(rng_);
    int64_t b = offset(rng_);
    if (a > b) std::swap(a, b);
    const Interval suspension{trigger.AddDays(a), trigger.AddDays(b)};
    const int64_t k = CountWorkingDays(cal, suspension.from, suspension.to);
    DeadlineQuery q{.rule_id = rule, .trigger = trigger};
    q.suspensions = {suspension};
    const Date suspended_due = Due(q);
    ASSERT_EQ(suspended_due, k == 0 ? due : EndOfWorkingDayPeriod(cal, due, k))
        << rule << " from " << trigger.ToString() << " suspended " << suspension.from.ToString()
        << ".." << suspension.to.ToString() << " (" << k << " working days)";
  }
}

TEST_F(ClockPropertyTest, EveryDayOfTheSpanIsAccountedForInTheDerivation) {
  for (int i = 0; i < kIterations / 3; ++i) {
    const Date trigger = RandomDate();
    const int length = RandomLength();
    auto due =
        clock_->ComputeDueDate({.rule_id = "wd." + std::to_string(length), .trigger = trigger});
    ASSERT_TRUE(due.ok());
    int skipped = 0;
    for (const DerivationStep& s : due->steps) skipped += s.kind == StepKind::kSkip ? 1 : 0;
    ASSERT_EQ(trigger.DaysUntil(due->due_date), length + skipped) << trigger.ToString();
  }
}

}  // namespace
}  // namespace civicase::domain
