#include "services/intake/intake_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/clients.h"
#include "services/common/status.h"
#include "services/domain/case/case_aggregate.h"
#include "services/domain/case/letter_split.h"
#include "services/domain/case/reception_validation.h"
#include "services/domain/case/registration_validation.h"
#include "services/domain/case/repeat_rules.h"
#include "services/domain/case/voter_meeting.h"
#include "services/domain/date.h"

namespace civicase::intake {
namespace {

using common::ChildContext;
using common::ToAbslStatus;
using common::ToGrpcStatus;

// The repeat rules' proposal for `created`, from the same-matter cases among `related`.
void AddRepeatProposal(const v1::ListCasesResponse& related, const v1::Case& created,
                       bool new_facts_stated, v1::Receipt* receipt) {
  std::vector<v1::Case> same_matter;
  for (const v1::Case& other : related.cases()) {
    if (other.case_id() != created.case_id() &&
        std::find(related.same_matter().begin(), related.same_matter().end(), other.case_id()) !=
            related.same_matter().end()) {
      same_matter.push_back(other);
    }
  }
  if (auto proposal = domain::ProposeForRepeat(created.kind(), same_matter, new_facts_stated)) {
    v1::RepeatProposal& out = *receipt->mutable_repeat_proposal();
    out.set_proposed_outcome(proposal->outcome);
    out.set_prior_case(proposal->prior_case);
    out.set_legal_basis(proposal->legal_basis);
    out.set_explanation(proposal->explanation);
  }
}

}  // namespace

IntakeService::IntakeService(const domain::Directory& directory, const IntakeChannels& channels)
    : directory_(directory),
      store_(v1::CaseStore::NewStub(channels.store)),
      routing_(v1::Routing::NewStub(channels.routing)),
      deadlines_(v1::Deadlines::NewStub(channels.deadlines)) {}

v1::ListCasesResponse IntakeService::FindRelated(const grpc::CallbackServerContext& context,
                                                 const v1::RequestContext& caller,
                                                 const v1::Registration& registration) {
  // Duplicate and repeat detection: advisory, so a failure is logged and registration goes on.
  v1::FindRelatedRequest find;
  *find.mutable_context() = caller;
  *find.mutable_registration() = registration;
  v1::ListCasesResponse related;
  if (auto s = store_->FindRelated(ChildContext(context).get(), find, &related); !s.ok()) {
    spdlog::warn("related-case lookup failed: {}", s.error_message());
    related.Clear();
  }
  return related;
}

void IntakeService::FinishReceipt(const grpc::CallbackServerContext& context,
                                  const v1::CaseChange& created,
                                  const v1::Registration& registration,
                                  const v1::ListCasesResponse& related, v1::Receipt* receipt) {
  const v1::Case& c = created.snapshot();
  receipt->set_reference(c.reference());
  receipt->set_tracking_pin(created.event().registered().tracking_pin());
  receipt->set_case_id(c.case_id());
  receipt->set_kind(c.kind());
  receipt->set_receiving_unit(registration.receiving_unit());
  receipt->set_received_date(registration.received_date());
  for (const v1::Case& other : related.cases()) {
    if (other.case_id() == c.case_id()) continue;  // an idempotent retry finds itself
    v1::RelatedCase& out = *receipt->add_related_cases();
    out.set_reference(other.reference());
    out.set_case_id(other.case_id());
    out.set_kind(other.kind());
    out.set_state(other.state());
    out.set_current_unit(other.current_unit());
    out.set_received_date(other.registration().received_date());
    out.set_summary(other.registration().summary());
    out.set_same_matter(std::find(related.same_matter().begin(), related.same_matter().end(),
                                  other.case_id()) != related.same_matter().end());
  }

  // The case is registered and durable from here on; routing and the clock can be redone, so
  // their failure is logged and the receipt still given. They are intake's own follow-up of a
  // registration the user was allowed to make (a clerk may register but not append events), so
  // they run as the service, under the peer policy.
  // The verified registrant, as the store recorded them, not the context the caller claimed.
  const v1::RequestContext& registrant = created.event().actor();
  v1::ProposeRoutingRequest route;
  *route.mutable_context() = registrant;
  route.set_case_ref(c.case_id());
  if (auto s = routing_->ProposeRouting(common::ServiceContext(context).get(), route,
                                        receipt->mutable_proposed_competence());
      !s.ok()) {
    spdlog::warn("case {}: routing failed: {}", c.case_id(), s.error_message());
  }
  v1::StartClockRequest clock;
  *clock.mutable_context() = registrant;
  clock.set_case_ref(c.case_id());
  clock.set_rule_id(std::string(domain::FirstClockRule(c.kind())));
  if (auto s = deadlines_->StartClock(common::ServiceContext(context).get(), clock,
                                      receipt->mutable_acceptance_due());
      !s.ok()) {
    spdlog::warn("case {}: clock {} failed: {}", c.case_id(), clock.rule_id(), s.error_message());
  }
  spdlog::info("registered case {} as {}", c.case_id(), c.reference());
}

absl::Status IntakeService::Authorize(const grpc::CallbackServerContext& context,
                                      const std::string& method, const std::string& unit) const {
  if (authorizer_ == nullptr) return absl::OkStatus();
  return authorizer_->Check(context, method, {unit});
}

absl::Status IntakeService::CheckUnit(const std::string& field, const std::string& unit,
                                      const std::string& date) const {
  const domain::Date at = date.empty() ? domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now()))
                                       : *domain::Date::Parse(date);
  if (auto found = directory_.FindValid(unit, at); !found.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", found.status().message(), " (`civicase units` lists the codes)"));
  }
  return absl::OkStatus();
}

