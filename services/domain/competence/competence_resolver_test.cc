// Competence table tests from the law (one row per rule, before and after 2025-07-01), the
// successor rule for abolished units, forwarding, and the invariants over the whole directory.

#include "services/domain/competence/competence_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

const CompetenceResolver& Resolver() {
  static const CompetenceResolver* r = [] {
    auto loaded = CompetenceResolver::LoadDefault();
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new CompetenceResolver(*std::move(loaded));
  }();
  return *r;
}

constexpr const char* kBefore = "2025-06-15";
constexpr const char* kAfter = "2025-08-01";

struct Row {
  const char* law;  // the article the row checks
  const char* kind;
  int round;
  const char* receiving;  // "" = the respondent unit
  const char* respondent;
  const char* role;
  const char* date;
  const char* resolver_unit;
  const char* resolver_title;
  const char* rule_id;
  int rule_version;
};

constexpr Row kRows[] = {
    // Complaints, round 1: the author reviews first.
    {"Complaints Art. 17", "complaint", 1, "", "hanoi.old.thinhquang.pc", "head", kBefore,
     "hanoi.old.thinhquang.pc", "chair", "complaint.r1.commune_pc", 1},
    {"Complaints Art. 17; Decree 141/2025", "complaint", 1, "", "hanoi.dongda.pc", "head", kAfter,
     "hanoi.dongda.pc", "chair", "complaint.r1.commune_pc", 2},
    {"Complaints Art. 17 (staff)", "complaint", 1, "", "hanoi.dongda.pc", "official", kAfter,
     "hanoi.dongda.pc", "chair", "complaint.r1.commune_pc", 2},
    {"Complaints Art. 18(1)", "complaint", 1, "", "hanoi.old.dongda.pc", "head", kBefore,
     "hanoi.old.dongda.pc", "chair", "complaint.r1.district", 1},
    {"Complaints Art. 17 (district office)", "complaint", 1, "", "hanoi.old.dongda.tnmt", "head",
     kBefore, "hanoi.old.dongda.tnmt", "head", "complaint.r1.district", 1},
    {"Complaints Art. 20(1)", "complaint", 1, "", "hanoi.dept.nre", "head", kAfter,
     "hanoi.dept.nre", "director", "complaint.r1.provincial", 1},
    {"Complaints Art. 21(1)", "complaint", 1, "", "hanoi.pc", "head", kBefore, "hanoi.pc", "chair",
     "complaint.r1.provincial", 1},
    {"Complaints Art. 24", "complaint", 1, "", "hanoi.inspectorate", "official", kAfter,
     "hanoi.inspectorate", "head", "complaint.r1.provincial", 1},
    {"Complaints Art. 19", "complaint", 1, "", "hanoi.dept.nre.landreg", "head", kAfter,
     "hanoi.dept.nre.landreg", "director", "complaint.r1.public_unit", 1},
    {"Decree 141/2025 [VERIFY]", "complaint", 1, "", "hanoi.dongda.econ", "head", kAfter,
     "hanoi.dongda.econ", "head", "complaint.r1.commune_office", 1},
    // Complaints, round 2: one level up; from 2025-07-01 the provincial chair over communes.
    {"Complaints Art. 18(2)", "complaint", 2, "", "hanoi.old.thinhquang.pc", "head", kBefore,
     "hanoi.old.dongda.pc", "chair", "complaint.r2.commune_pc", 1},
    {"Decree 141/2025", "complaint", 2, "", "hanoi.dongda.pc", "head", kAfter, "hanoi.pc", "chair",
     "complaint.r2.commune_pc", 2},
    {"Decree 141/2025 (Dong Nai)", "complaint", 2, "", "dongnai.tranbien.pc", "head", kAfter,
     "dongnai.pc", "chair", "complaint.r2.commune_pc", 2},
    {"Complaints Art. 18(2) (district office)", "complaint", 2, "", "hanoi.old.dongda.tnmt", "head",
     kBefore, "hanoi.old.dongda.pc", "chair", "complaint.r2.district_agency", 1},
    {"Complaints Art. 21(2)", "complaint", 2, "", "hanoi.old.dongda.pc", "head", kBefore,
     "hanoi.pc", "chair", "complaint.r2.district_pc", 1},
    {"Complaints Art. 21(2) (department)", "complaint", 2, "", "hanoi.dept.nre", "head", kAfter,
     "hanoi.pc", "chair", "complaint.r2.provincial_agency", 1},
    {"Complaints Art. 20(2)", "complaint", 2, "", "hanoi.dept.nre.landreg", "head", kAfter,
     "hanoi.dept.nre", "director", "complaint.r2.public_unit", 1},
    {"Decree 141/2025 [VERIFY] (commune office)", "complaint", 2, "", "hanoi.dongda.econ", "head",
     kAfter, "hanoi.dongda.pc", "chair", "complaint.r2.commune_office", 1},
    // Denunciations, Art. 12-13.
    {"Denunciations Art. 12(1)(a)", "denunciation", 1, "", "hanoi.dongda.pc", "official", kAfter,
     "hanoi.dongda.pc", "chair", "denunciation.official", 1},
    {"Denunciations Art. 12(1)(a) (police)", "denunciation", 1, "", "hanoi.police", "official",
     kAfter, "hanoi.police", "director", "denunciation.official", 1},
    {"Denunciations Art. 13(2)", "denunciation", 1, "", "hanoi.old.thinhquang.pc", "head", kBefore,
     "hanoi.old.dongda.pc", "chair", "denunciation.head", 1},
    {"Denunciations Art. 13(2) (vice chair)", "denunciation", 1, "", "hanoi.old.thinhquang.pc",
     "deputy_head", kBefore, "hanoi.old.dongda.pc", "chair", "denunciation.head", 1},
    {"Denunciations Art. 13(4)", "denunciation", 1, "", "hanoi.old.dongda.pc", "head", kBefore,
     "hanoi.pc", "chair", "denunciation.head", 1},
    {"Decree 141/2025 (commune chair)", "denunciation", 1, "", "hanoi.dongda.pc", "head", kAfter,
     "hanoi.pc", "chair", "denunciation.head", 2},
    {"Decree 141/2025 (vice chair)", "denunciation", 1, "", "hanoi.dongda.pc", "deputy_head",
     kAfter, "hanoi.pc", "chair", "denunciation.head", 2},
    {"Denunciations Art. 13(4) (director)", "denunciation", 1, "", "hanoi.dept.nre", "head", kAfter,
     "hanoi.pc", "chair", "denunciation.head", 2},
    {"Denunciations Art. 15 (provincial chair)", "denunciation", 1, "", "hanoi.pc", "head", kAfter,
     "gov", "head", "denunciation.head", 2},
    {"Denunciations Art. 12(1)(b) (police director)", "denunciation", 1, "", "hanoi.police", "head",
     kAfter, "mps", "head", "denunciation.head", 2},
    {"Denunciations Art. 12 (body)", "denunciation", 1, "", "hanoi.dept.nre", "the_body", kAfter,
     "hanoi.pc", "chair", "denunciation.body", 1},
    // Petitions and voter petitions.
    {"Reception Art. 26(2)", "petition", 1, "", "hanoi.dept.nre", "the_body", kAfter,
     "hanoi.dept.nre", "director", "petition.competent_body", 1},
    {"Reception Art. 26(2) (about a head)", "petition", 1, "", "hanoi.dongda.pc", "head", kAfter,
     "hanoi.pc", "chair", "petition.about_head", 1},
    {"Reception Art. 26(2) (received by HĐND)", "petition", 1, "hanoi.hdnd", "", "the_body", kAfter,
     "hanoi.pc", "chair", "petition.elected_and_front", 1},
    {"Supervision law; NQLT 72/2025 (ward)", "voter_petition", 1, "hanoi.dongda.hdnd", "",
     "the_body", kAfter, "hanoi.dongda.pc", "chair", "voter_petition.pc_of_level", 1},
    {"Supervision law; NQLT 72/2025 (city)", "voter_petition", 1, "hanoi.hdnd", "", "the_body",
     kBefore, "hanoi.pc", "chair", "voter_petition.pc_of_level", 1},
    {"NQLT 72/2025 [VERIFY] (about a ward chair)", "voter_petition", 1, "hanoi.dongda.hdnd",
     "hanoi.dongda.pc", "head", kAfter, "hanoi.pc", "chair", "voter_petition.about_leader", 1},
};

