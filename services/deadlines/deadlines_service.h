#pragma once

// The deadlines service: computes statutory clocks with the domain's StatutoryClock and records
// them in cases' histories through the store. Thin adapter: no legal rule lives here.

#include <memory>

#include <grpcpp/channel.h>

#include "civicase/v1/deadlines.grpc.pb.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/domain/clock/statutory_clock.h"

namespace civicase::deadlines {

class DeadlinesService final : public v1::Deadlines::CallbackService {
 public:
  // `clock` is borrowed and must outlive the service.
  DeadlinesService(const domain::StatutoryClock& clock, std::shared_ptr<grpc::Channel> store)
      : clock_(clock), store_(v1::CaseStore::NewStub(std::move(store))) {}

  grpc::ServerUnaryReactor* StartClock(grpc::CallbackServerContext* context,
                                       const v1::StartClockRequest* request,
                                       v1::DueDate* response) override;
  grpc::ServerUnaryReactor* ComputeDueDate(grpc::CallbackServerContext* context,
                                           const v1::ComputeDueDateRequest* request,
                                           v1::DueDate* response) override;

 private:
  const domain::StatutoryClock& clock_;
  std::unique_ptr<v1::CaseStore::Stub> store_;
};

}  // namespace civicase::deadlines
