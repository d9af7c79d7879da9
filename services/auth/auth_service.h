#pragma once

// The auth service: login with a password, signed tokens, logout (revocation), and the
// caller's claims. Thin gRPC adapter over the users file (user_file.h), password hashing
// (password.h), the login throttle, the revocation list and the token library.
//
// Logs every login attempt with the user name, the peer and the outcome; never a password or
// a token.

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "civicase/v1/auth.grpc.pb.h"
#include "services/auth/login_throttle.h"
#include "services/auth/revocation_list.h"
#include "services/auth/token.h"
#include "storage/audit/ed25519.h"

namespace civicase::auth {

struct AuthServiceOptions {
  std::string users_file;                          // <home>/auth/users.json
  absl::Duration token_lifetime = absl::Hours(8);  // default 8 hours
  // The clock; absl::Now by default. Tests inject a fixed or stepping clock.
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

class AuthService final : public v1::Auth::CallbackService {
 public:
  // `signer` and `revoked` are borrowed and must outlive the service. `verifier` must hold the
  // public half of `signer`.
  AuthService(AuthServiceOptions options, const storage::Ed25519Signer& signer,
              TokenVerifier verifier, RevocationList& revoked)
      : options_(std::move(options)),
        signer_(signer),
        verifier_(std::move(verifier)),
        revoked_(revoked) {}

  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
                                  const v1::LoginRequest* request,
                                  v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
                                   const v1::LogoutRequest* request,
                                   v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;
  grpc::ServerUnaryReactor* IsRevoked(grpc::CallbackServerContext* context,
                                      const v1::IsRevokedRequest* request,
                                      v1::IsRevokedResponse* response) override;

 private:
  absl::Status DoLogin(const grpc::CallbackServerContext& context, const v1::LoginRequest& request,
                       v1::LoginResponse& response);

  const AuthServiceOptions options_;
  const storage::Ed25519Signer& signer_;
  const TokenVerifier verifier_;
  RevocationList& revoked_;
  LoginThrottle throttle_;
};

}  // namespace civicase::auth
