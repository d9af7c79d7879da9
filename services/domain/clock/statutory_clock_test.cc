// Table-driven tests of the deadline rules, one row per rule and variant, with hand-checked
// dates around Tết 2026 (break 14-22/02), weekends, 26-27/4 (Hùng Kings on a Sunday),
// 30/4-1/5, 31/8-2/9, make-up Saturdays (10/1/2026, 26/4/2025, 4/5/2024), and projected 2027.

#include "services/domain/clock/statutory_clock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/domain/clock/clock_json.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

struct Row {
  const char* rule;
  Date trigger;
  bool complex = false;
  bool especially_complex = false;
  bool remote = false;
  bool several_sites = false;
  int extensions = 0;
  Date expected;
  int version = 1;
  const char* why = "";
};

class StatutoryClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto clock = StatutoryClock::Default();
    ASSERT_TRUE(clock.ok()) << clock.status();
    clock_.emplace(*std::move(clock));
  }
  std::optional<StatutoryClock> clock_;
};

DeadlineQuery QueryOf(const Row& r) {
  DeadlineQuery q;
  q.rule_id = r.rule;
  q.trigger = r.trigger;
  q.complex = r.complex;
  q.especially_complex = r.especially_complex;
  q.remote = r.remote;
  q.several_sites = r.several_sites;
  q.extensions = r.extensions;
  return q;
}

