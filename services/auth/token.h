#pragma once

// Signed tokens: what a user carries after logging in at the auth service, and what every
// service checks before it acts.
//
// A token is a civicase.v1.Token (proto/civicase/v1/auth.proto) signed with Ed25519:
//
//   wire = base64url(payload) "." base64url(signature)        (RFC 4648 §5, no padding)
//   payload = the serialized Token
//   signature = Ed25519(key, "civicase.v1.Token\n" + payload)
//
// The context prefix keeps a token signature from ever being valid for another kind of
// message signed with the same key type. The verifier checks the signature over the payload
// bytes exactly as carried before it parses them, and accepts only the canonical encoding, so a
// token has one wire form.
//
// Keys: the auth service signs with <home>/keys/token-signing.key (PEM PKCS#8, mode 0600) and
// writes the public half to <home>/keys/token-signing.pub, which services load with
// TokenVerifier::FromPublicKeyFile. No gRPC here: services/auth/token_metadata.h reads the token
// from a call's metadata.
//
// Thread safety: TokenVerifier is immutable after construction; Verify may be called
// concurrently. IssueToken is thread-safe (Ed25519Signer::Sign is).

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "civicase/v1/auth.pb.h"
#include "storage/audit/ed25519.h"

namespace civicase::auth {

// A token longer than this is refused unread (a token with a dozen grants is under 1 KiB).
inline constexpr size_t kMaxTokenWireSize = 16 * 1024;

// A token issued up to this far in the future is still accepted (clock skew between hosts).
inline constexpr int64_t kMaxClockSkewSeconds = 300;

// The file names under <home>/keys.
inline constexpr char kTokenSigningKeyFile[] = "token-signing.key";
inline constexpr char kTokenPublicKeyFile[] = "token-signing.pub";

// A fresh random token id: 32 lowercase hex characters (128 bits from OpenSSL's RAND_bytes).
std::string NewTokenId();

// Signs `token` and returns its wire form. INVALID_ARGUMENT if the token lacks a token_id or a
// user, or if expires_at is not after issued_at. INTERNAL only if OpenSSL fails.
[[nodiscard]] absl::StatusOr<std::string> IssueToken(const storage::Ed25519Signer& signer,
                                                     const v1::Token& token);

// Checks tokens against one public key.
class TokenVerifier {
 public:
  // Loads the public key written by the auth service (PEM "PUBLIC KEY"). NOT_FOUND if the file
  // does not exist (the auth service has not started yet); INVALID_ARGUMENT if it is not an
  // Ed25519 public key.
  [[nodiscard]] static absl::StatusOr<TokenVerifier> FromPublicKeyFile(const std::string& path);
  // INVALID_ARGUMENT unless `raw` is a 32-byte Ed25519 public key.
  [[nodiscard]] static absl::StatusOr<TokenVerifier> FromPublicKeyRaw(std::string_view raw);

  TokenVerifier(TokenVerifier&&) noexcept = default;
  TokenVerifier& operator=(TokenVerifier&&) noexcept = default;

  // The token's claims if `wire` is a token signed by this key and valid at `now_unix`.
  // UNAUTHENTICATED otherwise, the message saying why without quoting the token:
  //   "token is malformed: ..."      not two base64url parts, bad sizes, unparsable payload,
  //                                  missing token_id/user/expires_at;
  //   "token signature is not valid ..."  altered payload or signature, or another key;
  //   "token expired at ..."          now_unix >= expires_at;
  //   "token is not valid yet ..."    issued more than kMaxClockSkewSeconds after now_unix.
  // Revocation (logout) is not checked here: ask the auth service (Auth.IsRevoked).
  [[nodiscard]] absl::StatusOr<v1::Token> Verify(std::string_view wire, int64_t now_unix) const;

  // Like Verify but ignores the validity period (the signature and form are still checked).
  // For logout, which must accept a token that has just expired.
  [[nodiscard]] absl::StatusOr<v1::Token> VerifyIgnoringExpiry(std::string_view wire) const;

 private:
  explicit TokenVerifier(storage::Ed25519PublicKey key) : key_(std::move(key)) {}
  storage::Ed25519PublicKey key_;
};

}  // namespace civicase::auth
