#pragma once

// PeerPolicy: which service may call which method of which service, as data
// (services/common/data/peers.json, compiled in). The caller is named by the common name of its
// client certificate (every connection is mutual TLS with the local CA); health checking and
// reflection are open to every authenticated peer. Everything not listed is refused.
//
// Immutable after Load; thread-safe.

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"

namespace civicase::common {

class PeerPolicy {
 public:
  // The rules for calls to `service` ("store", "intake", ...). INVALID_ARGUMENT when the data
  // is malformed or says nothing about `service`.
  [[nodiscard]] static absl::StatusOr<PeerPolicy> ForService(const std::string& service);

  // Whether `caller` may call `full_method` ("/civicase.v1.CaseStore/GetCase").
  bool Allows(const std::string& caller, const std::string& full_method) const;

 private:
  std::map<std::string, std::set<std::string>> allowed_;  // caller -> method names or "*"
};

// The service named by the caller's certificate (its common name), e.g. "intake"; "" without one.
std::string CallingService(const grpc::CallbackServerContext& context);

// Enforces a PeerPolicy in the TLS handshake's metadata processing: a refused call fails with
// PERMISSION_DENIED before it reaches the service. `on_denied(caller, method)` runs for each
// refusal (the store audits it).
std::shared_ptr<grpc::AuthMetadataProcessor> NewPeerPolicyProcessor(
    PeerPolicy policy, std::function<void(const std::string&, const std::string&)> on_denied = {});

}  // namespace civicase::common
