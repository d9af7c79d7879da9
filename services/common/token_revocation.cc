#include "services/common/token_revocation.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "civicase/v1/auth.grpc.pb.h"

namespace civicase::common {

RevocationCache::RevocationCache(Lookup lookup, Options options)
    : lookup_(std::move(lookup)), options_(std::move(options)) {}

RevocationCache::Lookup RevocationCache::AskAuthService(std::shared_ptr<grpc::Channel> auth) {
  std::shared_ptr<v1::Auth::Stub> stub = v1::Auth::NewStub(std::move(auth));
  return [stub](const std::string& token_id) -> absl::StatusOr<bool> {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::IsRevokedRequest request;
    request.set_token_id(token_id);
    v1::IsRevokedResponse response;
    grpc::Status status = stub->IsRevoked(&context, request, &response);
    if (!status.ok()) {
      return absl::UnavailableError(
          absl::StrCat("cannot check the token with the auth service: ", status.error_message()));
    }
    return response.revoked();
  };
}

absl::StatusOr<bool> RevocationCache::IsRevoked(const std::string& token_id) {
  const absl::Time now = options_.now();
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(token_id);
    if (it != entries_.end() && now < it->second.until) return it->second.revoked;
  }
  absl::StatusOr<bool> revoked = lookup_(token_id);
  if (!revoked.ok()) return revoked.status();
  std::lock_guard lock(mu_);
  if (entries_.size() >= options_.max_entries) {
    std::erase_if(entries_, [&](const auto& entry) { return entry.second.until <= now; });
    if (entries_.size() >= options_.max_entries) entries_.clear();
  }
  entries_[token_id] = Entry{*revoked, now + options_.ttl};
  return *revoked;
}

}  // namespace civicase::common
