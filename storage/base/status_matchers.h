#pragma once

// gMock matchers for absl::Status and absl::StatusOr, in the manner of Envoy's status_utility.h:
//   EXPECT_OK(status);
//   EXPECT_THAT(store.Get(key), IsOkAndHolds("value"));
//   EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument));

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace civicase::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER_P(StatusIs, code, "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(s.message()), result_listener);
}

MATCHER_P(IsOkAndHolds, value_matcher, "") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status().ToString();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.ok();
}

}  // namespace civicase::testing

#define EXPECT_OK(expr) EXPECT_THAT((expr), ::civicase::testing::IsOk())
#define ASSERT_OK(expr) ASSERT_THAT((expr), ::civicase::testing::IsOk())
