#pragma once

// The backlog a supervisor sees: the open cases of some units, each with its earliest RUNNING
// clock (paused and stopped clocks, see services/deadlines/clock_triggers.h, do not count),
// overdue ones first (most overdue first), then by due date, then by reference. Long-pending
// cases (tồn đọng kéo dài) are flagged: open longer than `long_pending_days` days since receipt,
// or past due by more than `long_overdue_days` days. Totals per state and the counts of
// overdue and long-pending cases are taken before `overdue_only` filters the entries.
// Pure; thread-safe.

#include <vector>

#include "civicase/v1/case.pb.h"
#include "civicase/v1/supervision.pb.h"
#include "services/domain/date.h"

namespace civicase::supervision {

struct BacklogOptions {
  domain::Date as_of;
  bool overdue_only = false;
  int long_pending_days = 90;  // default 90
  int long_overdue_days = 30;  // default 30
};

v1::Backlog BuildBacklog(const std::vector<v1::Case>& cases, const BacklogOptions& options);

// Kept for callers of the first version: default thresholds.
inline v1::Backlog BuildBacklog(const std::vector<v1::Case>& cases, domain::Date as_of,
                                bool overdue_only) {
  return BuildBacklog(cases, BacklogOptions{.as_of = as_of, .overdue_only = overdue_only});
}

}  // namespace civicase::supervision
