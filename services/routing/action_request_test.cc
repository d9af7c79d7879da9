#include "services/routing/action_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/base/status_matchers.h"

namespace civicase::routing {
namespace {

using civicase::testing::StatusIs;
using ::testing::HasSubstr;

class ActionRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = domain::Directory::LoadDefault();
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    directory_ = std::make_unique<domain::Directory>(*std::move(loaded));
  }

  v1::ApplyActionRequest Request(const std::string& action) {
    v1::ApplyActionRequest r;
    r.set_case_ref("KN-2026-000001");
    r.set_action(action);
    return r;
  }

  const domain::Date today_{2026, 3, 2};
  std::unique_ptr<domain::Directory> directory_;
};

TEST_F(ActionRequestTest, NamesTheMissingCaseRefAndAction) {
  v1::ApplyActionRequest r = Request("accept");
  r.clear_case_ref();
  EXPECT_THAT(CommandFrom(r, *directory_, today_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("case_ref")));
  EXPECT_THAT(CommandFrom(Request("  "), *directory_, today_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("action: required")));
  r = Request("accept");
  r.set_expected_version(-1);
  EXPECT_THAT(CommandFrom(r, *directory_, today_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expected_version")));
}

TEST_F(ActionRequestTest, RefusesAUnitMissingFromTheDirectoryOrCeased) {
  v1::ApplyActionRequest r = Request("transfer");
  r.set_to_unit("hanoi.nowhere.pc");
  EXPECT_THAT(CommandFrom(r, *directory_, today_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("to_unit")));
  // The old district ceased on 2025-06-30: not a unit one can transfer to in 2026.
  r.set_to_unit("hanoi.old.dongda.pc");
  EXPECT_THAT(CommandFrom(r, *directory_, today_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("to_unit")));
  r.set_to_unit("hanoi.kimlien.pc");
  auto command = CommandFrom(r, *directory_, today_);
  ASSERT_OK(command);
  EXPECT_EQ(command->requested.to_unit(), "hanoi.kimlien.pc");
  EXPECT_EQ(command->requested.action(), "transfer");
}

TEST_F(ActionRequestTest, SuspensionAndResumptionDefaultToToday) {
  v1::ApplyActionRequest r = Request("Suspend");
  r.set_reason("awaiting the court's ruling");
  auto command = CommandFrom(r, *directory_, today_);
  ASSERT_OK(command);
  EXPECT_EQ(command->requested.action(), "suspend");
  EXPECT_EQ(command->requested.suspension().from(), "2026-03-02");

  r = Request("resume");
  r.mutable_suspension()->set_to("2026-04-01");
  command = CommandFrom(r, *directory_, today_);
  ASSERT_OK(command);
  EXPECT_EQ(command->requested.suspension().to(), "2026-04-01");
}

TEST_F(ActionRequestTest, CarriesEveryFieldAndFlag) {
  v1::ApplyActionRequest r = Request("withdraw");
  r.add_contents("land price");
  r.set_violation_signs(true);
  r.set_period_expired_unresolved(true);
  r.mutable_document()->set_number("12/QĐ-UBND");
  r.set_outcome("right");
  r.set_complexity("complex");
  auto command = CommandFrom(r, *directory_, today_);
  ASSERT_OK(command);
  EXPECT_TRUE(command->violation_signs);
  EXPECT_TRUE(command->period_expired_unresolved);
  EXPECT_THAT(command->requested.contents(), ::testing::ElementsAre("land price"));
  EXPECT_EQ(command->requested.document().number(), "12/QĐ-UBND");
  EXPECT_EQ(command->requested.outcome(), "right");
  EXPECT_EQ(command->requested.complexity(), "complex");
}

}  // namespace
}  // namespace civicase::routing
