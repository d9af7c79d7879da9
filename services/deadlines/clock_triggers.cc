#include "services/deadlines/clock_triggers.h"

#include <span>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/case/case_aggregate.h"
#include "services/domain/case/reclassification.h"

namespace civicase::deadlines {
namespace {

using domain::Date;

// One lifecycle action's effect on the clocks. `round` 0 = either round of a complaint.
// Actions not listed change no clock, except the generic rules in OnStateChanged: suspend
// pauses every clock, resume recomputes them without the suspended days, and any move to a
// finished state (IsOpen false: refused, guided, filed, withdrawn, terminated, closed, ...)
// stops every clock.
struct TriggerRow {
  v1::CaseKind kind;
  int round;
  std::string_view action;
  std::vector<std::string_view> stops;
  std::vector<std::string_view> starts;
  std::string_view basis;
};

const std::vector<TriggerRow>& Triggers() {
  static const auto* const kRows = new std::vector<TriggerRow>{
      // ---- Complaints (Law on Complaints 02/2011/QH13) ------------------------------------
      {v1::COMPLAINT,
       1,
       "accept",
       {"complaint.acceptance"},
       {"complaint.round1.resolution"},
       "accepted (thụ lý): round-1 period 30 days, complex 45, remote 45, remote and complex "
       "60, from acceptance (Law on Complaints Art. 28)"},
      {v1::COMPLAINT,
       2,
       "accept",
       {"complaint.acceptance"},
       {"complaint.round2.resolution"},
       "accepted (thụ lý): round-2 period 45 days, complex 60, remote 60, remote and complex "
       "70, from acceptance (Law on Complaints Art. 37)"},
      {v1::COMPLAINT,
       1,
       "decide",
       {"complaint.round1.resolution"},
       {"complaint.round1.dispatch"},
       "round-1 decision issued: send it within 3 working days (Law on Complaints Art. 32)"},
      {v1::COMPLAINT,
       2,
       "decide",
       {"complaint.round2.resolution"},
       {"complaint.round2.dispatch", "complaint.round2.publication"},
       "round-2 decision issued: send it within 7 days (Art. 41(1)) and publish it within 15 "
       "days (Art. 41; Decree 124/2020/NĐ-CP)"},
      {v1::COMPLAINT,
       1,
       "dispatch",
       {"complaint.round1.dispatch"},
       {},
       "round-1 decision sent (Law on Complaints Art. 32)"},
      {v1::COMPLAINT,
       2,
       "dispatch",
       {"complaint.round2.dispatch"},
       {},
       "round-2 decision sent (Law on Complaints Art. 41(1))"},
      {v1::COMPLAINT,
       2,
       "publish",
       {"complaint.round2.publication"},
       {},
       "round-2 decision published (Law on Complaints Art. 41)"},
      // ---- Denunciations (Law on Denunciations 25/2018/QH14) ------------------------------
      {v1::DENUNCIATION,
       0,
       "accept",
       {"denunciation.processing", "denunciation.transfer"},
       {"denunciation.resolution", "denunciation.acceptance_notice"},
       "accepted (thụ lý): resolve within 30 days (Law on Denunciations Art. 30); notify the "
       "filer and the denounced person within 5 working days (Art. 29; Decree 31/2019/NĐ-CP "
       "Art. 9)"},
      {v1::DENUNCIATION,
       0,
       "conclude",
       {"denunciation.resolution", "denunciation.acceptance_notice"},
       {"denunciation.conclusion_notice", "denunciation.handling", "denunciation.publication"},
       "conclusion issued: send it and notify the filer within 5 working days (Art. 35), "
       "handle it within 7 working days (Art. 36), publish it within 7 working days (Art. 40)"},
      {v1::DENUNCIATION,
       0,
       "dispatch",
       {"denunciation.conclusion_notice"},
       {},
       "conclusion sent (Law on Denunciations Art. 35(2))"},
      {v1::DENUNCIATION,
       0,
       "handle",
       {"denunciation.handling"},
       {},
       "conclusion handled (Law on Denunciations Art. 36)"},
      {v1::DENUNCIATION,
       0,
       "publish",
       {"denunciation.publication"},
       {},
       "conclusion published (Law on Denunciations Art. 40)"},
      {v1::DENUNCIATION,
       0,
       "further_denunciation",
       {},
       {"denunciation.further_review"},
       "further denunciation: the superior reviews it within 20 days (Law on Denunciations "
       "Art. 37)"},
      // ---- Petitions and feedback (Law on Citizen Reception 42/2013/QH13) -----------------
      {v1::PETITION,
       0,
       "accept",
       {"petition.processing_notice"},
       {},
       "the filer is told the petition is accepted (Law on Citizen Reception Art. 28(1))"},
      {v1::VOTER_PETITION,
       0,
       "accept",
       {"petition.processing_notice"},
       {},
       "voter petition taken up (Law on Citizen Reception Art. 28(1))"},
      {v1::PETITION,
       0,
       "dispatch",
       {"petition.forwarder_result"},
       {},
       "result sent to the forwarder (Law on Citizen Reception Art. 27(2), 28(2))"},
  };
  return *kRows;
}

Date RecordedDate(const v1::CaseEvent& event) {
  return domain::ToVietnamDate(event.recorded_at().seconds());
}

}  // namespace

ClockState StateOf(const v1::DueDate& due) {
  if (due.steps_size() == 0) return ClockState::kRunning;
  const std::string& last = due.steps(due.steps_size() - 1).kind();
  if (last == kStopStep) return ClockState::kStopped;
  if (last == kPauseStep) return ClockState::kPaused;
  return ClockState::kRunning;
}

v1::DueDate WithStatusStep(v1::DueDate due, std::string_view kind, Date date, std::string reason) {
  auto* step = due.add_steps();
  step->set_kind(std::string(kind));
  step->set_date(date.ToString());
  step->set_reason(std::move(reason));
  return due;
}

std::string_view ClockActionKindName(ClockAction::Kind kind) {
  switch (kind) {
    case ClockAction::Kind::kStart:
      return "start";
    case ClockAction::Kind::kRecompute:
      return "recompute";
    case ClockAction::Kind::kStop:
      return "stop";
    case ClockAction::Kind::kPause:
      return "pause";
  }
  return "?";
}

Date EventDate(const v1::CaseEvent& event) {
  if (event.has_state_changed()) {
    const v1::StateChanged& change = event.state_changed();
    if (change.action() == "suspend") {
      if (auto from = Date::Parse(change.suspension().from())) return *from;
    }
    if (change.action() == "resume") {
      if (auto to = Date::Parse(change.suspension().to())) return *to;
    }
    if (auto date = Date::Parse(change.document().date())) return *date;
  }
  return RecordedDate(event);
}

domain::DeadlineQuery ClockTracker::QueryFor(const std::string& rule_id, Date trigger) const {
  domain::DeadlineQuery q;
  q.rule_id = rule_id;
  q.trigger = trigger;
  q.complex = complex_ || especially_complex_;
  q.especially_complex = especially_complex_;
  q.remote = remote_;
  // Only the denunciation resolution period can be extended (Art. 30; Decree 31 Art. 3).
  if (rule_id == "denunciation.resolution") q.extensions = extensions_;
  q.suspensions = suspensions_;
  return q;
}

void ClockTracker::Start(std::vector<ClockAction>& out, const std::string& rule_id, Date date,
                         std::string reason) {
  ClockAction action;
  action.kind = ClockAction::Kind::kStart;
  action.rule_id = rule_id;
  action.query = QueryFor(rule_id, date);
  action.date = date;
  action.reason = std::move(reason);
  clocks_[rule_id] = TrackedClock{action.query, ClockState::kRunning};
  out.push_back(std::move(action));
}

void ClockTracker::Stop(std::vector<ClockAction>& out, const std::string& rule_id, Date date,
                        std::string reason) {
  auto it = clocks_.find(rule_id);
  if (it == clocks_.end()) return;
  ClockAction action;
  action.kind = ClockAction::Kind::kStop;
  action.rule_id = rule_id;
  action.query = it->second.query;
  action.date = date;
  action.reason = std::move(reason);
  clocks_.erase(it);
  out.push_back(std::move(action));
}

void ClockTracker::StopAll(std::vector<ClockAction>& out, Date date, const std::string& reason) {
  std::vector<std::string> ids;
  for (const auto& [id, clock] : clocks_) ids.push_back(id);
  for (const auto& id : ids) Stop(out, id, date, reason);
}

std::vector<ClockAction> ClockTracker::Apply(const v1::CaseEvent& event) {
  std::vector<ClockAction> out;
  switch (event.payload_case()) {
    case v1::CaseEvent::kRegistered: {
      const v1::Registration& reg = event.registered().registration();
      kind_ = reg.kind();
      round_ = reg.round() == 2 ? 2 : 1;
      forwarded_ = reg.channel() == v1::FORWARDED;
      received_ = Date::Parse(reg.received_date());
      break;
    }
    case v1::CaseEvent::kDeadlineSet: {
      const v1::DueDate& due = event.deadline_set().due();
      const ClockState state = StateOf(due);
      if (state == ClockState::kStopped) {
        clocks_.erase(due.rule_id());
        break;
      }
      auto it = clocks_.find(due.rule_id());
      const auto trigger = Date::Parse(due.start_date());
      if (it == clocks_.end() || (trigger && it->second.query.trigger != *trigger)) {
        // Started elsewhere (StartClock): learn it with the case's current facts.
        if (!trigger) break;
        it =
            clocks_.insert_or_assign(due.rule_id(), TrackedClock{QueryFor(due.rule_id(), *trigger)})
                .first;
      }
      it->second.state = state;
      break;
    }
    case v1::CaseEvent::kStateChanged:
      return OnStateChanged(event.state_changed(), EventDate(event));
    default:
      break;
  }
  return out;
}

std::vector<ClockAction> ClockTracker::OnStateChanged(const v1::StateChanged& change, Date date) {
  std::vector<ClockAction> out;
  const std::string& action = change.action();
  if (change.complexity() == "complex") {
    complex_ = true;
  } else if (change.complexity() == "especially_complex") {
    complex_ = true;
    especially_complex_ = true;
  }

  // A duplicate merged into another case stops being worked separately: its clocks pause like a
  // suspension's (the case it joined runs the clock for the matter) and an unmerge continues
  // them without the merged days (services/domain/case/case_merge.h).
  // A letter found to be of another kind is processed under that kind's rules, counted from
  // its receipt like the first clock (services/domain/case/reclassification.h).
  if (action == domain::kReclassify) {
    const std::string kind_name = absl::AsciiStrToLower(v1::CaseKind_Name(change.to_kind()));
    StopAll(out, date, absl::StrCat("reclassified as ", kind_name, " on ", date.ToString()));
    kind_ = change.to_kind();
    Start(out, std::string(domain::FirstClockRule(kind_)), received_.value_or(date),
          absl::StrCat("reclassified as ", kind_name, " on ", date.ToString(),
                       ": processing period from receipt"));
    return out;
  }
  const bool merged = action == "merge";
  const bool unmerged = action == "unmerge";
  if (action == "receive_merged" || action == "release_merged") return out;
  // A suspended case's clocks are paused already, and stay so until it is resumed.
  if ((merged || unmerged) && change.to() == v1::SUSPENDED) return out;
  if (action == "suspend" || merged) {
    // Time is not counted while suspended (Law on Complaints Art. 11a, Law 136/2025/QH15;
    // Law on Denunciations Art. 34).
    suspended_since_ = date;
    for (auto& [id, clock] : clocks_) {
      if (clock.state != ClockState::kRunning) continue;
      clock.state = ClockState::kPaused;
      ClockAction pause;
      pause.kind = ClockAction::Kind::kPause;
      pause.rule_id = id;
      pause.query = clock.query;
      pause.date = date;
      pause.reason =
          merged ? absl::StrCat("merged into ", change.linked_case(), " on ", date.ToString(),
                                ": not worked separately; this clock stops while merged")
                 : absl::StrCat("suspended (tạm đình chỉ) from ", date.ToString(),
                                ": time not counted (Law on Complaints Art. 11a; Law on "
                                "Denunciations Art. 34)");
      out.push_back(std::move(pause));
    }
    return out;
  }
  if (action == "resume" || unmerged) {
    Date from = suspended_since_.value_or(date);
    if (auto explicit_from = Date::Parse(change.suspension().from())) from = *explicit_from;
    if (from <= date) suspensions_.push_back({from, date});
    suspended_since_.reset();
    for (auto& [id, clock] : clocks_) {
      if (clock.state != ClockState::kPaused) continue;
      clock.state = ClockState::kRunning;
      clock.query.suspensions = suspensions_;
      ClockAction recompute;
      recompute.kind = ClockAction::Kind::kRecompute;
      recompute.rule_id = id;
      recompute.query = clock.query;
      recompute.date = date;
      recompute.reason =
          unmerged ? absl::StrCat("unmerged from ", change.linked_case(), " on ", date.ToString(),
                                  ": ", from.ToString(), "..", date.ToString(),
                                  " (merged) not counted; the period continues")
                   : absl::StrCat("resumed on ", date.ToString(), ": ", from.ToString(), "..",
                                  date.ToString(),
                                  " not counted; the period continues (Law on Complaints "
                                  "Art. 11a; Law on Denunciations Art. 34)");
      out.push_back(std::move(recompute));
    }
    return out;
  }
  if (action == "extend" && kind_ == v1::DENUNCIATION) {
    ++extensions_;
    // An extension presupposes a complex case; a second one an especially complex case
    // (Law on Denunciations Art. 30(1); Decree 31/2019/NĐ-CP Art. 3).
    complex_ = true;
    if (extensions_ >= 2) especially_complex_ = true;
    auto it = clocks_.find("denunciation.resolution");
    if (it != clocks_.end()) {
      it->second.query = QueryFor(it->first, it->second.query.trigger);
      ClockAction recompute;
      recompute.kind = ClockAction::Kind::kRecompute;
      recompute.rule_id = it->first;
      recompute.query = it->second.query;
      recompute.date = date;
      recompute.reason = absl::StrCat("extension ", extensions_, " granted on ", date.ToString(),
                                      ": +30 days (Law on Denunciations Art. 30(1); Decree "
                                      "31/2019/NĐ-CP Art. 3)");
      out.push_back(std::move(recompute));
    }
    return out;
  }

  for (const TriggerRow& row : Triggers()) {
    if (row.kind != kind_ || row.action != action) continue;
    if (row.round != 0 && row.round != round_) continue;
    for (std::string_view id : row.stops) {
      Stop(out, std::string(id), date,
           absl::StrCat(action, " on ", date.ToString(), ": ", std::string(row.basis)));
    }
    for (std::string_view id : row.starts) {
      Start(out, std::string(id), date,
            absl::StrCat(action, " on ", date.ToString(), ": ", std::string(row.basis)));
    }
  }
  // A petition answered: a forwarded one owes the forwarder the result within 7 working days
  // (Law on Citizen Reception Art. 27(2)).
  if (action == "answer" && kind_ == v1::PETITION && forwarded_) {
    Start(out, "petition.forwarder_result", date,
          absl::StrCat("answered on ", date.ToString(),
                       ": result to the forwarder within 7 working days (Law on Citizen "
                       "Reception Art. 27(2))"));
  }
  if (!domain::IsOpen(change.to())) {
    StopAll(out, date,
            absl::StrCat(action, " on ", date.ToString(), ": the case is ",
                         v1::CaseState_Name(change.to()), "; its clocks stop"));
  }
  return out;
}

}  // namespace civicase::deadlines
