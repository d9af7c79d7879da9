#include "tests/bench/offload_store_service.h"

#include <memory>

#include "services/common/status.h"

namespace civicase::bench {
namespace {

std::string CallingService(const grpc::CallbackServerContext& context) {
  auto auth = context.auth_context();
  if (!auth) return "";
  auto names = auth->FindPropertyValues("x509_common_name");
  if (names.empty()) return "";
  return std::string(names.front().data(), names.front().size());
}

}  // namespace

OffloadStoreService::OffloadStoreService(store::CaseStore& store, int answer_threads)
    : store_(store) {
  for (int i = 0; i < answer_threads; ++i) threads_.emplace_back([this] { AnswerLoop(); });
}

OffloadStoreService::~OffloadStoreService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void OffloadStoreService::Post(std::function<void()> answer) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(answer));
  }
  cv_.notify_one();
}

void OffloadStoreService::AnswerLoop() {
  for (;;) {
    std::function<void()> answer;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      answer = std::move(queue_.front());
      queue_.pop_front();
    }
    answer();
  }
}

grpc::ServerUnaryReactor* OffloadStoreService::CreateCase(grpc::CallbackServerContext* context,
                                                          const v1::CreateCaseRequest* request,
                                                          v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  v1::CreateCaseRequest copy = *request;
  copy.mutable_context()->set_calling_service(CallingService(*context));
  store_.CreateCase(
      std::move(copy), [this, reactor, response](absl::StatusOr<v1::CaseChange> result) {
        auto shared = std::make_shared<absl::StatusOr<v1::CaseChange>>(std::move(result));
        Post([reactor, response, shared] {
          if (shared->ok()) *response = std::move(**shared);
          reactor->Finish(common::ToGrpcStatus(shared->status()));
        });
      });
  return reactor;
}

grpc::ServerUnaryReactor* OffloadStoreService::GetCase(grpc::CallbackServerContext* context,
                                                       const v1::GetCaseRequest* request,
                                                       v1::Case* response) {
  auto* reactor = context->DefaultReactor();
  v1::GetCaseRequest copy = *request;
  copy.mutable_context()->set_calling_service(CallingService(*context));
  store_.GetCase(std::move(copy), [this, reactor, response](absl::StatusOr<v1::Case> result) {
    auto shared = std::make_shared<absl::StatusOr<v1::Case>>(std::move(result));
    Post([reactor, response, shared] {
      if (shared->ok()) *response = std::move(**shared);
      reactor->Finish(common::ToGrpcStatus(shared->status()));
    });
  });
  return reactor;
}

}  // namespace civicase::bench