TEST_F(StatutoryClockTest, TableFromTheLaw) {
  // clang-format off
  const Row kRows[] = {
    {.rule = "letter.processing", .trigger = Date(2026, 2, 12), .expected = Date(2026, 3, 5),
     .why = "10 WD: Fri 13/2, Tết break skipped, 23-27/2, 2-5/3"},
    {.rule = "letter.processing", .trigger = Date(2027, 2, 4), .expected = Date(2027, 2, 25),
     .why = "projected Tết 2027 (5-9/2 + nghỉ bù 10-11/2) skipped"},
    {.rule = "complaint.limitation", .trigger = Date(2026, 2, 1), .expected = Date(2026, 5, 4),
     .why = "90 CD end Sat 2/5: roll to Mon 4/5"},
    {.rule = "complaint.acceptance", .trigger = Date(2019, 6, 3), .expected = Date(2019, 6, 13),
     .version = 1, .why = "before Decree 124/2020: 10 calendar days"},
    {.rule = "complaint.acceptance", .trigger = Date(2026, 2, 10), .expected = Date(2026, 3, 3),
     .version = 2, .why = "10 WD across Tết"},
    {.rule = "complaint.acceptance", .trigger = Date(2026, 6, 30), .expected = Date(2026, 7, 14),
     .version = 2, .why = "last day of Decree 124 wording"},
    {.rule = "complaint.acceptance", .trigger = Date(2026, 7, 1), .expected = Date(2026, 7, 10),
     .version = 3, .why = "Decree 155/2026: 7 WD"},
    {.rule = "complaint.acceptance", .trigger = Date(2026, 8, 26), .expected = Date(2026, 9, 9),
     .version = 3, .why = "7 WD across 29/8-6/9"},
    {.rule = "complaint.round1.resolution", .trigger = Date(2026, 1, 16),
     .expected = Date(2026, 2, 23), .why = "30 CD end Sun 15/2: roll past Tết"},
    {.rule = "complaint.round1.resolution", .trigger = Date(2026, 1, 1), .complex = true,
     .expected = Date(2026, 2, 23), .why = "complex 45 CD end 15/2"},
    {.rule = "complaint.round1.resolution", .trigger = Date(2026, 3, 12), .remote = true,
     .expected = Date(2026, 4, 28), .why = "remote 45 CD end Sun 26/4 (Hùng), 27/4 nghỉ bù"},
    {.rule = "complaint.round1.resolution", .trigger = Date(2026, 3, 1), .complex = true,
     .remote = true, .expected = Date(2026, 5, 4), .why = "remote+complex 60 CD end 30/4"},
    {.rule = "complaint.round1.dispatch", .trigger = Date(2026, 4, 29),
     .expected = Date(2026, 5, 6), .why = "3 WD after 30/4-3/5"},
    {.rule = "complaint.round1.legal_effect", .trigger = Date(2026, 12, 2),
     .expected = Date(2027, 1, 4), .why = "30 CD end 1/1/2027 (projected)"},
    {.rule = "complaint.round1.legal_effect", .trigger = Date(2026, 12, 2), .remote = true,
     .expected = Date(2027, 1, 18), .why = "remote 45 CD end Sat 16/1: roll to Mon 18/1"},
    {.rule = "complaint.second_complaint.window", .trigger = Date(2026, 8, 3),
     .expected = Date(2026, 9, 3), .why = "30 CD end Wed 2/9"},
    {.rule = "complaint.second_complaint.window", .trigger = Date(2026, 8, 3), .remote = true,
     .expected = Date(2026, 9, 17), .why = "remote 45 CD"},
    {.rule = "complaint.round2.resolution", .trigger = Date(2026, 1, 1),
     .expected = Date(2026, 2, 23), .why = "45 CD end 15/2"},
    {.rule = "complaint.round2.resolution", .trigger = Date(2026, 3, 1), .complex = true,
     .expected = Date(2026, 5, 4), .why = "complex 60 CD end 30/4"},
    {.rule = "complaint.round2.resolution", .trigger = Date(2026, 3, 1), .remote = true,
     .expected = Date(2026, 5, 4), .why = "remote 60 CD end 30/4"},
    {.rule = "complaint.round2.resolution", .trigger = Date(2026, 2, 19), .complex = true,
     .remote = true, .expected = Date(2026, 5, 4), .why = "remote+complex 70 CD end 30/4"},
    {.rule = "complaint.round2.dispatch", .trigger = Date(2026, 2, 9),
     .expected = Date(2026, 2, 23), .why = "7 CD end Mon 16/2 (Tết)"},
    {.rule = "complaint.round2.publication", .trigger = Date(2026, 8, 18),
     .expected = Date(2026, 9, 3), .why = "15 CD end 2/9"},
    {.rule = "complaint.round2.legal_effect", .trigger = Date(2026, 3, 31),
     .expected = Date(2026, 5, 4),
     .why = "30 CD end Thu 30/4"},
    {.rule = "complaint.disciplinary.limitation", .trigger = Date(2026, 2, 1),
     .expected = Date(2026, 2, 23), .why = "15 CD end Mon 16/2"},
    {.rule = "complaint.disciplinary.resolution", .trigger = Date(2026, 1, 16), .complex = true,
     .expected = Date(2026, 3, 2), .why = "complex 45 CD end Mon 2/3"},
    {.rule = "denunciation.processing", .trigger = Date(2026, 2, 11),
     .expected = Date(2026, 2, 27), .why = "7 WD across Tết"},
    {.rule = "denunciation.processing", .trigger = Date(2026, 2, 11), .several_sites = true,
     .expected = Date(2026, 3, 4), .why = "several sites: 10 WD"},
    {.rule = "denunciation.transfer", .trigger = Date(2026, 4, 24),
     .expected = Date(2026, 5, 6), .why = "5 WD across 25/4-3/5"},
    {.rule = "denunciation.acceptance_notice", .trigger = Date(2026, 1, 8),
     .expected = Date(2026, 1, 14), .why = "Sat 10/1/2026 is a make-up working day"},
    {.rule = "denunciation.resolution", .trigger = Date(2026, 1, 16),
     .expected = Date(2026, 2, 23), .why = "30 CD end 15/2"},
    {.rule = "denunciation.resolution", .trigger = Date(2026, 3, 1), .complex = true,
     .extensions = 1, .expected = Date(2026, 5, 4), .why = "complex + 1 extension: 60 CD"},
    {.rule = "denunciation.resolution", .trigger = Date(2026, 1, 1), .complex = true,
     .especially_complex = true, .extensions = 2, .expected = Date(2026, 4, 1),
     .why = "especially complex + 2 extensions: 90 CD"},
    {.rule = "denunciation.resolution", .trigger = Date(2026, 1, 16), .complex = true,
     .especially_complex = true, .expected = Date(2026, 2, 23),
     .why = "especially complex, no extension yet: 30 CD"},
    {.rule = "denunciation.conclusion_notice", .trigger = Date(2026, 8, 27),
     .expected = Date(2026, 9, 8), .why = "5 WD across the 2/9 break (31/8 swapped)"},
    {.rule = "denunciation.handling", .trigger = Date(2025, 4, 24),
     .expected = Date(2025, 5, 7), .why = "Sat 26/4/2025 worked; 2/5 swapped off"},
    {.rule = "denunciation.publication", .trigger = Date(2024, 4, 26),
     .expected = Date(2024, 5, 9), .why = "29/4/2024 swapped off; Sat 4/5 worked"},
    {.rule = "denunciation.termination_notice", .trigger = Date(2026, 2, 13),
     .expected = Date(2026, 2, 27), .why = "5 WD after Tết"},
    {.rule = "denunciation.forwarded_answer", .trigger = Date(2026, 1, 26),
     .expected = Date(2026, 2, 23), .why = "20 CD end 15/2"},
    {.rule = "denunciation.further_review", .trigger = Date(2026, 4, 10),
     .expected = Date(2026, 5, 4), .why = "20 CD end 30/4"},
    {.rule = "denunciation.overdue_report", .trigger = Date(2026, 2, 13),
     .expected = Date(2026, 2, 27), .why = "5 WD after Tết"},
    {.rule = "petition.processing_notice", .trigger = Date(2024, 2, 1),
     .expected = Date(2024, 2, 22), .why = "10 WD across Tết 2024 (8-14/2)"},
    {.rule = "petition.forwarder_result", .trigger = Date(2023, 1, 18),
     .expected = Date(2023, 2, 3), .why = "7 WD across Tết 2023 (20-26/1)"},
    {.rule = "petition.forwarder_citizen_notice", .trigger = Date(2026, 4, 29),
     .expected = Date(2026, 5, 8), .why = "5 WD after 30/4-3/5"},
    {.rule = "supervision.answer", .trigger = Date(2026, 2, 9), .expected = Date(2026, 2, 23),
     .version = 1, .why = "Law 87/2015: 7 CD end 16/2"},
    {.rule = "supervision.answer", .trigger = Date(2026, 8, 26), .expected = Date(2026, 9, 3),
     .version = 2, .why = "Law 121/2025: 7 CD end 2/9"},
    {.rule = "supervision.answer.committee", .trigger = Date(2026, 8, 23),
     .expected = Date(2026, 9, 3), .version = 2, .why = "10 CD end 2/9"},
    {.rule = "voter_petition.answer", .trigger = Date(2026, 1, 6), .expected = Date(2026, 2, 23),
     .why = "40 CD end 15/2"},
    {.rule = "voter_petition.answer", .trigger = Date(2026, 3, 11), .several_sites = true,
     .expected = Date(2026, 5, 4), .why = "lead body 50 CD end 30/4"},
  };
  // clang-format on
  for (const Row& row : kRows) {
    SCOPED_TRACE(::testing::Message()
                 << row.rule << " from " << row.trigger.ToString() << ": " << row.why);
    auto due = clock_->ComputeDueDate(QueryOf(row));
    ASSERT_TRUE(due.ok()) << due.status();
    EXPECT_EQ(due->due_date, row.expected) << "got " << due->due_date.ToString();
    EXPECT_EQ(due->version, row.version);
    EXPECT_TRUE(clock_->calendar().IsWorkingDay(due->due_date));
    EXPECT_FALSE(due->legal_basis.empty());
    ASSERT_FALSE(due->steps.empty());
    EXPECT_EQ(due->steps.back().kind, StepKind::kDue);
    EXPECT_EQ(due->steps.back().date, due->due_date);
  }
}

