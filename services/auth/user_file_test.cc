#include "services/auth/user_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "services/auth/user_admin.h"
#include "storage/base/status_matchers.h"

namespace civicase::auth {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

constexpr ScryptParams kFast{.n = 1 << 10, .r = 8, .p = 1};

class UserFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/user_file_test_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    path_ = dir_ + "/auth/users.json";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static v1::RoleGrant Grant(const std::string& role, const std::string& unit) {
    v1::RoleGrant grant;
    grant.set_role(role);
    grant.set_unit(unit);
    return grant;
  }

  std::string dir_;
  std::string path_;
};

TEST_F(UserFileTest, AbsentFileHasNoUsers) {
  auto file = ReadUserFile(path_);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->users_size(), 0);
}

TEST_F(UserFileTest, RoundTripIsOwnerOnly) {
  v1::RoleGrant grant = Grant("resolver", "hanoi.dongda.pc");
  grant.set_include_subtree(true);
  grant.set_valid_from("2025-07-01");
  grant.set_valid_to("2030-06-30");
  ASSERT_TRUE(
      AddUser(
          path_,
          {.name = "chau", .display_name = "Lê Minh Châu", .password = "pw-1", .grants = {grant}},
          kFast)
          .ok());
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir_ + "/auth").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto file = ReadUserFile(path_);
  ASSERT_TRUE(file.ok()) << file.status();
  const v1::UserRecord* user = FindUser(*file, "chau");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->display_name(), "Lê Minh Châu");
  EXPECT_FALSE(user->disabled());
  ASSERT_EQ(user->grants_size(), 1);
  EXPECT_EQ(user->grants(0).SerializeAsString(), grant.SerializeAsString());
  EXPECT_TRUE(VerifyPassword("pw-1", user->password()));
  EXPECT_EQ(user->password().n(), 1024u);

  std::ifstream in(path_);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_THAT(text, ::testing::Not(HasSubstr("pw-1"))) << "no password in clear";
}

TEST_F(UserFileTest, FileReadableByOthersIsRefused) {
  ASSERT_TRUE(AddUser(path_,
                      {.name = "lan",
                       .display_name = "",
                       .password = "pw",
                       .grants = {Grant("reception_clerk", "hanoi.dongda.pc")}},
                      kFast)
                  .ok());
  ASSERT_EQ(::chmod(path_.c_str(), 0644), 0);
  EXPECT_THAT(ReadUserFile(path_), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(AddGrant(path_, "lan", Grant("verifier", "hanoi.dongda.pc")),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_EQ(::chmod(path_.c_str(), 0640), 0);
  EXPECT_THAT(ReadUserFile(path_), StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  EXPECT_TRUE(ReadUserFile(path_).ok());
}

TEST_F(UserFileTest, DamagedFileIsInvalidArgument) {
  std::filesystem::create_directories(dir_ + "/auth");
  {
    std::ofstream out(path_);
    out << "{\"users\": [{\"name\": 3";
  }
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  EXPECT_THAT(ReadUserFile(path_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(UserFileTest, AddUserRefusesDuplicatesAndBadInput) {
  const NewUser lan{.name = "lan",
                    .display_name = "",
                    .password = "pw",
                    .grants = {Grant("reception_clerk", "hanoi.dongda.pc")}};
  ASSERT_TRUE(AddUser(path_, lan, kFast).ok());
  EXPECT_THAT(AddUser(path_, lan, kFast), StatusIs(absl::StatusCode::kAlreadyExists));
  NewUser bad = lan;
  bad.name = "Lan Nguyen";
  EXPECT_THAT(AddUser(path_, bad, kFast), StatusIs(absl::StatusCode::kInvalidArgument));
  bad = lan;
  bad.name = "other";
  bad.grants = {Grant("mayor", "hanoi.dongda.pc")};
  EXPECT_THAT(AddUser(path_, bad, kFast),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown role")));
  bad.grants = {};
  EXPECT_THAT(AddUser(path_, bad, kFast), StatusIs(absl::StatusCode::kInvalidArgument));
  bad.grants = {Grant("verifier", "hanoi.dongda.pc")};
  bad.grants[0].set_valid_from("2026-02-30");
  EXPECT_THAT(AddUser(path_, bad, kFast), StatusIs(absl::StatusCode::kInvalidArgument));
  bad.grants[0].set_valid_from("2026-03-01");
  bad.grants[0].set_valid_to("2026-02-01");
  EXPECT_THAT(AddUser(path_, bad, kFast), StatusIs(absl::StatusCode::kInvalidArgument));
  auto file = ReadUserFile(path_);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->users_size(), 1);
}

TEST_F(UserFileTest, GrantsAndDisabling) {
  ASSERT_TRUE(AddUser(path_,
                      {.name = "lan",
                       .display_name = "",
                       .password = "pw",
                       .grants = {Grant("reception_clerk", "hanoi.dongda.pc")}},
                      kFast)
                  .ok());
  ASSERT_TRUE(AddGrant(path_, "lan", Grant("processing_officer", "hanoi.dongda.pc")).ok());
  ASSERT_TRUE(AddGrant(path_, "lan", Grant("processing_officer", "hanoi.dongda.pc")).ok());
  EXPECT_THAT(AddGrant(path_, "nobody", Grant("verifier", "x")),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_TRUE(SetDisabled(path_, "lan", true).ok());
  auto file = ReadUserFile(path_);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(FindUser(*file, "lan")->grants_size(), 2);
  EXPECT_TRUE(FindUser(*file, "lan")->disabled());
}

TEST_F(UserFileTest, DemoUsersOnePerRoleIdempotent) {
  auto added = InitDemoUsers(path_, kFast);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(*added, 9);  // one per role, and the HĐND office's clerk
  auto again = InitDemoUsers(path_, kFast);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto file = ReadUserFile(path_);
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->users_size(), 9);
  std::set<std::string> roles;
  for (const auto& user : file->users()) roles.insert(user.grants(0).role());
  EXPECT_EQ(roles.size(), AllRoles().size());
  EXPECT_TRUE(VerifyPassword("clerk-demo", FindUser(*file, "clerk")->password()));
}

TEST(GrantTest, InForceRespectsValidity) {
  v1::RoleGrant grant;
  grant.set_role("verifier");
  grant.set_unit("hanoi.dongda.pc");
  EXPECT_TRUE(GrantInForce(grant, domain::Date(2026, 1, 1)));
  grant.set_valid_from("2026-01-01");
  grant.set_valid_to("2026-06-30");
  EXPECT_FALSE(GrantInForce(grant, domain::Date(2025, 12, 31)));
  EXPECT_TRUE(GrantInForce(grant, domain::Date(2026, 1, 1)));
  EXPECT_TRUE(GrantInForce(grant, domain::Date(2026, 6, 30)));
  EXPECT_FALSE(GrantInForce(grant, domain::Date(2026, 7, 1)));
  EXPECT_TRUE(GrantNotEnded(grant, domain::Date(2025, 12, 31)));
  EXPECT_FALSE(GrantNotEnded(grant, domain::Date(2026, 7, 1)));
}

}  // namespace
}  // namespace civicase::auth
