#include "services/domain/competence/competence_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

const Date kReformDay(2025, 7, 1);

TEST(CompetenceRulesTest, DefaultRulesLoadAndEveryRuleHasBasisAndValidity) {
  auto rules = CompetenceRules::LoadDefault();
  ASSERT_OK(rules.status());
  EXPECT_GE(rules->rules().size(), 20u);
  std::set<std::string> ids;
  for (const CompetenceRule& r : rules->rules()) {
    SCOPED_TRACE(r.id);
    ids.insert(r.id);
    EXPECT_FALSE(r.legal_basis.empty());
    EXPECT_FALSE(r.explanation.empty());
    EXPECT_FALSE(r.kinds.empty());
    if (r.valid_from && r.valid_to) {
      EXPECT_LE(*r.valid_from, *r.valid_to);
    }
  }
  // The reform is in the data: rules that end the day before and begin on 2025-07-01.
  for (const char* id : {"complaint.r2.commune_pc", "denunciation.head"}) {
    int versions = 0;
    for (const CompetenceRule& r : rules->rules()) {
      if (r.id != id) continue;
      ++versions;
      EXPECT_TRUE((r.valid_to && *r.valid_to == Date(2025, 6, 30)) ||
                  (r.valid_from && *r.valid_from == kReformDay))
          << id;
    }
    EXPECT_EQ(versions, 2) << id;
  }
  for (const ForwardingRule& f : rules->forwarding()) {
    EXPECT_FALSE(f.legal_basis.empty()) << f.id;
  }
}

TEST(CompetenceRulesTest, ForwardingIsChosenByReceiverType) {
  auto rules = CompetenceRules::LoadDefault();
  ASSERT_OK(rules.status());
  EXPECT_EQ(rules->ForwardingFor(UnitType::kPeoplesCouncil, kReformDay)->id,
            "forward.peoples_council");
  EXPECT_EQ(rules->ForwardingFor(UnitType::kFatherlandFront, kReformDay)->id,
            "forward.fatherland_front");
  EXPECT_EQ(rules->ForwardingFor(UnitType::kInspectorate, kReformDay)->id, "forward.inspectorate");
  EXPECT_EQ(rules->ForwardingFor(UnitType::kDepartment, kReformDay)->id, "forward.not_competent");
}

std::string RuleJson(std::string_view id, int version, std::string_view extra) {
  return std::string(R"({"id": ")") + std::string(id) + R"(", "version": )" +
         std::to_string(version) +
         R"(, "kind": "denunciation", "round": "any", "resolver": "head_of_direct_superior",
             "legal_basis": "Art. 12", "explanation": "e")" +
         std::string(extra) + "}";
}

TEST(CompetenceRulesTest, RejectsBrokenRules) {
  struct Case {
    std::string rules;
    std::string message;
  };
  const std::vector<Case> cases = {
      {RuleJson("a", 1, R"(, "valid_to": "2025-06-30")") + "," +
           RuleJson("a", 2, R"(, "valid_from": "2025-06-30")"),
       "rule a: versions 1 and 2 overlap in time"},
      {RuleJson("a", 1, "") + "," + RuleJson("a", 1, R"(, "valid_from": "2030-01-01")"),
       "rule a v1: duplicate version"},
      {RuleJson("a", 1, R"(, "valid_from": "2025-07-01", "valid_to": "2025-01-01")"),
       "rule a v1: field valid_to: before valid_from"},
      {R"({"id": "a", "version": 1, "kind": "denunciation", "round": "any", "resolver": "x",
           "legal_basis": "b", "explanation": "e"})",
       "rule a v1: field resolver: unknown resolver x"},
      {R"({"id": "a", "version": 1, "kind": "denunciation", "round": "any",
           "resolver": "provincial_chair", "explanation": "e"})",
       "rule a v1: field legal_basis: missing"},
      {R"({"id": "a", "version": 1, "kind": "petition", "round": 2,
           "resolver": "provincial_chair", "legal_basis": "b", "explanation": "e"})",
       "rule a v1: field round: only complaint rules have rounds"},
      {RuleJson("a", 1, R"(, "self_review": true)"), "rule a v1: field self_review"},
      {RuleJson("a", 1, R"(, "respondent": {"types": ["town_hall"]})"),
       "rule a v1: field types: unknown name town_hall"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(CompetenceRules::FromJson(R"({"rules": [)" + c.rules + "]}", "r.json"),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("r.json: " + c.message)))
        << c.rules;
  }
  EXPECT_OK(CompetenceRules::FromJson(
                R"({"rules": [)" + RuleJson("a", 1, R"(, "valid_to": "2025-06-30")") + "," +
                    RuleJson("a", 2, R"(, "valid_from": "2025-07-01")") + "]}",
                "r.json")
                .status());
}

}  // namespace
}  // namespace civicase::domain