TEST_F(StatutoryClockTest, DerivationExplainsTheRollForwardPastTet) {
  DeadlineQuery q{.rule_id = "complaint.round1.resolution", .trigger = Date(2026, 1, 16)};
  auto due = clock_->ComputeDueDate(q);
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(due->unit, PeriodUnit::kCalendarDays);
  EXPECT_EQ(due->length, 30);
  EXPECT_EQ(due->variant, "base");
  EXPECT_THAT(due->legal_basis, HasSubstr("Art. 28"));
  std::vector<std::pair<StepKind, Date>> kinds;
  for (const DerivationStep& s : due->steps) kinds.emplace_back(s.kind, s.date);
  std::vector<std::pair<StepKind, Date>> expected = {{StepKind::kStart, Date(2026, 1, 17)},
                                                     {StepKind::kCount, Date(2026, 2, 15)}};
  for (Date d(2026, 2, 15); d <= Date(2026, 2, 22); d = d.NextDay()) {
    expected.emplace_back(StepKind::kRollForward, d);
  }
  expected.emplace_back(StepKind::kDue, Date(2026, 2, 23));
  EXPECT_EQ(kinds, expected);
  EXPECT_THAT(due->steps[2].reason, HasSubstr("weekend (Sunday)"));
  EXPECT_THAT(due->steps[4].reason, HasSubstr("mùng 1"));  // 17/2
  EXPECT_THAT(due->steps[0].reason, HasSubstr("acceptance on 2026-01-16"));

  const nlohmann::json json = ToJson(*due);
  EXPECT_EQ(json["due_date"], "2026-02-23");
  EXPECT_EQ(json["unit"], "calendar_days");
  EXPECT_EQ(json["steps"].size(), due->steps.size());
  EXPECT_EQ(json["steps"][1]["kind"], "count");
  EXPECT_EQ(json["steps"].back()["kind"], "due");
}

