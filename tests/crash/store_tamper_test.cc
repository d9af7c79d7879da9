// Tamper test (issue 4): a real store on disk holds 65 audit records with a signed checkpoint
// every 10 (at 10, 20, ..., 60). Each test takes a fresh copy (Kv::CreateCheckpoint), tampers
// with the audit column directly through RocksKv, as someone with access to the data folder
// could, reopens the store and asks VerifyAudit, which must fail and name the first bad record.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>

#include "civicase/v1/audit.pb.h"
#include "services/store/store_keys.h"
#include "storage/base/status_matchers.h"
#include "tests/crash/store_home.h"

namespace civicase::store::testing {
namespace {

namespace fs = std::filesystem;
using storage::Column;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr uint64_t kRecords = 65;
constexpr storage::CheckpointPolicy kPolicy{.every_records = 10, .every_seconds = 0};

class StoreTamperTest : public ::testing::Test {
 protected:
  // The pristine store, built once: 45 registrations and 20 reads, one audit record each.
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/civicase-tamper-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    pristine_ = new std::string(pattern);
    auto home = OpenStoreHome(*pristine_, kPolicy);
    ASSERT_OK(home.status());
    CaseStore& store = *(*home)->store;
    std::vector<std::string> references;
    for (int i = 0; i < 45; ++i) {
      auto created = Await<v1::CaseChange>([&](auto done) {
        store.CreateCase(CreateRequest(ValidRegistration(i % 2 ? v1::DENUNCIATION : v1::COMPLAINT,
                                                         absl::StrCat("tamper ", i))),
                         std::move(done));
      });
      ASSERT_OK(created.status());
      references.push_back(created->snapshot().reference());
    }
    for (int i = 0; i < 20; ++i) {
      ASSERT_OK((Await<v1::Case>([&](auto done) {
                  store.GetCase(GetRequest(references[i]), std::move(done));
                })).status());
    }
    auto report = store.VerifyAudit();
    ASSERT_OK(report.status());
    ASSERT_TRUE(report->ok()) << report->problem();
    ASSERT_EQ(report->records_checked(), kRecords);
    ASSERT_EQ(report->checkpoints_checked(), 6u);
    (*home)->Close();
  }
  static void TearDownTestSuite() {
    if (pristine_ == nullptr) return;
    std::error_code ignored;
    fs::remove_all(*pristine_, ignored);
    delete pristine_;
    pristine_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(pristine_, nullptr);
    char pattern[] = "/tmp/civicase-tampered-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    copy_ = pattern;
    {
      auto kv = storage::RocksKv::Open({.path = StoreDir(*pristine_), .create_if_missing = false});
      ASSERT_OK(kv.status());
      ASSERT_OK((*kv)->CreateCheckpoint(StoreDir(copy_)));
    }
    fs::copy_file(MasterKeyPath(*pristine_), MasterKeyPath(copy_));
    fs::copy_file(SigningKeyPath(*pristine_), SigningKeyPath(copy_));
    auto home = OpenStoreHome(copy_, kPolicy, /*open_case_store=*/false);
    ASSERT_OK(home.status());
    home_ = *std::move(home);
  }
  void TearDown() override {
    home_.reset();
    std::error_code ignored;
    fs::remove_all(copy_, ignored);
  }

  storage::Kv& kv() { return *home_->kv; }

  std::string Record(uint64_t sequence) {
    auto bytes = kv().Get(Column::kAudit, keys::AuditRecord(sequence));
    EXPECT_OK(bytes.status()) << "record " << sequence;
    return bytes.ok() ? *bytes : "";
  }
  void PutRecord(uint64_t sequence, const std::string& bytes) {
    ASSERT_OK(kv().Put(Column::kAudit, keys::AuditRecord(sequence), bytes));
  }
  void DeleteRecord(uint64_t sequence) {
    ASSERT_OK(kv().Get(Column::kAudit, keys::AuditRecord(sequence)).status());
    ASSERT_OK(kv().Delete(Column::kAudit, keys::AuditRecord(sequence)));
  }

  // Reopens the tampered store as the binary would and verifies its audit chain.
  v1::AuditVerifyReport Verify() {
    home_->kv.reset();
    auto home = OpenStoreHome(copy_, kPolicy);
    EXPECT_OK(home.status());
    if (!home.ok()) return {};
    home_ = *std::move(home);
    auto report = home_->store->VerifyAudit();
    EXPECT_OK(report.status());
    return report.ok() ? *report : v1::AuditVerifyReport();
  }

