#include "services/common/token_revocation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "storage/base/status_matchers.h"

namespace civicase::common {
namespace {

using civicase::testing::IsOkAndHolds;
using civicase::testing::StatusIs;

struct FakeAuth {
  std::map<std::string, bool> revoked;
  bool reachable = true;
  int asked = 0;
  RevocationCache::Lookup AsLookup() {
    return [this](const std::string& id) -> absl::StatusOr<bool> {
      ++asked;
      if (!reachable) return absl::UnavailableError("auth down");
      return revoked[id];
    };
  }
};

TEST(RevocationCacheTest, AnswersAreReusedForTheTtlThenAskedAgain) {
  FakeAuth auth;
  absl::Time now = absl::FromUnixSeconds(1000);
  RevocationCache cache(auth.AsLookup(), {.ttl = absl::Seconds(10), .now = [&] { return now; }});
  EXPECT_THAT(cache.IsRevoked("t1"), IsOkAndHolds(false));
  auth.revoked["t1"] = true;  // logged out: the cache still says no, within the ttl
  now += absl::Seconds(9);
  EXPECT_THAT(cache.IsRevoked("t1"), IsOkAndHolds(false));
  EXPECT_EQ(auth.asked, 1);
  now += absl::Seconds(1);
  EXPECT_THAT(cache.IsRevoked("t1"), IsOkAndHolds(true));
  EXPECT_EQ(auth.asked, 2);
}

TEST(RevocationCacheTest, FailsClosedWhenTheAuthServiceCannotAnswer) {
  FakeAuth auth;
  auth.reachable = false;
  RevocationCache cache(auth.AsLookup());
  EXPECT_THAT(cache.IsRevoked("t1"), StatusIs(absl::StatusCode::kUnavailable));
  auth.reachable = true;  // a failure is not remembered
  EXPECT_THAT(cache.IsRevoked("t1"), IsOkAndHolds(false));
}

TEST(RevocationCacheTest, StaysBoundedWhenFull) {
  FakeAuth auth;
  absl::Time now = absl::FromUnixSeconds(1000);
  RevocationCache cache(auth.AsLookup(), {.max_entries = 2, .now = [&] { return now; }});
  for (const char* id : {"a", "b", "c"}) ASSERT_OK(cache.IsRevoked(id));
  EXPECT_EQ(auth.asked, 3);
  ASSERT_OK(cache.IsRevoked("c"));  // kept after the overflow
  EXPECT_EQ(auth.asked, 3);
}

}  // namespace
}  // namespace civicase::common
