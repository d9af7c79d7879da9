#include "services/routing/routing_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/clients.h"
#include "services/common/status.h"
#include "services/domain/case/case_actions.h"
#include "services/domain/case/repeat_rules.h"
#include "services/routing/action_request.h"
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

absl::Status RoutingService::Propose(const grpc::CallbackServerContext& context,
                                     const v1::RequestContext& caller, const std::string& case_ref,
                                     v1::Competence* response) {
  for (int attempt = 0; attempt < kMaxVersionRetries; ++attempt) {
    v1::GetCaseRequest get;
    *get.mutable_context() = caller;
    get.set_case_ref(case_ref);
    v1::Case snapshot;
    if (auto s = store_->GetCase(ChildContext(context).get(), get, &snapshot); !s.ok()) {
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
    *append.mutable_context() = caller;
    append.set_case_ref(snapshot.case_id());
    append.set_expected_version(snapshot.version());
    *append.mutable_event()->mutable_routing_proposed()->mutable_competence() = *response;
    v1::CaseChange change;
    grpc::Status s = store_->AppendEvent(ChildContext(context).get(), append, &change);
    if (s.error_code() == grpc::StatusCode::ABORTED) continue;  // the case moved; redo
    return ToAbslStatus(s);
  }
  return absl::AbortedError("the case kept changing; try again");
}

grpc::ServerUnaryReactor* RoutingService::ProposeRouting(grpc::CallbackServerContext* context,
                                                         const v1::ProposeRoutingRequest* request,
                                                         v1::Competence* response) {
  auto* reactor = context->DefaultReactor();
  reactor->Finish(
      ToGrpcStatus(Propose(*context, request->context(), request->case_ref(), response)));
  return reactor;
}

absl::Status RoutingService::Load(const grpc::CallbackServerContext& context,
                                  const v1::RequestContext& caller, const std::string& case_ref,
                                  v1::Case& snapshot, v1::CaseHistory& history) {
  v1::GetCaseRequest get;
  *get.mutable_context() = caller;
  get.set_case_ref(case_ref);
  if (auto s = store_->GetCase(ChildContext(context).get(), get, &snapshot); !s.ok()) {
    return ToAbslStatus(s);
  }
  get.set_case_ref(snapshot.case_id());
  if (auto s = store_->GetHistory(ChildContext(context).get(), get, &history); !s.ok()) {
    return ToAbslStatus(s);
  }
  if (history.events_size() != snapshot.version()) {
    // The case moved between the two reads; the caller retries.
    return absl::AbortedError(absl::StrCat("case ", snapshot.reference(), " changed while read"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RoutingService::OpenRoundTwo(const grpc::CallbackServerContext& context,
                                                         const v1::ApplyActionRequest& request,
                                                         const v1::Case& round_one) {
  const domain::Date today = domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now()));
  v1::CreateCaseRequest create;
  *create.mutable_context() = request.context();
  v1::Registration& r = *create.mutable_registration();
  r = round_one.registration();
  r.set_round(2);
  r.set_previous_case(round_one.reference());
  r.clear_forwarding();
  r.set_channel(r.channel() == v1::FORWARDED ? v1::POST : r.channel());
  r.set_received_date(request.document().date().empty() ? today.ToString()
                                                        : request.document().date());
  std::string receiver = request.to_unit();
  if (receiver.empty()) {
    auto at = DateOrToday(r.received_date(), "document.date");
    if (!at.ok()) return at.status();
    auto query = QueryFor(r.kind(), 2, r.receiving_unit(), r.respondent().unit(),
                          r.respondent().position(), *at);
    if (!query.ok()) return query.status();
    auto answer = resolver_.Resolve(*query);
    if (!answer.ok()) return answer.status();
    receiver = answer->resolver_unit;
  }
  r.set_receiving_unit(receiver);
  // One round-2 case per round-1 decision: a retry of the same command finds the same case.
  create.set_idempotency_key(
      absl::StrCat("second-round:", round_one.case_id(), ":v", round_one.version()));
  v1::CaseChange created;
  if (auto s = store_->CreateCase(ChildContext(context).get(), create, &created); !s.ok()) {
    return ToAbslStatus(s);
  }
  v1::Competence competence;
  if (auto s = Propose(context, request.context(), created.snapshot().case_id(), &competence);
      !s.ok()) {
    spdlog::warn("round-2 case {}: routing failed: {}", created.snapshot().reference(),
                 s.ToString());
  }
  return created.snapshot().reference();
}

std::string RoutingService::RepeatAdvice(const grpc::CallbackServerContext& context,
                                         const v1::RequestContext& caller, const v1::Case& snapshot,
                                         const std::string& action) {
  static const char* const kProcessing[] = {"propose_acceptance",  "guide",     "transfer",
                                            "return_to_forwarder", "file_away", "refuse"};
  if (snapshot.kind() != v1::COMPLAINT ||
      std::none_of(std::begin(kProcessing), std::end(kProcessing),
                   [&](const char* a) { return action == a; })) {
    return "";
  }
  v1::FindRelatedRequest find;
  *find.mutable_context() = caller;
  *find.mutable_registration() = snapshot.registration();
  v1::ListCasesResponse related;
  if (auto s = store_->FindRelated(ChildContext(context).get(), find, &related); !s.ok()) {
    spdlog::warn("case {}: related-case lookup failed: {}", snapshot.reference(),
                 s.error_message());
    return "";
  }
  std::vector<v1::Case> same_matter;
  for (const v1::Case& other : related.cases()) {
    if (other.case_id() != snapshot.case_id() &&
        std::find(related.same_matter().begin(), related.same_matter().end(), other.case_id()) !=
            related.same_matter().end()) {
      same_matter.push_back(other);
    }
  }
  auto proposal = domain::ProposeForRepeat(snapshot.kind(), same_matter,
                                           snapshot.registration().new_facts_stated());
  if (!proposal) return "";
  return absl::StrCat("repeat letter: propose ", proposal->outcome, " (", proposal->legal_basis,
                      "): ", proposal->explanation);
}

absl::Status RoutingService::Act(const grpc::CallbackServerContext& context,
                                 const v1::ApplyActionRequest& request, v1::CaseChange* response) {
  const domain::Date today = domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now()));
  auto command = CommandFrom(request, resolver_.directory(), today);
  if (!command.ok()) return command.status();
  const bool retry = request.expected_version() == 0;
  for (int attempt = 0; attempt < kMaxVersionRetries; ++attempt) {
    v1::Case snapshot;
    v1::CaseHistory history;
    absl::Status loaded = Load(context, request.context(), request.case_ref(), snapshot, history);
    if (absl::IsAborted(loaded) && retry) continue;
    if (!loaded.ok()) return loaded;
    if (authorizer_ != nullptr) {
      if (auto s = authorizer_->Check(context, "Routing.ApplyAction", {snapshot.current_unit()});
          !s.ok()) {
        return s;
      }
    }
    if (!retry && snapshot.version() != request.expected_version()) {
      return absl::AbortedError(absl::StrCat("case ", snapshot.reference(), " is at version ",
                                             snapshot.version(), ", not ",
                                             request.expected_version(), "; reload and retry"));
    }
    const std::vector<v1::CaseEvent> events(history.events().begin(), history.events().end());
    auto decision = domain::DecideAction(snapshot, events, *command);
    if (!decision.ok()) return decision.status();
    if (decision->opens_round_two) {
      auto linked = OpenRoundTwo(context, request, snapshot);
      if (!linked.ok()) return linked.status();
      decision->change.set_linked_case(*linked);
    }
    v1::AppendEventRequest append;
    *append.mutable_context() = request.context();
    append.set_case_ref(snapshot.case_id());
    append.set_expected_version(snapshot.version());
    v1::CaseEvent& event = *append.mutable_event();
    const std::string advice =
        RepeatAdvice(context, request.context(), snapshot, decision->change.action());
    *event.mutable_state_changed() = std::move(decision->change);
    std::string note = request.note();
    for (const std::string& part : {decision->note, advice}) {
      if (!part.empty()) absl::StrAppend(&note, note.empty() ? "" : "; ", part);
    }
    event.set_note(note);
    grpc::Status s = store_->AppendEvent(ChildContext(context).get(), append, response);
    if (s.error_code() == grpc::StatusCode::ABORTED && retry) continue;  // the case moved
    return ToAbslStatus(s);
  }
  return absl::AbortedError("the case kept changing; try again");
}

grpc::ServerUnaryReactor* RoutingService::ApplyAction(grpc::CallbackServerContext* context,
                                                      const v1::ApplyActionRequest* request,
                                                      v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(Act(*context, *request, response)));
  return reactor;
}

