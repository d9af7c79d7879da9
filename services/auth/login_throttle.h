#pragma once

// Slows down password guessing: after kMaxFailures failed logins for one user name within
// kFailureWindow, further attempts for that name are refused for kLockout (the check happens
// before the password is looked at, so a locked name costs the server nothing).
//
// Keyed by the user name as typed, whether or not the user exists, so the lockout does not
// reveal which names exist. Memory is bounded: names whose failures are all older than the
// window are forgotten, and at most kMaxTrackedNames are tracked (beyond that the oldest is
// dropped).
//
// Time is passed in (absl::Time), so tests need no sleeping. Thread-safe.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace civicase::auth {

class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr absl::Duration kFailureWindow = absl::Minutes(5);
  static constexpr absl::Duration kLockout = absl::Minutes(1);
  static constexpr size_t kMaxTrackedNames = 100000;

  // Zero if `user` may try now; otherwise how long until it may.
  absl::Duration RetryAfter(std::string_view user, absl::Time now) const;

  // Records a failed attempt.
  void RecordFailure(std::string_view user, absl::Time now);

  // Forgets the failures of `user` (after a successful login).
  void RecordSuccess(std::string_view user);

 private:
  struct Entry {
    std::deque<absl::Time> failures;  // within the window, oldest first
    absl::Time locked_until = absl::InfinitePast();
  };
  void PruneLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace civicase::auth
