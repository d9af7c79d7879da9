#include "tests/bench/bare_put_service.h"

#include "services/common/status.h"
#include "storage/kv/key_encoding.h"

namespace civicase::bench {

grpc::ServerUnaryReactor* BarePutService::CreateCase(grpc::CallbackServerContext* context,
                                                     const v1::CreateCaseRequest* request,
                                                     v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  const std::string key =
      storage::EncodeFixed64BE(next_key_.fetch_add(1, std::memory_order_relaxed));
  absl::Status status =
      kv_.Put(storage::Column::kEvents, key, request->SerializeAsString(), {.sync = sync_});
  reactor->Finish(common::ToGrpcStatus(status));
  return reactor;
}

}  // namespace civicase::bench
