#include "services/common/user_authorizer.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/auth/token_metadata.h"
#include "services/common/clients.h"
#include "services/common/peer_policy.h"
#include "services/domain/date.h"

namespace civicase::common {
namespace {

std::optional<domain::Date> DateOrNone(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return domain::Date::Parse(text);
}

}  // namespace

void AddUserCheckFlags(CLI::App& app, UserCheckFlags& flags) {
  app.add_option("--auth", flags.auth_address,
                 "the auth service (host:port), asked whether a token was revoked by a logout "
                 "(answers cached 10 s)");
  app.add_flag("--allow-anonymous", flags.allow_anonymous,
               "let people's calls without a token through, unchecked (local experiments only; "
               "default: login required)");
}

absl::StatusOr<std::unique_ptr<UserAuthorizer>> UserAuthorizer::FromFlags(
    const UserCheckFlags& flags, const std::string& self, const std::string& certs,
    const std::string& home, const domain::Directory& directory,
    std::shared_ptr<grpc::Channel> store) {
  auto policy = domain::AccessPolicy::LoadDefault();
  if (!policy.ok()) return policy.status();
  auto owned_policy = std::make_unique<domain::AccessPolicy>(*std::move(policy));
  Options options;
  options.token_public_key = absl::StrCat(home, "/keys/", auth::kTokenPublicKeyFile);
  options.require_login = !flags.allow_anonymous;
  options.policy = owned_policy.get();
  options.directory = &directory;
  if (!flags.auth_address.empty()) {
    auto channel = ChannelAs(self, certs, flags.auth_address);
    if (!channel.ok()) return channel.status();
    options.revocation =
        std::make_unique<RevocationCache>(RevocationCache::AskAuthService(*channel));
  }
  std::shared_ptr<v1::CaseStore::Stub> stub = v1::CaseStore::NewStub(std::move(store));
  options.on_refused = [stub](const std::string&, const std::string& user,
                              const std::string& method, const absl::Status& refusal) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::RecordRefusalRequest request;
    request.set_user(user);
    request.set_method(GrpcMethod(method));
    request.set_code(static_cast<int>(refusal.code()));
    request.set_reason(std::string(refusal.message()));
    v1::RecordRefusalResponse response;
    if (grpc::Status s = stub->RecordRefusal(&context, request, &response); !s.ok()) {
      spdlog::error("refusal of {} to {} not audited: {}", method, user, s.error_message());
    }
  };
  auto authorizer = std::make_unique<UserAuthorizer>(std::move(options));
  authorizer->owned_policy_ = std::move(owned_policy);
  return authorizer;
}

std::string UserAuthorizer::GrpcMethod(const std::string& policy_method) {
  const size_t dot = policy_method.find('.');
  if (dot == std::string::npos) return absl::StrCat("/civicase.v1.CaseStore/", policy_method);
  return absl::StrCat("/civicase.v1.", policy_method.substr(0, dot), "/",
                      policy_method.substr(dot + 1));
}

absl::Status UserAuthorizer::Refuse(const std::string& caller, const std::string& user,
                                    const std::string& method, absl::Status refusal) const {
  if (options_.on_refused) options_.on_refused(caller, user, method, refusal);
  return refusal;
}

absl::Status UserAuthorizer::Check(const grpc::CallbackServerContext& context,
                                   const std::string& method,
                                   const std::vector<std::string>& units) {
  const std::string caller = CallingService(context);
  const bool has_token = context.client_metadata().count(auth::kAuthorizationMetadataKey) > 0;
  if (!has_token) {
    const bool person = caller == "cli" || caller == "gateway";
    if (person && options_.require_login) {
      return Refuse(caller, "", method,
                    absl::UnauthenticatedError(absl::StrCat("no token; ", auth::kLoginHint)));
    }
    return absl::OkStatus();  // a service on its own, or anonymous use allowed
  }
  auto bearer = auth::BearerToken(context);
  if (!bearer.ok()) return Refuse(caller, "", method, bearer.status());
  absl::StatusOr<v1::Token> token = absl::UnauthenticatedError("token verifier not loaded");
  {
    std::lock_guard lock(mu_);
    if (!verifier_) {
      auto loaded = auth::TokenVerifier::FromPublicKeyFile(options_.token_public_key);
      if (loaded.ok()) verifier_.emplace(*std::move(loaded));
    }
    if (verifier_) token = verifier_->Verify(*bearer, absl::ToUnixSeconds(options_.now()));
  }
  if (!token.ok()) {
    return Refuse(
        caller, "", method,
        absl::UnauthenticatedError(absl::StrCat(token.status().message(), "; ", auth::kLoginHint)));
  }
  if (options_.revocation != nullptr) {
    absl::StatusOr<bool> revoked = options_.revocation->IsRevoked(token->token_id());
    if (!revoked.ok()) return Refuse(caller, token->user(), method, revoked.status());
    if (*revoked) {
      return Refuse(caller, token->user(), method,
                    absl::UnauthenticatedError(
                        absl::StrCat("token was revoked (logged out); ", auth::kLoginHint)));
    }
  }
  const std::vector<domain::AccessGrant> grants = AccessGrants(*token);
  const domain::Date today = domain::ToVietnamDate(absl::ToUnixSeconds(options_.now()));
  absl::Status allowed = options_.policy->Check(grants, method, units, today, *options_.directory);
  if (!allowed.ok()) return Refuse(caller, token->user(), method, std::move(allowed));
  return absl::OkStatus();
}

std::vector<domain::AccessGrant> AccessGrants(const v1::Token& token) {
  std::vector<domain::AccessGrant> grants;
  for (const auto& grant : token.grants()) {
    grants.push_back({.role = grant.role(),
                      .unit = grant.unit(),
                      .include_subtree = grant.include_subtree(),
                      .valid_from = DateOrNone(grant.valid_from()),
                      .valid_to = DateOrNone(grant.valid_to())});
  }
  return grants;
}

}  // namespace civicase::common
