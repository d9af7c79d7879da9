#include "services/domain/case/case_merge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "services/domain/case/case_actions.h"
#include "services/domain/case/case_aggregate.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::Case;
using civicase::v1::CaseEvent;
using ::testing::HasSubstr;

Case Registered(const std::string& id, civicase::v1::CaseKind kind, const std::string& unit) {
  CaseEvent e;
  e.set_case_id(id);
  e.set_version(1);
  e.mutable_registered()->set_reference("REF-" + id);
  auto* r = e.mutable_registered()->mutable_registration();
  r->set_kind(kind);
  r->set_receiving_unit(unit);
  r->set_received_date("2026-02-12");
  auto c = Apply(Case(), e);
  EXPECT_OK(c.status());
  return *c;
}

absl::StatusOr<Case> Append(const Case& c, const civicase::v1::StateChanged& change) {
  CaseEvent e;
  e.set_case_id(c.case_id());
  e.set_version(c.version() + 1);
  *e.mutable_state_changed() = change;
  return Apply(c, e);
}

// Merges a into b as the store does: decide, then apply both events.
absl::Status Merge(Case& a, Case& b, bool unmerge = false) {
  auto d = unmerge ? DecideUnmerge(a, b, "same letter") : DecideMerge(a, b, "same letter");
  if (!d.ok()) return d.status();
  auto next_a = Append(a, d->duplicate);
  if (!next_a.ok()) return next_a.status();
  auto next_b = Append(b, d->target);
  if (!next_b.ok()) return next_b.status();
  a = *next_a;
  b = *next_b;
  return absl::OkStatus();
}

TEST(CaseMergeTest, MergeLinksBothCasesAndUnmergeRestoresThem) {
  Case a = Registered("a", civicase::v1::COMPLAINT, "hanoi.kimlien.pc");
  Case b = Registered("b", civicase::v1::COMPLAINT, "hanoi.dongda.pc");
  const Case a_before = a;
  const Case b_before = b;
  ASSERT_OK(Merge(a, b));
  EXPECT_EQ(a.merged_into(), "REF-b");
  EXPECT_THAT(b.merged_cases(), ::testing::ElementsAre("REF-a"));
  // A keeps where it came from and its state.
  EXPECT_EQ(a.registration().receiving_unit(), "hanoi.kimlien.pc");
  EXPECT_EQ(a.state(), a_before.state());
  EXPECT_FALSE(IsWorkedSeparately(a));
  EXPECT_TRUE(IsWorkedSeparately(b));

  ASSERT_OK(Merge(a, b, /*unmerge=*/true));
  EXPECT_EQ(a.merged_into(), "");
  EXPECT_TRUE(b.merged_cases().empty());
  EXPECT_EQ(a.state(), a_before.state());
  EXPECT_EQ(b.state(), b_before.state());
  EXPECT_TRUE(IsWorkedSeparately(a));
}

TEST(CaseMergeTest, EventsCarryTheLegalBasis) {
  Case a = Registered("a", civicase::v1::DENUNCIATION, "u");
  Case b = Registered("b", civicase::v1::DENUNCIATION, "u");
  auto d = DecideMerge(a, b, "sent to several bodies");
  ASSERT_OK(d.status());
  EXPECT_THAT(d->duplicate.legal_basis(), HasSubstr("Law on Denunciations Art. 24(3)"));
  EXPECT_THAT(d->duplicate.legal_basis(), HasSubstr("Circular 05/2021"));
  EXPECT_EQ(d->duplicate.action(), kMerge);
  EXPECT_EQ(d->target.action(), kReceiveMerged);
  EXPECT_EQ(d->duplicate.linked_case(), "REF-b");
  EXPECT_EQ(d->target.linked_case(), "REF-a");
  Case c = Registered("c", civicase::v1::COMPLAINT, "u");
  Case e = Registered("e", civicase::v1::COMPLAINT, "u");
  auto complaint = DecideMerge(c, e, "same");
  ASSERT_OK(complaint.status());
  EXPECT_THAT(complaint->duplicate.legal_basis(), ::testing::Not(HasSubstr("Denunciations")));
}

struct Refusal {
  std::string name;
  // Prepares (a, b) for a merge of a into b.
  std::function<void(Case& a, Case& b)> setup;
  absl::StatusCode code;
  std::string message;
};

