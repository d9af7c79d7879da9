// Guard tests: the parts of the lifecycles that depend on the case's own history.

#include "services/domain/lifecycle/lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Applies the actions in order, failing the test on the first refusal.
LifecycleState Walk(LifecycleState s, std::initializer_list<CaseAction> actions) {
  for (CaseAction a : actions) {
    auto t = Lifecycle::Apply(s, ActionRequest{.action = a});
    EXPECT_TRUE(t.ok()) << ToString(a) << " in " << ToString(s.state) << ": " << t.status();
    if (!t.ok()) return s;
    s = t->next;
  }
  return s;
}

LifecycleState Complaint(std::vector<std::string> contents = {}) {
  return *Lifecycle::Start(CaseKind::kComplaint, 1, "", std::move(contents));
}
LifecycleState Denunciation(std::vector<std::string> contents = {}) {
  return *Lifecycle::Start(CaseKind::kDenunciation, 1, "", std::move(contents));
}

using A = CaseAction;
using S = CaseState;

TEST(LifecycleTest, RefusalNamesStateAndAction) {
  EXPECT_THAT(Lifecycle::Apply(Complaint(), {.action = A::kDecide}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot decide a complaint in state received")));
}

TEST(LifecycleTest, ComplaintRoundOneFromReceiptToClosure) {
  LifecycleState s =
      Walk(Complaint(), {A::kRegister, A::kAccept, A::kStartVerification, A::kHoldDialogue,
                         A::kDecide, A::kDispatch, A::kBecomeEffective, A::kEnforce, A::kClose});
  EXPECT_EQ(s.state, S::kClosed);
}

TEST(LifecycleTest, DenunciationFromReceiptToClosure) {
  LifecycleState s =
      Walk(Denunciation(), {A::kRegister, A::kAccept, A::kStartVerification, A::kConclude,
                            A::kDispatch, A::kHandle, A::kPublish, A::kClose});
  EXPECT_EQ(s.state, S::kClosed);
}

TEST(LifecycleTest, PetitionsAreAnswered) {
  auto p = Lifecycle::Start(CaseKind::kPetition, 1);
  ASSERT_OK(p.status());
  EXPECT_EQ(Walk(*p, {A::kRegister, A::kAccept, A::kAnswer, A::kDispatch, A::kClose}).state,
            S::kClosed);
  auto v = Lifecycle::Start(CaseKind::kVoterPetition, 1);
  ASSERT_OK(v.status());
  EXPECT_EQ(Walk(*v, {A::kRegister, A::kAccept, A::kAnswer, A::kClose}).state, S::kClosed);
}

// Law 136/2025 (new Art. 11a), Denunciations Law Art. 34: resume returns where it stopped.
TEST(LifecycleTest, ResumeReturnsToTheStateSuspendedIn) {
  for (CaseKind kind : {CaseKind::kComplaint, CaseKind::kDenunciation}) {
    LifecycleState s = Walk(*Lifecycle::Start(kind, 1),
                            {A::kRegister, A::kAccept, A::kStartVerification, A::kSuspend});
    EXPECT_EQ(s.state, S::kSuspended);
    EXPECT_EQ(s.state_before_suspension, S::kVerifying);
    EXPECT_THAT(Lifecycle::Apply(s, {.action = A::kConclude}),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("state suspended")));
    auto t = Lifecycle::Apply(s, {.action = A::kResume});
    ASSERT_OK(t.status());
    EXPECT_EQ(t->to, S::kVerifying);
    EXPECT_EQ(t->next.state, S::kVerifying);
    EXPECT_FALSE(t->next.state_before_suspension.has_value());
  }
}

TEST(LifecycleTest, ResumeOnlyFromSuspended) {
  LifecycleState s = Walk(Complaint(), {A::kRegister, A::kAccept});
  EXPECT_THAT(Lifecycle::Apply(s, {.action = A::kResume}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot resume a complaint in state accepted")));
}

// Complaints Law Art. 2(3), 10 as amended: partial withdrawal continues the rest.
TEST(LifecycleTest, PartialWithdrawalKeepsTheRestOpen) {
  LifecycleState s = Walk(Complaint({"land price", "compensation", "resettlement"}),
                          {A::kRegister, A::kAccept, A::kStartVerification});
  auto t = Lifecycle::Apply(s, {.action = A::kWithdrawPartially, .contents = {"land price"}});
  ASSERT_OK(t.status());
  EXPECT_EQ(t->next.state, S::kVerifying);
  EXPECT_THAT(t->next.remaining_contents, ElementsAre("compensation", "resettlement"));
  EXPECT_THAT(t->next.withdrawn_contents, ElementsAre("land price"));
  EXPECT_THAT(t->note, HasSubstr("continues with"));
}

TEST(LifecycleTest, WithdrawingTheLastContentTerminatesAComplaint) {
  LifecycleState s = Walk(Complaint({"land price", "compensation"}), {A::kRegister, A::kAccept});
  auto t = Lifecycle::Apply(
      s, {.action = A::kWithdrawPartially, .contents = {"land price", "compensation"}});
  ASSERT_OK(t.status());
  EXPECT_EQ(t->to, S::kTerminated);
  EXPECT_THAT(t->next.remaining_contents, IsEmpty());
  EXPECT_THAT(t->note, HasSubstr("last content"));
  // Before acceptance the letter is simply withdrawn.
  s = Walk(Complaint({"land price"}), {A::kRegister});
  t = Lifecycle::Apply(s, {.action = A::kWithdrawPartially, .contents = {"land price"}});
  ASSERT_OK(t.status());
  EXPECT_EQ(t->to, S::kWithdrawn);
}

TEST(LifecycleTest, PartialWithdrawalValidatesContents) {
  LifecycleState s = Walk(Complaint({"land price"}), {A::kRegister});
  EXPECT_THAT(Lifecycle::Apply(s, {.action = A::kWithdrawPartially, .contents = {"tax"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"tax\"")));
  EXPECT_THAT(Lifecycle::Apply(s, {.action = A::kWithdrawPartially}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Lifecycle::Apply(Walk(Complaint(), {A::kRegister}),
                               {.action = A::kWithdrawPartially, .contents = {"x"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not track")));
}

TEST(LifecycleTest, FullWithdrawalOfAComplaintTerminatesIt) {
  LifecycleState s = Walk(
      Complaint(), {A::kRegister, A::kAccept, A::kStartVerification, A::kSuspend, A::kWithdraw});
  EXPECT_EQ(s.state, S::kTerminated);
  EXPECT_FALSE(s.state_before_suspension.has_value());
  // Signs of violation do not keep a complaint alive: it is the filer's own right.
  auto t = Lifecycle::Apply(Walk(Complaint(), {A::kRegister, A::kAccept}),
                            {.action = A::kWithdraw, .violation_signs = true});
  ASSERT_OK(t.status());
  EXPECT_EQ(t->to, S::kTerminated);
}

// Denunciations Law Art. 33; Decree 31/2019 Art. 4.
TEST(LifecycleTest, WithdrawnDenunciationIsStillResolvedOnSignsOfViolation) {
  LifecycleState s =
      Walk(Denunciation({"bribery"}), {A::kRegister, A::kAccept, A::kStartVerification});
  auto t = Lifecycle::Apply(s, {.action = A::kWithdraw, .violation_signs = true});
  ASSERT_OK(t.status());
  EXPECT_EQ(t->to, S::kVerifying);
  EXPECT_TRUE(t->next.resolved_despite_withdrawal);
  EXPECT_THAT(t->next.withdrawn_contents, ElementsAre("bribery"));
  EXPECT_EQ(Walk(t->next, {A::kConclude}).state, S::kConcluded);

  auto plain = Lifecycle::Apply(s, {.action = A::kWithdraw});
  ASSERT_OK(plain.status());
  EXPECT_EQ(plain->to, S::kTerminated);
  EXPECT_FALSE(plain->next.resolved_despite_withdrawal);
}

// Complaints Law Art. 33: a round-2 complaint continues a round-1 case.
TEST(LifecycleTest, RoundTwoComplaintMustCarryTheRoundOneReference) {
  EXPECT_THAT(Lifecycle::Start(CaseKind::kComplaint, 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("round-1 case reference")));
  auto r2 = Lifecycle::Start(CaseKind::kComplaint, 2, "KN-2026-0042");
  ASSERT_OK(r2.status());
  EXPECT_EQ(r2->round_one_case_ref, "KN-2026-0042");
  LifecycleState broken = *r2;
  broken.round_one_case_ref.clear();
  EXPECT_THAT(Lifecycle::Apply(broken, {.action = A::kRegister}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Lifecycle::Start(CaseKind::kComplaint, 3),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Lifecycle::Start(CaseKind::kDenunciation, 2, "X"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Lifecycle::Start(CaseKind::kComplaint, 1, "X"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(LifecycleTest, SecondComplaintFromDecisionOrExpiredPeriodOnly) {
  LifecycleState decided = Walk(Complaint(), {A::kRegister, A::kAccept, A::kDecide});
  auto t = Lifecycle::Apply(decided, {.action = A::kSecondComplaint});
  ASSERT_OK(t.status());
  EXPECT_EQ(t->to, S::kSecondComplaint);
  EXPECT_TRUE(t->opens_round_two);

  LifecycleState verifying = Walk(Complaint(), {A::kRegister, A::kAccept, A::kStartVerification});
  EXPECT_THAT(Lifecycle::Apply(verifying, {.action = A::kSecondComplaint}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("expired unresolved")));
  auto expired = Lifecycle::Apply(
      verifying, {.action = A::kSecondComplaint, .period_expired_unresolved = true});
  ASSERT_OK(expired.status());
  EXPECT_TRUE(expired->opens_round_two);

  EXPECT_THAT(Lifecycle::Apply(Walk(Complaint(), {A::kRegister}),
                               {.action = A::kSecondComplaint, .period_expired_unresolved = true}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(LifecycleTest, RoundTwoDecisionNeedsDialogueAndIsPublished) {
  LifecycleState s = *Lifecycle::Start(CaseKind::kComplaint, 2, "KN-1");
  s = Walk(s, {A::kRegister, A::kAccept, A::kStartVerification});
  EXPECT_THAT(Lifecycle::Apply(s, {.action = A::kDecide}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot decide a round-2 complaint in state verifying")));
  s = Walk(s, {A::kHoldDialogue, A::kDecide, A::kPublish, A::kDispatch, A::kBecomeEffective});
  EXPECT_EQ(s.state, S::kEffective);
}

// Denunciations Law Art. 30(1); Decree 31/2019 Art. 3.
TEST(LifecycleTest, DenunciationExtensionsFollowComplexity) {
  struct Case {
    std::optional<Complexity> complexity;
    int allowed;
  };
  for (Case c : {Case{std::nullopt, 0}, Case{Complexity::kComplex, 1},
                 Case{Complexity::kEspeciallyComplex, 2}}) {
    LifecycleState s = Walk(Denunciation(), {A::kRegister});
    auto accepted = Lifecycle::Apply(s, {.action = A::kAccept, .complexity = c.complexity});
    ASSERT_OK(accepted.status());
    s = accepted->next;
    for (int i = 0; i < c.allowed; ++i) {
      auto t = Lifecycle::Apply(s, {.action = A::kExtend});
      ASSERT_OK(t.status());
      s = t->next;
    }
    EXPECT_EQ(s.extension_count, c.allowed);
    EXPECT_THAT(Lifecycle::Apply(s, {.action = A::kExtend}),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("at most")));
  }
}

// Denunciations Law Art. 37.
TEST(LifecycleTest, FurtherDenunciationOnlyAfterConclusion) {
  LifecycleState verifying =
      Walk(Denunciation(), {A::kRegister, A::kAccept, A::kStartVerification});
  EXPECT_THAT(Lifecycle::Apply(verifying, {.action = A::kFurtherDenunciation}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  LifecycleState published = Walk(verifying, {A::kConclude, A::kHandle, A::kPublish});
  auto t = Lifecycle::Apply(published, {.action = A::kFurtherDenunciation});
  ASSERT_OK(t.status());
  EXPECT_EQ(t->next.state, S::kFurtherReview);

  auto refused = Lifecycle::Apply(t->next, {.action = A::kRefuse});
  ASSERT_OK(refused.status());
  EXPECT_EQ(refused->next.state, S::kPublished);

  auto retaken = Lifecycle::Apply(t->next, {.action = A::kAccept});
  ASSERT_OK(retaken.status());
  EXPECT_EQ(retaken->next.state, S::kAccepted);
  EXPECT_FALSE(retaken->next.state_before_review.has_value());
  auto overdue =
      Lifecycle::Apply(Walk(Denunciation(), {A::kRegister, A::kAccept}),
                       {.action = A::kFurtherDenunciation, .period_expired_unresolved = true});
  ASSERT_OK(overdue.status());
  EXPECT_EQ(overdue->next.state, S::kFurtherReview);
}

TEST(LifecycleTest, OfferedActionsFollowTheTable) {
  EXPECT_THAT(Lifecycle::OfferedActions(Complaint()),
              ElementsAre(A::kRegister, A::kWithdraw, A::kWithdrawPartially));
  LifecycleState closed = Complaint();
  closed.state = S::kClosed;
  EXPECT_THAT(Lifecycle::OfferedActions(closed), IsEmpty());
}

}  // namespace
}  // namespace civicase::domain
