#pragma once

// The supervision service: what HĐND and MTTQ supervisors and heads of bodies see of the
// backlog of a unit and the units below it. Thin adapter over the store and the directory.

#include <grpcpp/channel.h>

#include <memory>

#include "civicase/v1/store.grpc.pb.h"
#include "civicase/v1/supervision.grpc.pb.h"
#include "services/common/user_authorizer.h"
#include "services/domain/competence/directory.h"

namespace civicase::supervision {

class SupervisionService final : public v1::Supervision::CallbackService {
 public:
  // `directory` is borrowed and must outlive the service.
  SupervisionService(const domain::Directory& directory, std::shared_ptr<grpc::Channel> store)
      : directory_(directory), store_(v1::CaseStore::NewStub(std::move(store))) {}
  // Checks people's calls against the access policy before acting (borrowed; null = not
  // checked, for tests of the adapter alone). Set before serving.
  void set_user_authorizer(common::UserAuthorizer* authorizer) { authorizer_ = authorizer; }

  grpc::ServerUnaryReactor* GetBacklog(grpc::CallbackServerContext* context,
                                       const v1::GetBacklogRequest* request,
                                       v1::Backlog* response) override;

 private:
  const domain::Directory& directory_;
  common::UserAuthorizer* authorizer_ = nullptr;
  std::unique_ptr<v1::CaseStore::Stub> store_;
};

}  // namespace civicase::supervision
