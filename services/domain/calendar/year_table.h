#pragma once

// YearTable: one year's exceptions to the civil servants' Monday-Friday week, as published
// (official) or as projected from the Labour Code (see projected_calendar.h). It lists only
// days whose status or meaning differs from a plain week:
//   - every Monday-Friday day off (holiday, Tết, compensatory day, swapped day), working=false;
//   - every make-up working Saturday/Sunday (ngày làm bù), working=true;
//   - optionally, annotations: a holiday falling on a weekend (working=false, so the day is
//     described by its holiday name) or a weekday that stays working despite a pending change
//     (working=true, e.g. Culture Day 24/11/2026 before the Labour Code amendment).
// Every entry names its reason and its source (the notice or article).
//
// JSON form (services/domain/calendar/data/YYYY.json):
//   {"year": 2026, "status": "official" | "projected", "note": "...",
//    "days": [{"date": "2026-01-02", "working": false, "reason": "...", "source": "..."}]}
// Value types, thread-compatible.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "services/domain/date.h"

namespace civicase::domain {

struct CalendarEntry {
  Date date;
  bool working = false;
  std::string reason;
  std::string source;

  friend bool operator==(const CalendarEntry&, const CalendarEntry&) = default;
};

struct YearTable {
  int year = 0;
  // True for a table taken from published notices; false for a projection.
  bool official = false;
  std::string note;
  // Sorted by date, one entry per date.
  std::vector<CalendarEntry> days;

  friend bool operator==(const YearTable&, const YearTable&) = default;
};

// Checks the invariants above: every date inside `year`, dates unique, reason and source
// non-empty; sorts `days` by date. INVALID_ARGUMENT names the offending entry.
[[nodiscard]] absl::Status NormalizeYearTable(YearTable& table);

// Parses and normalizes a table. `file_name` is only used in error messages. Never throws:
// malformed JSON or a missing/mistyped field gives INVALID_ARGUMENT naming the file and field.
[[nodiscard]] absl::StatusOr<YearTable> ParseYearTable(std::string_view json,
                                                       std::string_view file_name);

// The JSON form above (round-trips through ParseYearTable).
nlohmann::json ToJson(const YearTable& table);

}  // namespace civicase::domain
