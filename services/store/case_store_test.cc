#include "services/store/case_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <tuple>

#include "services/store/store_keys.h"
#include "storage/audit/ed25519.h"
#include "storage/base/status_matchers.h"
#include "storage/crypto/static_master_key_provider.h"
#include "storage/kv/memory_kv.h"

namespace civicase::store {
namespace {

using civicase::testing::StatusIs;

template <typename T, typename Call>
absl::StatusOr<T> Await(Call call) {
  std::promise<absl::StatusOr<T>> promise;
  auto future = promise.get_future();
  call([&promise](absl::StatusOr<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

// A Kv that passes everything to `inner`, except that it can hold the next Write until released
// and then fail it, and fail WAL syncs.
class HeldKv final : public storage::Kv {
 public:
  explicit HeldKv(storage::Kv& inner) : inner_(inner) {}

  // The next Write blocks until Release() and then returns `failure`.
  void HoldNextWrite(absl::Status failure) {
    std::lock_guard lock(mu_);
    hold_ = true;
    failure_ = std::move(failure);
  }
  void WaitUntilWriteHeld() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return holding_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

  absl::StatusOr<std::string> Get(Column column, std::string_view key) const override {
    return inner_.Get(column, key);
  }
  absl::Status Write(const storage::WriteBatch& batch,
                     const storage::WriteOptions& options) override {
    std::unique_lock lock(mu_);
    if (!hold_) return inner_.Write(batch, options);
    hold_ = false;
    holding_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
    holding_ = false;
    return failure_;
  }
  absl::Status Scan(Column column, std::string_view start, std::string_view end,
                    storage::ScanVisitor visit) const override {
    return inner_.Scan(column, start, end, std::move(visit));
  }
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> Last(
      Column column, std::string_view prefix) const override {
    return inner_.Last(column, prefix);
  }
  absl::Status CreateCheckpoint(const std::string& dir) override {
    return inner_.CreateCheckpoint(dir);
  }
  absl::Status SyncWal() override {
    {
      std::lock_guard lock(mu_);
      if (!sync_failure_.ok()) return sync_failure_;
    }
    return inner_.SyncWal();
  }
  // Every later SyncWal returns `failure`.
  void FailSyncs(absl::Status failure) {
    std::lock_guard lock(mu_);
    sync_failure_ = std::move(failure);
  }

 private:
  storage::Kv& inner_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool hold_ = false, holding_ = false, released_ = false;
  absl::Status failure_;
  absl::Status sync_failure_;
};

class CaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    master_ = *storage::StaticMasterKeyProvider::CreateRandom("test-key");
    signer_ = *storage::Ed25519Signer::Generate();
    sealer_ = std::make_unique<IdentitySealer>(*master_);
    Reopen();
  }

  void Reopen() {
    store_.reset();
    CaseStoreOptions options;
    options.kv = &held_kv_;
    options.sealer = sealer_.get();
    options.signer = signer_.get();
    options.checkpoint_policy.every_records = 5;
    options.now = [] { return absl::FromUnixSeconds(1764300000); };  // 2025-11-28
    options.on_durability_lost = on_durability_lost_;
    store_ = *CaseStore::Open(options);
  }

  v1::CreateCaseRequest Complaint(const std::string& key) {
    v1::CreateCaseRequest request;
    request.mutable_context()->set_user("clerk");
    request.set_idempotency_key(key);
    auto* r = request.mutable_registration();
    r->set_kind(v1::COMPLAINT);
    r->set_channel(v1::IN_PERSON);
    r->set_receiving_unit("hanoi.dongda.pc");
    auto* f = r->add_filers();
    f->set_full_name("Nguyễn Văn An");
    f->set_id_number("001085012345");
    r->mutable_respondent()->set_description("UBND phường");
    r->set_summary("Khiếu nại " + key);
    return request;
  }

  absl::StatusOr<v1::CaseChange> Create(v1::CreateCaseRequest request) {
    return Await<v1::CaseChange>(
        [&](auto done) { store_->CreateCase(std::move(request), std::move(done)); });
  }

  // The case's registration as stored, in its first event (CreateCase answers without it, and
  // the stored snapshot leaves it out).
  v1::Registration StoredRegistration(const std::string& case_id) {
    v1::CaseEvent first;
    EXPECT_TRUE(first.ParseFromString(*kv_.Get(storage::Column::kEvents, keys::Event(case_id, 1))));
    return first.registered().registration();
  }

  std::function<void(const absl::Status&)> on_durability_lost_;
  storage::MemoryKv kv_;
  HeldKv held_kv_{kv_};
  std::unique_ptr<storage::StaticMasterKeyProvider> master_;
  std::unique_ptr<storage::Ed25519Signer> signer_;
  std::unique_ptr<IdentitySealer> sealer_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(CaseStoreTest, ReferencesAreSequentialPerKindAndYear) {
  auto first = Create(Complaint("a"));
  auto second = Create(Complaint("b"));
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ(first->snapshot().reference(), "KN-2025-000001");
  EXPECT_EQ(second->snapshot().reference(), "KN-2025-000002");
  EXPECT_EQ(StoredRegistration(first->snapshot().case_id()).received_date(), "2025-11-28");
}

TEST_F(CaseStoreTest, FailedWriteFailsItsGroupAndStoresNothingOfIt) {
  ASSERT_OK(Create(Complaint("a")));
  held_kv_.HoldNextWrite(absl::InternalError("disk gone"));
  std::promise<absl::StatusOr<v1::CaseChange>> b, c;
  store_->CreateCase(Complaint("b"), [&](auto result) { b.set_value(std::move(result)); });
  held_kv_.WaitUntilWriteHeld();
  // "c" arrives while "b"'s group is being written: it goes into the next group.
  store_->CreateCase(Complaint("c"), [&](auto result) { c.set_value(std::move(result)); });
  held_kv_.Release();
  EXPECT_THAT(b.get_future().get(), StatusIs(absl::StatusCode::kInternal));
  auto c_result = c.get_future().get();
  ASSERT_OK(c_result);
  EXPECT_EQ(c_result->snapshot().reference(), "KN-2025-000002");  // no gap left by "b"
  EXPECT_EQ(store_->committed_sequence(), 2);
  auto retried = Create(Complaint("b"));  // "b" left no idempotency record: registered anew
  ASSERT_OK(retried);
  EXPECT_EQ(retried->snapshot().reference(), "KN-2025-000003");
  auto report = store_->VerifyAudit();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok());
}

TEST_F(CaseStoreTest, FailedSyncFailsItsCallersAndTheStoreRefusesEverythingAfter) {
  std::atomic<int> reported{0};
  on_durability_lost_ = [&](const absl::Status&) { ++reported; };
  Reopen();
  ASSERT_OK(Create(Complaint("a")));
  held_kv_.FailSyncs(absl::DataLossError("fsync: EIO"));
  EXPECT_THAT(Create(Complaint("b")), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(store_->committed_sequence(), 1);  // "b" is not published as durable
  auto events = store_->ReadEvents(1, 100);
  ASSERT_OK(events);
  EXPECT_EQ(events->size(), 1u);  // nor delivered by the change feed
  auto later = Create(Complaint("c"));
  EXPECT_THAT(later, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(later.status().message(), ::testing::HasSubstr("restarted"));
  EXPECT_EQ(reported.load(), 1);  // the operator is told once
  store_.reset();                 // before `reported` goes
}

TEST_F(CaseStoreTest, CreateCaseAnswerDoesNotRepeatTheRegistrationAndTheStoreKeepsIt) {
  auto created = Create(Complaint("a"));
  ASSERT_OK(created);
  EXPECT_FALSE(created->event().registered().has_registration());
  EXPECT_FALSE(created->snapshot().has_registration());
  EXPECT_EQ(created->snapshot().reference(), "KN-2025-000001");
  EXPECT_EQ(StoredRegistration(created->snapshot().case_id()).summary(), "Khiếu nại a");
  EXPECT_FALSE(created->event().registered().tracking_pin().empty());
  auto retry = Create(Complaint("a"));  // the first result, in the same shape
  ASSERT_OK(retry);
  EXPECT_FALSE(retry->event().registered().has_registration());
  EXPECT_FALSE(retry->snapshot().has_registration());
  auto events = store_->ReadEvents(1, 10);
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].registered().registration().summary(), "Khiếu nại a");
}

// The registration is written once, in the first event; every read of the case attaches it,
// after later events too, and a snapshot stored with its registration (the earlier layout) reads
// as it was.
TEST_F(CaseStoreTest, TheRegistrationIsKeptOnceAndEveryReadAttachesIt) {
  auto created = Create(Complaint("a"));
  ASSERT_OK(created);
  const std::string case_id = created->snapshot().case_id();
  v1::AppendEventRequest append;
  append.set_case_ref(case_id);
  append.set_expected_version(1);
  append.mutable_event()->mutable_deadline_set()->mutable_due()->set_rule_id("x");
  auto appended =
      Await<v1::CaseChange>([&](auto done) { store_->AppendEvent(append, std::move(done)); });
  ASSERT_OK(appended);
  EXPECT_EQ(appended->snapshot().registration().summary(), "Khiếu nại a");

  v1::Case stored;
  ASSERT_TRUE(stored.ParseFromString(*kv_.Get(storage::Column::kSnapshots, case_id)));
  EXPECT_FALSE(stored.has_registration());
  EXPECT_EQ(stored.version(), 2);
  v1::GetCaseRequest get;
  get.set_case_ref(case_id);
  auto read = Await<v1::Case>([&](auto done) { store_->GetCase(get, std::move(done)); });
  ASSERT_OK(read);
  EXPECT_EQ(read->registration().summary(), "Khiếu nại a");
  EXPECT_EQ(read->version(), 2);

  v1::Case earlier_layout = *read;
  earlier_layout.mutable_registration()->set_summary("as stored in the snapshot");
  ASSERT_OK(kv_.Put(storage::Column::kSnapshots, case_id, earlier_layout.SerializeAsString()));
  read = Await<v1::Case>([&](auto done) { store_->GetCase(get, std::move(done)); });
  ASSERT_OK(read);
  EXPECT_EQ(read->registration().summary(), "as stored in the snapshot");
}

TEST_F(CaseStoreTest, IdempotentRetryReturnsTheFirstResultAndDifferentRequestIsRefused) {
  auto first = Create(Complaint("same"));
  ASSERT_OK(first);
  auto retry = Create(Complaint("same"));
  ASSERT_OK(retry);
  EXPECT_EQ(retry->snapshot().case_id(), first->snapshot().case_id());
  EXPECT_EQ(store_->committed_sequence(), 1);
  v1::CreateCaseRequest other = Complaint("same");
  other.mutable_registration()->set_summary("something else");
  EXPECT_THAT(Create(other), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(CaseStoreTest, VersionConflictIsAbortedAndWritesNothing) {
  auto created = Create(Complaint("a"));
  ASSERT_OK(created);
  v1::AppendEventRequest append;
  append.set_case_ref(created->snapshot().reference());
  append.set_expected_version(7);
  append.mutable_event()->mutable_deadline_set()->mutable_due()->set_rule_id("x");
  auto result =
      Await<v1::CaseChange>([&](auto done) { store_->AppendEvent(append, std::move(done)); });
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(store_->committed_sequence(), 1);
  append.set_expected_version(1);
  result = Await<v1::CaseChange>([&](auto done) { store_->AppendEvent(append, std::move(done)); });
  ASSERT_OK(result);
  EXPECT_EQ(result->snapshot().version(), 2);
}

TEST_F(CaseStoreTest, ChangeFeedDeliversInCommitOrderAndResumesAfterReopen) {
  for (const char* key : {"a", "b", "c"}) ASSERT_OK(Create(Complaint(key)));
  auto events = store_->ReadEvents(1, 100);
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*events)[i].sequence(), i + 1);

  Reopen();  // a consumer resumes from the sequence after the last it saw
  ASSERT_OK(Create(Complaint("d")));
  auto resumed = store_->ReadEvents(4, 100);
  ASSERT_OK(resumed);
  ASSERT_EQ(resumed->size(), 1u);
  EXPECT_EQ((*resumed)[0].registered().registration().summary(), "Khiếu nại d");
  EXPECT_TRUE(store_->WaitForSequence(4, absl::ZeroDuration()));
}

// Keys of `prefix` in `column`, in order.
std::vector<std::string> KeysIn(const storage::Kv& kv, storage::Column column,
                                const std::string& prefix) {
  std::vector<std::string> found;
  EXPECT_OK(kv.ScanPrefix(column, prefix, [&](std::string_view key, std::string_view) {
    found.emplace_back(key);
    return true;
  }));
  return found;
}

TEST_F(CaseStoreTest, AStoreInTheOlderLayoutIsUpgradedAtOpen) {
  for (const char* key : {"a", "b", "c"}) ASSERT_OK(Create(Complaint(key)));
  store_.reset();
  // The older layout: the feed in events, the audit checkpoints in audit.
  const std::vector<std::string> feed = KeysIn(kv_, storage::Column::kFeed, keys::FeedPrefix());
  const std::vector<std::string> checkpoints =
      KeysIn(kv_, storage::Column::kAuditCheckpoints, keys::AuditCheckpointPrefix());
  ASSERT_EQ(feed.size(), 3u);
  ASSERT_FALSE(checkpoints.empty());
  for (const auto& [from, to, moved] :
       {std::tuple{storage::Column::kFeed, storage::Column::kEvents, &feed},
        std::tuple{storage::Column::kAuditCheckpoints, storage::Column::kAudit, &checkpoints}}) {
    for (const std::string& key : *moved) {
      ASSERT_OK(kv_.Put(to, key, *kv_.Get(from, key)));
      ASSERT_OK(kv_.Delete(from, key));
    }
  }

  Reopen();
  EXPECT_EQ(KeysIn(kv_, storage::Column::kFeed, keys::FeedPrefix()), feed);
  EXPECT_EQ(KeysIn(kv_, storage::Column::kAuditCheckpoints, keys::AuditCheckpointPrefix()),
            checkpoints);
  EXPECT_TRUE(KeysIn(kv_, storage::Column::kEvents, keys::FeedPrefix()).empty());
  EXPECT_TRUE(KeysIn(kv_, storage::Column::kAudit, keys::AuditCheckpointPrefix()).empty());
  auto events = store_->ReadEvents(1, 100);
  ASSERT_OK(events);
  EXPECT_EQ(events->size(), 3u);
  ASSERT_OK(Create(Complaint("d")));
  auto report = store_->VerifyAudit();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok()) << report->problem();
}

TEST_F(CaseStoreTest, EveryAccessIsAuditedAndTheChainVerifies) {
  auto created = Create(Complaint("a"));
  ASSERT_OK(created);
  v1::GetCaseRequest get;
  get.mutable_context()->set_user("officer");
  get.mutable_context()->set_purpose("resolve");
  get.set_case_ref(created->snapshot().reference());
  ASSERT_OK(Await<v1::Case>([&](auto done) { store_->GetCase(get, std::move(done)); }));
  get.set_case_ref("KN-2025-999999");
  EXPECT_THAT(Await<v1::Case>([&](auto done) { store_->GetCase(get, std::move(done)); }),
              StatusIs(absl::StatusCode::kNotFound));

  v1::ListAuditRequest list;
  auto audit =
      Await<v1::ListAuditResponse>([&](auto done) { store_->ListAudit(list, std::move(done)); });
  ASSERT_OK(audit);
  ASSERT_GE(audit->records_size(), 3);
  EXPECT_EQ(audit->records(1).actor().purpose(), "resolve");
  EXPECT_EQ(audit->records(1).outcome(), "ok");
  EXPECT_EQ(audit->records(2).outcome(), "NOT_FOUND");  // denials and failures are audited too
  auto report = store_->VerifyAudit();
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok()) << report->problem();
}

TEST_F(CaseStoreTest, DenouncerIdentityIsSealedAndCanBeUnsealed) {
  v1::CreateCaseRequest request = Complaint("d");
  request.mutable_registration()->set_kind(v1::DENUNCIATION);
  auto created = Create(request);
  ASSERT_OK(created);
  const v1::Person sealed = StoredRegistration(created->snapshot().case_id()).filers(0);
  EXPECT_TRUE(sealed.full_name().empty());
  EXPECT_TRUE(sealed.id_number().empty());
  EXPECT_EQ(sealed.pseudonym(), "Người tố cáo #1");
  EXPECT_EQ(created->snapshot().reference().substr(0, 3), "TC-");
  Txn txn(kv_, nullptr);
  auto identity = sealer_->Unseal(created->snapshot().case_id(), 0, sealed, txn);
  ASSERT_OK(identity);
  EXPECT_EQ(identity->full_name(), "Nguyễn Văn An");
  EXPECT_EQ(identity->id_number(), "001085012345");
}

TEST_F(CaseStoreTest, RelatedCasesAreFoundByFilerAndMatterAcrossUnits) {
  ASSERT_OK(Create(Complaint("a")));
  v1::CreateCaseRequest other_unit = Complaint("b");
  other_unit.mutable_registration()->set_receiving_unit("hanoi.kimlien.pc");
  other_unit.mutable_registration()->mutable_respondent()->set_description("  UBND   phường ");
  ASSERT_OK(Create(other_unit));
  v1::CreateCaseRequest other_matter = Complaint("c");
  other_matter.mutable_registration()->mutable_respondent()->set_description("Sở Xây dựng");
  ASSERT_OK(Create(other_matter));
  v1::CreateCaseRequest stranger = Complaint("d");
  stranger.mutable_registration()->mutable_filers(0)->set_id_number("079000000001");
  ASSERT_OK(Create(stranger));

  v1::FindRelatedRequest find;
  *find.mutable_registration() = Complaint("probe").registration();
  auto related =
      Await<v1::ListCasesResponse>([&](auto done) { store_->FindRelated(find, std::move(done)); });
  ASSERT_OK(related);
  EXPECT_EQ(related->cases_size(), 3);        // same filer, three cases
  EXPECT_EQ(related->same_matter_size(), 2);  // two of them about the same respondent
}

TEST_F(CaseStoreTest, ErasingAPersonDestroysTheDataKeyAndKeepsTheCase) {
  v1::CreateCaseRequest request = Complaint("d");
  request.mutable_registration()->set_kind(v1::DENUNCIATION);
  auto created = Create(request);
  ASSERT_OK(created);
  const v1::Person sealed = StoredRegistration(created->snapshot().case_id()).filers(0);
  v1::EraseIdentityRequest erase;
  erase.set_case_ref(created->snapshot().reference());
  EXPECT_THAT(
      Await<v1::CaseChange>([&](auto done) { store_->EraseIdentity(erase, std::move(done)); }),
      StatusIs(absl::StatusCode::kInvalidArgument));  // a reason is required
  erase.set_reason("request of the person, decision 7/QĐ");
  auto erased =
      Await<v1::CaseChange>([&](auto done) { store_->EraseIdentity(erase, std::move(done)); });
  ASSERT_OK(erased);
  EXPECT_TRUE(erased->snapshot().identity_erased());
  EXPECT_EQ(erased->snapshot().registration().filers(0).pseudonym(), "Người tố cáo #1");
  Txn txn(kv_, nullptr);
  EXPECT_THAT(sealer_->Unseal(created->snapshot().case_id(), 0, sealed, txn),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      Await<v1::CaseChange>([&](auto done) { store_->EraseIdentity(erase, std::move(done)); }),
      StatusIs(absl::StatusCode::kFailedPrecondition));  // nothing left to erase
  auto complaint = Create(Complaint("c"));
  erase.set_case_ref(complaint->snapshot().reference());
  EXPECT_THAT(
      Await<v1::CaseChange>([&](auto done) { store_->EraseIdentity(erase, std::move(done)); }),
      StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(CaseStoreTest, ConsumerCursorsPersistAndNeverMoveBackwards) {
  v1::Cursor cursor;
  cursor.set_consumer("deadlines");
  EXPECT_THAT(store_->GetCursor(cursor), StatusIs(absl::StatusCode::kNotFound));
  cursor.set_next_sequence(5);
  ASSERT_OK(Await<v1::Cursor>([&](auto done) { store_->SaveCursor(cursor, std::move(done)); }));
  Reopen();
  auto saved = store_->GetCursor(cursor);
  ASSERT_OK(saved);
  EXPECT_EQ(saved->next_sequence(), 5);
  cursor.set_next_sequence(3);
  EXPECT_THAT(Await<v1::Cursor>([&](auto done) { store_->SaveCursor(cursor, std::move(done)); }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(CaseStoreTest, MasterKeyRotationRewrapsDataKeysWithoutTouchingCases) {
  v1::CreateCaseRequest request = Complaint("d");
  request.mutable_registration()->set_kind(v1::DENUNCIATION);
  auto created = Create(request);
  ASSERT_OK(created);
  store_.reset();
  ASSERT_OK(master_->AddKey("second", *storage::Aes256Key::Generate()));
  ASSERT_OK(master_->SetCurrent("second"));
  auto count = sealer_->RewrapDataKeys(kv_);
  ASSERT_OK(count);
  EXPECT_EQ(*count, 2);  // the case's data key and the filer index key
  auto wrapped = storage::WrappedKey::Parse(
      *kv_.Get(storage::Column::kSealedKeys, created->snapshot().case_id()));
  ASSERT_OK(wrapped);
  EXPECT_EQ(wrapped->key_id, "second");
  Txn txn(kv_, nullptr);
  auto identity = sealer_->Unseal(created->snapshot().case_id(), 0,
                                  StoredRegistration(created->snapshot().case_id()).filers(0), txn);
  ASSERT_OK(identity);
  EXPECT_EQ(identity->full_name(), "Nguyễn Văn An");
}

}  // namespace
}  // namespace civicase::store
