#include "services/deadlines/deadlines_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/clients.h"
#include "services/common/status.h"
#include "services/deadlines/due_date_proto.h"

namespace civicase::deadlines {
namespace {

using common::ChildContext;
using common::ToAbslStatus;
using common::ToGrpcStatus;

constexpr int kMaxVersionRetries = 5;

}  // namespace

grpc::ServerUnaryReactor* DeadlinesService::ComputeDueDate(
    grpc::CallbackServerContext* context, const v1::ComputeDueDateRequest* request,
    v1::DueDate* response) {
  auto* reactor = context->DefaultReactor();
  auto query = ToQuery(request->rule_id(), request->trigger_date(), request->variant());
  if (!query.ok()) {
    reactor->Finish(ToGrpcStatus(query.status()));
    return reactor;
  }
  auto due = clock_.ComputeDueDate(*query);
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
      auto due = clock_.ComputeDueDate(*query);
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

}  // namespace civicase::deadlines