CompetenceQuery QueryFor(const Row& row) {
  CompetenceQuery q;
  q.kind = *ParseCaseKind(row.kind);
  q.round = row.round;
  q.receiving_unit = *row.receiving ? row.receiving : row.respondent;
  q.respondent_unit = row.respondent;
  q.respondent_role = *ParseRespondentRole(row.role);
  q.at = *Date::Parse(row.date);
  return q;
}

TEST(CompetenceResolverTest, TableFromTheLaw) {
  std::set<std::string> rules_exercised;
  for (const Row& row : kRows) {
    SCOPED_TRACE(row.law);
    auto a = Resolver().Resolve(QueryFor(row));
    ASSERT_OK(a.status());
    EXPECT_EQ(a->resolver_unit, row.resolver_unit);
    EXPECT_EQ(ToString(a->resolver_position), row.resolver_title);
    EXPECT_EQ(a->rule_id, row.rule_id);
    EXPECT_EQ(a->rule_version, row.rule_version);
    EXPECT_THAT(a->explanation,
                AllOf(HasSubstr(row.rule_id), HasSubstr(a->legal_basis), HasSubstr("Resolver: ")));
    rules_exercised.insert(std::string(row.rule_id) + " v" + std::to_string(row.rule_version));
  }
  // Every resolving rule version has at least one row.
  for (const CompetenceRule& r : Resolver().rules().rules()) {
    if (r.resolver == ResolverKind::kNone) continue;
    EXPECT_TRUE(rules_exercised.count(r.id + " v" + std::to_string(r.version)))
        << "no table row for " << r.id << " v" << r.version;
  }
}