  static std::string* pristine_;
  std::string copy_;
  std::unique_ptr<StoreHome> home_;
};

std::string* StoreTamperTest::pristine_ = nullptr;

// The control: an untouched copy verifies, so the failures below are the tampering's doing.
TEST_F(StoreTamperTest, UntouchedCopyVerifies) {
  v1::AuditVerifyReport report = Verify();
  EXPECT_TRUE(report.ok()) << report.problem();
  EXPECT_EQ(report.records_checked(), kRecords);
  EXPECT_EQ(report.checkpoints_checked(), 6u);
}

TEST_F(StoreTamperTest, OneChangedByteInARecordIsNamed) {
  v1::AuditEntry entry;
  ASSERT_TRUE(entry.ParseFromString(Record(23)));
  std::string record = entry.record();
  record[record.size() / 2] ^= 0x01;  // one bit of one byte, the stored hash left as it was
  entry.set_record(record);
  PutRecord(23, entry.SerializeAsString());

  v1::AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 23u);
  EXPECT_THAT(report.problem(), AllOf(HasSubstr("record 23"), HasSubstr("changed")));
}

TEST_F(StoreTamperTest, OneChangedByteOfTheStoredValueIsNamed) {
  std::string value = Record(41);
  value[value.size() - 5] ^= 0x40;  // inside the stored hash
  PutRecord(41, value);

  v1::AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 41u);
  EXPECT_THAT(report.problem(), HasSubstr("record 41"));
}

TEST_F(StoreTamperTest, DeletedRecordIsNamed) {
  DeleteRecord(37);

  v1::AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 37u);
  EXPECT_THAT(report.problem(), AllOf(HasSubstr("record 37 is missing"), HasSubstr("deleted")));
}

TEST_F(StoreTamperTest, SwappedRecordsAreNamed) {
  const std::string twelve = Record(12);
  const std::string fifteen = Record(15);
  PutRecord(12, fifteen);
  PutRecord(15, twelve);

  v1::AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 12u);
  EXPECT_THAT(report.problem(), HasSubstr("records 12 and 15 are swapped"));
}

// Truncating the chain back behind the last checkpoint (at 60): records 55..65 go, so the signed
// checkpoint covers records that are no longer there.
TEST_F(StoreTamperTest, TailTruncatedBehindTheLastCheckpointIsNamed) {
  for (uint64_t s = 55; s <= kRecords; ++s) DeleteRecord(s);

  v1::AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 55u);
  EXPECT_THAT(report.problem(),
              AllOf(HasSubstr("ends at record 54"), HasSubstr("records 55..60 were removed")));
}

// Truncating behind the last checkpoint and deleting that checkpoint too: the checkpoint at 50
// still covers records 41..50; deleting from 45 breaks it.
TEST_F(StoreTamperTest, TailAndItsCheckpointRemovedIsNamedByTheCheckpointBefore) {
  for (uint64_t s = 45; s <= kRecords; ++s) DeleteRecord(s);
  ASSERT_OK(kv().Delete(Column::kAuditCheckpoints, keys::AuditCheckpoint(60)));

  v1::AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 45u);
  EXPECT_THAT(report.problem(), HasSubstr("records 45..50 were removed"));
}

// Truncating the chain AND every checkpoint that covers the removed records leaves a chain that
// is consistent on its own (the window checkpoint.h documents), but the store's counters still
// name the old head, so the next record links to a record that is gone: the gap is named then.
TEST_F(StoreTamperTest, TailAndAllItsCheckpointsRemovedIsNamedAtTheNextWrite) {
  for (uint64_t s = 51; s <= kRecords; ++s) DeleteRecord(s);
  ASSERT_OK(kv().Delete(Column::kAuditCheckpoints, keys::AuditCheckpoint(60)));
  Verify();
  auto created = Await<v1::CaseChange>([&](auto done) {
    home_->store->CreateCase(CreateRequest(ValidRegistration(v1::COMPLAINT, "after tampering")),
                             std::move(done));
  });
  ASSERT_OK(created.status());

  auto report = home_->store->VerifyAudit();
  ASSERT_OK(report.status());
  EXPECT_FALSE(report->ok());
  EXPECT_EQ(report->first_bad_sequence(), 51u);
  EXPECT_THAT(report->problem(), HasSubstr("records 51..65 are missing"));
}

// Removing records behind the last checkpoint (61..65) is invisible to the chain alone, but
// meta/counters in the same store still say audit_sequence 65 with its head hash: VerifyAudit
// compares the chain's head with them.
TEST_F(StoreTamperTest, TailBehindTheLastCheckpointIsNamedAgainstTheCounters) {
  for (uint64_t s = 61; s <= kRecords; ++s) DeleteRecord(s);

  v1::AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 61u);
  EXPECT_THAT(report.problem(), HasSubstr("records 61..65 were removed"));
}

}  // namespace
}  // namespace civicase::store::testing
