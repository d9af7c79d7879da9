#include "services/domain/case/reclassification.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/domain/case/case_actions.h"
#include "services/domain/case/case_aggregate.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::Case;
using civicase::v1::CaseKind;
using civicase::v1::CaseState;
using ::testing::HasSubstr;

Case Snapshot(CaseKind kind, CaseState state, bool sealed) {
  Case c;
  c.set_case_id("c1");
  c.set_reference("TC-2026-000001");
  c.set_version(2);
  c.set_kind(kind);
  c.set_state(state);
  c.set_identity_sealed(sealed);
  c.mutable_registration()->set_kind(kind);
  return c;
}

civicase::v1::StateChanged Request(CaseKind to_kind, const std::string& reason) {
  civicase::v1::StateChanged r;
  r.set_action(kReclassify);
  r.set_to_kind(to_kind);
  r.set_reason(reason);
  return r;
}

struct Row {
  std::string name;
  CaseKind kind;
  CaseState state;
  bool sealed;
  CaseKind to_kind;
  std::string reason;
  absl::StatusCode code;  // kOk = allowed
  std::string message;
};

// Circular 05/2021/TT-TTCP: letters are classified during processing; Denunciations Law
// Art. 8(3), 9: a denouncer's identity, once sealed, stays sealed.
TEST(ReclassificationTest, WhenALetterMayBecomeAnotherKind) {
  using civicase::v1::COMPLAINT;
  using civicase::v1::DENUNCIATION;
  using civicase::v1::PETITION;
  const std::vector<Row> table = {
      {"denunciation found to be a complaint", DENUNCIATION, civicase::v1::PROCESSING, true,
       COMPLAINT, "the writer asks to review a decision on his own land", absl::StatusCode::kOk,
       ""},
      {"denunciation found to be a petition, just received", DENUNCIATION, civicase::v1::RECEIVED,
       true, PETITION, "gives information only", absl::StatusCode::kOk, ""},
      {"complaint with filers marked confidential becomes a denunciation", COMPLAINT,
       civicase::v1::PROCESSING, true, DENUNCIATION, "reports a violation", absl::StatusCode::kOk,
       ""},
      {"complaint recorded in clear cannot become a denunciation", COMPLAINT,
       civicase::v1::PROCESSING, false, DENUNCIATION, "reports a violation",
       absl::StatusCode::kFailedPrecondition, "register the letter anew as a denunciation"},
      {"after acceptance the kind is settled", DENUNCIATION, civicase::v1::ACCEPTED, true,
       COMPLAINT, "late finding", absl::StatusCode::kFailedPrecondition, "in state accepted"},
      {"the same kind", PETITION, civicase::v1::PROCESSING, false, PETITION, "no change",
       absl::StatusCode::kInvalidArgument, "to_kind: the case is a petition already"},
      {"no kind", PETITION, civicase::v1::PROCESSING, false, civicase::v1::CASE_KIND_UNSPECIFIED,
       "why", absl::StatusCode::kInvalidArgument, "to_kind: required"},
      {"no reason", DENUNCIATION, civicase::v1::PROCESSING, true, COMPLAINT, " ",
       absl::StatusCode::kInvalidArgument, "reason: required"},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.name);
    const Case snapshot = Snapshot(row.kind, row.state, row.sealed);
    auto decided = DecideReclassify(snapshot, Request(row.to_kind, row.reason));
    if (row.code != absl::StatusCode::kOk) {
      EXPECT_THAT(decided, StatusIs(row.code, HasSubstr(row.message)));
      continue;
    }
    ASSERT_OK(decided);
    EXPECT_EQ(decided->from(), row.state);
    EXPECT_EQ(decided->to(), row.state);
    EXPECT_EQ(decided->to_kind(), row.to_kind);
    EXPECT_THAT(decided->legal_basis(), HasSubstr("Circular 05/2021"));
  }
}

TEST(ReclassificationTest, TheCaseChangesKindAndKeepsItsSealedIdentityAndRegistration) {
  Case snapshot = Snapshot(civicase::v1::DENUNCIATION, civicase::v1::PROCESSING, true);
  snapshot.mutable_registration()->add_filers()->set_pseudonym("Người tố cáo #1");
  ActionCommand command;
  command.requested = Request(civicase::v1::COMPLAINT, "about the writer's own rights");
  auto decided = DecideAction(snapshot, {}, command);
  ASSERT_OK(decided);
  civicase::v1::CaseEvent event;
  event.set_version(3);
  *event.mutable_state_changed() = decided->change;
  auto next = Apply(snapshot, event);
  ASSERT_OK(next);
  EXPECT_EQ(next->kind(), civicase::v1::COMPLAINT);
  EXPECT_EQ(next->state(), civicase::v1::PROCESSING);
  EXPECT_EQ(next->registration().kind(), civicase::v1::DENUNCIATION);  // where it came from
  EXPECT_TRUE(next->identity_sealed());
  EXPECT_EQ(next->registration().filers(0).pseudonym(), "Người tố cáo #1");

  // A forged event (from the store's point of view) is refused by the fold too.
  civicase::v1::CaseEvent forged = event;
  forged.mutable_state_changed()->set_to_kind(civicase::v1::DENUNCIATION);
  EXPECT_THAT(Apply(snapshot, forged), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace civicase::domain
