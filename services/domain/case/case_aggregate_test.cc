#include "services/domain/case/case_aggregate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::IsOkAndHolds;
using civicase::testing::StatusIs;
using civicase::v1::Case;
using civicase::v1::CaseEvent;

CaseEvent Registered() {
  CaseEvent e;
  e.set_case_id("c1");
  e.set_version(1);
  auto* reg = e.mutable_registered();
  reg->set_reference("KN-2026-000001");
  reg->mutable_registration()->set_kind(civicase::v1::COMPLAINT);
  reg->mutable_registration()->set_receiving_unit("hanoi.dongda.pc");
  return e;
}

TEST(CaseAggregateTest, RegistrationStartsACase) {
  auto c = Apply(Case(), Registered());
  ASSERT_OK(c);
  EXPECT_EQ(c->reference(), "KN-2026-000001");
  EXPECT_EQ(c->state(), civicase::v1::RECEIVED);
  EXPECT_EQ(c->version(), 1);
  EXPECT_EQ(c->current_unit(), "hanoi.dongda.pc");
}

// A store that keeps the registration only in the first event gets, by attaching it, the case
// Apply produced, erased identities included.
TEST(CaseAggregateTest, AttachingTheFirstEventsRegistrationGivesTheAppliedCase) {
  CaseEvent first = Registered();
  first.mutable_registered()->mutable_registration()->add_filers()->set_sealed_identity("blob");
  const Case registered = *Apply(Case(), first);
  CaseEvent erase;
  erase.set_version(2);
  erase.mutable_identity_erased();
  const Case erased = *Apply(registered, erase);
  ASSERT_TRUE(erased.registration().filers(0).sealed_identity().empty());

  for (const Case& applied : {registered, erased}) {
    Case stored = applied;
    stored.clear_registration();
    AttachRegistration(stored, first.registered().registration());
    EXPECT_EQ(stored.SerializeAsString(), applied.SerializeAsString()) << applied.version();
  }
}

TEST(CaseAggregateTest, CannotRegisterTwiceOrActBeforeRegistration) {
  auto c = Apply(Case(), Registered());
  ASSERT_OK(c);
  CaseEvent again = Registered();
  again.set_version(2);
  EXPECT_THAT(Apply(*c, again), StatusIs(absl::StatusCode::kFailedPrecondition));

  CaseEvent routing;
  routing.set_version(1);
  routing.mutable_routing_proposed();
  EXPECT_THAT(Apply(Case(), routing), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(CaseAggregateTest, RoutingStartsProcessingAndClocksReplaceByRule) {
  Case c = *Apply(Case(), Registered());
  CaseEvent routing;
  routing.set_version(2);
  routing.mutable_routing_proposed()->mutable_competence()->set_resolver_unit("hanoi.dongda.pc");
  c = *Apply(c, routing);
  EXPECT_EQ(c.state(), civicase::v1::PROCESSING);
  EXPECT_EQ(c.proposed_competence().resolver_unit(), "hanoi.dongda.pc");

  for (const char* due : {"2026-12-10", "2026-12-11"}) {
    CaseEvent clock;
    clock.set_version(c.version() + 1);
    clock.mutable_deadline_set()->mutable_due()->set_rule_id("complaint.acceptance");
    clock.mutable_deadline_set()->mutable_due()->set_due_date(due);
    c = *Apply(c, clock);
  }
  ASSERT_EQ(c.clocks_size(), 1);
  EXPECT_EQ(c.clocks(0).due_date(), "2026-12-11");
}

TEST(CaseAggregateTest, StateChangeMustStartFromTheCurrentState) {
  Case c = *Apply(Case(), Registered());
  CaseEvent change;
  change.set_version(2);
  change.mutable_state_changed()->set_from(civicase::v1::VERIFYING);
  change.mutable_state_changed()->set_to(civicase::v1::DECIDED);
  EXPECT_THAT(Apply(c, change), StatusIs(absl::StatusCode::kFailedPrecondition));
  change.mutable_state_changed()->set_from(civicase::v1::RECEIVED);
  change.mutable_state_changed()->set_to(civicase::v1::DECIDED);
  change.mutable_state_changed()->set_action("decide");
  // Complaints Law Art. 27-31: no decision before acceptance and verification.
  EXPECT_THAT(Apply(c, change), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(CaseAggregateTest, StateChangesFollowTheLifecycleTable) {
  Case c = *Apply(Case(), Registered());
  c.mutable_registration()->set_round(1);
  CaseEvent change;
  change.set_version(2);
  change.mutable_state_changed()->set_from(civicase::v1::RECEIVED);
  change.mutable_state_changed()->set_to(civicase::v1::PROCESSING);
  change.mutable_state_changed()->set_action("no_such_action");
  EXPECT_THAT(Apply(c, change), StatusIs(absl::StatusCode::kInvalidArgument));
  change.mutable_state_changed()->set_action("withdraw");
  change.mutable_state_changed()->set_to(civicase::v1::WITHDRAWN);
  // Lifecycle table: a complaint withdrawn before acceptance is withdrawn (Art. 10).
  EXPECT_THAT(Apply(c, change),
              IsOkAndHolds(::testing::Property(&Case::state, civicase::v1::WITHDRAWN)));
}

}  // namespace
}  // namespace civicase::domain
