#include "storage/audit/chain_verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/audit/checkpoint.h"
#include "storage/audit/ed25519.h"

namespace civicase::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

struct StoredRecord {
  uint64_t seq;
  std::string bytes;
  Hash hash;
};

// A chain as the store writes it: 100 records, a checkpoint every 10 records (policy-driven).
class ChainVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto signer = Ed25519Signer::Generate();
    ASSERT_TRUE(signer.ok());
    signer_ = *std::move(signer);
    public_key_ = signer_->PublicKeyRaw();
    Append(100);
  }

  void Append(int n) {
    const CheckpointPolicy policy{.every_records = 10, .every_seconds = 0};
    for (int i = 0; i < n; ++i) {
      const uint64_t seq = records_.size() + 1;
      std::string bytes = absl::StrCat(R"({"who":"officer-)", seq % 7,
                                       R"(","action":"read","case":"HN-2025-)", seq, R"("})");
      const Hash hash = ChainHash(records_.empty() ? kGenesisHash : records_.back().hash, bytes);
      records_.push_back({seq, std::move(bytes), hash});
      ++since_checkpoint_;
      if (CheckpointDue(policy, since_checkpoint_, 0)) {
        auto checkpoint =
            SignCheckpoint(*signer_, seq, hash, 1700000000 + static_cast<int64_t>(seq));
        ASSERT_TRUE(checkpoint.ok());
        checkpoints_.push_back(*checkpoint);
        since_checkpoint_ = 0;
      }
    }
  }

  VerifyReport Verify(std::string_view public_key) const {
    ChainVerifier verifier;
    for (const Checkpoint& checkpoint : checkpoints_) verifier.AddCheckpoint(checkpoint);
    for (const StoredRecord& r : records_) verifier.AddRecord(r.seq, r.bytes, r.hash);
    return verifier.Finish(public_key);
  }
  VerifyReport Verify() const { return Verify(public_key_); }

  StoredRecord& Record(uint64_t seq) { return records_[seq - 1]; }
  Checkpoint& CheckpointAt(uint64_t seq) { return checkpoints_[seq / 10 - 1]; }

  std::unique_ptr<Ed25519Signer> signer_;
  std::string public_key_;
  std::vector<StoredRecord> records_;
  std::vector<Checkpoint> checkpoints_;
  uint64_t since_checkpoint_ = 0;
};

TEST_F(ChainVerifierTest, IntactChainVerifies) {
  ASSERT_EQ(checkpoints_.size(), 10u);
  const VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.records_checked, 100u);
  EXPECT_EQ(report.checkpoints_checked, 10u);
  EXPECT_EQ(report.first_bad_seq, std::nullopt);
  EXPECT_EQ(report.problem, "");
  EXPECT_EQ(report.head, records_.back().hash);
  EXPECT_EQ(report.head_seq, 100u);
}

TEST_F(ChainVerifierTest, IntactChainVerifiesWithCheckpointsInterleaved) {
  ChainVerifier verifier;
  size_t next_checkpoint = 0;
  for (const StoredRecord& r : records_) {
    verifier.AddRecord(r.seq, r.bytes, r.hash);
    if (next_checkpoint < checkpoints_.size() && checkpoints_[next_checkpoint].seq == r.seq) {
      verifier.AddCheckpoint(checkpoints_[next_checkpoint++]);
    }
  }
  const VerifyReport report = verifier.Finish(public_key_);
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.checkpoints_checked, 10u);
}

TEST_F(ChainVerifierTest, EmptyChainVerifiesToGenesis) {
  ChainVerifier verifier;
  const VerifyReport report = verifier.Finish(public_key_);
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.head, kGenesisHash);
  EXPECT_EQ(report.head_seq, 0u);
}

