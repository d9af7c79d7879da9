#include "services/auth/password.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/base/status_matchers.h"

namespace civicase::auth {
namespace {

using ::civicase::testing::StatusIs;

constexpr ScryptParams kFast{.n = 1 << 10, .r = 8, .p = 1};

TEST(PasswordTest, RightPasswordVerifiesWrongDoesNot) {
  auto hash = HashPassword("clerk-demo", kFast);
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_TRUE(VerifyPassword("clerk-demo", *hash));
  EXPECT_FALSE(VerifyPassword("clerk-demO", *hash));
  EXPECT_FALSE(VerifyPassword("clerk-demo ", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST(PasswordTest, DefaultsAreTheDocumentedScryptParametersAndAreStored) {
  auto hash = HashPassword("mật khẩu");
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_EQ(hash->algorithm(), "scrypt");
  EXPECT_EQ(hash->n(), 32768u);
  EXPECT_EQ(hash->r(), 8u);
  EXPECT_EQ(hash->p(), 1u);
  EXPECT_EQ(hash->salt().size(), 16u);
  EXPECT_EQ(hash->hash().size(), 32u);
  EXPECT_TRUE(VerifyPassword("mật khẩu", *hash));
}

TEST(PasswordTest, StoredParametersAreTheOnesUsed) {
  auto hash = HashPassword("secret", kFast);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->n(), 1024u);
  v1::PasswordHash other_n = *hash;
  other_n.set_n(2048);
  EXPECT_FALSE(VerifyPassword("secret", other_n));
  v1::PasswordHash other_salt = *hash;
  other_salt.mutable_salt()->at(0) ^= 1;
  EXPECT_FALSE(VerifyPassword("secret", other_salt));
}

TEST(PasswordTest, SaltsDifferSoHashesDiffer) {
  auto a = HashPassword("same", kFast);
  auto b = HashPassword("same", kFast);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->salt(), b->salt());
  EXPECT_NE(a->hash(), b->hash());
}

TEST(PasswordTest, UnusableStoredHashesNeverVerify) {
  auto hash = HashPassword("secret", kFast);
  ASSERT_TRUE(hash.ok());
  v1::PasswordHash h = *hash;
  h.set_algorithm("md5");
  EXPECT_FALSE(VerifyPassword("secret", h));
  h = *hash;
  h.set_n(1000);  // not a power of two
  EXPECT_FALSE(VerifyPassword("secret", h));
  h = *hash;
  h.set_n(uint64_t{1} << 30);  // would need 128 GiB: refused, not attempted
  EXPECT_FALSE(VerifyPassword("secret", h));
  h = *hash;
  h.mutable_hash()->pop_back();
  EXPECT_FALSE(VerifyPassword("secret", h));
  EXPECT_FALSE(VerifyPassword("secret", v1::PasswordHash()));
}

TEST(PasswordTest, BadInputIsRefused) {
  EXPECT_THAT(HashPassword("", kFast), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HashPassword(std::string(kMaxPasswordSize + 1, 'x'), kFast),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HashPassword("x", ScryptParams{.n = 3}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace civicase::auth
