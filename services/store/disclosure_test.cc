// CaseStore's disclosure commands on the engine alone (in-memory KV, injected clock): the
// validity period and its bounds, expiry to the second, service principals refused, reveals
// listed from the audit trail. Roles and scopes are the access policy's (not loaded here; see
// tests/integration/disclosure_test.cc and policy_matrix_test.cc).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <mutex>

#include "services/store/case_store.h"
#include "services/store/store_keys.h"
#include "storage/audit/ed25519.h"
#include "storage/base/status_matchers.h"
#include "storage/crypto/static_master_key_provider.h"
#include "storage/kv/memory_kv.h"

namespace civicase::store {
namespace {

using civicase::testing::StatusIs;
using ::testing::HasSubstr;

template <typename T, typename Call>
absl::StatusOr<T> Await(Call call) {
  std::promise<absl::StatusOr<T>> promise;
  auto future = promise.get_future();
  call([&promise](absl::StatusOr<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

Principal Person(const std::string& user) { return Principal{.user = user, .grants = {}}; }

class StoreDisclosureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    master_ = *storage::StaticMasterKeyProvider::CreateRandom("test-key");
    signer_ = *storage::Ed25519Signer::Generate();
    sealer_ = std::make_unique<IdentitySealer>(*master_);
    CaseStoreOptions options;
    options.kv = &kv_;
    options.sealer = sealer_.get();
    options.signer = signer_.get();
    options.now = [this] { return Now(); };
    options.disclosure_validity = absl::Hours(1);
    options.max_disclosure_validity = absl::Hours(2);
    store_ = *CaseStore::Open(options);

    v1::CreateCaseRequest create;
    auto* r = create.mutable_registration();
    r->set_kind(v1::DENUNCIATION);
    r->set_channel(v1::IN_PERSON);
    r->set_receiving_unit("hanoi.dongda.pc");
    auto* f = r->add_filers();
    f->set_full_name("Trần Thị Bình");
    f->set_id_number("079123456789");
    r->mutable_respondent()->set_description("Cán bộ bị tố cáo");
    r->set_summary("Tố cáo nhận hối lộ");
    auto created = Await<v1::CaseChange>(
        [&](auto done) { store_->CreateCase(create, std::move(done), Person("clerk")); });
    ASSERT_OK(created);
    ref_ = created->snapshot().reference();
  }

  absl::StatusOr<v1::CaseChange> Request(const std::string& user) {
    v1::RequestDisclosureRequest r;
    r.set_case_ref(ref_);
    r.set_reason("xác minh");
    return Await<v1::CaseChange>(
        [&](auto done) { store_->RequestDisclosure(r, std::move(done), Person(user)); });
  }
  absl::StatusOr<v1::CaseChange> Decide(const std::string& user, const std::string& id,
                                        bool approve, int64_t valid_seconds = 0) {
    v1::DecideDisclosureRequest r;
    r.set_case_ref(ref_);
    r.set_request_id(id);
    r.set_decision(approve ? v1::DISCLOSURE_APPROVE : v1::DISCLOSURE_REFUSE);
    r.set_reason("Điều 47");
    r.set_valid_seconds(valid_seconds);
    return Await<v1::CaseChange>(
        [&](auto done) { store_->DecideDisclosure(r, std::move(done), Person(user)); });
  }
  absl::StatusOr<v1::RevealIdentityResponse> Reveal(const Principal& who, const std::string& id) {
    v1::RevealIdentityRequest r;
    r.set_case_ref(ref_);
    r.set_request_id(id);
    r.set_purpose("hẹn làm việc");
    r.mutable_context()->set_user(who.user);
    return Await<v1::RevealIdentityResponse>(
        [&](auto done) { store_->RevealIdentity(r, std::move(done), who); });
  }
  absl::StatusOr<v1::ListDisclosuresResponse> List() {
    v1::ListDisclosuresRequest r;
    r.set_case_ref(ref_);
    return Await<v1::ListDisclosuresResponse>(
        [&](auto done) { store_->ListDisclosures(r, std::move(done), Person("auditor")); });
  }

  absl::Time Now() {
    std::lock_guard lock(now_mu_);
    return now_;
  }
  void Advance(absl::Duration by) {
    std::lock_guard lock(now_mu_);
    now_ += by;
  }

  std::mutex now_mu_;
  absl::Time now_ = absl::FromUnixSeconds(1790000000);  // guarded by now_mu_ (the committer reads)
  storage::MemoryKv kv_;
  std::unique_ptr<storage::StaticMasterKeyProvider> master_;
  std::unique_ptr<storage::Ed25519Signer> signer_;
  std::unique_ptr<IdentitySealer> sealer_;
  std::unique_ptr<CaseStore> store_;
  std::string ref_;
};

TEST_F(StoreDisclosureTest, DefaultValidityEndsTheRevealToTheSecond) {
  auto requested = Request("resolver");
  ASSERT_OK(requested);
  const std::string id = requested->event().disclosure_requested().request_id();
  EXPECT_EQ(requested->event().disclosure_requested().requested_by(), "resolver");
  ASSERT_OK(Decide("custodian", id, true));

  Advance(absl::Minutes(59));
  auto revealed = Reveal(Person("resolver"), id);
  ASSERT_OK(revealed);
  ASSERT_EQ(revealed->filers_size(), 1);
  EXPECT_EQ(revealed->filers(0).full_name(), "Trần Thị Bình");
  EXPECT_EQ(revealed->filers(0).id_number(), "079123456789");

  Advance(absl::Minutes(1));
  EXPECT_THAT(Reveal(Person("resolver"), id),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("expired")));

  auto listed = List();
  ASSERT_OK(listed);
  ASSERT_EQ(listed->reveals_size(), 1);
  EXPECT_EQ(listed->reveals(0).user(), "resolver");
  EXPECT_EQ(listed->reveals(0).request_id(), id);
  EXPECT_EQ(listed->reveals(0).purpose(), "hẹn làm việc");
  ASSERT_EQ(listed->disclosures_size(), 1);
  EXPECT_EQ(listed->disclosures(0).status(), v1::DISCLOSURE_APPROVED);
}

TEST_F(StoreDisclosureTest, FieldsMarkedConfidentialAreDisclosedTheSameWay) {
  v1::CreateCaseRequest create;
  auto* r = create.mutable_registration();
  r->set_kind(v1::PETITION);
  r->set_channel(v1::IN_PERSON);
  r->set_receiving_unit("hanoi.dongda.pc");
  auto* f = r->add_filers();
  f->set_full_name("Lê Văn Công Khai");
  f->set_id_number("001199007302");
  r->mutable_respondent()->set_description("UBND phường");
  r->set_summary("Phản ánh mật về công trình");
  r->add_confidential_fields("summary");
  auto created = Await<v1::CaseChange>(
      [&](auto done) { store_->CreateCase(create, std::move(done), Person("clerk")); });
  ASSERT_OK(created);
  v1::CaseEvent stored;  // the registration is stored once, in the first event
  ASSERT_TRUE(stored.ParseFromString(
      *kv_.Get(storage::Column::kEvents, keys::Event(created->snapshot().case_id(), 1))));
  EXPECT_EQ(stored.registered().registration().summary(), "[mật]");
  ref_ = created->snapshot().reference();

  auto requested = Request("resolver");
  ASSERT_OK(requested);
  const std::string id = requested->event().disclosure_requested().request_id();
  ASSERT_OK(Decide("custodian", id, true));
  auto revealed = Reveal(Person("resolver"), id);
  ASSERT_OK(revealed);
  EXPECT_EQ(revealed->confidential_fields().summary(), "Phản ánh mật về công trình");
  ASSERT_EQ(revealed->filers_size(), 1);
  EXPECT_EQ(revealed->filers(0).full_name(), "Lê Văn Công Khai");  // never sealed
}

TEST_F(StoreDisclosureTest, ValidityIsBoundedByTheStoreMaximum) {
  auto requested = Request("officer");
  ASSERT_OK(requested);
  const std::string id = requested->event().disclosure_requested().request_id();
  EXPECT_THAT(Decide("custodian", id, true, 3 * 3600),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("valid_seconds")));
  auto approved = Decide("custodian", id, true, 2 * 3600);
  ASSERT_OK(approved);
  EXPECT_EQ(approved->event().disclosure_decided().expires_at().seconds(),
            absl::ToUnixSeconds(Now() + absl::Hours(2)));
}

TEST_F(StoreDisclosureTest, OnlyPeopleTakePartAndNothingIsWrittenOnRefusal) {
  EXPECT_THAT(Request(""),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("only a logged-in person")));
  auto requested = Request("resolver");
  ASSERT_OK(requested);
  const std::string id = requested->event().disclosure_requested().request_id();
  EXPECT_THAT(Decide("resolver", id, true),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("their own request")));
  ASSERT_OK(Decide("custodian", id, true));
  EXPECT_THAT(Reveal(Principal{}, id), StatusIs(absl::StatusCode::kPermissionDenied));
  auto listed = List();
  ASSERT_OK(listed);
  EXPECT_EQ(listed->reveals_size(), 0);
  EXPECT_EQ(listed->disclosures_size(), 1);  // the refused self-approval left no decision
}

}  // namespace
}  // namespace civicase::store