grpc::ServerUnaryReactor* RoutingService::ListTransfers(grpc::CallbackServerContext* context,
                                                        const v1::ListTransfersRequest* request,
                                                        v1::ListTransfersResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    v1::Case snapshot;
    v1::CaseHistory history;
    absl::Status loaded;
    for (int attempt = 0; attempt < kMaxVersionRetries; ++attempt) {
      loaded = Load(*context, request->context(), request->case_ref(), snapshot, history);
      if (!absl::IsAborted(loaded)) break;
    }
    if (!loaded.ok()) return loaded;
    const int64_t now = absl::ToUnixSeconds(absl::Now());
    auto rfc3339 = [](int64_t seconds) {
      return absl::FormatTime(absl::RFC3339_sec, absl::FromUnixSeconds(seconds),
                              absl::UTCTimeZone());
    };
    const std::vector<v1::CaseEvent> events(history.events().begin(), history.events().end());
    for (const domain::TransferRecord& t : domain::TransfersOf(snapshot, events)) {
      v1::Transfer& out = *response->add_transfers();
      out.set_from_unit(t.from_unit);
      out.set_to_unit(t.to_unit);
      out.set_reason(t.reason);
      out.set_sent_at(rfc3339(t.sent_at_seconds));
      out.set_status(!t.accepted ? "pending" : (*t.accepted ? "accepted" : "rejected"));
      out.set_answer_reason(t.answer_reason);
      const int64_t end = t.accepted ? t.answered_at_seconds : now;
      if (t.accepted) out.set_answered_at(rfc3339(t.answered_at_seconds));
      out.set_days(static_cast<double>(end - t.sent_at_seconds) / 86400.0);
    }
    response->set_count(response->transfers_size());
    return absl::OkStatus();
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
