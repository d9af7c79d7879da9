#pragma once

// The baselines of the store benchmark: a bare CaseStore gRPC service (callback API) whose
// CreateCase does nothing but ONE Kv Put of the serialized request, with or without a synced
// WAL, and answers an empty CaseChange. No validation, no snapshot, no indexes, no audit, no
// sealing; no group commit of its own except with kGroupCommit (below).
//
// How a call's Put is done (`Dispatch`):
// * kInline (default): on the gRPC callback thread that delivered the call: the straightforward
//   "bare gRPC server doing one RocksDB Put" of issue 4. Concurrent synced Puts still share fsyncs
//   through RocksDB's own write-group commit.
// * kHandoff (diagnostic): the handler hands each call to one worker thread that does the Put and
//   finishes the call, the way the real store hands calls to its committer: what leaving the
//   gRPC thread costs by itself.
// * kGroupCommit (diagnostic): the handler hands the call to one committer thread that writes
//   every call waiting at that moment as ONE WriteBatch (synced if `sync`) and then finishes
//   them: the issue's reference design ("a bare server whose handlers hand their writes to one
//   committer that batches them into a single synced WriteBatch"), i.e. the real store's
//   pipeline with none of its work.
// Every other method is UNIMPLEMENTED.
//
// Thread safety: handlers may run concurrently (the Kv is thread-safe).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "civicase/v1/store.grpc.pb.h"
#include "storage/kv/kv.h"

namespace civicase::bench {

class BarePutService final : public v1::CaseStore::CallbackService {
 public:
  enum class Dispatch { kInline, kHandoff, kGroupCommit };

  // `kv` is borrowed and must outlive the service. `sync`: fsync the WAL before answering.
  BarePutService(storage::Kv& kv, bool sync, Dispatch dispatch = Dispatch::kInline);
  // Finishes the calls handed to the worker, then joins it.
  ~BarePutService() override;

  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* context,
                                       const v1::CreateCaseRequest* request,
                                       v1::CaseChange* response) override;

 private:
  struct Handed {
    grpc::ServerUnaryReactor* reactor;
    std::string bytes;
  };
  std::string NextKey();
  // Writes `calls` (one call with kHandoff, all waiting with kGroupCommit) and finishes them.
  void WriteAndFinish(std::deque<Handed>& calls);
  void WorkLoop();

  storage::Kv& kv_;
  const bool sync_;
  const Dispatch dispatch_;
  std::atomic<uint64_t> next_key_{1};

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Handed> handed_;  // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::thread worker_;         // not with kInline
};

}  // namespace civicase::bench
