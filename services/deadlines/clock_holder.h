#pragma once

// The service's current StatutoryClock. PublishCalendar swaps in a clock over a new calendar
// while the feed follower, the scanner and RPCs keep computing: each reader takes a snapshot
// (a shared_ptr) and uses it for the whole computation. Thread-safe.

#include <memory>
#include <mutex>

#include "services/domain/clock/statutory_clock.h"

namespace civicase::deadlines {

class ClockHolder {
 public:
  explicit ClockHolder(domain::StatutoryClock clock)
      : clock_(std::make_shared<const domain::StatutoryClock>(std::move(clock))) {}

  std::shared_ptr<const domain::StatutoryClock> Get() const {
    std::lock_guard lock(mu_);
    return clock_;
  }
  void Set(domain::StatutoryClock clock) {
    auto next = std::make_shared<const domain::StatutoryClock>(std::move(clock));
    std::lock_guard lock(mu_);
    clock_ = std::move(next);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const domain::StatutoryClock> clock_;
};

}  // namespace civicase::deadlines
