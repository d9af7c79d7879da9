#include "services/common/peer_policy.h"

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "peer_policy_data.h"

namespace civicase::common {

absl::StatusOr<PeerPolicy> PeerPolicy::ForService(const std::string& service) {
  const EmbeddedFile& file = peer_policy_data()[0];
  PeerPolicy policy;
  try {
    const nlohmann::json data = nlohmann::json::parse(file.contents);
    if (!data.contains(service)) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(file.name), ": no rules for service '", service, "'"));
    }
    for (const auto& [caller, methods] : data.at(service).items()) {
      for (const auto& method : methods) policy.allowed_[caller].insert(method.get<std::string>());
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(file.name), ": ", e.what()));
  }
  return policy;
}

bool PeerPolicy::Allows(const std::string& caller, const std::string& full_method) const {
  if (absl::StartsWith(full_method, "/grpc.health.v1.") ||
      absl::StartsWith(full_method, "/grpc.reflection.")) {
    return !caller.empty();
  }
  auto it = allowed_.find(caller);
  if (it == allowed_.end()) return false;
  const std::string method = full_method.substr(full_method.rfind('/') + 1);
  return it->second.contains("*") || it->second.contains(method);
}

namespace {

class PeerPolicyProcessor final : public grpc::AuthMetadataProcessor {
 public:
  PeerPolicyProcessor(PeerPolicy policy,
                      std::function<void(const std::string&, const std::string&)> on_denied)
      : policy_(std::move(policy)), on_denied_(std::move(on_denied)) {}

  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata*, OutputMetadata*) override {
    std::string method;
    if (auto it = auth_metadata.find(":path"); it != auth_metadata.end()) {
      method.assign(it->second.data(), it->second.size());
    }
    std::string caller;
    for (const auto& name : context->FindPropertyValues("x509_common_name")) {
      caller.assign(name.data(), name.size());
    }
    if (policy_.Allows(caller, method)) return grpc::Status::OK;
    if (on_denied_) on_denied_(caller, method);
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        absl::StrCat("service '", caller, "' may not call ", method));
  }

 private:
  PeerPolicy policy_;
  std::function<void(const std::string&, const std::string&)> on_denied_;
};

}  // namespace

std::shared_ptr<grpc::AuthMetadataProcessor> NewPeerPolicyProcessor(
    PeerPolicy policy, std::function<void(const std::string&, const std::string&)> on_denied) {
  return std::make_shared<PeerPolicyProcessor>(std::move(policy), std::move(on_denied));
}

std::string CallingService(const grpc::CallbackServerContext& context) {
  auto auth = context.auth_context();
  if (!auth) return "";
  auto names = auth->FindPropertyValues("x509_common_name");
  if (names.empty()) return "";
  return std::string(names.front().data(), names.front().size());
}

}  // namespace civicase::common
