#include "services/auth/login_throttle.h"

#include <gtest/gtest.h>

namespace civicase::auth {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'780'000'000);

TEST(LoginThrottleTest, FiveFailuresInFiveMinutesLockForOneMinute) {
  LoginThrottle throttle;
  absl::Time now = kStart;
  for (int i = 0; i < 4; ++i) {
    throttle.RecordFailure("clerk", now);
    now += absl::Seconds(30);
    EXPECT_EQ(throttle.RetryAfter("clerk", now), absl::ZeroDuration());
  }
  throttle.RecordFailure("clerk", now);
  EXPECT_EQ(throttle.RetryAfter("clerk", now), absl::Minutes(1));
  EXPECT_EQ(throttle.RetryAfter("clerk", now + absl::Seconds(59)), absl::Seconds(1));
  EXPECT_EQ(throttle.RetryAfter("clerk", now + absl::Minutes(1)), absl::ZeroDuration());
  EXPECT_EQ(throttle.RetryAfter("officer", now), absl::ZeroDuration()) << "per user";
}

TEST(LoginThrottleTest, FailuresOlderThanTheWindowDoNotCount) {
  LoginThrottle throttle;
  absl::Time now = kStart;
  for (int i = 0; i < 10; ++i) {
    throttle.RecordFailure("clerk", now);
    now += absl::Seconds(61);  // five failures always span more than five minutes
    EXPECT_EQ(throttle.RetryAfter("clerk", now), absl::ZeroDuration()) << i;
  }
}

TEST(LoginThrottleTest, SuccessForgetsFailures) {
  LoginThrottle throttle;
  for (int i = 0; i < 4; ++i) throttle.RecordFailure("clerk", kStart);
  throttle.RecordSuccess("clerk");
  throttle.RecordFailure("clerk", kStart);
  EXPECT_EQ(throttle.RetryAfter("clerk", kStart), absl::ZeroDuration());
}

}  // namespace
}  // namespace civicase::auth
