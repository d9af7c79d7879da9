#include "storage/audit/chain_hash.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/base/status_matchers.h"

namespace civicase::storage {
namespace {

using ::civicase::testing::IsOkAndHolds;
using ::civicase::testing::StatusIs;

TEST(ChainHashTest, MatchesTheDocumentedConstruction) {
  // SHA-256(32 zero bytes || 00 00 00 00 00 00 00 03 || "abc"), computed independently:
  //   { head -c 32 /dev/zero; printf '\0\0\0\0\0\0\0\003abc'; } | sha256sum
  EXPECT_EQ(HashToHex(ChainHash(kGenesisHash, "abc")),
            "8a295b0cbf1f5a594280696ad7707164e2b8beb0e614ad52bc7d78ff8ac12a82");
}

TEST(ChainHashTest, DependsOnPreviousAndContentAndLengthFraming) {
  const Hash h1 = ChainHash(kGenesisHash, "record one");
  EXPECT_NE(ChainHash(h1, "record two"), ChainHash(kGenesisHash, "record two"));
  EXPECT_NE(ChainHash(h1, "record two"), ChainHash(h1, "record twO"));
  EXPECT_EQ(ChainHash(h1, "record two"), ChainHash(h1, "record two"));
  EXPECT_NE(ChainHash(kGenesisHash, ""), kGenesisHash);
}

TEST(ChainHashTest, HexRoundTripAndErrors) {
  const Hash h = ChainHash(kGenesisHash, "x");
  const std::string hex = HashToHex(h);
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_THAT(HashFromHex(hex), IsOkAndHolds(h));
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_THAT(HashFromHex(upper), IsOkAndHolds(h));
  EXPECT_THAT(HashFromHex(hex.substr(1)), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HashFromHex(std::string(63, '0') + "g"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(HashToHex(kGenesisHash), std::string(64, '0'));
}

}  // namespace
}  // namespace civicase::storage