TEST(CaseMergeTest, RefusalsNameTheProblem) {
  auto close = [](Case& c) { c.set_state(civicase::v1::CLOSED); };
  const std::vector<Refusal> table = {
      {"into itself", [](Case& a, Case& b) { b = a; }, absl::StatusCode::kInvalidArgument,
       "into_ref: a case cannot be merged into itself"},
      {"target closed", [&](Case&, Case& b) { close(b); }, absl::StatusCode::kFailedPrecondition,
       "cannot merge into REF-b: it is closed (state closed)"},
      {"target filed", [](Case&, Case& b) { b.set_state(civicase::v1::FILED); },
       absl::StatusCode::kFailedPrecondition, "it is closed (state filed)"},
      {"duplicate finished", [&](Case& a, Case&) { close(a); },
       absl::StatusCode::kFailedPrecondition, "cannot merge REF-a: it is closed"},
      {"target itself merged", [](Case&, Case& b) { b.set_merged_into("REF-z"); },
       absl::StatusCode::kFailedPrecondition, "it is itself merged into REF-z"},
      {"already merged", [](Case& a, Case&) { a.set_merged_into("REF-z"); },
       absl::StatusCode::kFailedPrecondition, "already merged into REF-z"},
      {"holds merged cases", [](Case& a, Case&) { a.add_merged_cases("REF-y"); },
       absl::StatusCode::kFailedPrecondition, "holds merged cases (REF-y)"},
      {"transfer pending", [](Case& a, Case&) { a.set_state(civicase::v1::TRANSFERRED); },
       absl::StatusCode::kFailedPrecondition, "a transfer is pending"},
      {"kinds differ", [](Case&, Case& b) { b.set_kind(civicase::v1::PETITION); },
       absl::StatusCode::kFailedPrecondition, "the kinds differ"},
  };
  for (const Refusal& row : table) {
    SCOPED_TRACE(row.name);
    Case a = Registered("a", civicase::v1::COMPLAINT, "u");
    Case b = Registered("b", civicase::v1::COMPLAINT, "u");
    row.setup(a, b);
    EXPECT_THAT(DecideMerge(a, b, "same letter"), StatusIs(row.code, HasSubstr(row.message)));
  }
  Case a = Registered("a", civicase::v1::COMPLAINT, "u");
  Case b = Registered("b", civicase::v1::COMPLAINT, "u");
  EXPECT_THAT(DecideMerge(a, b, "  "),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason: required")));
}

TEST(CaseMergeTest, UnmergeOnlyFromTheCaseItIsMergedInto) {
  Case a = Registered("a", civicase::v1::COMPLAINT, "u");
  Case b = Registered("b", civicase::v1::COMPLAINT, "u");
  Case c = Registered("c", civicase::v1::COMPLAINT, "u");
  EXPECT_THAT(DecideUnmerge(a, b, "mistake"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not merged into any")));
  ASSERT_OK(Merge(a, b));
  EXPECT_THAT(DecideUnmerge(a, c, "mistake"), StatusIs(absl::StatusCode::kFailedPrecondition,
                                                       HasSubstr("merged into REF-b, not REF-c")));
  EXPECT_THAT(DecideUnmerge(a, b, ""), StatusIs(absl::StatusCode::kInvalidArgument,
                                                HasSubstr("reason: required to unmerge")));
}

TEST(CaseMergeTest, AMergedCaseRefusesEveryOtherAction) {
  Case a = Registered("a", civicase::v1::COMPLAINT, "u");
  Case b = Registered("b", civicase::v1::COMPLAINT, "u");
  ASSERT_OK(Merge(a, b));
  ActionCommand accept;
  accept.requested.set_action("accept");
  EXPECT_THAT(DecideAction(a, {}, accept),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("merged into REF-b")));
  // The store refuses a recorded change too.
  civicase::v1::StateChanged guide;
  guide.set_action("guide");
  guide.set_from(a.state());
  guide.set_to(civicase::v1::GUIDED);
  EXPECT_THAT(Append(a, guide),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("unmerge it first")));
  // ... and a forged merge event that does not match the snapshot.
  civicase::v1::StateChanged release;
  release.set_action(kReleaseMerged);
  release.set_from(b.state());
  release.set_to(b.state());
  release.set_linked_case("REF-x");
  EXPECT_THAT(Append(b, release),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("does not hold REF-x")));
}

}  // namespace
}  // namespace civicase::domain
