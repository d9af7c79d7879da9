#pragma once

// DIAGNOSTIC ONLY (store_bench --experiments): a variant of store::StoreService that answers
// callers from a small pool of "answer" threads instead of from the CaseStore's committer thread.
// It measures how much of the committer's time goes into finishing gRPC calls (serializing the
// response, HTTP/2 framing, TLS, sendmsg), which the real StoreService does inline in the
// committer's Finish loop. Only CreateCase and GetCase are served; it stamps the calling service
// from the peer certificate like the real adapter.
//
// Thread safety: handlers may run concurrently; the pool is internally synchronized.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "civicase/v1/store.grpc.pb.h"
#include "services/store/case_store.h"

namespace civicase::bench {

class OffloadStoreService final : public v1::CaseStore::CallbackService {
 public:
  // `store` is borrowed and must outlive the service. Starts `answer_threads` threads.
  OffloadStoreService(store::CaseStore& store, int answer_threads);
  // Finishes queued answers, then joins the threads.
  ~OffloadStoreService() override;

  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* context,
                                       const v1::CreateCaseRequest* request,
                                       v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request, v1::Case* response) override;

 private:
  void Post(std::function<void()> answer);
  void AnswerLoop();

  store::CaseStore& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace civicase::bench
