#include "tests/bench/bare_put_service.h"

#include "services/common/status.h"
#include "storage/kv/key_encoding.h"

namespace civicase::bench {

BarePutService::BarePutService(storage::Kv& kv, bool sync, Dispatch dispatch)
    : kv_(kv), sync_(sync), dispatch_(dispatch) {
  if (dispatch_ != Dispatch::kInline) worker_ = std::thread([this] { WorkLoop(); });
}

BarePutService::~BarePutService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::string BarePutService::NextKey() {
  return storage::EncodeFixed64BE(next_key_.fetch_add(1, std::memory_order_relaxed));
}

void BarePutService::WriteAndFinish(std::deque<Handed>& calls) {
  storage::WriteBatch batch;
  for (Handed& call : calls) batch.Put(storage::Column::kEvents, NextKey(), std::move(call.bytes));
  const grpc::Status status = common::ToGrpcStatus(kv_.Write(batch, {.sync = sync_}));
  for (Handed& call : calls) call.reactor->Finish(status);
}

void BarePutService::WorkLoop() {
  for (;;) {
    std::deque<Handed> calls;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !handed_.empty(); });
      if (handed_.empty()) return;
      if (dispatch_ == Dispatch::kGroupCommit) {
        calls.swap(handed_);
      } else {
        calls.push_back(std::move(handed_.front()));
        handed_.pop_front();
      }
    }
    WriteAndFinish(calls);
  }
}

grpc::ServerUnaryReactor* BarePutService::CreateCase(grpc::CallbackServerContext* context,
                                                     const v1::CreateCaseRequest* request,
                                                     v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  if (dispatch_ == Dispatch::kInline) {
    reactor->Finish(common::ToGrpcStatus(kv_.Put(storage::Column::kEvents, NextKey(),
                                                 request->SerializeAsString(), {.sync = sync_})));
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
