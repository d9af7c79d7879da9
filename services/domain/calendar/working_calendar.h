#pragma once

// WorkingCalendar: which days civil servants work (ngày làm việc), the basis of every
// "working days" period in the law. A Monday-Friday week (Decision 188/1999/QĐ-TTg) amended,
// year by year, by a YearTable: the official table where the repository has one
// (data/YYYY.json), otherwise the projection of projected_calendar.h.
//
// A WorkingCalendar is an immutable value: WithOfficialYear returns a new calendar and leaves
// this one untouched, so a clock can compare due dates before and after a newly published
// table. Copies are cheap (shared immutable state). Thread-safe for concurrent const use.
//
// IsWorkingDay is O(1) for 2000-01-01..2100-12-31 (a precomputed per-day table); outside that
// range it projects the year on each call (slow but correct for 1900-2199).

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/calendar/year_table.h"
#include "services/domain/date.h"
#include "storage/base/embedded_file.h"

namespace civicase::domain {

// What a day is, and why.
struct DayInfo {
  Date date;
  bool working = false;
  // "working day", "weekend (Saturday)", or the table entry's reason ("Tết (mùng 1)").
  std::string reason;
  // False when the day's year is a projection.
  bool official = false;
  // The notice or article; for plain days the rule of the Monday-Friday week.
  std::string source;
};

class WorkingCalendar {
 public:
  // The first and last day of the precomputed range.
  static constexpr Date kFastRangeBegin{2000, 1, 1};
  static constexpr Date kFastRangeEnd{2100, 12, 31};

  // The official tables compiled into the library (data/*.json), projections for every other
  // year. Fails (INVALID_ARGUMENT naming the file and field) only if the embedded data is bad.
  [[nodiscard]] static absl::StatusOr<WorkingCalendar> Default();
  // The given official tables, projections for every other year.
  [[nodiscard]] static absl::StatusOr<WorkingCalendar> FromTables(
      std::vector<YearTable> official_tables);
  // Parses the given files (see year_table.h) and builds as FromTables.
  [[nodiscard]] static absl::StatusOr<WorkingCalendar> FromFiles(
      std::span<const EmbeddedFile> files);

  bool IsWorkingDay(Date date) const;
  DayInfo Describe(Date date) const;
  // The year's table entries as DayInfo, by date: every day off that is not a plain Sat/Sun,
  // every make-up working day, and annotations (see year_table.h).
  std::vector<DayInfo> SpecialDays(int year) const;
  // The table used for `year` (official or projected).
  YearTable TableFor(int year) const;
  bool IsOfficialYear(int year) const;

  // A new calendar in which `table` replaces the projection (or an earlier official table) of
  // its year; the table is marked official. INVALID_ARGUMENT if the table breaks the invariants
  // of year_table.h.
  [[nodiscard]] absl::StatusOr<WorkingCalendar> WithOfficialYear(YearTable table) const;

 private:
  struct State;
  explicit WorkingCalendar(std::shared_ptr<const State> state) : state_(std::move(state)) {}

  std::shared_ptr<const State> state_;
};

}  // namespace civicase::domain
