#include "services/domain/case/case_actions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "services/domain/case/case_aggregate.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::Case;
using civicase::v1::CaseEvent;
using civicase::v1::StateChanged;
using ::testing::HasSubstr;

// A case folded in memory exactly as the store folds it: DecideAction, then Apply.
class CaseUnderTest {
 public:
  explicit CaseUnderTest(civicase::v1::CaseKind kind, int round = 1) {
    CaseEvent registered;
    registered.set_case_id("c1");
    auto* reg = registered.mutable_registered();
    reg->set_reference("KN-2026-000001");
    auto* r = reg->mutable_registration();
    r->set_kind(kind);
    r->set_receiving_unit("hanoi.dongda.pc");
    r->mutable_respondent()->set_unit("hanoi.dongda.econ");
    r->mutable_respondent()->set_position("head");
    r->set_round(round);
    if (round == 2) r->set_previous_case("KN-2026-000000");
    EXPECT_OK(Append(registered));
    CaseEvent routed;
    routed.mutable_routing_proposed()->mutable_competence()->set_resolver_unit("hanoi.dongda.pc");
    EXPECT_OK(Append(routed));
  }

  // Decides and records `action`; `fill` sets the command's other fields.
  absl::StatusOr<ActionDecision> Act(const std::string& action,
                                     const std::function<void(ActionCommand&)>& fill = {}) {
    ActionCommand command;
    command.requested.set_action(action);
    if (fill) fill(command);
    auto decision = DecideAction(case_, history_, command);
    if (!decision.ok()) return decision;
    CaseEvent event;
    *event.mutable_state_changed() = decision->change;
    if (absl::Status s = Append(event); !s.ok()) return s;
    return decision;
  }

  absl::Status Append(CaseEvent event) {
    event.set_case_id("c1");
    event.set_version(case_.version() + 1);
    event.mutable_recorded_at()->set_seconds(1'770'000'000 + 86'400 * case_.version());
    auto next = Apply(case_, event);
    if (!next.ok()) return next.status();
    case_ = *std::move(next);
    history_.push_back(std::move(event));
    return absl::OkStatus();
  }

  std::string state() const { return civicase::v1::CaseState_Name(case_.state()); }
  const Case& snapshot() const { return case_; }
  const std::vector<CaseEvent>& history() const { return history_; }

 private:
  Case case_;
  std::vector<CaseEvent> history_;
};

void Reason(ActionCommand& c) { c.requested.set_reason("stated in the notice"); }
void Number(ActionCommand& c) { c.requested.mutable_document()->set_number("12/QĐ-UBND"); }

struct Step {
  std::string action;
  std::function<void(ActionCommand&)> fill;
  std::string state;  // expected afterwards
};

struct Story {
  const char* name;
  civicase::v1::CaseKind kind;
  int round;
  std::vector<Step> steps;
};

class LifeStoryTest : public ::testing::TestWithParam<Story> {};

