#pragma once

// FeedFollower: the deadlines service's consumer of the store's change feed
// (CaseStore.WatchEvents). On its own thread it streams events from its cursor, asks
// ClockTracker (clock_triggers.h) what each event does to the case's clocks, records every
// action as a DeadlineSet event, and then advances the cursor file. When the stream breaks (the
// store restarted, the network failed) it reconnects with exponential backoff and resumes from
// the cursor. Replays are harmless: each record's idempotency key is
// "clk:<source sequence>:<action index>", so an event processed twice writes nothing new.
// DeadlineSet events (its own and StartClock's) trigger nothing.
//
// An event whose actions cannot be recorded for a transient reason (store unavailable, timeout,
// conflict storm) is retried from the same sequence after the backoff; any other failure is
// logged and the event skipped so one bad case cannot stall every clock.
//
// Thread-safe: Start/Stop from one thread; next_sequence() from any.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/deadlines/clock_holder.h"
#include "services/deadlines/clock_triggers.h"
#include "services/deadlines/state_files.h"
#include "services/domain/competence/directory.h"

namespace civicase::deadlines {

struct FeedFollowerOptions {
  // Where the cursor lives: <home>/data/deadlines/cursor. Required.
  std::string cursor_path;
  // Reconnect backoff: starts at min, doubles up to max. Defaults: 200 ms, 10 s.
  absl::Duration min_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(10);
};

// The case's clocks as the tracker sees them after the events with version <= `up_to_version`
// (0 = all), and the tracker's actions for the event with version `up_to_version`.
struct FoldedCase {
  ClockTracker tracker;
  std::vector<ClockAction> last_actions;
};
[[nodiscard]] absl::StatusOr<FoldedCase> FoldCase(v1::CaseStore::StubInterface& store,
                                                  const domain::Directory& directory,
                                                  const std::string& case_id,
                                                  int64_t up_to_version);

class FeedFollower {
 public:
  // `clocks` and `directory` are borrowed and must outlive the follower.
  FeedFollower(FeedFollowerOptions options, const ClockHolder& clocks,
               const domain::Directory& directory, std::shared_ptr<grpc::Channel> store)
      : options_(std::move(options)),
        cursor_(options_.cursor_path),
        clocks_(clocks),
        directory_(directory),
        store_(v1::CaseStore::NewStub(std::move(store))) {}
  ~FeedFollower() { Stop(); }

  // Loads the cursor (DATA_LOSS if the file is damaged) and starts the thread.
  [[nodiscard]] absl::Status Start();
  // Cancels the stream and joins the thread. Idempotent.
  void Stop();

  // The next sequence to process (what the cursor file says once saved).
  int64_t next_sequence() const { return next_.load(); }

 private:
  void Run();
  // One connection: streams until it breaks or Stop. Returns why it ended.
  absl::Status FollowOnce();
  // Records the event's clock actions. OK when done (or skipped as permanent failure).
  absl::Status Handle(const v1::CaseEvent& event);
  bool Stopping();

  FeedFollowerOptions options_;
  FeedCursor cursor_;
  const ClockHolder& clocks_;
  const domain::Directory& directory_;
  std::unique_ptr<v1::CaseStore::Stub> store_;
  std::atomic<int64_t> next_{1};

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                  // guarded by mu_
  grpc::ClientContext* stream_ = nullptr;  // guarded by mu_: the open stream, to cancel
  std::thread thread_;
};

}  // namespace civicase::deadlines
