#include "services/domain/case/repeat_rules.h"

#include <gtest/gtest.h>

#include <vector>

namespace civicase::domain {
namespace {

using civicase::v1::Case;

Case OnFile(const std::string& ref, civicase::v1::CaseKind kind, civicase::v1::CaseState state,
            int round = 1) {
  Case c;
  c.set_reference(ref);
  c.set_kind(kind);
  c.set_state(state);
  c.mutable_registration()->set_round(round);
  return c;
}

struct Row {
  std::string name;
  civicase::v1::CaseKind kind;
  std::vector<Case> same_matter;
  bool new_facts;
  std::string outcome;  // empty = no proposal
  std::string prior;
  std::string basis;
};

TEST(RepeatRulesTest, ProposalsFollowTheLawWithItsConditions) {
  using civicase::v1::COMPLAINT;
  using civicase::v1::DENUNCIATION;
  const std::vector<Row> table = {
      {"first letter", COMPLAINT, {}, false, "", "", ""},
      {"guided once: not guided again (Circular 07/2014 Art. 8)",
       COMPLAINT,
       {OnFile("KN-1", COMPLAINT, civicase::v1::GUIDED)},
       false,
       "file_away",
       "KN-1",
       "Circular 07/2014/TT-TTCP Art. 8"},
      {"guided, new facts do not matter for guidance",
       COMPLAINT,
       {OnFile("KN-1", COMPLAINT, civicase::v1::GUIDED)},
       true,
       "file_away",
       "KN-1",
       "Circular 07/2014/TT-TTCP Art. 8"},
      {"round 2 decided: not accepted (Art. 11(7))",
       COMPLAINT,
       {OnFile("KN-1", COMPLAINT, civicase::v1::SECOND_COMPLAINT),
        OnFile("KN-2", COMPLAINT, civicase::v1::EFFECTIVE, 2)},
       false,
       "refuse",
       "KN-2",
       "Law on Complaints Art. 11(7)"},
      {"round 2 decided, then closed",
       COMPLAINT,
       {OnFile("KN-2", COMPLAINT, civicase::v1::CLOSED, 2)},
       false,
       "refuse",
       "KN-2",
       "Law on Complaints Art. 11(7)"},
      {"round 2 decided but new facts stated",
       COMPLAINT,
       {OnFile("KN-2", COMPLAINT, civicase::v1::DECIDED, 2)},
       true,
       "",
       "",
       ""},
      {"round 2 still being resolved",
       COMPLAINT,
       {OnFile("KN-2", COMPLAINT, civicase::v1::VERIFYING, 2)},
       false,
       "",
       "",
       ""},
      {"round 1 decided only: the filer may still complain in round 2",
       COMPLAINT,
       {OnFile("KN-1", COMPLAINT, civicase::v1::DECIDED)},
       false,
       "",
       "",
       ""},
      {"a denunciation repeat is not governed by the complaint rules",
       DENUNCIATION,
       {OnFile("KN-1", COMPLAINT, civicase::v1::GUIDED)},
       false,
       "",
       "",
       ""},
      {"finally decided wins over guided",
       COMPLAINT,
       {OnFile("KN-1", COMPLAINT, civicase::v1::GUIDED),
        OnFile("KN-2", COMPLAINT, civicase::v1::DECIDED, 2)},
       false,
       "refuse",
       "KN-2",
       "Law on Complaints Art. 11(7)"},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.name);
    auto proposal = ProposeForRepeat(row.kind, row.same_matter, row.new_facts);
    if (row.outcome.empty()) {
      EXPECT_FALSE(proposal.has_value()) << proposal->explanation;
      continue;
    }
    ASSERT_TRUE(proposal.has_value());
    EXPECT_EQ(proposal->outcome, row.outcome);
    EXPECT_EQ(proposal->prior_case, row.prior);
    EXPECT_NE(proposal->legal_basis.find(row.basis), std::string::npos) << proposal->legal_basis;
    EXPECT_NE(proposal->explanation.find(row.prior), std::string::npos);
  }
}

}  // namespace
}  // namespace civicase::domain
