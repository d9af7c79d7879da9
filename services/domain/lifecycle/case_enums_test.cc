#include "services/domain/lifecycle/case_enums.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace civicase::domain {
namespace {

TEST(CaseEnumsTest, EveryNameRoundTripsAndIsUniqueSnakeCase) {
  std::set<std::string_view> seen;
  auto check_name = [&](std::string_view name) {
    EXPECT_FALSE(name.empty());
    EXPECT_NE(name, "invalid");
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos)
        << name;
  };
  for (CaseKind k : AllCaseKinds()) {
    check_name(ToString(k));
    EXPECT_EQ(ParseCaseKind(ToString(k)), k);
  }
  for (CaseState s : AllCaseStates()) {
    check_name(ToString(s));
    EXPECT_TRUE(seen.insert(ToString(s)).second) << ToString(s);
    EXPECT_EQ(ParseCaseState(ToString(s)), s);
  }
  seen.clear();
  for (CaseAction a : AllCaseActions()) {
    check_name(ToString(a));
    EXPECT_TRUE(seen.insert(ToString(a)).second) << ToString(a);
    EXPECT_EQ(ParseCaseAction(ToString(a)), a);
  }
  for (Complexity c : {Complexity::kNormal, Complexity::kComplex, Complexity::kEspeciallyComplex}) {
    EXPECT_EQ(ParseComplexity(ToString(c)), c);
  }
  EXPECT_EQ(AllCaseStates().size(), 26u);
  EXPECT_EQ(AllCaseActions().size(), 29u);
}

TEST(CaseEnumsTest, KnownNames) {
  EXPECT_EQ(ToString(CaseKind::kVoterPetition), "voter_petition");
  EXPECT_EQ(ToString(CaseState::kNotAccepted), "not_accepted");
  EXPECT_EQ(ToString(CaseAction::kReturnToForwarder), "return_to_forwarder");
  EXPECT_EQ(ParseCaseState("accepted"), CaseState::kAccepted);
}

TEST(CaseEnumsTest, ParseRejectsNearMisses) {
  for (const char* bad : {"", "Accepted", "accepted ", "ACCEPTED", "not-accepted", "decide"}) {
    EXPECT_FALSE(ParseCaseState(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseCaseKind("Complaint").has_value());
  EXPECT_FALSE(ParseCaseAction("withdraw-partially").has_value());
}

TEST(CaseEnumsTest, TerminalStates) {
  for (CaseState s : {CaseState::kClosed, CaseState::kTerminated, CaseState::kWithdrawn,
                      CaseState::kLawsuit, CaseState::kSecondComplaint, CaseState::kGuided}) {
    EXPECT_TRUE(IsTerminal(s)) << ToString(s);
  }
  for (CaseState s : {CaseState::kReceived, CaseState::kSuspended, CaseState::kDecided,
                      CaseState::kEffective, CaseState::kAnswered, CaseState::kFurtherReview}) {
    EXPECT_FALSE(IsTerminal(s)) << ToString(s);
  }
}

}  // namespace
}  // namespace civicase::domain
