#include "services/auth/token_metadata.h"

#include <string_view>

#include "absl/strings/str_cat.h"

namespace civicase::auth {

absl::StatusOr<std::string> BearerToken(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto [begin, end] = metadata.equal_range(kAuthorizationMetadataKey);
  if (begin == end) {
    return absl::UnauthenticatedError(absl::StrCat("no token: ", kLoginHint));
  }
  if (std::next(begin) != end) {
    return absl::UnauthenticatedError("token is malformed: several authorization entries");
  }
  std::string_view value(begin->second.data(), begin->second.size());
  constexpr std::string_view prefix = kBearerPrefix;
  if (!value.starts_with(prefix) || value.size() == prefix.size()) {
    return absl::UnauthenticatedError(
        "token is malformed: the authorization metadata is not \"Bearer <token>\"");
  }
  return std::string(value.substr(prefix.size()));
}

absl::StatusOr<v1::Token> VerifyCallToken(const grpc::ServerContextBase& context,
                                          const TokenVerifier& verifier, int64_t now_unix) {
  auto wire = BearerToken(context);
  if (!wire.ok()) return wire.status();
  return verifier.Verify(*wire, now_unix);
}

}  // namespace civicase::auth
