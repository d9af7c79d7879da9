// Table tests: every allowed transition of every kind, written out from the law (spec sections
// 4-6), checked against Lifecycle::Apply; and the table must contain nothing more.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "services/domain/lifecycle/lifecycle.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

// One row per allowed transition. `from` may list several states separated by '|'; round 0
// means both rounds. `to` "=" means the state does not change; "<prev>" means back to the
// state before suspension / review (the test uses accepted / concluded). `article` must
// appear in the legal basis the transition reports.
struct Row {
  const char* kind;
  int round;
  const char* from;
  const char* action;
  const char* to;
  const char* article;
};

constexpr Row kExpected[] = {
    // Complaint: letter processing (Circular 05/2021), acceptance (Art. 27, 36).
    {"complaint", 0, "received", "register", "processing", "Circular 05/2021"},
    {"complaint", 0, "processing", "propose_acceptance", "=", "Circular 05/2021"},
    {"complaint", 1, "processing", "accept", "accepted", "Art. 27"},
    {"complaint", 2, "processing", "accept", "accepted", "Art. 36"},
    {"complaint", 0, "processing", "refuse", "not_accepted", "Art. 11"},
    {"complaint", 0, "processing", "guide", "guided", "guide once"},
    {"complaint", 0, "processing", "transfer", "transferred", "Circular 05/2021"},
    {"complaint", 0, "processing", "return_to_forwarder", "returned", "Circular 05/2021"},
    {"complaint", 0, "processing", "file_away", "filed", "Circular 05/2021"},
    {"complaint", 0, "processing", "to_police", "to_police", "crime"},
    // Verification (Art. 29, 38), dialogue (Art. 30; mandatory in round 2, Art. 39).
    {"complaint", 1, "accepted", "start_verification", "verifying", "Art. 29"},
    {"complaint", 2, "accepted", "start_verification", "verifying", "Art. 38"},
    {"complaint", 1, "verifying", "hold_dialogue", "dialogue", "Art. 30"},
    {"complaint", 2, "verifying", "hold_dialogue", "dialogue", "Art. 39"},
    // Decision (Art. 31 round 1, Art. 40 round 2 only after dialogue).
    {"complaint", 1, "accepted|verifying|dialogue", "decide", "decided", "Art. 31"},
    {"complaint", 2, "dialogue", "decide", "decided", "Art. 40"},
    {"complaint", 1, "decided", "dispatch", "=", "Art. 32"},
    {"complaint", 2, "decided", "dispatch", "=", "Art. 41(1)"},
    {"complaint", 2, "decided", "publish", "=", "Art. 41"},
    // Second complaint (Art. 33), lawsuit (Art. 33, 42; APL Art. 116), effect (Art. 44).
    {"complaint", 1, "decided", "second_complaint", "second_complaint", "Art. 33"},
    {"complaint", 1, "accepted|verifying|dialogue", "second_complaint", "second_complaint",
     "Art. 33(1)"},
    {"complaint", 0, "decided", "sue", "lawsuit", "Art. 116"},
    {"complaint", 0, "accepted|verifying|dialogue", "sue", "lawsuit", "Art. 33(1), 42(1)"},
    {"complaint", 0, "decided", "become_effective", "effective", "Art. 44"},
    {"complaint", 0, "effective", "enforce", "enforcing", "Art. 45"},
    {"complaint", 0, "effective|enforcing", "close", "closed", "Art. 45"},
    // Suspension (new Art. 11a, Law 136/2025), termination, withdrawal (Art. 10).
    {"complaint", 0, "accepted|verifying|dialogue", "suspend", "suspended", "Art. 11a"},
    {"complaint", 0, "suspended", "resume", "<prev>", "Art. 11a"},
    {"complaint", 0, "accepted|verifying|dialogue|suspended", "terminate", "terminated",
     "termination"},
    {"complaint", 0, "received|processing", "withdraw", "withdrawn", "Art. 10"},
    {"complaint", 0, "accepted|verifying|dialogue|suspended", "withdraw", "terminated", "Art. 10"},
    {"complaint", 0, "received|processing|accepted|verifying|dialogue|suspended",
     "withdraw_partially", "=", "Art. 2(3), 10"},

    // Denunciation (Law 25/2018): processing Art. 24-27, acceptance Art. 29.
    {"denunciation", 1, "received", "register", "processing", "Art. 24(1)"},
    {"denunciation", 1, "processing", "propose_acceptance", "=", "Art. 24"},
    {"denunciation", 1, "processing", "accept", "accepted", "Art. 29"},
    {"denunciation", 1, "processing", "refuse", "not_accepted", "Art. 29(1)"},
    {"denunciation", 1, "processing", "transfer", "transferred", "Art. 24(2)"},
    {"denunciation", 1, "processing", "return_to_forwarder", "returned", "Circular 05/2021"},
    {"denunciation", 1, "processing", "file_away", "not_processed", "Art. 24(3), 25"},
    {"denunciation", 1, "processing|accepted|verifying", "to_police", "to_police", "Art. 27"},
    // Verification Art. 31-32, conclusion Art. 35, handling Art. 36, publication Art. 40.
    {"denunciation", 1, "accepted", "start_verification", "verifying", "Art. 31-32"},
    {"denunciation", 1, "verifying", "conclude", "concluded", "Art. 35"},
    {"denunciation", 1, "concluded", "dispatch", "=", "Art. 35(2)"},
    {"denunciation", 1, "concluded", "handle", "handled", "Art. 36"},
    {"denunciation", 1, "handled", "publish", "published", "Art. 40"},
    {"denunciation", 1, "published", "close", "closed", "Art. 39"},
    // Further denunciation (Art. 37), extension (Art. 30), suspension/termination (Art. 34).
    {"denunciation", 1, "concluded|handled|published", "further_denunciation", "further_review",
     "Art. 37"},
    {"denunciation", 1, "accepted|verifying", "further_denunciation", "further_review", "Art. 37"},
    {"denunciation", 1, "further_review", "accept", "accepted", "Art. 37"},
    {"denunciation", 1, "further_review", "refuse", "<prev>", "Art. 37"},
    {"denunciation", 1, "accepted|verifying", "extend", "=", "Art. 30(1)"},
    {"denunciation", 1, "accepted|verifying", "suspend", "suspended", "Art. 34"},
    {"denunciation", 1, "suspended", "resume", "<prev>", "Art. 34"},
    {"denunciation", 1, "accepted|verifying|suspended", "terminate", "terminated", "Art. 34"},
    {"denunciation", 1, "received|processing", "withdraw", "withdrawn", "Art. 33"},
    {"denunciation", 1, "accepted|verifying|suspended", "withdraw", "terminated", "Art. 33"},
    {"denunciation", 1, "received|processing|accepted|verifying|suspended", "withdraw_partially",
     "=", "Art. 33"},

    // Petition (Law on Citizen Reception Art. 26-28).
    {"petition", 1, "received", "register", "processing", "Art. 26"},
    {"petition", 1, "processing", "accept", "accepted", "Art. 28(1)"},
    {"petition", 1, "processing", "refuse", "not_accepted", "Art. 28(1)"},
    {"petition", 1, "processing", "transfer", "transferred", "Art. 26(2)"},
    {"petition", 1, "processing", "return_to_forwarder", "returned", "Circular 05/2021"},
    {"petition", 1, "processing", "file_away", "filed", "Circular 05/2021"},
    {"petition", 1, "accepted", "answer", "answered", "Art. 26(2)"},
    {"petition", 1, "answered", "dispatch", "=", "Art. 27(2), 28(2)"},
    {"petition", 1, "answered", "close", "closed", "Art. 28"},
    {"petition", 1, "received|processing|accepted", "withdraw", "withdrawn", "[VERIFY]"},

    // Voter petition (Law 75/2015 Art. 15; supervision law; NQLT 72/2025).
    {"voter_petition", 1, "received", "register", "processing", "Art. 15"},
    {"voter_petition", 1, "processing", "accept", "accepted", "121/2025"},
    {"voter_petition", 1, "processing", "transfer", "transferred", "72/2025"},
    {"voter_petition", 1, "accepted", "answer", "answered", "121/2025"},
    {"voter_petition", 1, "answered", "dispatch", "=", "72/2025"},
    {"voter_petition", 1, "answered", "close", "closed", "72/2025"},
};

