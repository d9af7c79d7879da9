#pragma once

// Reading a caller's token from a gRPC call: the metadata entry "authorization: Bearer <token>"
// (RFC 6750 style) that the CLI and the gateway attach to every call.
//
// Thread safety: the functions only read the context; call them from the call's handler.

#include <grpcpp/server_context.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "civicase/v1/auth.pb.h"
#include "services/auth/token.h"

namespace civicase::auth {

// The metadata key (gRPC keys are lowercase) and the scheme of its value.
inline constexpr char kAuthorizationMetadataKey[] = "authorization";
inline constexpr char kBearerPrefix[] = "Bearer ";

// What an UNAUTHENTICATED refusal tells a person to do.
inline constexpr char kLoginHint[] = "log in with `civicase login --user NAME`";

// The token of the call. UNAUTHENTICATED "no token ..." (with kLoginHint) when there is no
// authorization metadata; "token is malformed ..." when it is not "Bearer <token>" or there
// are several.
[[nodiscard]] absl::StatusOr<std::string> BearerToken(const grpc::ServerContextBase& context);

// BearerToken, then verifier.Verify at `now_unix`: the caller's claims, or UNAUTHENTICATED with
// the reason (see TokenVerifier::Verify). Revocation is not checked (see Auth.IsRevoked).
[[nodiscard]] absl::StatusOr<v1::Token> VerifyCallToken(const grpc::ServerContextBase& context,
                                                        const TokenVerifier& verifier,
                                                        int64_t now_unix);

}  // namespace civicase::auth
