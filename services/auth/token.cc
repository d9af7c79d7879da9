#include "services/auth/token.h"

#include <openssl/rand.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace civicase::auth {
namespace {

constexpr char kSignatureContext[] = "civicase.v1.Token\n";

std::string SignedBytes(std::string_view payload) {
  return absl::StrCat(kSignatureContext, std::string(payload));
}

absl::Status Malformed(std::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("token is malformed: ", std::string(why)));
}

// Decodes one base64url part, refusing any encoding but the canonical unpadded one.
bool DecodeCanonical(std::string_view text, std::string* out) {
  if (text.empty()) return false;
  if (!absl::WebSafeBase64Unescape(absl::string_view(text.data(), text.size()), out)) return false;
  return absl::WebSafeBase64Escape(*out) == text;
}

std::string FormatUnix(int64_t seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixSeconds(seconds),
                          absl::UTCTimeZone());
}

}  // namespace

std::string NewTokenId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    // OpenSSL's DRBG does not fail once seeded; if it ever does, refuse to mint weak ids.
    std::abort();
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

absl::StatusOr<std::string> IssueToken(const storage::Ed25519Signer& signer,
                                       const v1::Token& token) {
  if (token.token_id().empty()) return absl::InvalidArgumentError("token: token_id is empty");
  if (token.user().empty()) return absl::InvalidArgumentError("token: user is empty");
  if (token.expires_at() <= token.issued_at()) {
    return absl::InvalidArgumentError("token: expires_at must be after issued_at");
  }
  std::string payload;
  if (!token.SerializeToString(&payload)) return absl::InternalError("cannot serialize token");
  auto signature = signer.Sign(SignedBytes(payload));
  if (!signature.ok()) return signature.status();
  std::string wire =
      absl::StrCat(absl::WebSafeBase64Escape(payload), ".", absl::WebSafeBase64Escape(*signature));
  if (wire.size() > kMaxTokenWireSize) {
    return absl::InvalidArgumentError("token: too many grants (the token would be too large)");
  }
  return wire;
}

absl::StatusOr<TokenVerifier> TokenVerifier::FromPublicKeyFile(const std::string& path) {
  auto raw = storage::ReadPublicKeyFile(path);
  if (!raw.ok()) return raw.status();
  return FromPublicKeyRaw(*raw);
}

absl::StatusOr<TokenVerifier> TokenVerifier::FromPublicKeyRaw(std::string_view raw) {
  auto key = storage::Ed25519PublicKey::FromRaw(raw);
  if (!key.ok()) return key.status();
  return TokenVerifier(std::move(*key));
}

absl::StatusOr<v1::Token> TokenVerifier::VerifyIgnoringExpiry(std::string_view wire) const {
  if (wire.empty()) return Malformed("empty");
  if (wire.size() > kMaxTokenWireSize) return Malformed("too long");
  std::vector<absl::string_view> parts =
      absl::StrSplit(absl::string_view(wire.data(), wire.size()), '.');
  if (parts.size() != 2) return Malformed("expected two base64url parts separated by '.'");
  std::string payload;
  std::string signature;
  if (!DecodeCanonical(std::string_view(parts[0].data(), parts[0].size()), &payload)) {
    return Malformed("the claims are not base64url");
  }
  if (!DecodeCanonical(std::string_view(parts[1].data(), parts[1].size()), &signature)) {
    return Malformed("the signature is not base64url");
  }
  if (signature.size() != storage::kEd25519SignatureSize) {
    return Malformed("the signature has the wrong length");
  }
  if (!key_.Verify(SignedBytes(payload), signature)) {
    return absl::UnauthenticatedError(
        "token signature is not valid (the token was altered, or it was not issued by this "
        "system's auth service)");
  }
  v1::Token token;
  if (!token.ParseFromString(payload)) return Malformed("the claims do not parse");
  if (token.token_id().empty() || token.user().empty() || token.expires_at() == 0) {
    return Malformed("token_id, user or expires_at is missing");
  }
  return token;
}

absl::StatusOr<v1::Token> TokenVerifier::Verify(std::string_view wire, int64_t now_unix) const {
  auto token = VerifyIgnoringExpiry(wire);
  if (!token.ok()) return token.status();
  if (now_unix >= token->expires_at()) {
    return absl::UnauthenticatedError(
        absl::StrCat("token expired at ", FormatUnix(token->expires_at()), "; log in again"));
  }
  if (token->issued_at() > now_unix + kMaxClockSkewSeconds) {
    return absl::UnauthenticatedError(absl::StrCat("token is not valid yet (issued at ",
                                                   FormatUnix(token->issued_at()),
                                                   "); check this machine's clock"));
  }
  return token;
}

}  // namespace civicase::auth
