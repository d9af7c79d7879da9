#pragma once

// UserAuthorizer: what a service checks before it acts for a person (issue 5 item 3: the policy
// is "enforced by the store for every read and write, and checked by the services before they
// act"). For each call:
//   * a call carrying a bearer token: the token must be valid (signature, expiry; see
//     services/auth/token.h) and not revoked (RevocationCache, when configured), and its grants
//     must allow `method` on the units the call acts on, by the access policy data
//     (services/domain/policy; service methods are named "Service.Method", e.g.
//     "Deadlines.PublishCalendar");
//   * a call from a person (the cli or gateway certificate) without a token: UNAUTHENTICATED with
//     a hint to log in, unless login is not required (--allow-anonymous, local experiments);
//   * a call from another service without a token: the service acts on its own, which the peer
//     policy (peer_policy.h) already allowed.
// Refusals are UNAUTHENTICATED or PERMISSION_DENIED saying why, and are passed to `on_refused`
// (the services report them to the store's audit trail).
//
// Thread-safe: Check may be called concurrently. The token public key is loaded on first use
// (the auth service writes it when it starts).

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/auth/token.h"
#include "services/common/token_revocation.h"
#include "services/domain/competence/directory.h"
#include "services/domain/policy/access_policy.h"

namespace civicase::common {

// The flags every service that acts for people takes: --auth ADDRESS (revocation checks) and
// --allow-anonymous.
struct UserCheckFlags {
  std::string auth_address;      // empty: revoked tokens are honoured only when they expire
  bool allow_anonymous = false;  // people's calls without a token go through unchecked
};
void AddUserCheckFlags(CLI::App& app, UserCheckFlags& flags);

class UserAuthorizer {
 public:
  struct Options {
    // <home>/keys/token-signing.pub. Required.
    std::string token_public_key;
    // Refuse people's calls without a token. Default: true.
    bool require_login = true;
    // Both required; borrowed, must outlive the authorizer.
    const domain::AccessPolicy* policy = nullptr;
    const domain::Directory* directory = nullptr;
    // Asks the auth service about logouts. Default: null (not asked).
    std::unique_ptr<RevocationCache> revocation;
    // Called with (calling service, user or "", full method, refusal) for every refusal.
    std::function<void(const std::string&, const std::string&, const std::string&,
                       const absl::Status&)>
        on_refused;
    std::function<absl::Time()> now = [] { return absl::Now(); };
  };

  // Builds the authorizer from the flags: `self` is the service's certificate name (for the
  // channel to the auth service), `certs` its certificate folder, `home` the system's home.
  // Refusals are recorded in the audit trail through `store` (CaseStore.RecordRefusal). The
  // policy is the compiled-in data (AccessPolicy::LoadDefault); `directory` is borrowed.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<UserAuthorizer>> FromFlags(
      const UserCheckFlags& flags, const std::string& self, const std::string& certs,
      const std::string& home, const domain::Directory& directory,
      std::shared_ptr<grpc::Channel> store);

  // The gRPC name of a policy method: "Deadlines.ListDue" -> "/civicase.v1.Deadlines/ListDue".
  static std::string GrpcMethod(const std::string& policy_method);

  explicit UserAuthorizer(Options options) : options_(std::move(options)) {}

  // OK when the call may go on (see the file comment). `full_method` is the policy's name for the
  // method ("Deadlines.PublishCalendar"); `units` are the units the call acts on (for a method the
  // policy marks case_scoped).
  [[nodiscard]] absl::Status Check(const grpc::CallbackServerContext& context,
                                   const std::string& method,
                                   const std::vector<std::string>& units);

 private:
  absl::Status Refuse(const std::string& caller, const std::string& user, const std::string& method,
                      absl::Status refusal) const;

  Options options_;
  std::unique_ptr<domain::AccessPolicy> owned_policy_;  // FromFlags's
  std::mutex mu_;
  std::optional<auth::TokenVerifier> verifier_;  // guarded by mu_
};

// The grants a verified token carries, as the access policy reads them.
std::vector<domain::AccessGrant> AccessGrants(const v1::Token& token);

}  // namespace civicase::common
