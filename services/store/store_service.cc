#include "services/store/store_service.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/common/status.h"

namespace civicase::store {
namespace {

using common::ToGrpcStatus;

// The service named by the caller's certificate (its common name), e.g. "intake".
std::string CallingService(const grpc::CallbackServerContext& context) {
  auto auth = context.auth_context();
  if (!auth) return "";
  auto names = auth->FindPropertyValues("x509_common_name");
  if (names.empty()) return "";
  return std::string(names.front().data(), names.front().size());
}

template <typename Request>
Request Stamped(const grpc::CallbackServerContext& context, const Request& request) {
  Request copy = request;
  copy.mutable_context()->set_calling_service(CallingService(context));
  return copy;
}

// Finishes `reactor` with the result, copying a value into `response`.
template <typename T>
auto Answer(grpc::ServerUnaryReactor* reactor, T* response) {
  return [reactor, response](absl::StatusOr<T> result) mutable {
    if (result.ok()) *response = *std::move(result);
    reactor->Finish(ToGrpcStatus(result.status()));
  };
}

// Streams the change feed: replays committed events from the requested sequence, then waits for
// new ones. One thread per open feed (feeds are few: one per consuming service).
class FeedWriter final : public grpc::ServerWriteReactor<v1::CaseEvent> {
 public:
  FeedWriter(CaseStore& store, grpc::CallbackServerContext* context,
             v1::WatchEventsRequest request)
      : store_(store) {
    request.mutable_context()->set_calling_service(CallingService(*context));
    store_.OpenFeed(std::move(request), [this](absl::StatusOr<int64_t> from) {
      if (!from.ok()) {
        Finish(ToGrpcStatus(from.status()));
        return;
      }
      std::thread([this, next = *from] { Pump(next); }).detach();
    });
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    write_ok_ = ok;
    writing_ = false;
    cv_.notify_all();
  }
  void OnCancel() override {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }
  void OnDone() override { delete this; }

 private:
  bool Cancelled() {
    std::lock_guard lock(mu_);
    return cancelled_;
  }

  // Runs on its own thread; its last act is Finish, after which it never touches `this`.
  void Pump(int64_t next) {
    while (!Cancelled()) {
      auto events = store_.ReadEvents(next, 64);
      if (!events.ok()) {
        Finish(ToGrpcStatus(events.status()));
        return;
      }
      if (events->empty()) {
        store_.WaitForSequence(next, absl::Milliseconds(500));
        continue;
      }
      for (const auto& event : *events) {
        std::unique_lock lock(mu_);
        writing_ = true;
        StartWrite(&event);
        cv_.wait(lock, [&] { return !writing_ || cancelled_; });
        if (cancelled_ || !write_ok_) {
          // OnWriteDone may still be pending; wait for it before finishing.
          cv_.wait(lock, [&] { return !writing_; });
          lock.unlock();
          Finish(grpc::Status::CANCELLED);
          return;
        }
        next = event.sequence() + 1;
      }
    }
    Finish(grpc::Status::CANCELLED);
  }

  CaseStore& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool writing_ = false;
  bool write_ok_ = true;
  bool cancelled_ = false;
};

}  // namespace

grpc::ServerUnaryReactor* StoreService::CreateCase(grpc::CallbackServerContext* context,
                                                   const v1::CreateCaseRequest* request,
                                                   v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  store_.CreateCase(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::AppendEvent(grpc::CallbackServerContext* context,
                                                    const v1::AppendEventRequest* request,
                                                    v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  store_.AppendEvent(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::GetCase(grpc::CallbackServerContext* context,
                                                const v1::GetCaseRequest* request,
                                                v1::Case* response) {
  auto* reactor = context->DefaultReactor();
  store_.GetCase(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::GetHistory(grpc::CallbackServerContext* context,
                                                   const v1::GetCaseRequest* request,
                                                   v1::CaseHistory* response) {
  auto* reactor = context->DefaultReactor();
  store_.GetHistory(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::ListCases(grpc::CallbackServerContext* context,
                                                  const v1::ListCasesRequest* request,
                                                  v1::ListCasesResponse* response) {
  auto* reactor = context->DefaultReactor();
  store_.ListCases(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerWriteReactor<v1::CaseEvent>* StoreService::WatchEvents(
    grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) {
  return new FeedWriter(store_, context, *request);
}

grpc::ServerUnaryReactor* StoreService::VerifyAudit(grpc::CallbackServerContext* context,
                                                    const v1::VerifyAuditRequest* request,
                                                    v1::AuditVerifyReport* response) {
  auto* reactor = context->DefaultReactor();
  auto report = store_.VerifyAudit();
  if (report.ok()) *response = *std::move(report);
  reactor->Finish(ToGrpcStatus(report.status()));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::ListAudit(grpc::CallbackServerContext* context,
                                                  const v1::ListAuditRequest* request,
                                                  v1::ListAuditResponse* response) {
  auto* reactor = context->DefaultReactor();
  store_.ListAudit(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::FindRelated(grpc::CallbackServerContext* context,
                                                    const v1::FindRelatedRequest* request,
                                                    v1::ListCasesResponse* response) {
  auto* reactor = context->DefaultReactor();
  store_.FindRelated(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::EraseIdentity(grpc::CallbackServerContext* context,
                                                      const v1::EraseIdentityRequest* request,
                                                      v1::CaseChange* response) {
  auto* reactor = context->DefaultReactor();
  store_.EraseIdentity(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::SaveCursor(grpc::CallbackServerContext* context,
                                                   const v1::Cursor* request,
                                                   v1::Cursor* response) {
  auto* reactor = context->DefaultReactor();
  store_.SaveCursor(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::GetCursor(grpc::CallbackServerContext* context,
                                                  const v1::Cursor* request,
                                                  v1::Cursor* response) {
  auto* reactor = context->DefaultReactor();
  auto cursor = store_.GetCursor(*request);
  if (cursor.ok()) *response = *std::move(cursor);
  reactor->Finish(ToGrpcStatus(cursor.status()));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::Backup(grpc::CallbackServerContext* context,
                                               const v1::BackupRequest* request,
                                               v1::BackupResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto result = store_.Backup(*request);
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

}  // namespace civicase::store