// The calls to the store, routing and deadlines are blocking; the store batches fsyncs across
// concurrent registrations, so a slow disk slows a registration but not the others.
grpc::ServerUnaryReactor* IntakeService::RegisterCase(grpc::CallbackServerContext* context,
                                                      const v1::RegisterCaseRequest* request,
                                                      v1::Receipt* receipt) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    const v1::Registration& registration = request->registration();
    if (!request->contents().empty()) return RegisterSplit(*context, *request, receipt);
    if (auto s = domain::ValidateRegistration(registration); !s.ok()) return s;
    if (auto s = CheckUnit("registration.receiving_unit", registration.receiving_unit(),
                           registration.received_date());
        !s.ok()) {
      return s;
    }
    if (auto s = Authorize(*context, "Intake.RegisterCase", registration.receiving_unit());
        !s.ok()) {
      return s;
    }
    const v1::ListCasesResponse related = FindRelated(*context, request->context(), registration);

    v1::CreateCaseRequest create;
    *create.mutable_context() = request->context();
    *create.mutable_registration() = registration;
    if (request->new_facts_stated()) create.mutable_registration()->set_new_facts_stated(true);
    if (registration.received_date().empty()) {  // today, as the store would: the receipt shows it
      create.mutable_registration()->set_received_date(
          domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now())).ToString());
    }
    create.set_idempotency_key(request->idempotency_key());
    v1::CaseChange created;  // without the registration (store.proto): ours is `create`'s
    if (auto s = store_->CreateCase(ChildContext(*context).get(), create, &created); !s.ok()) {
      return ToAbslStatus(s);
    }
    FinishReceipt(*context, created, create.registration(), related, receipt);
    AddRepeatProposal(related, created.snapshot(), create.registration().new_facts_stated(),
                      receipt);
    return absl::OkStatus();
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

absl::Status IntakeService::RegisterSplit(const grpc::CallbackServerContext& context,
                                          const v1::RegisterCaseRequest& request,
                                          v1::Receipt* receipt) {
  const std::vector<v1::LetterContent> contents(request.contents().begin(),
                                                request.contents().end());
  auto split = domain::SplitLetter(request.registration(), contents);
  if (!split.ok()) return split.status();
  if (auto s = CheckUnit("registration.receiving_unit", request.registration().receiving_unit(),
                         request.registration().received_date());
      !s.ok()) {
    return s;
  }
  if (auto s = Authorize(context, "Intake.RegisterCase", request.registration().receiving_unit());
      !s.ok()) {
    return s;
  }
  std::vector<v1::ListCasesResponse> related;
  v1::CreateCasesRequest create;
  *create.mutable_context() = request.context();
  for (v1::Registration& r : *split) {
    if (request.new_facts_stated()) r.set_new_facts_stated(true);
    related.push_back(FindRelated(context, request.context(), r));
    *create.add_registrations() = r;
  }
  v1::CreateCasesResponse created;
  if (auto s = store_->CreateCases(ChildContext(context).get(), create, &created); !s.ok()) {
    return ToAbslStatus(s);
  }
  for (int i = 0; i < created.cases_size(); ++i) {
    v1::Receipt* out = i == 0 ? receipt : receipt->add_split_receipts();
    FinishReceipt(context, created.cases(i), created.cases(i).snapshot().registration(), related[i],
                  out);
    AddRepeatProposal(related[i], created.cases(i).snapshot(),
                      created.cases(i).snapshot().registration().new_facts_stated(), out);
  }
  return absl::OkStatus();
}

// ---- Reception register. ----

