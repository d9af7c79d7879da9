#include "storage/crypto/digest.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "absl/strings/escaping.h"

namespace civicase::storage {
namespace {

TEST(DigestTest, Sha256MatchesTheStandardVectors) {  // FIPS 180-2 examples
  EXPECT_EQ(absl::BytesToHexString(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(absl::BytesToHexString(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(DigestTest, HmacSha256MatchesRfc4231) {  // test case 2
  auto hmac = HmacSha256::Create("Jefe");
  ASSERT_TRUE(hmac.ok()) << hmac.status();
  EXPECT_EQ(absl::BytesToHexString(hmac->Mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(DigestTest, OneKeyedHmacServesManyMessagesAndThreads) {
  auto hmac = HmacSha256::Create("Jefe");
  ASSERT_TRUE(hmac.ok());
  const std::string expected = hmac->Mac("what do ya want for nothing?");
  EXPECT_NE(hmac->Mac("another message"), expected);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        if (hmac->Mac("what do ya want for nothing?") != expected) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace civicase::storage
