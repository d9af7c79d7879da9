#include "services/auth/login_throttle.h"

#include <algorithm>

namespace civicase::auth {

absl::Duration LoginThrottle::RetryAfter(std::string_view user, absl::Time now) const {
  absl::MutexLock lock(&mutex_);
  auto it = entries_.find(absl::string_view(user.data(), user.size()));
  if (it == entries_.end() || it->second.locked_until <= now) return absl::ZeroDuration();
  return it->second.locked_until - now;
}

void LoginThrottle::RecordFailure(std::string_view user, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (entries_.size() >= kMaxTrackedNames) PruneLocked(now);
  Entry& entry = entries_[absl::string_view(user.data(), user.size())];
  while (!entry.failures.empty() && entry.failures.front() <= now - kFailureWindow) {
    entry.failures.pop_front();
  }
  entry.failures.push_back(now);
  if (static_cast<int>(entry.failures.size()) >= kMaxFailures) {
    entry.locked_until = now + kLockout;
    entry.failures.clear();  // after the lockout, a fresh allowance of attempts
  }
}

void LoginThrottle::RecordSuccess(std::string_view user) {
  absl::MutexLock lock(&mutex_);
  entries_.erase(absl::string_view(user.data(), user.size()));
}

void LoginThrottle::PruneLocked(absl::Time now) {
  absl::erase_if(entries_, [&](const auto& item) {
    const Entry& e = item.second;
    return e.locked_until <= now &&
           (e.failures.empty() || e.failures.back() <= now - kFailureWindow);
  });
  while (entries_.size() >= kMaxTrackedNames) {
    // Still full of recent names (a spray attack): drop the one whose last failure is oldest.
    auto oldest =
        std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
          auto last = [](const Entry& e) {
            return e.failures.empty() ? e.locked_until : e.failures.back();
          };
          return last(a.second) < last(b.second);
        });
    entries_.erase(oldest);
  }
}

}  // namespace civicase::auth
