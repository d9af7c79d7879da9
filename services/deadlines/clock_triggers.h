#pragma once

// Which statutory clocks a case's events start, stop, pause and move: the law's triggers as a
// table (clock_triggers.cc, one row per lifecycle action, each with its legal basis), folded over
// a case's history by ClockTracker. The deadlines service feeds it the store's change feed and
// records each action as a DeadlineSet event; supervision reads the recorded clocks' status.
//
// Clock status in the snapshot. Case.clocks keeps the latest DeadlineSet per rule id and never
// drops one, so a stopped or paused clock is recorded as a DeadlineSet whose due date's LAST
// derivation step has kind "stop" (met, or the case ended) or "pause" (suspension: time not
// counted). Any other last step means the clock runs. StateOf reads that convention.
//
// Dates: an action's date is the event's document date (decision, conclusion) when it has one,
// the suspension's dates for suspend/resume, else the day the event was recorded (Vietnam time).
// A suspension interval is inclusive; without an explicit end, the resumption day ends it (the
// period counts again from the day after the continuation decision: Civil Code Art. 144-148).
//
// Pure: no I/O, no wall clock. ClockTracker is a value; thread-compatible.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "civicase/v1/case.pb.h"
#include "civicase/v1/common.pb.h"
#include "services/domain/clock/statutory_clock.h"
#include "services/domain/date.h"

namespace civicase::deadlines {

inline constexpr std::string_view kStopStep = "stop";
inline constexpr std::string_view kPauseStep = "pause";

enum class ClockState { kRunning, kPaused, kStopped };

// The status recorded in `due` (see the convention above).
ClockState StateOf(const v1::DueDate& due);

// `due` with a final "stop" / "pause" step on `date` explaining `reason`.
v1::DueDate WithStatusStep(v1::DueDate due, std::string_view kind, domain::Date date,
                           std::string reason);

struct ClockAction {
  enum class Kind {
    kStart,      // compute `query` and record it (a new clock, or a restart from a new trigger)
    kRecompute,  // the same clock with changed facts (extension, suspension ended)
    kStop,       // the clock is met or the case ended: record it stopped on `date`
    kPause,      // suspension: record it paused from `date`
  };
  Kind kind = Kind::kStart;
  std::string rule_id;
  domain::DeadlineQuery query;  // kStart / kRecompute
  domain::Date date;            // the event's date
  std::string reason;           // why, with the legal basis; becomes DeadlineSet.reason
};

std::string_view ClockActionKindName(ClockAction::Kind kind);

// What the tracker knows of one clock.
struct TrackedClock {
  domain::DeadlineQuery query;
  ClockState state = ClockState::kRunning;
};

class ClockTracker {
 public:
  // `remote`: the case's unit is in a remote area (vùng sâu, vùng xa), which selects the longer
  // "remote" variants (Complaints Law Art. 28, 36).
  explicit ClockTracker(bool remote = false) : remote_(remote) {}

  // Folds `event` (the case's next event, in version order) and returns what it does to the
  // clocks, in the order to record them. DeadlineSet events (this service's own records, or
  // StartClock's) start nothing: they only tell the tracker about clocks started elsewhere.
  std::vector<ClockAction> Apply(const v1::CaseEvent& event);

  // Every clock known so far that is running or paused, by rule id.
  const std::map<std::string, TrackedClock>& clocks() const { return clocks_; }
  // Case facts folded so far.
  v1::CaseKind kind() const { return kind_; }
  bool complex() const { return complex_; }
  bool especially_complex() const { return especially_complex_; }
  int extensions() const { return extensions_; }
  const std::vector<domain::Interval>& suspensions() const { return suspensions_; }

  // A query for `rule_id` from `trigger` with the case's current facts.
  domain::DeadlineQuery QueryFor(const std::string& rule_id, domain::Date trigger) const;

 private:
  std::vector<ClockAction> OnStateChanged(const v1::StateChanged& change, domain::Date date);
  void Start(std::vector<ClockAction>& out, const std::string& rule_id, domain::Date date,
             std::string reason);
  void Stop(std::vector<ClockAction>& out, const std::string& rule_id, domain::Date date,
            std::string reason);
  void StopAll(std::vector<ClockAction>& out, domain::Date date, const std::string& reason);

  bool remote_ = false;
  v1::CaseKind kind_ = v1::CASE_KIND_UNSPECIFIED;
  int round_ = 1;
  bool forwarded_ = false;
  std::optional<domain::Date> received_;  // the letter's received date
  bool complex_ = false;
  bool especially_complex_ = false;
  int extensions_ = 0;
  std::vector<domain::Interval> suspensions_;
  std::optional<domain::Date> suspended_since_;
  std::map<std::string, TrackedClock> clocks_;
};

// The date an event happened on (see the header comment).
domain::Date EventDate(const v1::CaseEvent& event);

}  // namespace civicase::deadlines
