#include "services/domain/case/disclosure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/util/time_util.h"
#include "services/domain/case/case_aggregate.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::Case;
using civicase::v1::CaseEvent;
using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

const absl::Time kNoon = absl::FromUnixSeconds(1790000000);

Case SealedDenunciation() {
  CaseEvent e;
  e.set_case_id("c1");
  e.set_version(1);
  auto* reg = e.mutable_registered();
  reg->set_reference("TC-2026-000001");
  reg->mutable_registration()->set_kind(civicase::v1::DENUNCIATION);
  reg->mutable_registration()->set_receiving_unit("hanoi.dongda.pc");
  auto* filer = reg->mutable_registration()->add_filers();
  filer->set_pseudonym("Người tố cáo #1");
  filer->set_sealed_identity("ciphertext");
  return *Apply(Case(), e);
}

CaseEvent Requested(const Case& c, const std::string& by) {
  CaseEvent e;
  e.set_case_id(c.case_id());
  e.set_version(c.version() + 1);
  *e.mutable_recorded_at() = TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(kNoon));
  auto* r = e.mutable_disclosure_requested();
  r->set_request_id(NextDisclosureId(c));
  r->set_requested_by(by);
  r->set_reason("need to contact the denouncer");
  return e;
}

CaseEvent Decided(const Case& c, const std::string& id, const std::string& by, bool approved) {
  CaseEvent e;
  e.set_case_id(c.case_id());
  e.set_version(c.version() + 1);
  auto* d = e.mutable_disclosure_decided();
  d->set_request_id(id);
  d->set_decided_by(by);
  d->set_approved(approved);
  d->set_reason("Art. 47");
  if (approved) {
    *d->mutable_expires_at() =
        TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(kNoon + absl::Hours(24)));
  }
  return e;
}

TEST(DisclosureRulesTest, RequestThenApprovalLetsOnlyTheRequesterSeeUntilExpiry) {
  Case c = SealedDenunciation();
  c = *Apply(c, Requested(c, "resolver"));
  ASSERT_EQ(c.disclosures_size(), 1);
  EXPECT_EQ(c.disclosures(0).request_id(), "D1");
  EXPECT_EQ(c.disclosures(0).status(), civicase::v1::DISCLOSURE_PENDING);
  EXPECT_THAT(CheckReveal(c, "D1", "resolver", kNoon),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("awaits")));

  c = *Apply(c, Decided(c, "D1", "custodian", true));
  EXPECT_EQ(c.disclosures(0).status(), civicase::v1::DISCLOSURE_APPROVED);
  EXPECT_OK(CheckReveal(c, "D1", "resolver", kNoon));
  EXPECT_THAT(
      CheckReveal(c, "D1", "custodian", kNoon),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("only to the one who asked")));
  EXPECT_THAT(CheckReveal(c, "D1", "resolver", kNoon + absl::Hours(24)),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("expired")));
  EXPECT_THAT(CheckReveal(c, "D2", "resolver", kNoon), StatusIs(absl::StatusCode::kNotFound));
}

TEST(DisclosureRulesTest, RefusedRequestIsNeverRevealed) {
  Case c = SealedDenunciation();
  c = *Apply(c, Requested(c, "officer"));
  c = *Apply(c, Decided(c, "D1", "custodian", false));
  EXPECT_EQ(c.disclosures(0).status(), civicase::v1::DISCLOSURE_REFUSED);
  EXPECT_THAT(CheckReveal(c, "D1", "officer", kNoon),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("refused by custodian")));
}

TEST(DisclosureRulesTest, CustodianCannotDecideOwnRequestNorDecideTwice) {
  Case c = SealedDenunciation();
  c = *Apply(c, Requested(c, "both"));
  EXPECT_THAT(Apply(c, Decided(c, "D1", "both", true)),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("their own request")));
  c = *Apply(c, Decided(c, "D1", "custodian", true));
  EXPECT_THAT(Apply(c, Decided(c, "D1", "custodian2", false)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already approved")));
  EXPECT_THAT(Apply(c, Decided(c, "D9", "custodian", true)), StatusIs(absl::StatusCode::kNotFound));
}

TEST(DisclosureRulesTest, OnlySealedIdentitiesCanBeRequestedAndAReasonIsRequired) {
  CaseEvent e;
  e.set_case_id("c2");
  e.set_version(1);
  e.mutable_registered()->set_reference("KN-2026-000001");
  e.mutable_registered()->mutable_registration()->set_kind(civicase::v1::COMPLAINT);
  Case complaint = *Apply(Case(), e);
  EXPECT_THAT(Apply(complaint, Requested(complaint, "resolver")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no sealed identity")));

  Case c = SealedDenunciation();
  CaseEvent no_reason = Requested(c, "resolver");
  no_reason.mutable_disclosure_requested()->clear_reason();
  EXPECT_THAT(Apply(c, no_reason),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
}

}  // namespace
}  // namespace civicase::domain