TEST(CompetenceResolverTest, ExplanationSaysWhichRuleAndWhy) {
  CompetenceQuery q{.kind = CaseKind::kDenunciation,
                    .receiving_unit = "hanoi.pc",
                    .respondent_unit = "hanoi.dongda.pc",
                    .respondent_role = RespondentRole::kHead,
                    .at = Date(2025, 8, 1)};
  auto a = Resolver().Resolve(q);
  ASSERT_OK(a.status());
  EXPECT_THAT(a->explanation,
              AllOf(HasSubstr("Rule denunciation.head v2"), HasSubstr("Decree 141/2025"),
                    HasSubstr("the head of Dong Da Ward People's Committee"),
                    HasSubstr("direct superior"), HasSubstr("hanoi.pc.chair")));
  EXPECT_EQ(a->resolver_position_code, "hanoi.pc.chair");
  EXPECT_TRUE(a->forward_from.empty());  // received by the resolver itself
}

TEST(CompetenceResolverTest, CeasedRespondentGoesToLargestSuccessor) {
  CompetenceQuery q{.kind = CaseKind::kComplaint,
                    .round = 1,
                    .receiving_unit = "hanoi.dongda.pc",
                    .respondent_unit = "hanoi.old.dongda.pc",
                    .respondent_role = RespondentRole::kHead,
                    .at = Date(2025, 8, 1)};
  auto a = Resolver().Resolve(q);
  ASSERT_OK(a.status());
  EXPECT_EQ(a->respondent_unit, "hanoi.dongda.pc");
  EXPECT_EQ(a->resolver_unit, "hanoi.dongda.pc");
  EXPECT_THAT(a->explanation, AllOf(HasSubstr("hanoi.old.dongda.pc ceased on 2025-06-30"),
                                    HasSubstr("largest share"), HasSubstr("0.24, approximate")));
  // An old ward merged whole into the new Dong Da ward: round 2 goes to the city chair.
  q.round = 2;
  q.respondent_unit = "hanoi.old.thinhquang.pc";
  a = Resolver().Resolve(q);
  ASSERT_OK(a.status());
  EXPECT_EQ(a->resolver_unit, "hanoi.pc");
  EXPECT_EQ(a->forward_from, "hanoi.dongda.pc");
  EXPECT_THAT(a->explanation, HasSubstr("share 1.00)"));
}

TEST(CompetenceResolverTest, HdndAndMttqForwardButNeverResolve) {
  CompetenceQuery q{.kind = CaseKind::kDenunciation,
                    .receiving_unit = "hanoi.mttq",
                    .respondent_unit = "hanoi.dongda.pc",
                    .respondent_role = RespondentRole::kOfficial,
                    .at = Date(2025, 8, 1)};
  auto a = Resolver().Resolve(q);
  ASSERT_OK(a.status());
  EXPECT_EQ(a->resolver_unit, "hanoi.dongda.pc");
  EXPECT_EQ(a->forward_from, "hanoi.mttq");
  EXPECT_EQ(a->forward_rule_id, "forward.fatherland_front");
  EXPECT_THAT(a->explanation, HasSubstr("never resolves"));

  q.kind = CaseKind::kComplaint;
  q.receiving_unit = "hanoi.dongda.hdnd";
  q.respondent_role = RespondentRole::kHead;
  a = Resolver().Resolve(q);
  ASSERT_OK(a.status());
  EXPECT_EQ(a->forward_rule_id, "forward.peoples_council");

  q.receiving_unit = "hanoi.inspectorate";
  a = Resolver().Resolve(q);
  ASSERT_OK(a.status());
  EXPECT_EQ(a->forward_rule_id, "forward.inspectorate");
  EXPECT_THAT(a->explanation, HasSubstr("the head of the People's Committee decides"));

  q.receiving_unit = "hanoi.kimlien.pc";
  a = Resolver().Resolve(q);
  ASSERT_OK(a.status());
  EXPECT_EQ(a->forward_rule_id, "forward.not_competent");
}