// A state in `from` that satisfies every guard of `action`, so the transition must succeed.
LifecycleState StateFor(CaseKind kind, int round, CaseState from) {
  LifecycleState s;
  s.kind = kind;
  s.round = round;
  if (round == 2) s.round_one_case_ref = "KN-2026-0001";
  s.state = from;
  s.remaining_contents = {"land price", "compensation"};
  if (from == CaseState::kSuspended) s.state_before_suspension = CaseState::kAccepted;
  if (from == CaseState::kFurtherReview) s.state_before_review = CaseState::kConcluded;
  s.complexity = Complexity::kComplex;
  return s;
}

ActionRequest RequestFor(CaseAction action) {
  ActionRequest r{.action = action, .period_expired_unresolved = true};
  if (action == CaseAction::kWithdrawPartially) r.contents = {"land price"};
  return r;
}

std::vector<std::string> Split(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = list.find('|', start);
    out.emplace_back(list.substr(start, bar - start));
    if (bar == std::string_view::npos) return out;
    start = bar + 1;
  }
}

using Key = std::tuple<CaseKind, int, CaseState, CaseAction>;

TEST(LifecycleTableTest, EveryAllowedTransitionFromTheLaw) {
  std::set<Key> expected_keys;
  for (const Row& row : kExpected) {
    const CaseKind kind = *ParseCaseKind(row.kind);
    const CaseAction action = *ParseCaseAction(row.action);
    std::vector<int> rounds = row.round == 0 ? std::vector<int>{1, 2} : std::vector<int>{row.round};
    for (int round : rounds) {
      for (const std::string& from_name : Split(row.from)) {
        auto from = ParseCaseState(from_name);
        ASSERT_TRUE(from.has_value()) << from_name;
        SCOPED_TRACE(::testing::Message() << row.kind << " round " << round << " " << from_name
                                          << " --" << row.action << "-->");
        EXPECT_TRUE(expected_keys.emplace(kind, round, *from, action).second) << "duplicate row";
        LifecycleState s = StateFor(kind, round, *from);
        auto t = Lifecycle::Apply(s, RequestFor(action));
        ASSERT_TRUE(t.ok()) << t.status();
        std::string_view to_name = row.to;
        CaseState want =
            to_name == "=" ? *from
            : to_name == "<prev>"
                ? (*from == CaseState::kSuspended ? CaseState::kAccepted : CaseState::kConcluded)
                : *ParseCaseState(to_name);
        EXPECT_EQ(t->to, want) << ToString(t->to);
        EXPECT_EQ(t->next.state, want);
        EXPECT_THAT(std::string(t->legal_basis), HasSubstr(row.article));
      }
    }
  }
  // Nothing in the table beyond what the law rows list.
  std::set<Key> table_keys;
  for (const TransitionRule& rule : LifecycleTable()) {
    if (rule.kind == CaseKind::kComplaint && rule.round == 0) {
      table_keys.emplace(rule.kind, 1, rule.from, rule.action);
      table_keys.emplace(rule.kind, 2, rule.from, rule.action);
    } else {
      table_keys.emplace(rule.kind, rule.round == 0 ? 1 : rule.round, rule.from, rule.action);
    }
  }
  for (const Key& k : table_keys) {
    EXPECT_TRUE(expected_keys.count(k))
        << "table row without a law row: " << ToString(std::get<0>(k)) << " round "
        << std::get<1>(k) << " " << ToString(std::get<2>(k)) << " " << ToString(std::get<3>(k));
  }
  EXPECT_EQ(table_keys.size(), expected_keys.size());
}

