#include "services/deadlines/clock_triggers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civicase::deadlines {
namespace {

using domain::Date;
using ::testing::HasSubstr;
using Kind = ClockAction::Kind;

v1::CaseEvent Registered(v1::CaseKind kind, int round = 1, v1::Channel channel = v1::IN_PERSON) {
  v1::CaseEvent e;
  auto* reg = e.mutable_registered()->mutable_registration();
  reg->set_kind(kind);
  reg->set_round(round);
  reg->set_channel(channel);
  reg->set_received_date("2026-03-02");
  return e;
}

v1::CaseEvent ClockSet(const std::string& rule, const std::string& start) {
  v1::CaseEvent e;
  e.mutable_deadline_set()->mutable_due()->set_rule_id(rule);
  e.mutable_deadline_set()->mutable_due()->set_start_date(start);
  e.mutable_deadline_set()->mutable_due()->add_steps()->set_kind("due");
  return e;
}

v1::CaseEvent Changed(const std::string& action, v1::CaseState to, const std::string& date,
                      const std::string& complexity = "") {
  v1::CaseEvent e;
  auto* c = e.mutable_state_changed();
  c->set_action(action);
  c->set_to(to);
  c->mutable_document()->set_date(date);
  c->set_complexity(complexity);
  return e;
}

// "start complaint.round1.resolution 2026-03-10"
std::vector<std::string> Describe(const std::vector<ClockAction>& actions) {
  std::vector<std::string> out;
  for (const auto& a : actions) {
    std::string s =
        std::string(ClockActionKindName(a.kind)) + " " + a.rule_id + " " +
        (a.kind == Kind::kStart || a.kind == Kind::kRecompute ? a.query.trigger.ToString()
                                                              : a.date.ToString());
    const bool computed = a.kind == Kind::kStart || a.kind == Kind::kRecompute;
    if (computed && a.query.complex) s += " complex";
    if (computed && a.query.especially_complex) s += " especially";
    if (computed && a.query.remote) s += " remote";
    if (computed && a.query.extensions > 0) s += " ext" + std::to_string(a.query.extensions);
    for (const auto& i : a.query.suspensions) {
      if (a.kind == Kind::kRecompute) s += " susp" + i.from.ToString() + ".." + i.to.ToString();
    }
    out.push_back(s);
  }
  return out;
}

struct Row {
  const char* name;
  v1::CaseKind kind;
  int round;
  bool remote;
  std::vector<v1::CaseEvent> before;  // folded first
  v1::CaseEvent event;
  std::vector<std::string> expected;
};

void PrintTo(const Row& row, std::ostream* os) { *os << row.name; }

class ClockTriggersTable : public ::testing::TestWithParam<Row> {};

TEST_P(ClockTriggersTable, EventMovesTheClocksTheLawSays) {
  const Row& row = GetParam();
  ClockTracker tracker(row.remote);
  tracker.Apply(Registered(row.kind, row.round));
  for (const auto& e : row.before) tracker.Apply(e);
  EXPECT_EQ(Describe(tracker.Apply(row.event)), row.expected) << row.name;
}

const v1::CaseEvent kAcceptanceClock = ClockSet("complaint.acceptance", "2026-03-02");

INSTANTIATE_TEST_SUITE_P(
    Law, ClockTriggersTable,
    ::testing::Values(Row{"complaint accepted: acceptance met, round-1 period starts (Art. 28)",
                          v1::COMPLAINT,
                          1,
                          false,
                          {kAcceptanceClock},
                          Changed("accept", v1::ACCEPTED, "2026-03-10"),
                          {"stop complaint.acceptance 2026-03-10",
                           "start complaint.round1.resolution 2026-03-10"}},
                      Row{"complex complaint in a remote area: remote_complex variant",
                          v1::COMPLAINT,
                          1,
                          true,
                          {kAcceptanceClock},
                          Changed("accept", v1::ACCEPTED, "2026-03-10", "complex"),
                          {"stop complaint.acceptance 2026-03-10",
                           "start complaint.round1.resolution 2026-03-10 complex remote"}},
                      Row{"round-2 complaint accepted (Art. 37)",
                          v1::COMPLAINT,
                          2,
                          false,
                          {},
                          Changed("accept", v1::ACCEPTED, "2026-03-10"),
                          {"start complaint.round2.resolution 2026-03-10"}},
                      Row{"round-1 decision: period met, dispatch in 3 working days (Art. 32)",
                          v1::COMPLAINT,
                          1,
                          false,
                          {Changed("accept", v1::ACCEPTED, "2026-03-10")},
                          Changed("decide", v1::DECIDED, "2026-04-01"),
                          {"stop complaint.round1.resolution 2026-04-01",
                           "start complaint.round1.dispatch 2026-04-01"}},
                      Row{"round-2 decision: dispatch and publication (Art. 41)",
                          v1::COMPLAINT,
                          2,
                          false,
                          {Changed("accept", v1::ACCEPTED, "2026-03-10")},
                          Changed("decide", v1::DECIDED, "2026-04-01"),
                          {"stop complaint.round2.resolution 2026-04-01",
                           "start complaint.round2.dispatch 2026-04-01",
                           "start complaint.round2.publication 2026-04-01"}},
                      Row{"complaint withdrawn: every clock stops",
                          v1::COMPLAINT,
                          1,
                          false,
                          {Changed("accept", v1::ACCEPTED, "2026-03-10")},
                          Changed("withdraw", v1::TERMINATED, "2026-03-20"),
                          {"stop complaint.round1.resolution 2026-03-20"}},
                      Row{"refused: the acceptance clock stops",
                          v1::COMPLAINT,
                          1,
                          false,
                          {kAcceptanceClock},
                          Changed("refuse", v1::NOT_ACCEPTED, "2026-03-05"),
                          {"stop complaint.acceptance 2026-03-05"}},
                      Row{"verification changes no clock",
                          v1::COMPLAINT,
                          1,
                          false,
                          {Changed("accept", v1::ACCEPTED, "2026-03-10")},
                          Changed("start_verification", v1::VERIFYING, "2026-03-12"),
                          {}},
                      Row{"denunciation accepted: resolution and acceptance notice (Art. 29, 30)",
                          v1::DENUNCIATION,
                          1,
                          false,
                          {ClockSet("denunciation.processing", "2026-03-02")},
                          Changed("accept", v1::ACCEPTED, "2026-03-09"),
                          {"stop denunciation.processing 2026-03-09",
                           "start denunciation.resolution 2026-03-09",
                           "start denunciation.acceptance_notice 2026-03-09"}},
                      Row{"denunciation extended once: complex, +30 days (Art. 30(1))",
                          v1::DENUNCIATION,
                          1,
                          false,
                          {Changed("accept", v1::ACCEPTED, "2026-03-09")},
                          Changed("extend", v1::ACCEPTED, "2026-04-01"),
                          {"recompute denunciation.resolution 2026-03-09 complex ext1"}},
                      Row{"denunciation extended twice: especially complex (Decree 31 Art. 3)",
                          v1::DENUNCIATION,
                          1,
                          false,
                          {Changed("accept", v1::ACCEPTED, "2026-03-09"),
                           Changed("extend", v1::ACCEPTED, "2026-04-01")},
                          Changed("extend", v1::ACCEPTED, "2026-05-01"),
                          {"recompute denunciation.resolution 2026-03-09 complex especially ext2"}},
                      Row{"denunciation concluded: notice, handling, publication (Art. 35, 36, 40)",
                          v1::DENUNCIATION,
                          1,
                          false,
                          {Changed("accept", v1::ACCEPTED, "2026-03-09")},
                          Changed("conclude", v1::CONCLUDED, "2026-04-02"),
                          {"stop denunciation.resolution 2026-04-02",
                           "stop denunciation.acceptance_notice 2026-04-02",
                           "start denunciation.conclusion_notice 2026-04-02",
                           "start denunciation.handling 2026-04-02",
                           "start denunciation.publication 2026-04-02"}},
                      Row{"petition accepted: the notice clock is met (Reception Law Art. 28(1))",
                          v1::PETITION,
                          1,
                          false,
                          {ClockSet("petition.processing_notice", "2026-03-02")},
                          Changed("accept", v1::ACCEPTED, "2026-03-04"),
                          {"stop petition.processing_notice 2026-03-04"}}),
    [](const auto& info) { return "Row" + std::to_string(info.index); });

TEST(ClockTrackerTest, SuspensionPausesAndResumptionRecomputesWithoutTheSuspendedDays) {
  ClockTracker tracker;
  tracker.Apply(Registered(v1::COMPLAINT));
  tracker.Apply(Changed("accept", v1::ACCEPTED, "2026-03-10"));
  v1::CaseEvent suspend = Changed("suspend", v1::SUSPENDED, "");
  suspend.mutable_state_changed()->mutable_suspension()->set_from("2026-03-20");
  EXPECT_EQ(Describe(tracker.Apply(suspend)),
            std::vector<std::string>{"pause complaint.round1.resolution 2026-03-20"});
  EXPECT_EQ(tracker.clocks().at("complaint.round1.resolution").state, ClockState::kPaused);

  v1::CaseEvent resume = Changed("resume", v1::SUSPENDED, "");
  resume.mutable_state_changed()->mutable_suspension()->set_to("2026-04-05");
  auto actions = tracker.Apply(resume);
  EXPECT_EQ(Describe(actions),
            std::vector<std::string>{
                "recompute complaint.round1.resolution 2026-03-10 susp2026-03-20..2026-04-05"});
  EXPECT_THAT(actions[0].reason, HasSubstr("Art. 11a"));
}

TEST(ClockTrackerTest, MergePausesTheDuplicatesClocksAndUnmergeContinuesThem) {
  ClockTracker tracker;
  tracker.Apply(Registered(v1::COMPLAINT));
  tracker.Apply(Changed("accept", v1::ACCEPTED, "2026-03-10"));
  v1::CaseEvent merge = Changed("merge", v1::ACCEPTED, "2026-03-20");
  merge.mutable_state_changed()->set_linked_case("KN-2026-000001");
  auto paused = tracker.Apply(merge);
  EXPECT_EQ(Describe(paused),
            std::vector<std::string>{"pause complaint.round1.resolution 2026-03-20"});
  EXPECT_THAT(paused[0].reason, HasSubstr("merged into KN-2026-000001"));

  v1::CaseEvent unmerge = Changed("unmerge", v1::ACCEPTED, "2026-03-25");
  unmerge.mutable_state_changed()->set_linked_case("KN-2026-000001");
  auto actions = tracker.Apply(unmerge);
  EXPECT_EQ(Describe(actions),
            std::vector<std::string>{
                "recompute complaint.round1.resolution 2026-03-10 susp2026-03-20..2026-03-25"});
  EXPECT_THAT(actions[0].reason, HasSubstr("unmerged from KN-2026-000001"));

  // The case a duplicate joins keeps its clocks.
  v1::CaseEvent received = Changed("receive_merged", v1::ACCEPTED, "2026-03-26");
  EXPECT_TRUE(tracker.Apply(received).empty());
}

TEST(ClockTrackerTest, ReclassificationStopsTheOldKindsClockAndStartsTheNewOneFromReceipt) {
  ClockTracker tracker;
  tracker.Apply(Registered(v1::DENUNCIATION));
  tracker.Apply(ClockSet("denunciation.processing", "2026-03-02"));
  v1::CaseEvent reclassify = Changed("reclassify", v1::PROCESSING, "2026-03-05");
  reclassify.mutable_state_changed()->set_to_kind(v1::COMPLAINT);
  auto actions = tracker.Apply(reclassify);
  EXPECT_EQ(Describe(actions), (std::vector<std::string>{
                                   "stop denunciation.processing 2026-03-05",
                                   "start complaint.acceptance 2026-03-02",
                               }));
  EXPECT_THAT(actions[0].reason, HasSubstr("reclassified as complaint on 2026-03-05"));
  EXPECT_THAT(actions[1].reason, HasSubstr("processing period from receipt"));
  EXPECT_EQ(tracker.kind(), v1::COMPLAINT);
}

TEST(ClockTrackerTest, OwnDeadlineSetRecordsTriggerNothingAndKeepWhatTheTrackerKnows) {
  ClockTracker tracker;
  tracker.Apply(Registered(v1::DENUNCIATION));
  tracker.Apply(Changed("accept", v1::ACCEPTED, "2026-03-09"));
  tracker.Apply(Changed("extend", v1::ACCEPTED, "2026-04-01"));
  // The service's own record of the recomputation comes back through the feed.
  EXPECT_TRUE(tracker.Apply(ClockSet("denunciation.resolution", "2026-03-09")).empty());
  EXPECT_EQ(tracker.clocks().at("denunciation.resolution").query.extensions, 1);
  // A stopped record removes the clock.
  v1::CaseEvent stopped = ClockSet("denunciation.resolution", "2026-03-09");
  stopped.mutable_deadline_set()->mutable_due()->add_steps()->set_kind("stop");
  EXPECT_TRUE(tracker.Apply(stopped).empty());
  EXPECT_EQ(tracker.clocks().count("denunciation.resolution"), 0u);
}

TEST(ClockTrackerTest, EventDateIsTheDocumentDateElseTheRecordingDayInVietnam) {
  v1::CaseEvent e = Changed("accept", v1::ACCEPTED, "");
  e.mutable_recorded_at()->set_seconds(1772384400);  // 2026-03-01T17:00:00Z = 03-02 00:00 +7
  EXPECT_EQ(EventDate(e), Date(2026, 3, 2));
  e.mutable_state_changed()->mutable_document()->set_date("2026-02-27");
  EXPECT_EQ(EventDate(e), Date(2026, 2, 27));
}

TEST(ClockStatusTest, LastStepSaysWhetherTheClockRuns) {
  v1::DueDate due;
  due.add_steps()->set_kind("due");
  EXPECT_EQ(StateOf(due), ClockState::kRunning);
  EXPECT_EQ(StateOf(WithStatusStep(due, kPauseStep, Date(2026, 3, 1), "x")), ClockState::kPaused);
  EXPECT_EQ(StateOf(WithStatusStep(due, kStopStep, Date(2026, 3, 1), "x")), ClockState::kStopped);
}

}  // namespace
}  // namespace civicase::deadlines
