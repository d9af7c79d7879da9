#include "services/domain/case/reception_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::ReceptionVisit;
using ::testing::HasSubstr;

ReceptionVisit Valid() {
  ReceptionVisit v;
  v.set_receiving_unit("hanoi.dongda.pc");
  v.set_visit_date("2026-03-02");
  auto* p = v.add_visitors();
  p->set_full_name("Nguyễn Văn An");
  p->set_id_number("001085012345");
  p->set_address("12 Tôn Đức Thắng");
  v.set_content_summary("Hỏi về bồi thường thu hồi đất");
  v.set_classification("question");
  v.set_result("answered");
  v.set_officer("clerk1");
  return v;
}

void AddVisitors(ReceptionVisit& v, int n, int representatives) {
  for (int i = 0; i < n; ++i) {
    auto* p = v.add_visitors();
    p->set_full_name("Người " + std::to_string(i));
    p->set_id_number("00108501" + std::to_string(1000 + i));
    p->set_representative(i < representatives);
  }
}

struct Row {
  std::string name;
  std::function<void(ReceptionVisit&)> change;
  int letters;
  std::string error;  // empty = valid
};

TEST(ReceptionValidationTest, RegisterEntriesAreCheckedFieldByField) {
  const std::vector<Row> table = {
      {"valid", [](ReceptionVisit&) {}, 0, ""},
      {"no unit", [](ReceptionVisit& v) { v.clear_receiving_unit(); }, 0,
       "visit.receiving_unit: required"},
      {"bad date", [](ReceptionVisit& v) { v.set_visit_date("02/03/2026"); }, 0,
       "visit.visit_date: '02/03/2026' is not a YYYY-MM-DD date"},
      {"no visitor", [](ReceptionVisit& v) { v.clear_visitors(); }, 0, "visit.visitors: at least"},
      {"visitor without ID (Reception Law Art. 25(1))",
       [](ReceptionVisit& v) { v.mutable_visitors(0)->clear_id_number(); }, 0,
       "visit.visitors[0].id_number: required"},
      {"no summary", [](ReceptionVisit& v) { v.clear_content_summary(); }, 0,
       "visit.content_summary: required"},
      {"unknown class", [](ReceptionVisit& v) { v.set_classification("gossip"); }, 0,
       "visit.classification: 'gossip' is not one of complaint, denunciation, petition, "
       "feedback, question"},
      {"unknown result", [](ReceptionVisit& v) { v.set_result("done"); }, 0,
       "visit.result: 'done' is not one of answered, guided"},
      {"guided without where", [](ReceptionVisit& v) { v.set_result("guided"); }, 0,
       "visit.result_detail: required when guided"},
      {"guided to a body",
       [](ReceptionVisit& v) {
         v.set_result("guided");
         v.set_result_detail("Tòa án nhân dân TP Hà Nội");
       },
       0, ""},
      {"letter received but none registered",
       [](ReceptionVisit& v) { v.set_result("letter_received"); }, 0,
       "visit.result: letter_received, but no letter"},
      {"letter received with its letter",
       [](ReceptionVisit& v) { v.set_result("letter_received"); }, 1, ""},
      {"no officer", [](ReceptionVisit& v) { v.clear_officer(); }, 0, "visit.officer: required"},
      {"person count below visitors listed",
       [](ReceptionVisit& v) {
         AddVisitors(v, 2, 0);
         v.set_person_count(2);
       },
       0, "visit.person_count: 2 is fewer than the 3 visitors listed"},
      {"group of 7 without a representative (Art. 29)",
       [](ReceptionVisit& v) { v.set_person_count(7); }, 0,
       "a group of 7 persons names 1 to 2 representatives among themselves, not 0"},
      {"group of 7 with 3 representatives",
       [](ReceptionVisit& v) {
         AddVisitors(v, 3, 3);
         v.set_person_count(7);
       },
       0, "names 1 to 2 representatives among themselves, not 3"},
      {"group of 7 with 2 representatives",
       [](ReceptionVisit& v) {
         AddVisitors(v, 2, 2);
         v.set_person_count(7);
       },
       0, ""},
      {"crowd of 30 with 5 representatives",
       [](ReceptionVisit& v) {
         AddVisitors(v, 5, 5);
         v.set_person_count(30);
       },
       0, ""},
      {"crowd of 30 with 6 representatives",
       [](ReceptionVisit& v) {
         AddVisitors(v, 6, 6);
         v.set_person_count(30);
       },
       0, "a group of 30 persons names 1 to 5 representatives"},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.name);
    ReceptionVisit v = Valid();
    row.change(v);
    if (row.error.empty()) {
      EXPECT_OK(ValidateVisit(v, row.letters));
    } else {
      EXPECT_THAT(ValidateVisit(v, row.letters),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(row.error)));
    }
  }
}

TEST(ReceptionValidationTest, VisitorsOfADenunciationAreSealed) {
  ReceptionVisit v = Valid();
  EXPECT_FALSE(MustSealVisitors(v, false));
  EXPECT_TRUE(MustSealVisitors(v, true));
  v.set_classification("denunciation");
  EXPECT_TRUE(MustSealVisitors(v, false));
}

}  // namespace
}  // namespace civicase::domain