TEST(LifecycleTableTest, RowsAreUniqueNeverLeaveTerminalStatesAndCiteTheLaw) {
  std::set<Key> seen;
  for (const TransitionRule& rule : LifecycleTable()) {
    EXPECT_FALSE(IsTerminal(rule.from)) << ToString(rule.from);
    EXPECT_FALSE(rule.legal_basis.empty());
    if (rule.kind != CaseKind::kComplaint) {
      EXPECT_EQ(rule.round, 0);
    }
    for (int round : {1, 2}) {
      if (rule.round != 0 && rule.round != round) continue;
      EXPECT_TRUE(seen.emplace(rule.kind, round, rule.from, rule.action).second)
          << ToString(rule.kind) << " " << ToString(rule.from) << " " << ToString(rule.action);
    }
  }
}

// A sample of what the law forbids, with the article that makes it so.
struct Forbidden {
  const char* kind;
  int round;
  const char* from;
  const char* action;
  const char* why;
};

constexpr Forbidden kForbidden[] = {
    {"complaint", 1, "received", "decide", "must be accepted first (Art. 27)"},
    {"complaint", 1, "processing", "decide", "must be accepted first (Art. 27)"},
    {"complaint", 2, "verifying", "decide", "round-2 dialogue is mandatory (Art. 39)"},
    {"complaint", 2, "accepted", "decide", "round-2 dialogue is mandatory (Art. 39)"},
    {"complaint", 2, "decided", "second_complaint", "there is no third round (Art. 33, 42)"},
    {"complaint", 1, "decided", "publish", "publication is for round-2 decisions (Art. 41)"},
    {"complaint", 1, "verifying", "conclude", "conclusions are for denunciations"},
    {"complaint", 1, "accepted", "extend", "complaint periods are not extended (Art. 28)"},
    {"complaint", 1, "decided", "withdraw", "withdrawal is before the decision (Art. 10)"},
    {"complaint", 1, "received", "suspend", "only an accepted case is suspended (Art. 11a)"},
    {"complaint", 1, "effective", "second_complaint", "window closed: decision in effect"},
    {"denunciation", 1, "verifying", "decide", "denunciations are concluded (Art. 35)"},
    {"denunciation", 1, "processing", "further_denunciation", "nothing resolved yet (Art. 37)"},
    {"denunciation", 1, "concluded", "publish", "handle first (Art. 36, 40)"},
    {"denunciation", 1, "concluded", "withdraw", "withdrawal is before conclusion (Art. 33)"},
    {"denunciation", 1, "received", "guide", "denunciations are transferred (Art. 24(2))"},
    {"denunciation", 1, "verifying", "hold_dialogue", "no dialogue in denunciations"},
    {"petition", 1, "accepted", "decide", "petitions are answered"},
    {"petition", 1, "accepted", "suspend", "no suspension for petitions"},
    {"voter_petition", 1, "processing", "refuse", "voter petitions are answered"},
    {"voter_petition", 1, "accepted", "withdraw", "voters petition through deputies"},
};

