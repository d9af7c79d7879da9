#pragma once

// The baselines of the store benchmark: a bare CaseStore gRPC service (callback API) whose
// CreateCase does nothing but ONE Kv Put of the serialized request, with or without a synced
// WAL, and answers an empty CaseChange. No validation, no snapshot, no indexes, no audit, no
// sealing, no group commit of its own.
//
// The Put runs inline on the gRPC callback thread that delivered the call: the straightforward
// "bare gRPC server doing one RocksDB Put" of issue 4. Concurrent synced Puts still share fsyncs
// through RocksDB's own write-group commit. Every other method is UNIMPLEMENTED.
//
// Thread safety: handlers may run concurrently (the Kv is thread-safe).

#include <atomic>
#include <cstdint>

#include "civicase/v1/store.grpc.pb.h"
#include "storage/kv/kv.h"

namespace civicase::bench {

class BarePutService final : public v1::CaseStore::CallbackService {
 public:
  // `kv` is borrowed and must outlive the service. `sync`: fsync the WAL before answering.
  BarePutService(storage::Kv& kv, bool sync) : kv_(kv), sync_(sync) {}

  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* context,
                                       const v1::CreateCaseRequest* request,
                                       v1::CaseChange* response) override;

 private:
  storage::Kv& kv_;
  const bool sync_;
  std::atomic<uint64_t> next_key_{1};
};

}  // namespace civicase::bench
