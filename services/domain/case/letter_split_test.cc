#include "services/domain/case/letter_split.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/domain/case/case_aggregate.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::LetterContent;
using civicase::v1::Registration;
using ::testing::HasSubstr;

Registration Letter() {
  Registration r;
  r.set_kind(civicase::v1::COMPLAINT);
  r.set_channel(civicase::v1::POST);
  r.set_receiving_unit("hanoi.dongda.pc");
  auto* f = r.add_filers();
  f->set_full_name("Nguyễn Văn An");
  f->set_id_number("001085012345");
  r.mutable_respondent()->set_description("Chủ tịch UBND phường Đống Đa");
  r.set_summary("Khiếu nại và tố cáo");
  r.set_round(1);
  return r;
}

LetterContent Content(civicase::v1::CaseKind kind, const std::string& summary) {
  LetterContent c;
  c.set_kind(kind);
  c.set_summary(summary);
  return c;
}

TEST(LetterSplitTest, OneCasePerContentKeepingTheLettersCommonParts) {
  std::vector<LetterContent> contents = {
      Content(civicase::v1::COMPLAINT, "Khiếu nại quyết định thu hồi đất"),
      Content(civicase::v1::DENUNCIATION, "Tố cáo cán bộ địa chính nhận tiền")};
  contents[1].mutable_respondent()->set_description("Ông B, cán bộ địa chính");
  contents[1].mutable_respondent()->set_position("official");
  auto split = SplitLetter(Letter(), contents);
  ASSERT_OK(split.status());
  ASSERT_EQ(split->size(), 2u);
  EXPECT_EQ((*split)[0].kind(), civicase::v1::COMPLAINT);
  EXPECT_EQ((*split)[0].round(), 1);
  EXPECT_EQ((*split)[0].respondent().description(), "Chủ tịch UBND phường Đống Đa");
  EXPECT_EQ((*split)[1].kind(), civicase::v1::DENUNCIATION);
  EXPECT_EQ((*split)[1].round(), 0);  // only complaints have rounds
  EXPECT_EQ((*split)[1].summary(), "Tố cáo cán bộ địa chính nhận tiền");
  EXPECT_EQ((*split)[1].respondent().description(), "Ông B, cán bộ địa chính");
  EXPECT_EQ((*split)[1].filers(0).id_number(), "001085012345");
  EXPECT_EQ((*split)[1].channel(), civicase::v1::POST);
}

TEST(LetterSplitTest, RefusalsNameTheContent) {
  std::vector<LetterContent> one = {Content(civicase::v1::COMPLAINT, "x")};
  EXPECT_THAT(SplitLetter(Letter(), one),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("contents: a letter")));
  std::vector<LetterContent> no_summary = {Content(civicase::v1::COMPLAINT, "x"),
                                           Content(civicase::v1::PETITION, " ")};
  EXPECT_THAT(SplitLetter(Letter(), no_summary),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("contents[1].summary")));
  std::vector<LetterContent> no_kind = {Content(civicase::v1::CASE_KIND_UNSPECIFIED, "x"),
                                        Content(civicase::v1::PETITION, "y")};
  EXPECT_THAT(SplitLetter(Letter(), no_kind),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("contents[0].kind")));
  // An anonymous letter cannot hold a denunciation (Law on Denunciations Art. 25).
  Registration anonymous = Letter();
  anonymous.set_kind(civicase::v1::PETITION);
  anonymous.set_anonymous(true);
  anonymous.clear_filers();
  std::vector<LetterContent> with_denunciation = {Content(civicase::v1::PETITION, "x"),
                                                  Content(civicase::v1::DENUNCIATION, "y")};
  EXPECT_THAT(SplitLetter(anonymous, with_denunciation),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("contents[1].anonymous")));
}

TEST(LetterSplitTest, SiblingsAreRecordedOnceOnEachCase) {
  civicase::v1::CaseEvent registered;
  registered.set_case_id("c1");
  registered.set_version(1);
  registered.mutable_registered()->set_reference("KN-2026-000001");
  *registered.mutable_registered()->mutable_registration() = Letter();
  auto c = Apply(civicase::v1::Case(), registered);
  ASSERT_OK(c.status());
  civicase::v1::CaseEvent linked;
  linked.set_case_id("c1");
  linked.set_version(2);
  linked.mutable_siblings_linked()->add_cases("TC-2026-000001");
  auto after = Apply(*c, linked);
  ASSERT_OK(after.status());
  EXPECT_THAT(after->sibling_cases(), ::testing::ElementsAre("TC-2026-000001"));
  linked.set_version(3);
  EXPECT_THAT(Apply(*after, linked),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already linked")));
}

}  // namespace
}  // namespace civicase::domain
