#include "storage/audit/checkpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/base/status_matchers.h"

namespace civicase::storage {
namespace {

using ::civicase::testing::IsOkAndHolds;
using ::civicase::testing::StatusIs;

Checkpoint Sample() {
  Checkpoint checkpoint;
  checkpoint.seq = 0x0102030405060708;
  checkpoint.head = ChainHash(kGenesisHash, "r");
  checkpoint.unix_time = -2;  // Any int64, including before 1970, round-trips.
  checkpoint.signature = std::string(64, 's');
  return checkpoint;
}

TEST(CheckpointTest, SignedMessageHasTheDocumentedLayout) {
  const Checkpoint checkpoint = Sample();
  const std::string message = checkpoint.SignedMessage();
  ASSERT_EQ(message.size(), 28u + 8 + 32 + 8);
  EXPECT_EQ(message.substr(0, 28), "civicase-audit-checkpoint-v1");
  EXPECT_EQ(message.substr(28, 8), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(message.substr(36, 32), std::string(HashBytes(checkpoint.head)));
  EXPECT_EQ(message.substr(68, 8), std::string("\xff\xff\xff\xff\xff\xff\xff\xfe", 8));
}

TEST(CheckpointTest, SerializeParseRoundTripAndErrors) {
  const Checkpoint checkpoint = Sample();
  const std::string bytes = checkpoint.Serialize();
  EXPECT_EQ(bytes.size(), 1u + 8 + 32 + 8 + 64);
  EXPECT_THAT(Checkpoint::Parse(bytes), IsOkAndHolds(checkpoint));
  EXPECT_THAT(Checkpoint::Parse(bytes.substr(0, 48)),
              StatusIs(absl::StatusCode::kDataLoss, ::testing::HasSubstr("truncated")));
  std::string wrong_version = bytes;
  wrong_version[0] = 9;
  EXPECT_THAT(Checkpoint::Parse(wrong_version), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(CheckpointTest, SignAndVerify) {
  auto signer = Ed25519Signer::Generate();
  ASSERT_TRUE(signer.ok());
  auto checkpoint = SignCheckpoint(**signer, 10, ChainHash(kGenesisHash, "r"), 1700000000);
  ASSERT_TRUE(checkpoint.ok());
  auto key = Ed25519PublicKey::FromRaw((*signer)->PublicKeyRaw());
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(VerifyCheckpointSignature(*key, *checkpoint));
  for (auto tamper : {+[](Checkpoint& c) { c.seq++; }, +[](Checkpoint& c) { c.head[0] ^= 1; },
                      +[](Checkpoint& c) { c.unix_time++; }}) {
    Checkpoint changed = *checkpoint;
    tamper(changed);
    EXPECT_FALSE(VerifyCheckpointSignature(*key, changed));
  }
}

TEST(CheckpointPolicyTest, DueByRecordsOrTimeButNeverWithoutNewRecords) {
  const CheckpointPolicy policy;  // 1000 records or 60 s.
  EXPECT_FALSE(CheckpointDue(policy, 0, 0));
  EXPECT_FALSE(CheckpointDue(policy, 0, 3600));
  EXPECT_FALSE(CheckpointDue(policy, 999, 59));
  EXPECT_TRUE(CheckpointDue(policy, 1000, 0));
  EXPECT_TRUE(CheckpointDue(policy, 1, 60));
  const CheckpointPolicy records_only{.every_records = 10, .every_seconds = 0};
  EXPECT_FALSE(CheckpointDue(records_only, 9, 1000000));
  EXPECT_TRUE(CheckpointDue(records_only, 10, 0));
  const CheckpointPolicy time_only{.every_records = 0, .every_seconds = 5};
  EXPECT_FALSE(CheckpointDue(time_only, 1000000, 4));
  EXPECT_TRUE(CheckpointDue(time_only, 1, 5));
}

}  // namespace
}  // namespace civicase::storage
