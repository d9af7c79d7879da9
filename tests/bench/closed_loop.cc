#include "tests/bench/closed_loop.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace civicase::bench {
namespace {

using Clock = std::chrono::steady_clock;

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Shared by every client of one run; outlives every callback (the run waits for all clients).
struct Run {
  const StartCall* start = nullptr;
  Clock::time_point window_start, window_end;
  std::vector<std::vector<int64_t>> latencies_ns;  // per client: only its own chain touches it
  std::vector<uint64_t> errors;                    // per client
  std::mutex mu;
  std::condition_variable cv;
  int active = 0;           // guarded by mu
  std::string first_error;  // guarded by mu
  std::atomic<uint64_t> next{0};

  void Issue(int client) {
    const Clock::time_point began = Clock::now();
    (*start)(client, next.fetch_add(1, std::memory_order_relaxed),
             [this, client, began](const grpc::Status& status) {
               const Clock::time_point ended = Clock::now();
               const bool in_window = ended >= window_start && ended < window_end;
               if (!status.ok()) {
                 if (in_window) ++errors[client];
                 std::lock_guard lock(mu);
                 if (first_error.empty()) {
                   first_error =
                       std::to_string(status.error_code()) + ": " + status.error_message();
                 }
               } else if (in_window) {
                 latencies_ns[client].push_back(
                     std::chrono::duration_cast<std::chrono::nanoseconds>(ended - began).count());
               }
               if (ended >= window_end) {
                 std::lock_guard lock(mu);
                 if (--active == 0) cv.notify_all();
                 return;
               }
               Issue(client);
             });
  }
};

absl::Duration Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return absl::ZeroDuration();
  size_t index = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return absl::Nanoseconds(sorted[std::min(index, sorted.size() - 1)]);
}

}  // namespace

LoadResult RunClosedLoop(int clients, absl::Duration warmup, absl::Duration window,
                         const StartCall& start) {
  auto run = std::make_unique<Run>();
  run->start = &start;
  run->latencies_ns.resize(clients);
  run->errors.assign(clients, 0);
  for (auto& l : run->latencies_ns) l.reserve(1 << 16);
  const Clock::time_point t0 = Clock::now();
  run->window_start = t0 + absl::ToChronoNanoseconds(warmup);
  run->window_end = run->window_start + absl::ToChronoNanoseconds(window);
  run->active = clients;
  for (int c = 0; c < clients; ++c) run->Issue(c);

  std::this_thread::sleep_until(run->window_start);
  const double cpu_start = ProcessCpuSeconds();
  std::this_thread::sleep_until(run->window_end);
  const double cpu_end = ProcessCpuSeconds();
  {
    std::unique_lock lock(run->mu);
    run->cv.wait(lock, [&] { return run->active == 0; });
  }

  LoadResult result;
  result.clients = clients;
  result.window = window;
  std::vector<int64_t> all;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), run->latencies_ns[c].begin(), run->latencies_ns[c].end());
    result.errors += run->errors[c];
  }
  std::sort(all.begin(), all.end());
  result.ok = all.size();
  result.per_second = static_cast<double>(result.ok) / absl::ToDoubleSeconds(window);
  result.p50 = Percentile(all, 0.50);
  result.p99 = Percentile(all, 0.99);
  result.cpu_percent = 100.0 * (cpu_end - cpu_start) / absl::ToDoubleSeconds(window);
  result.first_error = run->first_error;
  return result;
}

}  // namespace civicase::bench
