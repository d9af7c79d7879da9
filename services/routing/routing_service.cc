#include "services/routing/routing_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/clients.h"
#include "services/common/status.h"
#include "services/routing/competence_proto.h"

namespace civicase::routing {
namespace {

using common::ChildContext;
using common::ToAbslStatus;
using common::ToGrpcStatus;

constexpr int kMaxVersionRetries = 5;

absl::StatusOr<domain::Date> DateOrToday(const std::string& text, const char* field) {
  if (text.empty()) return domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now()));
  auto date = domain::Date::Parse(text);
  if (!date) return absl::InvalidArgumentError(absl::StrCat(field, ": not a YYYY-MM-DD date"));
  return *date;
}

}  // namespace

grpc::ServerUnaryReactor* RoutingService::ProposeRouting(grpc::CallbackServerContext* context,
                                                         const v1::ProposeRoutingRequest* request,
                                                         v1::Competence* response) {
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
      const auto& r = snapshot.registration();
      auto at = DateOrToday(r.received_date(), "registration.received_date");
      if (!at.ok()) return at.status();
      auto query = QueryFor(r.kind(), r.round(), r.receiving_unit(), r.respondent().unit(),
                            r.respondent().position(), *at);
      if (!query.ok()) return query.status();
      auto answer = resolver_.Resolve(*query);
      if (!answer.ok()) return answer.status();
      *response = ToProto(*answer, resolver_.directory(), *at);

      v1::AppendEventRequest append;
      *append.mutable_context() = request->context();
      append.set_case_ref(snapshot.case_id());
      append.set_expected_version(snapshot.version());
      *append.mutable_event()->mutable_routing_proposed()->mutable_competence() = *response;
      v1::CaseChange change;
      grpc::Status s = store_->AppendEvent(ChildContext(*context).get(), append, &change);
      if (s.error_code() == grpc::StatusCode::ABORTED) continue;  // the case moved; redo
      return ToAbslStatus(s);
    }
    return absl::AbortedError("the case kept changing; try again");
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

grpc::ServerUnaryReactor* RoutingService::ResolveCompetence(
    grpc::CallbackServerContext* context, const v1::ResolveCompetenceRequest* request,
    v1::Competence* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    auto at = DateOrToday(request->date(), "date");
    if (!at.ok()) return at.status();
    auto query = QueryFor(request->kind(), request->round(), request->receiving_unit(),
                          request->respondent_unit(), request->respondent_position(), *at);
    if (!query.ok()) return query.status();
    auto answer = resolver_.Resolve(*query);
    if (!answer.ok()) return answer.status();
    *response = ToProto(*answer, resolver_.directory(), *at);
    return absl::OkStatus();
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

grpc::ServerUnaryReactor* RoutingService::ListUnits(grpc::CallbackServerContext* context,
                                                    const v1::ListUnitsRequest* request,
                                                    v1::ListUnitsResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto at = DateOrToday(request->date(), "date");
  if (at.ok()) {
    for (const domain::Unit* unit : resolver_.directory().ListValid(*at)) {
      *response->add_units() = ToProto(*unit);
    }
  }
  reactor->Finish(ToGrpcStatus(at.status()));
  return reactor;
}

}  // namespace civicase::routing