TEST(CompetenceResolverTest, Errors) {
  CompetenceQuery q{.kind = CaseKind::kComplaint,
                    .round = 3,
                    .receiving_unit = "hanoi.pc",
                    .respondent_unit = "hanoi.pc",
                    .respondent_role = RespondentRole::kHead,
                    .at = Date(2025, 8, 1)};
  EXPECT_THAT(Resolver().Resolve(q), StatusIs(absl::StatusCode::kInvalidArgument));
  q.round = 2;
  EXPECT_THAT(Resolver().Resolve(q),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("Art. 23")));
  q.respondent_unit = "";
  EXPECT_THAT(Resolver().Resolve(q), StatusIs(absl::StatusCode::kInvalidArgument));
  q.respondent_unit = "hanoi.nowhere.pc";
  EXPECT_THAT(Resolver().Resolve(q), StatusIs(absl::StatusCode::kNotFound));
  q.round = 1;
  q.respondent_unit = "hanoi.old.dongda.inspectorate";
  EXPECT_THAT(Resolver().Resolve(q),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no successor")));
  q.respondent_unit = "hanoi.pc";
  q.receiving_unit = "hanoi.old.dongda.pc";
  EXPECT_THAT(Resolver().Resolve(q),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ceased on 2025-06-30")));
  q.receiving_unit = "hanoi.pc";
  q.respondent_unit = "hanoi.police";
  EXPECT_THAT(Resolver().Resolve(q),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("public-security")));
  q.kind = CaseKind::kDenunciation;
  q.respondent_unit = "hanoi.hdnd";
  EXPECT_THAT(Resolver().Resolve(q),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("People's Council")));
  q.round = 2;
  EXPECT_THAT(Resolver().Resolve(q), StatusIs(absl::StatusCode::kInvalidArgument));
}

// Invariants over every unit x role x kind x round on dates around the reform: the rules cover
// everything (no gaps, no ambiguity), HĐND/MTTQ never resolve, and nobody resolves a case
// about himself except the first-round review of his own decision.
TEST(CompetenceResolverTest, InvariantsOverTheWholeDirectory) {
  const Directory& dir = Resolver().directory();
  int resolved = 0;
  int outside_scope = 0;
  for (Date at : {Date(2025, 6, 15), Date(2025, 6, 30), Date(2025, 7, 1), Date(2026, 8, 1)}) {
    for (const Unit* unit : dir.ListValid(at)) {
      for (RespondentRole role : {RespondentRole::kOfficial, RespondentRole::kHead,
                                  RespondentRole::kDeputyHead, RespondentRole::kTheBody}) {
        for (CaseKind kind : AllCaseKinds()) {
          for (int round : {1, 2}) {
            if (round == 2 && kind != CaseKind::kComplaint) continue;
            for (std::string receiving : {unit->code, std::string("hanoi.hdnd")}) {
              CompetenceQuery q{.kind = kind,
                                .round = round,
                                .receiving_unit = receiving,
                                .respondent_unit = unit->code,
                                .respondent_role = role,
                                .at = at};
              SCOPED_TRACE(::testing::Message() << ToString(kind) << " r" << round << " "
                                                << ToString(role) << " of " << unit->code << " on "
                                                << at.ToString() << " received by " << receiving);
              auto a = Resolver().Resolve(q);
              if (!a.ok()) {
                // Only "outside the modelled directory" rules may refuse a valid respondent.
                EXPECT_EQ(a.status().code(), absl::StatusCode::kFailedPrecondition) << a.status();
                EXPECT_THAT(std::string(a.status().message()), HasSubstr("rule "));
                EXPECT_THAT(std::string(a.status().message()),
                            ::testing::Not(HasSubstr("no competence rule")));
                ++outside_scope;
                continue;
              }
              ++resolved;
              const Unit* resolver = dir.Find(a->resolver_unit, at);
              ASSERT_NE(resolver, nullptr);
              EXPECT_NE(resolver->type, UnitType::kPeoplesCouncil);
              EXPECT_NE(resolver->type, UnitType::kFatherlandFront);
              EXPECT_TRUE(IsHeadTitle(a->resolver_position));
              const bool about_a_leader =
                  role == RespondentRole::kHead || role == RespondentRole::kDeputyHead;
              if (about_a_leader && !(kind == CaseKind::kComplaint && round == 1)) {
                EXPECT_NE(a->resolver_unit, unit->code) << "resolved by the person it is about";
              }
              if (kind == CaseKind::kComplaint && round == 2) {
                EXPECT_NE(a->resolver_unit, unit->code) << "round 2 by the round-1 resolver";
              }
              if (a->resolver_unit == unit->code && role == RespondentRole::kHead) {
                EXPECT_EQ(kind, CaseKind::kComplaint);
                EXPECT_EQ(round, 1);
              }
              if (receiving == "hanoi.hdnd") {
                EXPECT_EQ(a->forward_from, "hanoi.hdnd");
                EXPECT_EQ(a->forward_rule_id, "forward.peoples_council");
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(resolved, 500);
  EXPECT_GT(outside_scope, 0);
}

}  // namespace
}  // namespace civicase::domain
