#pragma once

// The routing service: proposes the body competent to resolve a case from the directory of units
// and the versioned competence rules (services/domain/competence), records the proposal in the
// case's history, and answers directory questions. Thin adapter: no rule lives here.

#include <memory>

#include <grpcpp/channel.h>

#include "civicase/v1/routing.grpc.pb.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/domain/competence/competence_resolver.h"

namespace civicase::routing {

class RoutingService final : public v1::Routing::CallbackService {
 public:
  // `resolver` is borrowed and must outlive the service.
  RoutingService(const domain::CompetenceResolver& resolver, std::shared_ptr<grpc::Channel> store)
      : resolver_(resolver), store_(v1::CaseStore::NewStub(std::move(store))) {}

  grpc::ServerUnaryReactor* ProposeRouting(grpc::CallbackServerContext* context,
                                           const v1::ProposeRoutingRequest* request,
                                           v1::Competence* response) override;
  grpc::ServerUnaryReactor* ResolveCompetence(grpc::CallbackServerContext* context,
                                              const v1::ResolveCompetenceRequest* request,
                                              v1::Competence* response) override;
  grpc::ServerUnaryReactor* ListUnits(grpc::CallbackServerContext* context,
                                      const v1::ListUnitsRequest* request,
                                      v1::ListUnitsResponse* response) override;

 private:
  const domain::CompetenceResolver& resolver_;
  std::unique_ptr<v1::CaseStore::Stub> store_;
};

}  // namespace civicase::routing
