#include "storage/crypto/sealed_field.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "storage/base/status_matchers.h"
#include "storage/crypto/data_key.h"

namespace civicase::storage {
namespace {

using ::civicase::testing::IsOkAndHolds;
using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kName = "Nguyễn Văn An, CCCD 001085012345";
constexpr std::string_view kAad = "case:HN-2025-000017|field:denouncer.name|dek:1";

DataKey NewKey() { return *DataKey::Generate(); }

TEST(DataKeyTest, GenerateGivesDistinctKeysAndFromBytesChecksLength) {
  DataKey a = NewKey(), b = NewKey();
  EXPECT_NE(a.view(), b.view());
  EXPECT_THAT(DataKey::FromBytes("short"), StatusIs(absl::StatusCode::kInvalidArgument));
  auto copy = DataKey::FromBytes(a.view());
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->view(), a.view());
}

TEST(DataKeyTest, MovedFromKeyIsWiped) {
  DataKey a = NewKey();
  const std::string before(a.view());
  DataKey b = std::move(a);
  EXPECT_EQ(b.view(), before);
  EXPECT_EQ(a.view(), std::string(32, '\0'));  // NOLINT(bugprone-use-after-move): intended
}

TEST(SealedFieldTest, RoundTrip) {
  DataKey key = NewKey();
  auto sealed = SealField(key, kName, kAad);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(sealed->size(), kName.size() + kSealedFieldOverhead);
  EXPECT_EQ(static_cast<uint8_t>((*sealed)[0]), kSealedFieldVersion);
  EXPECT_THAT(OpenField(key, *sealed, kAad), IsOkAndHolds(std::string(kName)));
}

TEST(SealedFieldTest, EmptyPlaintextAndEmptyAadRoundTrip) {
  DataKey key = NewKey();
  auto sealed = SealField(key, "", "");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), kSealedFieldOverhead);
  EXPECT_THAT(OpenField(key, *sealed, ""), IsOkAndHolds(std::string()));
}

TEST(SealedFieldTest, PlaintextNeverAppearsInBlob) {
  DataKey key = NewKey();
  auto sealed = SealField(key, kName, kAad);
  ASSERT_TRUE(sealed.ok());
  EXPECT_THAT(*sealed, Not(HasSubstr(std::string(kName))));
  EXPECT_THAT(*sealed, Not(HasSubstr("Nguyễn")));
  EXPECT_THAT(*sealed, Not(HasSubstr("001085012345")));
  EXPECT_THAT(*sealed, Not(HasSubstr(std::string(key.view()))));
}

TEST(SealedFieldTest, IvsDifferBetweenTwoSealsOfTheSamePlaintext) {
  DataKey key = NewKey();
  auto a = SealField(key, kName, kAad), b = SealField(key, kName, kAad);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->substr(1, kSealedFieldIvSize), b->substr(1, kSealedFieldIvSize));
  EXPECT_NE(*a, *b);
}

TEST(SealedFieldTest, WrongKeyIsDataLoss) {
  DataKey key = NewKey(), other = NewKey();
  auto sealed = SealField(key, kName, kAad);
  ASSERT_TRUE(sealed.ok());
  auto opened = OpenField(other, *sealed, kAad);
  EXPECT_THAT(opened, StatusIs(absl::StatusCode::kDataLoss, HasSubstr("authentication")));
  EXPECT_THAT(std::string(opened.status().message()), Not(HasSubstr("Nguy")));
}

TEST(SealedFieldTest, WrongAadIsDataLoss) {
  DataKey key = NewKey();
  auto sealed = SealField(key, kName, kAad);
  ASSERT_TRUE(sealed.ok());
  // The same ciphertext moved to another case or another field must not open.
  EXPECT_THAT(OpenField(key, *sealed, "case:HN-2025-000018|field:denouncer.name|dek:1"),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(OpenField(key, *sealed, "case:HN-2025-000017|field:denouncer.address|dek:1"),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SealedFieldTest, EveryTamperedByteIsDetected) {
  DataKey key = NewKey();
  auto sealed = SealField(key, kName, kAad);
  ASSERT_TRUE(sealed.ok());
  for (size_t i = 0; i < sealed->size(); ++i) {
    std::string tampered = *sealed;
    tampered[i] ^= 0x01;
    EXPECT_THAT(OpenField(key, tampered, kAad), StatusIs(absl::StatusCode::kDataLoss))
        << "flipped a bit of byte " << i;
  }
}

TEST(SealedFieldTest, TruncatedOrExtendedBlobIsDataLoss) {
  DataKey key = NewKey();
  auto sealed = SealField(key, kName, kAad);
  ASSERT_TRUE(sealed.ok());
  for (size_t n : {size_t{0}, size_t{1}, kSealedFieldOverhead - 1, sealed->size() - 1}) {
    EXPECT_THAT(OpenField(key, sealed->substr(0, n), kAad), StatusIs(absl::StatusCode::kDataLoss))
        << "truncated to " << n;
  }
  EXPECT_THAT(OpenField(key, sealed->substr(0, 5), kAad),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("truncated")));
  EXPECT_THAT(OpenField(key, *sealed + "x", kAad), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SealedFieldTest, UnknownVersionIsNamed) {
  DataKey key = NewKey();
  auto sealed = SealField(key, kName, kAad);
  ASSERT_TRUE(sealed.ok());
  (*sealed)[0] = 7;
  EXPECT_THAT(OpenField(key, *sealed, kAad),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("version 0x07")));
}

}  // namespace
}  // namespace civicase::storage