TEST_F(StatutoryClockTest, WorkingDayDerivationListsEverySkippedDay) {
  DeadlineQuery q{.rule_id = "denunciation.processing", .trigger = Date(2026, 2, 11)};
  auto due = clock_->ComputeDueDate(q);
  ASSERT_TRUE(due.ok());
  std::vector<Date> skipped;
  for (const DerivationStep& s : due->steps) {
    if (s.kind == StepKind::kSkip) skipped.push_back(s.date);
  }
  std::vector<Date> expected;
  for (Date d(2026, 2, 14); d <= Date(2026, 2, 22); d = d.NextDay()) expected.push_back(d);
  EXPECT_EQ(skipped, expected);
}

TEST_F(StatutoryClockTest, SuspendedDaysAreNotCounted) {
  DeadlineQuery q{.rule_id = "denunciation.resolution", .trigger = Date(2026, 1, 16)};
  q.suspensions = {{Date(2026, 2, 5), Date(2026, 2, 10)}, {Date(2026, 2, 1), Date(2026, 2, 6)}};
  auto due = clock_->ComputeDueDate(q);
  ASSERT_TRUE(due.ok()) << due.status();
  // 10 days (1-10/2, overlapping intervals merged) are not counted: day 30 is Wed 25/2.
  EXPECT_EQ(due->due_date, Date(2026, 2, 25));
  int suspended = 0;
  for (const DerivationStep& s : due->steps) suspended += s.kind == StepKind::kSuspension;
  EXPECT_EQ(suspended, 10);

  DeadlineQuery wd{.rule_id = "letter.processing", .trigger = Date(2026, 3, 2)};
  EXPECT_EQ(clock_->ComputeDueDate(wd)->due_date, Date(2026, 3, 16));
  wd.suspensions = {{Date(2026, 3, 9), Date(2026, 3, 13)}};
  EXPECT_EQ(clock_->ComputeDueDate(wd)->due_date, Date(2026, 3, 23));
}

TEST_F(StatutoryClockTest, ExtensionsAreStepsOfTheDerivation) {
  DeadlineQuery q{.rule_id = "denunciation.resolution",
                  .trigger = Date(2026, 1, 1),
                  .complex = true,
                  .especially_complex = true,
                  .extensions = 2};
  auto due = clock_->ComputeDueDate(q);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->length, 90);
  EXPECT_EQ(due->variant, "especially_complex");
  std::vector<Date> extension_ends;
  for (const DerivationStep& s : due->steps) {
    if (s.kind == StepKind::kExtension) extension_ends.push_back(s.date);
  }
  EXPECT_THAT(extension_ends, ::testing::ElementsAre(Date(2026, 3, 2), Date(2026, 4, 1)));
}

TEST_F(StatutoryClockTest, BadInputNamesTheField) {
  using Q = DeadlineQuery;
  EXPECT_THAT(clock_->ComputeDueDate(Q{.rule_id = "complaint.nope", .trigger = Date(2026, 1, 1)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rule_id")));
  EXPECT_THAT(
      clock_->ComputeDueDate(Q{.rule_id = "denunciation.resolution", .trigger = Date(2018, 6, 1)}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("trigger")));
  EXPECT_THAT(clock_->ComputeDueDate(Q{.rule_id = "denunciation.resolution",
                                       .trigger = Date(2026, 1, 1),
                                       .especially_complex = true}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("especially_complex")));
  EXPECT_THAT(clock_->ComputeDueDate(Q{.rule_id = "denunciation.resolution",
                                       .trigger = Date(2026, 1, 1),
                                       .complex = true,
                                       .extensions = 2}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("extensions")));
  EXPECT_THAT(
      clock_->ComputeDueDate(
          Q{.rule_id = "denunciation.resolution", .trigger = Date(2026, 1, 1), .extensions = 1}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at most 0")));
  EXPECT_THAT(clock_->ComputeDueDate(
                  Q{.rule_id = "letter.processing", .trigger = Date(2026, 1, 1), .extensions = -1}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("extensions")));
  Q bad_suspension{.rule_id = "letter.processing", .trigger = Date(2026, 1, 1)};
  bad_suspension.suspensions = {{Date(2026, 1, 10), Date(2026, 1, 5)}};
  EXPECT_THAT(clock_->ComputeDueDate(bad_suspension),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("suspensions[0]")));
}

TEST_F(StatutoryClockTest, FlagsWithoutAVariantKeepTheBaseLength) {
  auto due = clock_->ComputeDueDate(
      {.rule_id = "letter.processing", .trigger = Date(2026, 3, 2), .complex = true});
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->variant, "base");
  EXPECT_EQ(due->due_date, Date(2026, 3, 16));
}

}  // namespace
}  // namespace civicase::domain
