#include "services/domain/clock/rule_book.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deadline_rules_data.h"
#include "services/domain/clock/clock_json.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

// The ids issue 3 requires; the data may have more.
constexpr std::string_view kRequiredIds[] = {
    "letter.processing",
    "complaint.limitation",
    "complaint.acceptance",
    "complaint.round1.resolution",
    "complaint.round1.dispatch",
    "complaint.second_complaint.window",
    "complaint.round2.resolution",
    "complaint.round2.dispatch",
    "complaint.round2.publication",
    "denunciation.processing",
    "denunciation.transfer",
    "denunciation.acceptance_notice",
    "denunciation.resolution",
    "denunciation.conclusion_notice",
    "denunciation.handling",
    "denunciation.publication",
    "denunciation.forwarded_answer",
    "denunciation.further_review",
    "petition.processing_notice",
    "petition.forwarder_result",
    "supervision.answer",
};

TEST(RuleBookTest, EmbeddedDataIsValidAndComplete) {
  auto book = RuleBook::Default();
  ASSERT_TRUE(book.ok()) << book.status();
  for (std::string_view id : kRequiredIds) EXPECT_NE(book->Find(id), nullptr) << id;
  for (const Rule& rule : book->rules()) {
    SCOPED_TRACE(rule.id);
    EXPECT_FALSE(rule.title.empty());
    for (size_t i = 0; i < rule.versions.size(); ++i) {
      const RuleVersion& v = rule.versions[i];
      EXPECT_FALSE(v.legal_basis.empty());
      EXPECT_GE(v.valid_from, Date(2012, 7, 1));
      if (i + 1 < rule.versions.size()) {
        // Consecutive versions leave no gap: the next starts the day after this one ends.
        ASSERT_TRUE(v.valid_to.has_value());
        EXPECT_EQ(v.valid_to->NextDay(), rule.versions[i + 1].valid_from);
      } else {
        EXPECT_FALSE(v.valid_to.has_value()) << "the latest version should be open";
      }
      // Anything marked [VERIFY] explains the choice in a note.
      if (v.legal_basis.find("[VERIFY]") != std::string::npos) {
        EXPECT_FALSE(v.note.empty());
      }
    }
  }
}

TEST(RuleBookTest, VersionAtPicksTheVersionInForce) {
  auto book = RuleBook::Default();
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(book->VersionAt("complaint.acceptance", Date(2019, 1, 1))->unit,
            PeriodUnit::kCalendarDays);
  const RuleVersion* v2 = book->VersionAt("complaint.acceptance", Date(2026, 6, 30));
  ASSERT_NE(v2, nullptr);
  EXPECT_EQ(v2->length, 10);
  EXPECT_EQ(v2->unit, PeriodUnit::kWorkingDays);
  EXPECT_THAT(v2->legal_basis, HasSubstr("Decree 124/2020"));
  const RuleVersion* v3 = book->VersionAt("complaint.acceptance", Date(2026, 7, 1));
  ASSERT_NE(v3, nullptr);
  EXPECT_EQ(v3->length, 7);
  EXPECT_THAT(v3->note, HasSubstr("VERIFY"));
  EXPECT_EQ(book->VersionAt("complaint.acceptance", Date(2012, 6, 30)), nullptr);
  EXPECT_EQ(book->VersionAt("no.such.rule", Date(2026, 1, 1)), nullptr);

  const nlohmann::json json = ToJson(*v3);
  EXPECT_EQ(json["unit"], "working_days");
  EXPECT_TRUE(json["valid_to"].is_null());
  EXPECT_EQ(json["valid_from"], "2026-07-01");
}

constexpr char kTwoVersions[] = R"({"rules": [{"id": "x.rule", "versions": [
  {"version": 1, "start_event": "e", "unit": "calendar_days", "length": 10,
   "legal_basis": "Art. 1", "valid_from": "2020-01-01", "valid_to": VALID_TO},
  {"version": 2, "start_event": "e", "unit": "working_days", "length": 7,
   "legal_basis": "Art. 2", "valid_from": "2021-01-01", "valid_to": null}]}]})";

std::string WithValidTo(std::string_view valid_to) {
  std::string s = kTwoVersions;
  s.replace(s.find("VALID_TO"), 8, valid_to);
  return s;
}

TEST(RuleBookTest, ValidationNamesTheRule) {
  EXPECT_TRUE(RuleBook::FromJson(WithValidTo("\"2020-12-31\""), "r.json").ok());
  EXPECT_THAT(RuleBook::FromJson(WithValidTo("\"2021-01-01\""), "r.json"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("r.json"), HasSubstr("x.rule"),
                                        HasSubstr("overlaps version 1"))));
  EXPECT_THAT(RuleBook::FromJson(WithValidTo("null"), "r.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("overlaps")));
  std::string no_basis = WithValidTo("\"2020-12-31\"");
  no_basis.replace(no_basis.find("\"legal_basis\": \"Art. 1\","), 24, "");
  EXPECT_THAT(RuleBook::FromJson(no_basis, "r.json"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("x.rule"), HasSubstr("legal_basis"))));
  std::string bad_unit = WithValidTo("\"2020-12-31\"");
  bad_unit.replace(bad_unit.find("working_days"), 12, "fortnights");
  EXPECT_THAT(RuleBook::FromJson(bad_unit, "r.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'unit'")));
  std::string no_validity = WithValidTo("\"2020-12-31\"");
  no_validity.replace(no_validity.find("\"valid_from\": \"2020-01-01\","), 27, "");
  EXPECT_THAT(RuleBook::FromJson(no_validity, "r.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("valid_from")));
  EXPECT_THAT(RuleBook::FromJson("[1,", "r.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("r.json")));
  EXPECT_THAT(RuleBook::FromJson(R"({"rules": [{"id": "y", "versions": []}]})", "r.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("has no version")));
}

TEST(RuleBookTest, EveryVariantIsLongerOrEqualAndExtensionsArePositive) {
  auto book = RuleBook::Default();
  ASSERT_TRUE(book.ok());
  for (const Rule& rule : book->rules()) {
    for (const RuleVersion& v : rule.versions) {
      for (const auto& [name, variant] : v.variants) {
        EXPECT_GE(variant.length, v.length) << rule.id << " " << name;
        if (variant.extensions.max_count > 0) {
          EXPECT_GT(variant.extensions.length_each, 0) << rule.id << " " << name;
        }
      }
    }
  }
}

TEST(RuleBookTest, EmbeddedFileIsTheDataFile) {
  ASSERT_EQ(deadline_rules_data().size(), 1u);
  EXPECT_EQ(deadline_rules_data()[0].name, "deadline_rules.json");
}

}  // namespace
}  // namespace civicase::domain
