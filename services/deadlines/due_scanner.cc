#include "services/deadlines/due_scanner.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/deadlines/clock_triggers.h"
#include "services/deadlines/deadline_writer.h"
#include "services/deadlines/due_scan.h"

namespace civicase::deadlines {

std::string SuperiorOf(const domain::Directory& directory, const std::string& unit,
                       domain::Date at) {
  const domain::Unit* u = directory.Find(unit, at);
  if (u == nullptr) u = directory.FindAnyDate(unit);
  if (u == nullptr) return "";
  const domain::Unit* parent = directory.Parent(*u);
  return parent == nullptr ? "" : parent->code;
}

DueScanner::DueScanner(DueScannerOptions options, const ClockHolder& clocks,
                       const domain::Directory& directory, std::shared_ptr<grpc::Channel> store)
    : options_(std::move(options)),
      clocks_(clocks),
      directory_(directory),
      store_(v1::CaseStore::NewStub(std::move(store))) {
  if (!options_.today) {
    options_.today = [] { return domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now())); };
  }
}

void DueScanner::Start() {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void DueScanner::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void DueScanner::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto written = ScanOnce();
    if (!written.ok()) {
      spdlog::warn("due scan failed: {}", written.status().ToString());
    } else if (*written > 0) {
      spdlog::info("due scan: {} reminder/escalation record(s) written", *written);
    }
    lock.lock();
    cv_.wait_for(lock, absl::ToChronoMilliseconds(options_.every), [this] { return stopping_; });
  }
}

absl::StatusOr<int> DueScanner::ScanOnce() {
  std::lock_guard scan(scan_mu_);
  const domain::Date today = options_.today();
  const v1::RequestContext context = SystemContext("statutory clock: due-soon and overdue scan");
  auto cases = ListCasesAt(*store_, context, "");
  if (!cases.ok()) return cases.status();
  const auto clock = clocks_.Get();
  int written = 0;
  for (v1::DueItem& item :
       ScanDue(*cases, clock->calendar(), today, options_.remind_within_working_days)) {
    item.set_superior_unit(SuperiorOf(directory_, item.unit(), today));
    const int first = item.level() == 1 ? 1 : 2;
    for (int level = first; level <= item.level(); ++level) {
      const std::string key = absl::StrCat("esc:", item.case_id(), ":", item.due().rule_id(), ":",
                                           item.due().due_date(), ":", level);
      const std::string reason = EscalationReason(item, level);
      auto outcome =
          RecordDeadline(*store_, context, item.case_id(), key,
                         [&](const v1::Case& snapshot) -> std::optional<v1::DeadlineSet> {
                           // Only if the clock is still the one assessed (running, same due date).
                           for (const v1::DueDate& recorded : snapshot.clocks()) {
                             if (recorded.rule_id() != item.due().rule_id()) continue;
                             if (recorded.due_date() != item.due().due_date() ||
                                 StateOf(recorded) != ClockState::kRunning) {
                               return std::nullopt;
                             }
                             v1::DeadlineSet set;
                             *set.mutable_due() = recorded;
                             set.set_reason(reason);
                             return set;
                           }
                           return std::nullopt;
                         });
      if (!outcome.ok()) return outcome.status();
      if (*outcome == WriteOutcome::kWritten) {
        ++written;
        spdlog::info("case {}: {}", item.reference(), reason);
      }
    }
  }
  return written;
}

}  // namespace civicase::deadlines
