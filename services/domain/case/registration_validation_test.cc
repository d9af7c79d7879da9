#include "services/domain/case/registration_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::Registration;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Registration ValidComplaint() {
  Registration r;
  r.set_kind(civicase::v1::COMPLAINT);
  r.set_channel(civicase::v1::IN_PERSON);
  r.set_receiving_unit("hanoi.dongda.pc");
  auto* f = r.add_filers();
  f->set_full_name("Nguyễn Văn An");
  f->set_id_number("001085012345");
  r.mutable_respondent()->set_description("Chủ tịch UBND phường Đống Đa");
  r.set_summary("Khiếu nại quyết định thu hồi đất");
  return r;
}

TEST(RegistrationValidationTest, AcceptsACompleteComplaint) {
  EXPECT_OK(ValidateRegistration(ValidComplaint()));
}

struct BadCase {
  const char* name;
  std::function<void(Registration&)> spoil;
  absl::StatusCode code;
  const char* field;
};

class RegistrationRejectsTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(RegistrationRejectsTest, NamesTheField) {
  Registration r = ValidComplaint();
  GetParam().spoil(r);
  EXPECT_THAT(
      ValidateRegistration(r),
      StatusIs(GetParam().code, StartsWith(std::string("registration.") + GetParam().field)));
}

INSTANTIATE_TEST_SUITE_P(
    Law, RegistrationRejectsTest,
    ::testing::Values(
        BadCase{"NoKind", [](Registration& r) { r.clear_kind(); },
                absl::StatusCode::kInvalidArgument, "kind"},
        BadCase{"NoChannel", [](Registration& r) { r.clear_channel(); },
                absl::StatusCode::kInvalidArgument, "channel"},
        BadCase{"NoUnit", [](Registration& r) { r.set_receiving_unit("  "); },
                absl::StatusCode::kInvalidArgument, "receiving_unit"},
        BadCase{"BadDate", [](Registration& r) { r.set_received_date("2026-02-30"); },
                absl::StatusCode::kInvalidArgument, "received_date"},
        BadCase{"NoFiler", [](Registration& r) { r.clear_filers(); },
                absl::StatusCode::kInvalidArgument, "filers"},
        BadCase{"NoName", [](Registration& r) { r.mutable_filers(0)->clear_full_name(); },
                absl::StatusCode::kInvalidArgument, "filers[0].full_name"},
        BadCase{"NoId", [](Registration& r) { r.mutable_filers(0)->clear_id_number(); },
                absl::StatusCode::kInvalidArgument, "filers[0].id_number"},
        BadCase{"BadId", [](Registration& r) { r.mutable_filers(0)->set_id_number("12-34"); },
                absl::StatusCode::kInvalidArgument, "filers[0].id_number"},
        BadCase{"NoRespondent", [](Registration& r) { r.clear_respondent(); },
                absl::StatusCode::kInvalidArgument, "respondent.description"},
        BadCase{"NoSummary", [](Registration& r) { r.clear_summary(); },
                absl::StatusCode::kInvalidArgument, "summary"},
        BadCase{"HugeSummary", [](Registration& r) { r.set_summary(std::string(30000, 'x')); },
                absl::StatusCode::kResourceExhausted, "summary"},
        BadCase{"ForwardedWithoutDocument",
                [](Registration& r) {
                  r.set_channel(civicase::v1::FORWARDED);
                  r.mutable_forwarding()->set_forwarder("HĐND phường");
                },
                absl::StatusCode::kInvalidArgument, "forwarding.document_number"},
        BadCase{"RoundTwoWithoutRoundOne", [](Registration& r) { r.set_round(2); },
                absl::StatusCode::kInvalidArgument, "previous_case"},
        BadCase{"AnonymousDenunciation",
                [](Registration& r) {
                  r.set_kind(civicase::v1::DENUNCIATION);
                  r.set_anonymous(true);
                  r.clear_filers();
                },
                absl::StatusCode::kInvalidArgument, "anonymous"},
        BadCase{"UnknownConfidentialField",
                [](Registration& r) { r.add_confidential_fields("received_date"); },
                absl::StatusCode::kInvalidArgument, "confidential_fields[0]"},
        BadCase{"ConfidentialFieldTwice",
                [](Registration& r) {
                  r.add_confidential_fields("summary");
                  r.add_confidential_fields("summary");
                },
                absl::StatusCode::kInvalidArgument, "confidential_fields[1]"},
        BadCase{"SealedFieldsFromOutside", [](Registration& r) { r.set_sealed_fields("x"); },
                absl::StatusCode::kInvalidArgument, "sealed_fields"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RegistrationValidationTest, AcceptsEveryConfidentialField) {
  Registration r = ValidComplaint();
  for (std::string_view field : kConfidentialFields) r.add_confidential_fields(std::string(field));
  EXPECT_OK(ValidateRegistration(r));
}

struct SignatoryRow {
  std::string name;
  int signatures;
  int filers;  // listed, the first `representatives` of them marked
  int representatives;
  std::string error;  // empty = valid
};

TEST(RegistrationValidationTest, SignatoriesAndTheirRepresentatives) {
  // >= 5 signatures: a multi-person letter (Circular 07/2014 Art. 6(4)); representatives 1-2
  // for 5-10 persons, up to 5 above (Reception Law Art. 29).
  const std::vector<SignatoryRow> table = {
      {"one filer", 1, 1, 0, ""},
      {"four signatures, no representative needed", 4, 2, 0, ""},
      {"five signatures need a representative", 5, 1, 0,
       "registration.filers: a group of 5 persons names 1 to 2 representatives"},
      {"five signatures with one representative", 5, 1, 1, ""},
      {"ten signatures with three representatives", 10, 3, 3, "names 1 to 2 representatives"},
      {"twelve signatures with five representatives", 12, 5, 5, ""},
      {"twelve signatures with six representatives", 12, 6, 6, "names 1 to 5 representatives"},
      {"fewer signatures than filers", 2, 3, 0,
       "registration.signatory_count: 2 is fewer than the 3 filers listed"},
  };
  for (const SignatoryRow& row : table) {
    SCOPED_TRACE(row.name);
    Registration r = ValidComplaint();
    r.clear_filers();
    for (int i = 0; i < row.filers; ++i) {
      auto* p = r.add_filers();
      p->set_full_name("Người ký " + std::to_string(i));
      p->set_id_number("0010850123" + std::to_string(10 + i));
      p->set_representative(i < row.representatives);
    }
    r.set_signatory_count(row.signatures);
    if (row.error.empty()) {
      EXPECT_OK(ValidateRegistration(r));
    } else {
      EXPECT_THAT(ValidateRegistration(r),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(row.error)));
    }
  }
}

TEST(RegistrationValidationTest, AnonymousPetitionIsInformation) {
  Registration r = ValidComplaint();
  r.set_kind(civicase::v1::PETITION);
  r.set_anonymous(true);
  r.clear_filers();
  EXPECT_OK(ValidateRegistration(r));
}

}  // namespace
}  // namespace civicase::domain
