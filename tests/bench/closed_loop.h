#pragma once

// A closed-loop load generator: `clients` independent callers, each with exactly one call
// outstanding, issuing its next call as soon as the previous one completes. Calls are
// asynchronous (the caller supplies a function that starts one and reports its completion), so
// 64 clients do not need 64 threads. Calls completing during a warm-up are not counted; then
// every call that completes inside the measured window is counted and its latency kept.
//
// Thread safety: RunClosedLoop may be called from one thread at a time; `start` and the `done`
// callbacks it receives may run on any thread (gRPC's callback threads).

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <string>

#include "absl/time/time.h"

namespace civicase::bench {

// Starts call number `n` of client `client`; must eventually call `done` exactly once.
using StartCall =
    std::function<void(int client, uint64_t n, std::function<void(const grpc::Status&)> done)>;

struct LoadResult {
  int clients = 0;
  absl::Duration window;    // the measured time
  uint64_t ok = 0;          // OK calls completed in the window
  uint64_t errors = 0;      // failed calls completed in the window
  std::string first_error;  // of any failed call, warm-up included
  double per_second = 0;    // ok / window
  absl::Duration p50, p99;  // latency of the OK calls in the window
  double cpu_percent = 0;   // whole-process CPU (user + system) over the window, 100 = 1 core
};

LoadResult RunClosedLoop(int clients, absl::Duration warmup, absl::Duration window,
                         const StartCall& start);

}  // namespace civicase::bench
