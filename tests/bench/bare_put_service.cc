#include "tests/bench/bare_put_service.h"

#include "services/common/status.h"
#include "storage/kv/key_encoding.h"

namespace civicase::bench {

BarePutService::BarePutService(storage::Kv& kv, bool sync, bool handoff) : kv_(kv), sync_(sync) {
  if (handoff) worker_ = std::thread([this] { WorkLoop(); });
}

BarePutService::~BarePutService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

absl::Status BarePutService::Put(const std::string& bytes) {
  const std::string key =
      storage::EncodeFixed64BE(next_key_.fetch_add(1, std::memory_order_relaxed));
  return kv_.Put(storage::Column::kEvents, key, bytes, {.sync = sync_});
}

void BarePutService::WorkLoop() {
  for (;;) {
    Handed call;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !handed_.empty(); });
      if (handed_.empty()) return;
      call = std::move(handed_.front());
      handed_.pop_front();
    }
    call.reactor->Finish(common::ToGrpcStatus(Put(call.bytes)));
  }
}

grpc::ServerUnaryReactor* BarePutService::CreateCase(grpc::CallbackServerContext* context,
                                                     const v1::CreateCaseRequest* request,
                                                     v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  if (!worker_.joinable()) {
    reactor->Finish(common::ToGrpcStatus(Put(request->SerializeAsString())));
    return reactor;
  }
  {
    std::lock_guard lock(mu_);
    handed_.push_back({reactor, request->SerializeAsString()});
  }
  cv_.notify_one();
  return reactor;
}

}  // namespace civicase::bench