TEST_F(ChainVerifierTest, VerifiesFromATrustedCheckpoint) {
  ChainVerifier verifier(51, CheckpointAt(50).head);
  for (const Checkpoint& checkpoint : checkpoints_) verifier.AddCheckpoint(checkpoint);
  for (uint64_t seq = 51; seq <= 100; ++seq) {
    verifier.AddRecord(seq, Record(seq).bytes, Record(seq).hash);
  }
  const VerifyReport report = verifier.Finish(public_key_);
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.records_checked, 50u);
  EXPECT_EQ(report.head, records_.back().hash);
}

TEST_F(ChainVerifierTest, ChangedByteIsNamed) {
  Record(17).bytes[12] ^= 0x20;
  const VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.first_bad_seq, Optional(17u));
  EXPECT_THAT(report.problem,
              HasSubstr("record 17: hash does not match its content (changed after it was "
                        "written)"));
  EXPECT_EQ(report.head, Record(16).hash);
  EXPECT_EQ(report.head_seq, 16u);
  EXPECT_EQ(report.records_checked, 100u);
}

TEST_F(ChainVerifierTest, ChangedStoredHashIsNamed) {
  Record(63).hash[31] ^= 0x01;
  const VerifyReport report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(63u));
  EXPECT_THAT(report.problem, HasSubstr("record 63: hash does not match"));
}

TEST_F(ChainVerifierTest, DeletedRecordIsNamed) {
  records_.erase(records_.begin() + 41);  // Record 42.
  const VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.first_bad_seq, Optional(42u));
  EXPECT_THAT(report.problem,
              HasSubstr("record 42 is missing: record 41 is followed by record 43 (deleted)"));
}

TEST_F(ChainVerifierTest, DeletedRangeAndDeletedFirstRecordAreNamed) {
  records_.erase(records_.begin() + 20, records_.begin() + 25);  // Records 21..25.
  VerifyReport report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(21u));
  EXPECT_THAT(report.problem, HasSubstr("records 21..25 are missing"));

  records_.erase(records_.begin());
  report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(1u));
  EXPECT_THAT(report.problem, HasSubstr("record 1 is missing: the chain starts at record 2"));
}

TEST_F(ChainVerifierTest, SwappedRecordsAreNamed) {
  std::swap(Record(5).bytes, Record(9).bytes);  // Whole stored values swapped.
  std::swap(Record(5).hash, Record(9).hash);
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.first_bad_seq, Optional(5u));
  EXPECT_THAT(report.problem, HasSubstr("records 5 and 9 are swapped"));
}

TEST_F(ChainVerifierTest, AdjacentSwapAndContentOnlySwapAreNamed) {
  std::swap(Record(30).bytes, Record(31).bytes);
  std::swap(Record(30).hash, Record(31).hash);
  VerifyReport report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(30u));
  EXPECT_THAT(report.problem, HasSubstr("records 30 and 31 are swapped"));

  std::swap(Record(30).bytes, Record(31).bytes);  // Undo the contents only: hashes stay swapped.
  std::swap(Record(72).bytes, Record(77).bytes);
  std::swap(Record(30).hash, Record(31).hash);
  report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(72u));
  EXPECT_THAT(report.problem, HasSubstr("records 72 and 77 are swapped"));
}

TEST_F(ChainVerifierTest, TailTruncatedBehindLastCheckpointIsNamed) {
  records_.resize(95);
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.first_bad_seq, Optional(96u));
  EXPECT_THAT(report.problem,
              HasSubstr("the chain ends at record 95, but a checkpoint covers records up to "
                        "100: records 96..100 were removed (tail truncated)"));

  records_.resize(40);  // Several checkpoints now refer to missing records.
  report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(41u));
  EXPECT_THAT(report.problem, HasSubstr("records 41..100 were removed"));

  records_.clear();
  report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(1u));
  EXPECT_THAT(report.problem, HasSubstr("the chain has no records"));
}

