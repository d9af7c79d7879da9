#include "services/auth/auth_service.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/auth/password.h"
#include "services/auth/token_metadata.h"
#include "services/auth/user_file.h"
#include "services/common/status.h"
#include "services/domain/date.h"

namespace civicase::auth {
namespace {

using common::ToGrpcStatus;

constexpr char kWrongCredentials[] = "wrong user name or password";

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, const absl::Status& status) {
  auto* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace

absl::Status AuthService::DoLogin(const grpc::CallbackServerContext& context,
                                  const v1::LoginRequest& request, v1::LoginResponse& response) {
  const absl::Time now = options_.now();
  const std::string& name = request.user();
  if (name.empty() || name.size() > 64 || request.password().empty()) {
    return absl::UnauthenticatedError(kWrongCredentials);
  }
  if (absl::Duration wait = throttle_.RetryAfter(name, now); wait > absl::ZeroDuration()) {
    spdlog::warn("login refused for {} from {}: locked after repeated failures", name,
                 context.peer());
    return absl::ResourceExhaustedError(
        absl::StrCat("too many failed logins for this user; try again in ",
                     absl::ToInt64Seconds(absl::Ceil(wait, absl::Seconds(1))), " s"));
  }
  auto users = ReadUserFile(options_.users_file);
  if (!users.ok()) {
    spdlog::error("cannot read the users file: {}", users.status().ToString());
    return absl::UnavailableError("the users file cannot be read; see the auth service's log");
  }
  const v1::UserRecord* user = FindUser(*users, name);
  bool right = false;
  if (user == nullptr) {
    BurnPasswordCheck(request.password());
  } else {
    right = VerifyPassword(request.password(), user->password());
  }
  if (!right) {
    throttle_.RecordFailure(name, now);
    spdlog::warn("login failed for {} from {}: {}", name, context.peer(),
                 user == nullptr ? "no such user" : "wrong password");
    return absl::UnauthenticatedError(kWrongCredentials);
  }
  throttle_.RecordSuccess(name);
  if (user->disabled()) {
    spdlog::warn("login refused for {} from {}: user disabled", name, context.peer());
    return absl::PermissionDeniedError("this user is disabled; ask an administrator");
  }
  const int64_t now_unix = absl::ToUnixSeconds(now);
  const domain::Date today = domain::ToVietnamDate(now_unix);
  v1::Token token;
  token.set_token_id(NewTokenId());
  token.set_user(user->name());
  token.set_display_name(user->display_name());
  for (const auto& grant : user->grants()) {
    if (GrantNotEnded(grant, today)) *token.add_grants() = grant;
  }
  if (token.grants().empty()) {
    spdlog::warn("login refused for {} from {}: no role grant in force", name, context.peer());
    return absl::PermissionDeniedError("this user has no role grant in force");
  }
  token.set_issued_at(now_unix);
  token.set_expires_at(now_unix + absl::ToInt64Seconds(options_.token_lifetime));
  auto wire = IssueToken(signer_, token);
  if (!wire.ok()) return wire.status();
  response.set_token(*wire);
  response.set_expires_at(token.expires_at());
  *response.mutable_grants() = token.grants();
  response.set_user(token.user());
  response.set_display_name(token.display_name());
  spdlog::info("login: {} from {} (token {}, {} grants, expires in {} s)", name, context.peer(),
               token.token_id(), token.grants_size(), token.expires_at() - now_unix);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* AuthService::Login(grpc::CallbackServerContext* context,
                                             const v1::LoginRequest* request,
                                             v1::LoginResponse* response) {
  return Finish(context, DoLogin(*context, *request, *response));
}

grpc::ServerUnaryReactor* AuthService::Logout(grpc::CallbackServerContext* context,
                                              const v1::LogoutRequest* request,
                                              v1::LogoutResponse* response) {
  auto run = [&]() -> absl::Status {
    std::string wire = request->token();
    if (wire.empty()) {
      auto bearer = BearerToken(*context);
      if (!bearer.ok()) return bearer.status();
      wire = *std::move(bearer);
    }
    // An expired token is harmless; still accept its logout so the client can forget it.
    auto token = verifier_.VerifyIgnoringExpiry(wire);
    if (!token.ok()) return token.status();
    const int64_t now_unix = absl::ToUnixSeconds(options_.now());
    if (auto s = revoked_.Revoke(token->token_id(), token->expires_at(), now_unix); !s.ok()) {
      spdlog::error("cannot record the logout of {}: {}", token->user(), s.ToString());
      return absl::UnavailableError("the logout could not be recorded; try again");
    }
    spdlog::info("logout: {} from {} (token {})", token->user(), context->peer(),
                 token->token_id());
    return absl::OkStatus();
  };
  return Finish(context, run());
}

grpc::ServerUnaryReactor* AuthService::WhoAmI(grpc::CallbackServerContext* context,
                                              const v1::WhoAmIRequest* request,
                                              v1::WhoAmIResponse* response) {
  auto run = [&]() -> absl::Status {
    auto token = VerifyCallToken(*context, verifier_, absl::ToUnixSeconds(options_.now()));
    if (!token.ok()) return token.status();
    if (revoked_.IsRevoked(token->token_id())) {
      return absl::UnauthenticatedError(
          absl::StrCat("token was revoked (logged out); ", kLoginHint));
    }
    *response->mutable_claims() = *std::move(token);
    return absl::OkStatus();
  };
  return Finish(context, run());
}

grpc::ServerUnaryReactor* AuthService::IsRevoked(grpc::CallbackServerContext* context,
                                                 const v1::IsRevokedRequest* request,
                                                 v1::IsRevokedResponse* response) {
  if (request->token_id().empty()) {
    return Finish(context, absl::InvalidArgumentError("token_id is empty"));
  }
  response->set_revoked(revoked_.IsRevoked(request->token_id()));
  return Finish(context, absl::OkStatus());
}

}  // namespace civicase::auth
