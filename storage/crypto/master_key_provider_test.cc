#include "storage/crypto/master_key_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "storage/base/status_matchers.h"
#include "storage/base/temp_dir.h"
#include "storage/crypto/file_master_key_provider.h"
#include "storage/crypto/static_master_key_provider.h"

namespace civicase::storage {
namespace {

using ::civicase::testing::IsOkAndHolds;
using ::civicase::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kAad = "case:HN-2025-000017";

using ::civicase::testing::ReadAll;
using ::civicase::testing::TempDir;

void WriteWithMode(const std::string& path, std::string_view contents, mode_t mode) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

std::string KeyHex(char digit) { return std::string(64, digit); }

// ---- WrappedKey and the in-memory provider ----

TEST(WrappedKeyTest, SerializeParseRoundTrip) {
  WrappedKey wrapped{"mk-0123456789abcdef", std::string("\x01\x00\xff wrapped", 10)};
  EXPECT_THAT(WrappedKey::Parse(wrapped.Serialize()), IsOkAndHolds(wrapped));
}

TEST(WrappedKeyTest, MalformedIsDataLoss) {
  EXPECT_THAT(WrappedKey::Parse(""), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(WrappedKey::Parse(std::string("\x02\x00\x01k", 4)),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("format")));
  EXPECT_THAT(WrappedKey::Parse(std::string("\x01\x00\x09short", 8)),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("key id")));
  EXPECT_THAT(WrappedKey::Parse(std::string("\x01\x00\x00", 3)),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(StaticMasterKeyProviderTest, WrapUnwrapRoundTripBoundToAad) {
  auto provider = StaticMasterKeyProvider::CreateRandom("mk-test");
  ASSERT_TRUE(provider.ok());
  DataKey dek = *DataKey::Generate();
  auto wrapped = (*provider)->Wrap(dek, kAad);
  ASSERT_TRUE(wrapped.ok()) << wrapped.status();
  EXPECT_EQ(wrapped->key_id, "mk-test");
  EXPECT_THAT(wrapped->bytes, Not(HasSubstr(std::string(dek.view()))));
  auto unwrapped = (*provider)->Unwrap(*wrapped, kAad);
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status();
  EXPECT_EQ(unwrapped->view(), dek.view());
  // A wrapped key copied to another case does not unwrap.
  EXPECT_THAT((*provider)->Unwrap(*wrapped, "case:HN-2025-000018"),
              StatusIs(absl::StatusCode::kDataLoss));
  WrappedKey tampered = *wrapped;
  tampered.bytes[5] ^= 0x40;
  EXPECT_THAT((*provider)->Unwrap(tampered, kAad), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(StaticMasterKeyProviderTest, RelabelledOrUnknownKeyIdFails) {
  StaticMasterKeyProvider provider("a", *MasterKey::Generate());
  ASSERT_OK(provider.AddKey("b", *MasterKey::Generate()));
  DataKey dek = *DataKey::Generate();
  auto wrapped = provider.Wrap(dek, kAad);
  ASSERT_TRUE(wrapped.ok());
  WrappedKey relabelled = *wrapped;
  relabelled.key_id = "b";
  EXPECT_THAT(provider.Unwrap(relabelled, kAad), StatusIs(absl::StatusCode::kDataLoss));
  relabelled.key_id = "gone";
  EXPECT_THAT(provider.Unwrap(relabelled, kAad),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'gone'")));
  EXPECT_THAT(provider.AddKey("b", *MasterKey::Generate()),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(provider.SetCurrent("gone"), StatusIs(absl::StatusCode::kNotFound));
}

TEST(StaticMasterKeyProviderTest, RewrapMovesToCurrentKey) {
  StaticMasterKeyProvider provider("old", *MasterKey::Generate());
  DataKey dek = *DataKey::Generate();
  auto wrapped = provider.Wrap(dek, kAad);
  ASSERT_TRUE(wrapped.ok());
  ASSERT_OK(provider.AddKey("new", *MasterKey::Generate()));
  ASSERT_OK(provider.SetCurrent("new"));
  auto rewrapped = Rewrap(provider, *wrapped, kAad);
  ASSERT_TRUE(rewrapped.ok()) << rewrapped.status();
  EXPECT_EQ(rewrapped->key_id, "new");
  auto unwrapped = provider.Unwrap(*rewrapped, kAad);
  ASSERT_TRUE(unwrapped.ok());
  EXPECT_EQ(unwrapped->view(), dek.view());
  EXPECT_THAT(Rewrap(provider, *wrapped, "case:other"), StatusIs(absl::StatusCode::kDataLoss));
}

// ---- The key file ----

TEST(FileMasterKeyProviderTest, CreateMakesOwnerOnlyFileAndRefusesToOverwrite) {
  TempDir dir("civicase_keys_");
  const std::string path = dir.File("master.keys");
  ASSERT_OK(FileMasterKeyProvider::CreateKeyFile(path));
  EXPECT_EQ(ModeOf(path), 0600);
  const std::string original = ReadAll(path);
  EXPECT_THAT(original, HasSubstr("civicase-keyring v1\n"));
  EXPECT_THAT(FileMasterKeyProvider::CreateKeyFile(path),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ReadAll(path), original);
  // No temporary files are left behind.
  EXPECT_EQ(
      std::distance(std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()),
                    std::filesystem::directory_iterator()),
      1);
}

TEST(FileMasterKeyProviderTest, OpenWrapsAndAnotherOpenUnwraps) {
  TempDir dir("civicase_keys_");
  const std::string path = dir.File("master.keys");
  ASSERT_OK(FileMasterKeyProvider::CreateKeyFile(path));
  auto first = FileMasterKeyProvider::Open(path);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT((*first)->current_key_id(), HasSubstr("mk-"));
  DataKey dek = *DataKey::Generate();
  auto wrapped = (*first)->Wrap(dek, kAad);
  ASSERT_TRUE(wrapped.ok());
  auto second = FileMasterKeyProvider::Open(path);
  ASSERT_TRUE(second.ok());
  auto unwrapped = (*second)->Unwrap(*wrapped, kAad);
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status();
  EXPECT_EQ(unwrapped->view(), dek.view());
}

TEST(FileMasterKeyProviderTest, RefusesFileAccessibleByGroupOrOthers) {
  TempDir dir("civicase_keys_");
  const std::string path = dir.File("master.keys");
  ASSERT_OK(FileMasterKeyProvider::CreateKeyFile(path));
  for (mode_t mode : {0640, 0604, 0644, 0620, 0601}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    EXPECT_THAT(FileMasterKeyProvider::Open(path),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr(path), HasSubstr("chmod 600"))))
        << std::oct << mode;
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(FileMasterKeyProvider::Open(path).ok());
}

TEST(FileMasterKeyProviderTest, MissingFileIsNotFound) {
  TempDir dir("civicase_keys_");
  EXPECT_THAT(FileMasterKeyProvider::Open(dir.File("absent")),
              StatusIs(absl::StatusCode::kNotFound));
}

struct MalformedCase {
  std::string name;
  std::string contents;
  absl::StatusCode code;
  std::string message_part;
};

TEST(FileMasterKeyProviderTest, MalformedFilesAreNamedWithoutQuotingKeys) {
  const std::string good_key = "key mk-a " + KeyHex('a') + "\n";
  const std::vector<MalformedCase> cases = {
      {"empty", "", absl::StatusCode::kInvalidArgument, "empty"},
      {"not a keyring", "hello\n", absl::StatusCode::kInvalidArgument,
       "not a civicase master key file"},
      {"future version", "civicase-keyring v9\n" + good_key + "current mk-a\n",
       absl::StatusCode::kInvalidArgument, "unsupported version"},
      {"no keys", "civicase-keyring v1\n", absl::StatusCode::kDataLoss, "no keys"},
      {"no current", "civicase-keyring v1\n" + good_key, absl::StatusCode::kDataLoss,
       "no 'current"},
      {"current unknown", "civicase-keyring v1\n" + good_key + "current mk-b\n",
       absl::StatusCode::kDataLoss, "'mk-b' is not listed"},
      {"two currents", "civicase-keyring v1\n" + good_key + "current mk-a\ncurrent mk-a\n",
       absl::StatusCode::kDataLoss, "line 4: more than one"},
      {"short key", "civicase-keyring v1\nkey mk-a " + KeyHex('b').substr(2) + "\ncurrent mk-a\n",
       absl::StatusCode::kDataLoss, "line 2: key 'mk-a' is not 64 hex digits"},
      {"non-hex key",
       "civicase-keyring v1\nkey mk-a " + KeyHex('c').substr(1) + "z\ncurrent mk-a\n",
       absl::StatusCode::kDataLoss, "line 2: key 'mk-a' is not 64 hex digits"},
      {"duplicate id", "civicase-keyring v1\n" + good_key + good_key + "current mk-a\n",
       absl::StatusCode::kDataLoss, "line 3: key 'mk-a' appears twice"},
      {"bad id", "civicase-keyring v1\nkey m/k " + KeyHex('a') + "\ncurrent mk-a\n",
       absl::StatusCode::kDataLoss, "line 2: key id must be"},
      {"unknown line", "civicase-keyring v1\n" + good_key + "current mk-a\nsecret stuff\n",
       absl::StatusCode::kDataLoss, "line 4: expected"},
  };
  TempDir dir("civicase_keys_");
  for (const MalformedCase& c : cases) {
    const std::string path = dir.File("bad.keys");
    WriteWithMode(path, c.contents, 0600);
    auto opened = FileMasterKeyProvider::Open(path);
    EXPECT_THAT(opened, StatusIs(c.code, HasSubstr(c.message_part))) << c.name;
    for (char d : {'a', 'b', 'c'}) {
      EXPECT_THAT(std::string(opened.status().message()), Not(HasSubstr(KeyHex(d).substr(0, 16))))
          << c.name;
    }
  }
  // The same file with comments, blank lines and CRLF endings is accepted.
  const std::string path = dir.File("good.keys");
  WriteWithMode(path, "civicase-keyring v1\r\n# comment\r\n\r\n" + good_key + "current mk-a\r\n",
                0600);
  auto opened = FileMasterKeyProvider::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ((*opened)->current_key_id(), "mk-a");
}

TEST(FileMasterKeyProviderTest, RotateKeepsOldKeysAndRewrapMovesToNewKey) {
  TempDir dir("civicase_keys_");
  const std::string path = dir.File("master.keys");
  ASSERT_OK(FileMasterKeyProvider::CreateKeyFile(path));
  auto before = FileMasterKeyProvider::Open(path);
  ASSERT_TRUE(before.ok());
  const std::string old_id = (*before)->current_key_id();
  DataKey dek = *DataKey::Generate();
  auto old_wrapped = (*before)->Wrap(dek, kAad);
  ASSERT_TRUE(old_wrapped.ok());

  ASSERT_OK(FileMasterKeyProvider::RotateKeyFile(path));
  EXPECT_EQ(ModeOf(path), 0600);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  auto after = FileMasterKeyProvider::Open(path);
  ASSERT_TRUE(after.ok()) << after.status();
  const std::string new_id = (*after)->current_key_id();
  EXPECT_NE(new_id, old_id);

  // Old wrappings still unwrap after rotation.
  auto unwrapped = (*after)->Unwrap(*old_wrapped, kAad);
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status();
  EXPECT_EQ(unwrapped->view(), dek.view());

  // Rewrap moves the data key to the new master key; the data key itself is unchanged, so
  // fields sealed under it need no re-encryption.
  auto rewrapped = Rewrap(**after, *old_wrapped, kAad);
  ASSERT_TRUE(rewrapped.ok()) << rewrapped.status();
  EXPECT_EQ(rewrapped->key_id, new_id);
  auto again = (*after)->Unwrap(*rewrapped, kAad);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->view(), dek.view());
  // The provider opened before rotation does not know the new key.
  EXPECT_THAT((*before)->Unwrap(*rewrapped, kAad), StatusIs(absl::StatusCode::kNotFound));

  // A second rotation keeps all three keys.
  ASSERT_OK(FileMasterKeyProvider::RotateKeyFile(path));
  auto third = FileMasterKeyProvider::Open(path);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE((*third)->Unwrap(*old_wrapped, kAad).ok());
  EXPECT_TRUE((*third)->Unwrap(*rewrapped, kAad).ok());
}

TEST(FileMasterKeyProviderTest, RotateRefusesWhileAnotherRotationHoldsTheTempFile) {
  TempDir dir("civicase_keys_");
  const std::string path = dir.File("master.keys");
  ASSERT_OK(FileMasterKeyProvider::CreateKeyFile(path));
  const std::string original = ReadAll(path);
  WriteWithMode(path + ".tmp", "partial", 0600);
  EXPECT_THAT(FileMasterKeyProvider::RotateKeyFile(path),
              StatusIs(absl::StatusCode::kAborted, HasSubstr(path + ".tmp")));
  EXPECT_EQ(ReadAll(path), original);
  EXPECT_EQ(ReadAll(path + ".tmp"), "partial");  // Not ours to delete.
}

TEST(FileMasterKeyProviderTest, RotateRefusesAnInsecureOrMissingFileAndLeavesNoTemp) {
  TempDir dir("civicase_keys_");
  const std::string path = dir.File("master.keys");
  EXPECT_THAT(FileMasterKeyProvider::RotateKeyFile(path), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_OK(FileMasterKeyProvider::CreateKeyFile(path));
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_THAT(FileMasterKeyProvider::RotateKeyFile(path),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

}  // namespace
}  // namespace civicase::storage
