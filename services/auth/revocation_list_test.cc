#include "services/auth/revocation_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "storage/base/status_matchers.h"

namespace civicase::auth {
namespace {

using ::civicase::testing::StatusIs;

TEST(RevocationListTest, SurvivesReopenUntilExpiry) {
  const std::string dir = ::testing::TempDir() + "/revocation_list_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/revoked.json";
  {
    auto list = RevocationList::Open(path, 1000);
    ASSERT_TRUE(list.ok()) << list.status();
    EXPECT_FALSE((*list)->IsRevoked("a"));
    ASSERT_TRUE((*list)->Revoke("a", 2000, 1000).ok());
    ASSERT_TRUE((*list)->Revoke("b", 5000, 1000).ok());
    ASSERT_TRUE((*list)->Revoke("b", 5000, 1000).ok());
    EXPECT_TRUE((*list)->IsRevoked("a"));
    EXPECT_EQ((*list)->size(), 2u);
  }
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  {
    auto list = RevocationList::Open(path, 1500);
    ASSERT_TRUE(list.ok());
    EXPECT_TRUE((*list)->IsRevoked("a"));
    EXPECT_TRUE((*list)->IsRevoked("b"));
  }
  {
    auto list = RevocationList::Open(path, 3000);  // "a" has expired: no longer kept
    ASSERT_TRUE(list.ok());
    EXPECT_FALSE((*list)->IsRevoked("a"));
    EXPECT_TRUE((*list)->IsRevoked("b"));
  }
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_THAT(RevocationList::Open(path, 3000), StatusIs(absl::StatusCode::kFailedPrecondition));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace civicase::auth