TEST_F(ChainVerifierTest, TruncationAfterTheLastCheckpointIsTheDocumentedBlindSpot) {
  Append(5);  // Records 101..105, not yet checkpointed.
  records_.resize(100);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(ChainVerifierTest, CheckpointForgedWithAnotherKeyIsNamed) {
  auto forger = Ed25519Signer::Generate();
  ASSERT_TRUE(forger.ok());
  Checkpoint& target = CheckpointAt(50);
  auto forged = SignCheckpoint(**forger, target.seq, target.head, target.unix_time);
  ASSERT_TRUE(forged.ok());
  target = *forged;
  const VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.first_bad_seq, Optional(50u));
  EXPECT_THAT(report.problem,
              HasSubstr("checkpoint at record 50: signature does not verify with the audit "
                        "public key"));
  EXPECT_EQ(report.checkpoints_checked, 10u);
}

TEST_F(ChainVerifierTest, ForgedCheckpointBeyondTheEndIsABadSignatureNotTruncation) {
  auto forger = Ed25519Signer::Generate();
  ASSERT_TRUE(forger.ok());
  auto forged = SignCheckpoint(**forger, 500, Hash{}, 1);
  ASSERT_TRUE(forged.ok());
  checkpoints_.push_back(*forged);
  const VerifyReport report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(500u));
  EXPECT_THAT(report.problem, HasSubstr("checkpoint at record 500: signature does not verify"));
}

TEST_F(ChainVerifierTest, ChainRewrittenWithRecomputedHashesIsCaughtByTheCheckpoint) {
  // Someone with write access but without the signing key changes record 55 and recomputes
  // every later hash so that each link checks out.
  Record(55).bytes = R"({"who":"nobody","action":"read","case":"HN-2025-55"})";
  for (uint64_t seq = 55; seq <= 100; ++seq) {
    Record(seq).hash = ChainHash(Record(seq - 1).hash, Record(seq).bytes);
  }
  const VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.first_bad_seq, Optional(60u));
  EXPECT_THAT(report.problem,
              HasSubstr("checkpoint at record 60: signed head does not match the chain (a "
                        "record after record 50 up to record 60 was rewritten"));
}

TEST_F(ChainVerifierTest, RecordRewrittenWithItsOwnHashBreaksTheNextLink) {
  Record(17).bytes = "forged";
  Record(17).hash = ChainHash(Record(16).hash, Record(17).bytes);
  const VerifyReport report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(18u));
  EXPECT_THAT(report.problem, HasSubstr("record 18: hash does not match"));
}

TEST_F(ChainVerifierTest, AlteredCheckpointFieldsFailTheSignature) {
  CheckpointAt(30).unix_time += 3600;  // Backdating or postdating a checkpoint.
  VerifyReport report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(30u));
  EXPECT_THAT(report.problem, HasSubstr("checkpoint at record 30: signature does not verify"));
}

TEST_F(ChainVerifierTest, WrongOrMalformedPublicKey) {
  auto other = Ed25519Signer::Generate();
  ASSERT_TRUE(other.ok());
  VerifyReport report = Verify((*other)->PublicKeyRaw());
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.first_bad_seq, Optional(10u));
  EXPECT_THAT(report.problem, HasSubstr("(and 9 more problems after it)"));

  report = Verify("short");
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, std::nullopt);
  EXPECT_THAT(report.problem, HasSubstr("not a 32-byte Ed25519 key"));
}

TEST_F(ChainVerifierTest, DuplicatedRecordIsNamed) {
  records_.insert(records_.begin() + 20, Record(20));  // Record 20 appears twice.
  const VerifyReport report = Verify();
  EXPECT_THAT(report.first_bad_seq, Optional(21u));
  EXPECT_THAT(report.problem, HasSubstr("expected record 21, found record 20"));
}

TEST_F(ChainVerifierTest, CheckpointSuppliedTooLateIsAnInputError) {
  ChainVerifier verifier;
  for (const StoredRecord& r : records_) verifier.AddRecord(r.seq, r.bytes, r.hash);
  verifier.AddCheckpoint(CheckpointAt(50));
  const VerifyReport report = verifier.Finish(public_key_);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, std::nullopt);
  EXPECT_THAT(report.problem, HasSubstr("supplied after later records"));
}

}  // namespace
}  // namespace civicase::storage
