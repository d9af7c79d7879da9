#include "services/store/redaction.h"

#include <gtest/gtest.h>

#include "civicase/v1/store.pb.h"

namespace civicase::store {
namespace {

// A sealed denunciation as the store holds it: pseudonym, sealed blobs, keyed hashes.
v1::Case SealedCase(const std::string& reference) {
  v1::Case c;
  c.set_reference(reference);
  c.set_identity_sealed(true);
  c.add_filer_keys("filer-hmac");
  c.set_matter_key("matter-hmac");
  v1::Registration& r = *c.mutable_registration();
  r.set_summary("[mật]");
  r.set_sealed_fields("fields-ciphertext");
  v1::Person& filer = *r.add_filers();
  filer.set_pseudonym("Người tố cáo #1");
  filer.set_sealed_identity("identity-ciphertext");
  return c;
}

void ExpectRedacted(const v1::Case& c, const std::string& reference) {
  EXPECT_EQ(c.reference(), reference);
  EXPECT_TRUE(c.identity_sealed());
  EXPECT_TRUE(c.filer_keys().empty());
  EXPECT_TRUE(c.matter_key().empty());
  EXPECT_TRUE(c.registration().sealed_fields().empty());
  EXPECT_EQ(c.registration().summary(), "[mật]");
  ASSERT_EQ(c.registration().filers_size(), 1);
  EXPECT_TRUE(c.registration().filers(0).sealed_identity().empty());
  EXPECT_EQ(c.registration().filers(0).pseudonym(), "Người tố cáo #1");
}

TEST(RedactionTest, ACaseChangeKeepsWhatCallersSeeAndLosesTheStoresInternals) {
  v1::CaseChange change;
  *change.mutable_snapshot() = SealedCase("TC-2026-000001");
  v1::CaseRegistered& registered = *change.mutable_event()->mutable_registered();
  *registered.mutable_registration() = change.snapshot().registration();
  registered.set_reference("TC-2026-000001");
  registered.set_tracking_pin("4821");
  registered.add_filer_keys("filer-hmac");
  registered.set_matter_key("matter-hmac");

  RedactStoreInternals(change);

  ExpectRedacted(change.snapshot(), "TC-2026-000001");
  EXPECT_EQ(registered.tracking_pin(), "4821");
  EXPECT_TRUE(registered.filer_keys().empty());
  EXPECT_TRUE(registered.matter_key().empty());
  EXPECT_TRUE(registered.registration().sealed_fields().empty());
  EXPECT_TRUE(registered.registration().filers(0).sealed_identity().empty());
}

TEST(RedactionTest, EveryCaseOfAListIsRedacted) {
  v1::ListCasesResponse list;
  *list.add_cases() = SealedCase("TC-2026-000001");
  *list.add_cases() = SealedCase("TC-2026-000002");
  RedactStoreInternals(list);
  ExpectRedacted(list.cases(0), "TC-2026-000001");
  ExpectRedacted(list.cases(1), "TC-2026-000002");
}

}  // namespace
}  // namespace civicase::store