TEST_P(LifeStoryTest, EveryStepReachesItsState) {
  CaseUnderTest c(GetParam().kind, GetParam().round);
  ASSERT_EQ(c.state(), "PROCESSING");
  for (const Step& step : GetParam().steps) {
    auto decision = c.Act(step.action, step.fill);
    ASSERT_TRUE(decision.ok()) << step.action << ": " << decision.status();
    EXPECT_EQ(c.state(), step.state) << "after " << step.action;
    EXPECT_FALSE(decision->change.legal_basis().empty()) << step.action;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Law, LifeStoryTest,
    ::testing::Values(
        Story{"ComplaintRoundOne",
              civicase::v1::COMPLAINT,
              1,
              {{"propose_acceptance", {}, "PROCESSING"},
               {"accept", Number, "ACCEPTED"},
               {"start_verification", {}, "VERIFYING"},
               {"hold_dialogue", {}, "DIALOGUE"},
               {"decide", Number, "DECIDED"},
               {"dispatch", {}, "DECIDED"},
               {"become_effective", {}, "EFFECTIVE"},
               {"enforce", {}, "ENFORCING"},
               {"close", {}, "CLOSED"}}},
        Story{"ComplaintAppealed",
              civicase::v1::COMPLAINT,
              1,
              {{"accept", {}, "ACCEPTED"},
               {"start_verification", {}, "VERIFYING"},
               {"decide", Number, "DECIDED"},
               {"second_complaint", {}, "SECOND_COMPLAINT"}}},
        Story{"ComplaintRoundTwoPublished",
              civicase::v1::COMPLAINT,
              2,
              {{"accept", {}, "ACCEPTED"},
               {"start_verification", {}, "VERIFYING"},
               {"hold_dialogue", {}, "DIALOGUE"},
               {"decide",
                [](ActionCommand& c) {
                  Number(c);
                  c.requested.set_outcome("partly_right");
                },
                "DECIDED"},
               {"publish", {}, "DECIDED"},
               {"become_effective", {}, "EFFECTIVE"},
               {"close", {}, "CLOSED"}}},
        Story{
            "DenunciationExtendedTwice",
            civicase::v1::DENUNCIATION,
            1,
            {{"accept", [](ActionCommand& c) { c.requested.set_complexity("especially_complex"); },
              "ACCEPTED"},
             {"start_verification", {}, "VERIFYING"},
             {"extend", {}, "VERIFYING"},
             {"extend", {}, "VERIFYING"},
             {"conclude", Number, "CONCLUDED"},
             {"dispatch", {}, "CONCLUDED"},
             {"handle", {}, "HANDLED"},
             {"publish", {}, "PUBLISHED"},
             {"close", {}, "CLOSED"}}},
        // Denunciations Law Art. 37: the superior reviews a further denunciation and either
        // refuses it (the case returns where it was) or takes it over and re-resolves it.
        Story{"FurtherDenunciationRefusedThenTakenOver",
              civicase::v1::DENUNCIATION,
              1,
              {{"accept", {}, "ACCEPTED"},
               {"start_verification", {}, "VERIFYING"},
               {"conclude", Number, "CONCLUDED"},
               {"handle", {}, "HANDLED"},
               {"publish", {}, "PUBLISHED"},
               {"further_denunciation", {}, "FURTHER_REVIEW"},
               {"refuse", [](ActionCommand& c) { c.requested.set_reason("no new evidence"); },
                "PUBLISHED"},
               {"further_denunciation", {}, "FURTHER_REVIEW"},
               {"accept", {}, "ACCEPTED"}}},
        Story{
            "PetitionAnswered",
            civicase::v1::PETITION,
            1,
            {{"accept", {}, "ACCEPTED"},
             {"answer", [](ActionCommand& c) { c.requested.set_outcome("answered"); }, "ANSWERED"},
             {"close", {}, "CLOSED"}}},
        Story{"SuspendedAndResumedWhereItWas",
              civicase::v1::COMPLAINT,
              1,
              {{"accept", {}, "ACCEPTED"},
               {"start_verification", {}, "VERIFYING"},
               {"suspend",
                [](ActionCommand& c) {
                  Reason(c);
                  c.requested.mutable_suspension()->set_from("2026-03-02");
                },
                "SUSPENDED"},
               {"resume",
                [](ActionCommand& c) { c.requested.mutable_suspension()->set_to("2026-03-20"); },
                "VERIFYING"},
               {"hold_dialogue", {}, "DIALOGUE"}}},
        Story{"PartialThenFullWithdrawal",
              civicase::v1::COMPLAINT,
              1,
              {{"accept",
                [](ActionCommand& c) {
                  c.requested.add_contents("compensation");
                  c.requested.add_contents("resettlement");
                  c.requested.add_contents("land price");
                },
                "ACCEPTED"},
               {"withdraw", [](ActionCommand& c) { c.requested.add_contents("land price"); },
                "ACCEPTED"},
               {"withdraw", {}, "TERMINATED"}}},
        Story{"TransferRejectedThenReRoutedAndAccepted",
              civicase::v1::DENUNCIATION,
              1,
              {{"transfer", [](ActionCommand& c) { c.requested.set_to_unit("hanoi.kimlien.pc"); },
                "TRANSFERRED"},
               {"reject_transfer", Reason, "PROCESSING"},
               {"transfer", [](ActionCommand& c) { c.requested.set_to_unit("hanoi.pc"); },
                "TRANSFERRED"},
               {"accept_transfer", {}, "PROCESSING"},
               {"accept", {}, "ACCEPTED"}}},
        Story{"UrgeRecordsWithoutMoving",
              civicase::v1::COMPLAINT,
              1,
              {{"urge", [](ActionCommand& c) { c.requested.set_to_unit("hanoi.kimlien.pc"); },
                "PROCESSING"}}}),
    [](const auto& info) { return std::string(info.param.name); });

struct Refusal {
  const char* name;
  civicase::v1::CaseKind kind;
  std::vector<Step> before;
  Step step;
  absl::StatusCode code;
  const char* message;
};

class RefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(RefusalTest, IsRefusedAndChangesNothing) {
  CaseUnderTest c(GetParam().kind);
  for (const Step& step : GetParam().before) ASSERT_OK(c.Act(step.action, step.fill));
  const Case before = c.snapshot();
  EXPECT_THAT(c.Act(GetParam().step.action, GetParam().step.fill),
              StatusIs(GetParam().code, HasSubstr(GetParam().message)));
  EXPECT_EQ(c.snapshot().version(), before.version());
  EXPECT_EQ(c.snapshot().state(), before.state());
}

INSTANTIATE_TEST_SUITE_P(
    Law, RefusalTest,
    ::testing::Values(
        Refusal{"DecideBeforeAcceptance",
                civicase::v1::COMPLAINT,
                {},
                {"decide", Number, ""},
                absl::StatusCode::kFailedPrecondition,
                "cannot decide a complaint in state processing"},
        Refusal{"RefuseWithoutReason",
                civicase::v1::COMPLAINT,
                {},
                {"refuse", {}, ""},
                absl::StatusCode::kInvalidArgument,
                "reason: required"},
        Refusal{"SuspendWithoutReason",
                civicase::v1::COMPLAINT,
                {{"accept", {}, ""}},
                {"suspend", {}, ""},
                absl::StatusCode::kInvalidArgument,
                "reason: required"},
        Refusal{"TransferWithoutUnit",
                civicase::v1::DENUNCIATION,
                {},
                {"transfer", {}, ""},
                absl::StatusCode::kInvalidArgument,
                "to_unit: required"},
        Refusal{"TransferToTheRespondent",
                civicase::v1::DENUNCIATION,
                {},
                {"transfer", [](ActionCommand& c) { c.requested.set_to_unit("hanoi.dongda.econ"); },
                 ""},
                absl::StatusCode::kFailedPrecondition,
                "Law on Denunciations Art. 12-13"},
        Refusal{"DecisionWithoutNumber",
                civicase::v1::COMPLAINT,
                {{"accept", {}, ""}},
                {"decide", {}, ""},
                absl::StatusCode::kInvalidArgument,
                "document.number"},
        Refusal{"UnknownAction",
                civicase::v1::COMPLAINT,
                {},
                {"approve", {}, ""},
                absl::StatusCode::kInvalidArgument,
                "action: 'approve'"},
        Refusal{"ThirdExtensionOfAnEspeciallyComplexCase",
                civicase::v1::DENUNCIATION,
                {{"accept",
                  [](ActionCommand& c) { c.requested.set_complexity("especially_complex"); }, ""},
                 {"extend", {}, ""},
                 {"extend", {}, ""}},
                {"extend", {}, ""},
                absl::StatusCode::kFailedPrecondition,
                "at most 2 extension(s)"},
        Refusal{"ExtendANormalCase",
                civicase::v1::DENUNCIATION,
                {{"accept", {}, ""}},
                {"extend", {}, ""},
                absl::StatusCode::kFailedPrecondition,
                "at most 0 extension(s)"},
        Refusal{"AcceptTransferWithNonePending",
                civicase::v1::DENUNCIATION,
                {},
                {"accept_transfer", {}, ""},
                absl::StatusCode::kFailedPrecondition,
                "no transfer is pending"},
        Refusal{"RejectTransferWithoutReason",
                civicase::v1::DENUNCIATION,
                {{"transfer", [](ActionCommand& c) { c.requested.set_to_unit("hanoi.pc"); }, ""}},
                {"reject_transfer", {}, ""},
                absl::StatusCode::kInvalidArgument,
                "reason: required"},
        Refusal{
            "WithdrawAContentNeverAccepted",
            civicase::v1::COMPLAINT,
            {{"accept", [](ActionCommand& c) { c.requested.add_contents("compensation"); }, ""}},
            {"withdraw", [](ActionCommand& c) { c.requested.add_contents("land price"); }, ""},
            absl::StatusCode::kInvalidArgument,
            "land price"},
        Refusal{"SecondComplaintBeforeTheDecisionWhileThePeriodRuns",
                civicase::v1::COMPLAINT,
                {{"accept", {}, ""}},
                {"second_complaint", {}, ""},
                absl::StatusCode::kFailedPrecondition,
                "period expired"},
        Refusal{"ActOnAClosedCase",
                civicase::v1::COMPLAINT,
                {{"refuse", Reason, ""}},
                {"accept", {}, ""},
                absl::StatusCode::kFailedPrecondition,
                "the state is final"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CaseActionsTest, AcceptedTransferMovesTheCaseAndIsCountedWithItsDuration) {
  CaseUnderTest c(civicase::v1::DENUNCIATION);
  ASSERT_OK(
      c.Act("transfer", [](ActionCommand& a) { a.requested.set_to_unit("hanoi.kimlien.pc"); }));
  ASSERT_OK(c.Act("reject_transfer", [](ActionCommand& a) { a.requested.set_reason("not ours"); }));
  EXPECT_EQ(c.snapshot().current_unit(), "hanoi.dongda.pc");
  ASSERT_OK(c.Act("transfer", [](ActionCommand& a) { a.requested.set_to_unit("hanoi.pc"); }));
  ASSERT_OK(c.Act("accept_transfer"));
  EXPECT_EQ(c.snapshot().current_unit(), "hanoi.pc");

  std::vector<TransferRecord> transfers = TransfersOf(c.snapshot(), c.history());
  ASSERT_EQ(transfers.size(), 2u);
  EXPECT_EQ(transfers[0].from_unit, "hanoi.dongda.pc");
  EXPECT_EQ(transfers[0].to_unit, "hanoi.kimlien.pc");
  EXPECT_EQ(transfers[0].accepted, false);
  EXPECT_EQ(transfers[0].answer_reason, "not ours");
  EXPECT_EQ(transfers[0].answered_at_seconds - transfers[0].sent_at_seconds, 86'400);
  EXPECT_EQ(transfers[1].from_unit, "hanoi.dongda.pc");
  EXPECT_EQ(transfers[1].accepted, true);
  // The receiver holds it now: it may not transfer it back to itself.
  EXPECT_THAT(c.Act("transfer", [](ActionCommand& a) { a.requested.set_to_unit("hanoi.pc"); }),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("already at hanoi.pc")));
}

TEST(CaseActionsTest, ADenunciationAgainstAnOfficialGoesToTheUnitManagingHim) {
  CaseUnderTest c(civicase::v1::DENUNCIATION);
  civicase::v1::Case snapshot = c.snapshot();
  snapshot.mutable_registration()->mutable_respondent()->set_position("official");
  ActionCommand transfer;
  transfer.requested.set_action("transfer");
  transfer.requested.set_to_unit("hanoi.dongda.econ");
  auto decision = DecideAction(snapshot, c.history(), transfer);
  ASSERT_OK(decision);
  EXPECT_EQ(decision->change.to(), civicase::v1::TRANSFERRED);
}

TEST(CaseActionsTest, DecisionsCarryTheRuleBasisAndTheirDocumentKind) {
  CaseUnderTest c(civicase::v1::COMPLAINT);
  auto accepted = c.Act("accept", [](ActionCommand& a) {
    Number(a);
    a.requested.set_legal_basis("Decree 124/2020/ND-CP Art. 16(1)");
  });
  ASSERT_OK(accepted);
  EXPECT_THAT(accepted->change.legal_basis(), HasSubstr("Law on Complaints Art. 27"));
  EXPECT_EQ(accepted->change.document().kind(), "acceptance_decision");
  EXPECT_EQ(accepted->change.complexity(), "normal");
}

TEST(CaseActionsTest, ResumptionRecordsTheWholeInterval) {
  CaseUnderTest c(civicase::v1::DENUNCIATION);
  ASSERT_OK(c.Act("accept"));
  ASSERT_OK(c.Act("suspend", [](ActionCommand& a) {
    Reason(a);
    a.requested.mutable_suspension()->set_from("2026-03-02");
  }));
  EXPECT_THAT(
      c.Act("resume",
            [](ActionCommand& a) { a.requested.mutable_suspension()->set_to("2026-03-01"); }),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("before the suspension began")));
  auto resumed = c.Act(
      "resume", [](ActionCommand& a) { a.requested.mutable_suspension()->set_to("2026-03-10"); });
  ASSERT_OK(resumed);
  EXPECT_EQ(resumed->change.suspension().from(), "2026-03-02");
  EXPECT_EQ(resumed->change.suspension().to(), "2026-03-10");
  EXPECT_EQ(c.state(), "ACCEPTED");
}

TEST(CaseActionsTest, StoreRefusesARecordedChangeTheLifecycleForbids) {
  CaseUnderTest c(civicase::v1::COMPLAINT);
  // A forged event claiming accept leads to DECIDED.
  CaseEvent forged;
  forged.mutable_state_changed()->set_action("accept");
  forged.mutable_state_changed()->set_from(civicase::v1::PROCESSING);
  forged.mutable_state_changed()->set_to(civicase::v1::DECIDED);
  EXPECT_THAT(c.Append(forged), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("leads to accepted, not decided")));
  // An accept_transfer on a case that was never transferred.
  forged.mutable_state_changed()->set_action("accept_transfer");
  forged.mutable_state_changed()->set_to(civicase::v1::PROCESSING);
  EXPECT_THAT(c.Append(forged), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(c.snapshot().version(), 2);
}

TEST(CaseActionsTest, LifecycleStateFoldsTheHistory) {
  CaseUnderTest c(civicase::v1::DENUNCIATION);
  ASSERT_OK(c.Act("accept", [](ActionCommand& a) {
    a.requested.set_complexity("complex");
    a.requested.add_contents("bribery");
    a.requested.add_contents("forgery");
  }));
  ASSERT_OK(c.Act("extend"));
  ASSERT_OK(c.Act("withdraw", [](ActionCommand& a) { a.requested.add_contents("forgery"); }));
  ASSERT_OK(c.Act("suspend", [](ActionCommand& a) {
    Reason(a);
    a.requested.mutable_suspension()->set_from("2026-03-02");
  }));
  auto s = LifecycleStateOf(c.snapshot(), c.history());
  ASSERT_OK(s);
  EXPECT_EQ(s->complexity, Complexity::kComplex);
  EXPECT_EQ(s->extension_count, 1);
  EXPECT_EQ(s->state, CaseState::kSuspended);
  EXPECT_EQ(s->state_before_suspension, CaseState::kAccepted);
  EXPECT_THAT(s->remaining_contents, ::testing::ElementsAre("bribery"));
  EXPECT_THAT(s->withdrawn_contents, ::testing::ElementsAre("forgery"));
}

}  // namespace
}  // namespace civicase::domain
