#include "storage/audit/ed25519.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "storage/base/status_matchers.h"
#include "storage/base/temp_dir.h"

namespace civicase::storage {
namespace {

using ::civicase::testing::IsOkAndHolds;
using ::civicase::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

using ::civicase::testing::ReadAll;
using ::civicase::testing::TempDir;

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(Ed25519SignerTest, LoadOrCreateMakesOwnerOnlyPemAndReloadsTheSameKey) {
  TempDir dir("civicase_ed25519_");
  const std::string path = dir.File("audit-signing.pem");
  auto first = Ed25519Signer::LoadOrCreate(path);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(ModeOf(path), 0600);
  EXPECT_THAT(ReadAll(path), HasSubstr("-----BEGIN PRIVATE KEY-----"));
  const std::string public_key = (*first)->PublicKeyRaw();
  EXPECT_EQ(public_key.size(), kEd25519PublicKeySize);

  auto second = Ed25519Signer::LoadOrCreate(path);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ((*second)->PublicKeyRaw(), public_key);
  // A signature by the reloaded key verifies under the original public key.
  auto signature = (*second)->Sign("checkpoint");
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(Ed25519Verify(public_key, "checkpoint", *signature));
}

TEST(Ed25519SignerTest, RefusesKeyFileAccessibleByOthers) {
  TempDir dir("civicase_ed25519_");
  const std::string path = dir.File("audit-signing.pem");
  ASSERT_TRUE(Ed25519Signer::LoadOrCreate(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_THAT(Ed25519Signer::LoadOrCreate(path),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(path), HasSubstr("chmod 600"))));
}

TEST(Ed25519SignerTest, RefusesGarbageAndNonEd25519Keys) {
  TempDir dir("civicase_ed25519_");
  const std::string garbage = dir.File("garbage.pem");
  std::ofstream(garbage) << "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n";
  ASSERT_EQ(::chmod(garbage.c_str(), 0600), 0);
  EXPECT_THAT(Ed25519Signer::LoadOrCreate(garbage),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not an unencrypted PEM")));

  const std::string x25519 = dir.File("x25519.pem");
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519");
  ASSERT_NE(key, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::ofstream(x25519) << std::string(data, n);
  BIO_free(bio);
  EVP_PKEY_free(key);
  ASSERT_EQ(::chmod(x25519.c_str(), 0600), 0);
  EXPECT_THAT(Ed25519Signer::LoadOrCreate(x25519),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not Ed25519")));
}

TEST(Ed25519SignerTest, VerifyFailsOnChangedMessageSignatureOrKey) {
  auto signer = Ed25519Signer::Generate();
  auto other = Ed25519Signer::Generate();
  ASSERT_TRUE(signer.ok() && other.ok());
  const std::string public_key = (*signer)->PublicKeyRaw();
  auto signature = (*signer)->Sign("seq=10 head=abc");
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(signature->size(), kEd25519SignatureSize);
  EXPECT_TRUE(Ed25519Verify(public_key, "seq=10 head=abc", *signature));
  EXPECT_FALSE(Ed25519Verify(public_key, "seq=10 head=abd", *signature));
  EXPECT_FALSE(Ed25519Verify(public_key, "seq=10 head=abc ", *signature));
  std::string bad = *signature;
  bad[17] ^= 0x01;
  EXPECT_FALSE(Ed25519Verify(public_key, "seq=10 head=abc", bad));
  EXPECT_FALSE(Ed25519Verify((*other)->PublicKeyRaw(), "seq=10 head=abc", *signature));
  EXPECT_FALSE(Ed25519Verify(public_key.substr(1), "seq=10 head=abc", *signature));
  EXPECT_FALSE(Ed25519Verify(public_key, "seq=10 head=abc", signature->substr(1)));
  EXPECT_FALSE(Ed25519Verify(public_key, "seq=10 head=abc", ""));
}

TEST(Ed25519VerifyTest, AcceptsRfc8032TestVector1) {
  // RFC 8032 section 7.1, TEST 1 (empty message): interoperates with any Ed25519 verifier.
  const std::string public_key =
      absl::HexStringToBytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const std::string signature = absl::HexStringToBytes(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
      "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(Ed25519Verify(public_key, "", signature));
  EXPECT_FALSE(Ed25519Verify(public_key, "x", signature));
}

TEST(Ed25519SignerTest, PublicKeyFileRoundTripsWithoutPrivateMaterial) {
  TempDir dir("civicase_ed25519_");
  auto signer = Ed25519Signer::LoadOrCreate(dir.File("signing.pem"));
  ASSERT_TRUE(signer.ok());
  const std::string public_path = dir.File("audit-public.pem");
  ASSERT_OK((*signer)->WritePublicKey(public_path));
  EXPECT_EQ(ModeOf(public_path), 0644);
  const std::string pem = ReadAll(public_path);
  EXPECT_THAT(pem, HasSubstr("-----BEGIN PUBLIC KEY-----"));
  EXPECT_THAT(pem, Not(HasSubstr("PRIVATE")));
  EXPECT_THAT(ReadPublicKeyFile(public_path), IsOkAndHolds((*signer)->PublicKeyRaw()));
  // Writing again replaces the file.
  ASSERT_OK((*signer)->WritePublicKey(public_path));
  EXPECT_THAT(ReadPublicKeyFile(public_path), IsOkAndHolds((*signer)->PublicKeyRaw()));

  EXPECT_THAT(ReadPublicKeyFile(dir.File("absent.pem")), StatusIs(absl::StatusCode::kNotFound));
  // The private key file is not accepted where a public key is expected.
  EXPECT_THAT(ReadPublicKeyFile(dir.File("signing.pem")),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace civicase::storage
