#pragma once

// StatutoryClock: computes a legal deadline and explains it. It holds a RuleBook (what the
// law says) and a WorkingCalendar (which days are worked), and counts as the Civil Code says
// (Art. 144-148):
//   - the period starts the day AFTER the trigger event;
//   - "working_days" rules count only working days;
//   - "calendar_days" rules count every day, and if the last day is a day off the deadline
//     rolls forward to the next working day;
//   - days inside a suspension (tạm đình chỉ; obstacle periods of Complaints Law Art. 9) are
//     not counted, whatever the unit;
//   - extensions lengthen the period continuously: the total is length + extensions x
//     length_each, counted from the same start (the roll-forward applies to the final day only).
// The version of the rule is the one in force on the trigger date.
//
// Variant choice: the first of remote_complex, especially_complex, complex, remote,
// several_sites that the flags select and the rule defines; otherwise the base length.
// (remote_complex is selected by remote && complex; especially_complex implies complex.) Flags
// with no variant in the rule do not change the length; DueDate::variant says what was used.
//
// Every result carries its derivation: the start, every day skipped and why (weekend, holiday
// name, suspension), extensions, the roll-forward, the due date.
//
// Pure: no wall clock, no I/O. Immutable after construction; thread-safe for const use.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/calendar/working_calendar.h"
#include "services/domain/clock/rule_book.h"
#include "services/domain/date.h"

namespace civicase::domain {

// An inclusive range of days.
struct Interval {
  Date from;
  Date to;
};

struct DeadlineQuery {
  std::string rule_id = {};
  // The date of the start event (acceptance, receipt, decision, ...).
  Date trigger = {};
  bool complex = false;
  bool especially_complex = false;  // REQUIRES complex
  bool remote = false;
  bool several_sites = false;
  int extensions = 0;  // extensions granted so far; at most the variant's max_count
  std::vector<Interval> suspensions = {};  // days not counted; may overlap, any order
};

enum class StepKind { kStart, kCount, kSkip, kSuspension, kExtension, kRollForward, kDue };

// "start", "count", "skip", "suspension", "extension", "roll_forward", "due".
std::string_view StepKindName(StepKind kind);

struct DerivationStep {
  StepKind kind;
  Date date;
  std::string reason;

  friend bool operator==(const DerivationStep&, const DerivationStep&) = default;
};

struct DueDate {
  Date due_date;
  std::string rule_id;
  int version = 0;
  std::string legal_basis;
  PeriodUnit unit = PeriodUnit::kCalendarDays;
  // The total length counted: the variant's length plus extensions.
  int length = 0;
  // "base" or the variant name used.
  std::string variant;
  int extensions = 0;
  Date trigger;
  std::vector<DerivationStep> steps;
};

class StatutoryClock {
 public:
  StatutoryClock(RuleBook rules, WorkingCalendar calendar)
      : rules_(std::move(rules)), calendar_(std::move(calendar)) {}

  // The embedded rules and the embedded official calendar.
  [[nodiscard]] static absl::StatusOr<StatutoryClock> Default();

  // INVALID_ARGUMENT naming the field for: an unknown rule_id; a trigger on which no version
  // of the rule is in force; especially_complex without complex; negative extensions or more
  // than the variant allows; a suspension whose `from` is after its `to`.
  [[nodiscard]] absl::StatusOr<DueDate> ComputeDueDate(const DeadlineQuery& query) const;

  const RuleBook& rules() const { return rules_; }
  const WorkingCalendar& calendar() const { return calendar_; }

  // The same rules over another calendar (e.g. after WorkingCalendar::WithOfficialYear).
  StatutoryClock WithCalendar(WorkingCalendar calendar) const {
    return StatutoryClock(rules_, std::move(calendar));
  }

 private:
  RuleBook rules_;
  WorkingCalendar calendar_;
};

}  // namespace civicase::domain
