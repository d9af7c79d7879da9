#include "services/deadlines/deadlines_service.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "services/common/clients.h"
#include "services/common/status.h"
#include "services/deadlines/clock_triggers.h"
#include "services/deadlines/deadline_writer.h"
#include "services/deadlines/due_date_proto.h"
#include "services/deadlines/due_scan.h"
#include "services/deadlines/due_scanner.h"
#include "services/deadlines/feed_follower.h"
#include "services/deadlines/state_files.h"
#include "services/domain/case/case_aggregate.h"
#include "services/domain/clock/recompute.h"

namespace civicase::deadlines {
namespace {

using common::ChildContext;
using common::ToAbslStatus;
using common::ToGrpcStatus;

constexpr int kMaxVersionRetries = 5;

domain::Date Today() { return domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now())); }

// FNV-1a: a stable short fingerprint of a published table for idempotency keys.
uint64_t Fingerprint(const std::string& text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

grpc::ServerUnaryReactor* DeadlinesService::ComputeDueDate(grpc::CallbackServerContext* context,
                                                           const v1::ComputeDueDateRequest* request,
                                                           v1::DueDate* response) {
  auto* reactor = context->DefaultReactor();
  auto query = ToQuery(request->rule_id(), request->trigger_date(), request->variant());
  if (!query.ok()) {
    reactor->Finish(ToGrpcStatus(query.status()));
    return reactor;
  }
  auto due = clocks_.Get()->ComputeDueDate(*query);
  if (due.ok()) *response = ToProto(*due);
  reactor->Finish(ToGrpcStatus(due.status()));
  return reactor;
}

// Blocking calls to the store; the store itself never blocks its handlers on fsync.
grpc::ServerUnaryReactor* DeadlinesService::StartClock(grpc::CallbackServerContext* context,
                                                       const v1::StartClockRequest* request,
                                                       v1::DueDate* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    for (int attempt = 0; attempt < kMaxVersionRetries; ++attempt) {
      v1::GetCaseRequest get;
      *get.mutable_context() = request->context();
      get.set_case_ref(request->case_ref());
      v1::Case snapshot;
      if (auto s = store_->GetCase(ChildContext(*context).get(), get, &snapshot); !s.ok()) {
        return ToAbslStatus(s);
      }
      const std::string trigger = request->trigger_date().empty()
                                      ? snapshot.registration().received_date()
                                      : request->trigger_date();
      auto query = ToQuery(request->rule_id(), trigger, request->variant());
      if (!query.ok()) return query.status();
      auto due = clocks_.Get()->ComputeDueDate(*query);
      if (!due.ok()) return due.status();
      *response = ToProto(*due);

      v1::AppendEventRequest append;
      *append.mutable_context() = request->context();
      append.set_case_ref(snapshot.case_id());
      append.set_expected_version(snapshot.version());
      auto* set = append.mutable_event()->mutable_deadline_set();
      *set->mutable_due() = *response;
      set->set_reason(absl::StrCat("clock ", request->rule_id(), " started from ", trigger));
      v1::CaseChange change;
      grpc::Status s = store_->AppendEvent(ChildContext(*context).get(), append, &change);
      if (s.error_code() == grpc::StatusCode::ABORTED) continue;  // the case moved; recompute
      return ToAbslStatus(s);
    }
    return absl::AbortedError("the case kept changing; try again");
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

grpc::ServerUnaryReactor* DeadlinesService::ListDue(grpc::CallbackServerContext* context,
                                                    const v1::ListDueRequest* request,
                                                    v1::ListDueResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    domain::Date as_of = Today();
    if (!request->as_of().empty()) {
      auto parsed = domain::Date::Parse(request->as_of());
      if (!parsed) return absl::InvalidArgumentError("as_of: not a YYYY-MM-DD date");
      as_of = *parsed;
    }
    if (request->within_working_days() < 0) {
      return absl::InvalidArgumentError("within_working_days: must be >= 0");
    }
    if (request->unit().empty()) return absl::InvalidArgumentError("unit: required");
    auto unit = directory_.FindValid(request->unit(), as_of);
    if (!unit.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("unit: ", unit.status().message()));
    }
    std::vector<const domain::Unit*> units = {*unit};
    if (request->include_subtree()) units = directory_.SubtreeOf(request->unit(), as_of);
    if (authorizer_ != nullptr) {
      std::vector<std::string> codes;
      for (const domain::Unit* u : units) codes.push_back(u->code);
      if (auto s = authorizer_->Check(*context, "Deadlines.ListDue", codes); !s.ok()) return s;
    }
    std::vector<v1::Case> cases;
    for (const domain::Unit* u : units) {
      auto some = ListCasesAt(*store_, request->context(), u->code);
      if (!some.ok()) return some.status();
      for (auto& c : *some) cases.push_back(std::move(c));
    }
    response->set_as_of(as_of.ToString());
    for (v1::DueItem& item :
         ScanDue(cases, clocks_.Get()->calendar(), as_of, request->within_working_days())) {
      item.set_superior_unit(SuperiorOf(directory_, item.unit(), as_of));
      *response->add_items() = std::move(item);
    }
    return absl::OkStatus();
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

// Blocking: lists and rewrites every open case. Publications are rare (a few a year).
grpc::ServerUnaryReactor* DeadlinesService::PublishCalendar(
    grpc::CallbackServerContext* context, const v1::PublishCalendarRequest* request,
    v1::PublishCalendarResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    if (authorizer_ != nullptr) {
      if (auto s = authorizer_->Check(*context, "Deadlines.PublishCalendar", {}); !s.ok()) return s;
    }
    std::lock_guard lock(publish_mu_);
    auto table = domain::ParseYearTable(request->year_table_json(), "year_table_json");
    if (!table.ok()) return table.status();
    table->official = true;
    const auto before = clocks_.Get();
    auto calendar = before->calendar().WithOfficialYear(*table);
    if (!calendar.ok()) return calendar.status();
    const domain::StatutoryClock after = before->WithCalendar(*calendar);
    if (auto s = SavePublishedTable(calendar_folder_, *table); !s.ok()) return s;
    clocks_.Set(after);
    spdlog::info("official calendar {} published ({} entries)", table->year, table->days.size());
    response->set_year(table->year);

    const std::string table_key =
        absl::StrCat(table->year, ":", absl::Hex(Fingerprint(domain::ToJson(*table).dump())));
    const v1::RequestContext& who = request->context();
    auto cases = ListCasesAt(*store_, who, "");
    if (!cases.ok()) return cases.status();
    for (const v1::Case& c : *cases) {
      if (!domain::IsOpen(c.state())) continue;
      bool any_running = false;
      for (const auto& clock : c.clocks()) any_running |= StateOf(clock) == ClockState::kRunning;
      if (!any_running) continue;
      auto folded = FoldCase(*store_, directory_, c.case_id(), 0);
      if (!folded.ok()) return folded.status();
      for (const v1::DueDate& recorded : c.clocks()) {
        if (StateOf(recorded) != ClockState::kRunning) continue;
        auto trigger = domain::Date::Parse(recorded.start_date());
        if (!trigger) continue;
        // The clock's query: as the tracker knows it (variants, extensions, suspensions), else
        // the recorded rule and start date with the case's facts.
        auto tracked = folded->tracker.clocks().find(recorded.rule_id());
        domain::OpenClock open{c.case_id(),
                               tracked != folded->tracker.clocks().end()
                                   ? tracked->second.query
                                   : folded->tracker.QueryFor(recorded.rule_id(), *trigger)};
        response->set_clocks_checked(response->clocks_checked() + 1);
        auto now_due = after.ComputeDueDate(open.query);
        if (!now_due.ok()) continue;  // a clock the rules cannot compute is left as recorded
        if (now_due->due_date.ToString() == recorded.due_date()) continue;
        v1::MovedClock moved;
        moved.set_case_id(c.case_id());
        moved.set_reference(c.reference());
        moved.set_rule_id(recorded.rule_id());
        moved.set_old_due(recorded.due_date());
        moved.set_new_due(now_due->due_date.ToString());
        auto changes = domain::RecomputeOpenClocks(*before, after, {&open, 1});
        if (changes.ok() && !changes->empty()) {
          for (auto& r : changes->front().reasons) moved.add_reasons(std::move(r));
        }
        if (moved.reasons_size() == 0) {
          moved.add_reasons(absl::StrCat("recomputed with the official ", table->year, " table"));
        }
        const std::string reason =
            absl::StrCat("official calendar ", table->year, " published: due ", moved.old_due(),
                         " -> ", moved.new_due(), "; ", absl::StrJoin(moved.reasons(), "; "));
        v1::DueDate new_due = ToProto(*now_due);
        auto outcome = RecordDeadline(
            *store_, who, c.case_id(),
            absl::StrCat("cal:", table_key, ":", c.case_id(), ":", recorded.rule_id()),
            [&](const v1::Case&) -> std::optional<v1::DeadlineSet> {
              v1::DeadlineSet set;
              *set.mutable_due() = new_due;
              set.set_reason(reason);
              return set;
            });
        if (!outcome.ok()) return outcome.status();
        *response->add_moved() = std::move(moved);
      }
    }
    return absl::OkStatus();
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

}  // namespace civicase::deadlines
