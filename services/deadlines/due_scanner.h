#pragma once

// DueScanner: the periodic due-soon / overdue scan. Every `every` (first right after Start) it
// reads every case, assesses the running clocks (due_scan.h) as of today in Vietnam, and records
// each level of the escalation ladder once per clock: a DeadlineSet event repeating the clock
// unchanged with reason "reminder: ...", "urge (đôn đốc): ..." or "report: ...". The idempotency
// key "esc:<case id>:<rule id>:<due date>:<level>" makes it once per clock, due date and level,
// across scans and restarts; a clock that is moved (new due date) can escalate again.
// An overdue clock records levels 2..its level (a reminder is moot once overdue).
//
// Thread-safe: Start/Stop from one thread; ScanOnce from any (serialised).

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/deadlines/clock_holder.h"
#include "services/domain/competence/directory.h"

namespace civicase::deadlines {

struct DueScannerOptions {
  // How often to scan. Default: 3600 s.
  absl::Duration every = absl::Seconds(3600);
  // Remind this many working days ahead. Default: 3.
  int remind_within_working_days = 3;
  // Today's date. Default: the wall clock in Vietnam.
  std::function<domain::Date()> today = {};
};

class DueScanner {
 public:
  // `clocks` and `directory` are borrowed and must outlive the scanner.
  DueScanner(DueScannerOptions options, const ClockHolder& clocks,
             const domain::Directory& directory, std::shared_ptr<grpc::Channel> store);
  ~DueScanner() { Stop(); }

  void Start();
  void Stop();

  // One scan; returns the number of records written.
  [[nodiscard]] absl::StatusOr<int> ScanOnce();

 private:
  void Run();

  DueScannerOptions options_;
  const ClockHolder& clocks_;
  const domain::Directory& directory_;
  std::unique_ptr<v1::CaseStore::Stub> store_;
  std::mutex scan_mu_;  // one scan at a time
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

// The directory's superior of `unit` (its parent) valid on `at`; empty for none.
std::string SuperiorOf(const domain::Directory& directory, const std::string& unit,
                       domain::Date at);

}  // namespace civicase::deadlines