grpc::ServerUnaryReactor* IntakeService::RegisterVisit(grpc::CallbackServerContext* context,
                                                       const v1::RegisterVisitRequest* request,
                                                       v1::RegisterVisitResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    const v1::ReceptionVisit& visit = request->visit();
    if (auto s = domain::ValidateVisit(visit, request->letters_size()); !s.ok()) return s;
    if (auto s = CheckUnit("visit.receiving_unit", visit.receiving_unit(), visit.visit_date());
        !s.ok()) {
      return s;
    }
    if (auto s = Authorize(*context, "Intake.RegisterVisit", visit.receiving_unit()); !s.ok()) {
      return s;
    }
    // The store applies the same defaults; related cases are looked up with them.
    std::vector<v1::ListCasesResponse> related;
    for (v1::Registration letter : request->letters()) {
      if (letter.receiving_unit().empty()) letter.set_receiving_unit(visit.receiving_unit());
      related.push_back(FindRelated(*context, request->context(), letter));
    }
    v1::RecordVisitRequest record;
    *record.mutable_context() = request->context();
    *record.mutable_visit() = visit;
    *record.mutable_letters() = request->letters();
    record.set_idempotency_key(request->idempotency_key());
    v1::RecordVisitResponse recorded;
    if (auto s = store_->RecordVisit(ChildContext(*context).get(), record, &recorded); !s.ok()) {
      return ToAbslStatus(s);
    }
    *response->mutable_visit() = recorded.visit();
    for (int i = 0; i < recorded.cases_size(); ++i) {
      FinishReceipt(*context, recorded.cases(i), recorded.cases(i).snapshot().registration(),
                    related[i], response->add_receipts());
    }
    spdlog::info("reception register: visit {} with {} letter(s)", recorded.visit().visit_id(),
                 recorded.cases_size());
    return absl::OkStatus();
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

grpc::ServerUnaryReactor* IntakeService::ListVisits(grpc::CallbackServerContext* context,
                                                    const v1::ListVisitsRequest* request,
                                                    v1::ListVisitsResponse* response) {
  auto* reactor = context->DefaultReactor();
  if (auto s = Authorize(*context, "Intake.ListVisits", request->unit()); !s.ok()) {
    reactor->Finish(ToGrpcStatus(s));
    return reactor;
  }
  reactor->Finish(store_->ListVisits(ChildContext(*context).get(), *request, response));
  return reactor;
}

// ---- Voter petitions. ----

grpc::ServerUnaryReactor* IntakeService::RegisterVoterMeeting(
    grpc::CallbackServerContext* context, const v1::RegisterVoterMeetingRequest* request,
    v1::RegisterVoterMeetingResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    const v1::VoterMeeting& meeting = request->meeting();
    if (auto s = domain::ValidateVoterMeeting(meeting); !s.ok()) return s;
    if (auto s =
            CheckUnit("meeting.receiving_unit", meeting.receiving_unit(), meeting.meeting_date());
        !s.ok()) {
      return s;
    }
    if (auto s = Authorize(*context, "Intake.RegisterVoterMeeting", meeting.receiving_unit());
        !s.ok()) {
      return s;
    }
    v1::RecordVoterMeetingRequest record;
    *record.mutable_context() = request->context();
    *record.mutable_meeting() = meeting;
    *record.mutable_petitions() = request->petitions();
    record.set_idempotency_key(request->idempotency_key());
    v1::RecordVoterMeetingResponse recorded;
    if (auto s = store_->RecordVoterMeeting(ChildContext(*context).get(), record, &recorded);
        !s.ok()) {
      return ToAbslStatus(s);
    }
    *response->mutable_meeting() = recorded.meeting();
    const v1::ListCasesResponse none;  // voters' petitions are not matched by filer
    for (const v1::CaseChange& created : recorded.cases()) {
      FinishReceipt(*context, created, created.snapshot().registration(), none,
                    response->add_receipts());
    }
    spdlog::info("voter meeting {} with {} petition(s)", recorded.meeting().meeting_id(),
                 recorded.cases_size());
    return absl::OkStatus();
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

grpc::ServerUnaryReactor* IntakeService::ListVoterMeetings(
    grpc::CallbackServerContext* context, const v1::ListVoterMeetingsRequest* request,
    v1::ListVoterMeetingsResponse* response) {
  auto* reactor = context->DefaultReactor();
  if (auto s = Authorize(*context, "Intake.ListVoterMeetings", request->unit()); !s.ok()) {
    reactor->Finish(ToGrpcStatus(s));
    return reactor;
  }
  reactor->Finish(store_->ListVoterMeetings(ChildContext(*context).get(), *request, response));
  return reactor;
}

}  // namespace civicase::intake
