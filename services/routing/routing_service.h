#pragma once

// The routing service: proposes the body competent to resolve a case from the directory of units
// and the versioned competence rules (services/domain/competence), records the proposal in the
// case's history, and answers directory questions. It is also the letter-processing and
// resolution workflow: ApplyAction loads a case and its history from the store, has the domain
// decide the transition (services/domain/case/case_actions.h), and appends the StateChanged event
// with the case's version as the expected version. Thin adapter: no rule lives here.
//
// Calls to the store are blocking (as in intake); each handler finishes its reactor inline.

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/statusor.h"
#include "civicase/v1/routing.grpc.pb.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/common/user_authorizer.h"
#include "services/domain/competence/competence_resolver.h"

namespace civicase::routing {

class RoutingService final : public v1::Routing::CallbackService {
 public:
  // `resolver` is borrowed and must outlive the service.
  RoutingService(const domain::CompetenceResolver& resolver, std::shared_ptr<grpc::Channel> store)
      : resolver_(resolver), store_(v1::CaseStore::NewStub(std::move(store))) {}
  // Checks people's calls against the access policy before acting (borrowed; null = not
  // checked, for tests of the adapter alone). Set before serving.
  void set_user_authorizer(common::UserAuthorizer* authorizer) { authorizer_ = authorizer; }

  grpc::ServerUnaryReactor* ProposeRouting(grpc::CallbackServerContext* context,
                                           const v1::ProposeRoutingRequest* request,
                                           v1::Competence* response) override;
  grpc::ServerUnaryReactor* ResolveCompetence(grpc::CallbackServerContext* context,
                                              const v1::ResolveCompetenceRequest* request,
                                              v1::Competence* response) override;
  grpc::ServerUnaryReactor* ListUnits(grpc::CallbackServerContext* context,
                                      const v1::ListUnitsRequest* request,
                                      v1::ListUnitsResponse* response) override;
  grpc::ServerUnaryReactor* ApplyAction(grpc::CallbackServerContext* context,
                                        const v1::ApplyActionRequest* request,
                                        v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* ListTransfers(grpc::CallbackServerContext* context,
                                          const v1::ListTransfersRequest* request,
                                          v1::ListTransfersResponse* response) override;

 private:
  common::UserAuthorizer* authorizer_ = nullptr;
  // Resolves competence for the case and records the proposal (retried when the case moves).
  absl::Status Propose(const grpc::CallbackServerContext& context, const v1::RequestContext& caller,
                       const std::string& case_ref, v1::Competence* response);
  // Loads a case's snapshot and history.
  absl::Status Load(const grpc::CallbackServerContext& context, const v1::RequestContext& caller,
                    const std::string& case_ref, v1::Case& snapshot, v1::CaseHistory& history);
  // Opens the round-2 case of a round-1 complaint (Complaints Law Art. 33) and returns its
  // reference. Idempotent per round-1 version.
  absl::StatusOr<std::string> OpenRoundTwo(const grpc::CallbackServerContext& context,
                                           const v1::ApplyActionRequest& request,
                                           const v1::Case& round_one);
  // The repeat rules' proposal for a letter-processing action on `snapshot` (a complaint on a
  // matter already guided or finally decided), as a line for the processing slip; empty when
  // none applies or the lookup fails (advice only).
  std::string RepeatAdvice(const grpc::CallbackServerContext& context,
                           const v1::RequestContext& caller, const v1::Case& snapshot,
                           const std::string& action);
  absl::Status Act(const grpc::CallbackServerContext& context,
                   const v1::ApplyActionRequest& request, v1::CaseChange* response);

  const domain::CompetenceResolver& resolver_;
  std::unique_ptr<v1::CaseStore::Stub> store_;
};

}  // namespace civicase::routing