TEST(LifecycleTableTest, ForbiddenTransitionsAreRefusedNamingStateAndAction) {
  for (const Forbidden& f : kForbidden) {
    SCOPED_TRACE(f.why);
    LifecycleState s = StateFor(*ParseCaseKind(f.kind), f.round, *ParseCaseState(f.from));
    auto t = Lifecycle::Apply(s, RequestFor(*ParseCaseAction(f.action)));
    EXPECT_THAT(t, StatusIs(absl::StatusCode::kFailedPrecondition,
                            HasSubstr(std::string("cannot ") + f.action)));
    EXPECT_THAT(t.status().message(), HasSubstr(std::string("in state ") + f.from));
  }
}

TEST(LifecycleTableTest, TerminalStatesAcceptNothing) {
  for (CaseKind kind : AllCaseKinds()) {
    for (CaseState state : AllCaseStates()) {
      if (!IsTerminal(state)) continue;
      for (CaseAction action : AllCaseActions()) {
        LifecycleState s = StateFor(kind, 1, state);
        EXPECT_THAT(Lifecycle::Apply(s, RequestFor(action)),
                    StatusIs(absl::StatusCode::kFailedPrecondition))
            << ToString(kind) << " " << ToString(state) << " " << ToString(action);
      }
    }
  }
}

}  // namespace
}  // namespace civicase::domain
