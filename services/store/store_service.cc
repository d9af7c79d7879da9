#include "services/store/store_service.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/auth/token_metadata.h"
#include "services/common/peer_policy.h"
#include "services/common/status.h"
#include "services/common/user_authorizer.h"
#include "services/store/redaction.h"

namespace civicase::store {
namespace {

using common::CallingService;
using common::ToGrpcStatus;

// The request with the verified caller written into its context (the audit trail records the
// verified user, never a claimed one).
template <typename Request>
Request Stamped(const grpc::CallbackServerContext& context, const Request& request,
                const Principal& principal = {}) {
  Request copy = request;
  copy.mutable_context()->set_calling_service(CallingService(context));
  if (principal.is_user()) {
    copy.mutable_context()->set_user(principal.user);
    std::string roles;
    for (const auto& grant : principal.grants) {
      absl::StrAppend(&roles, roles.empty() ? "" : ",", grant.role, "@", grant.unit);
    }
    copy.mutable_context()->set_role(roles);
  }
  return copy;
}

// Finishes `reactor` with the result, moved into `response` without the store's internals.
template <typename T>
auto Answer(grpc::ServerUnaryReactor* reactor, T* response) {
  return [reactor, response](absl::StatusOr<T> result) mutable {
    if (result.ok()) {
      *response = *std::move(result);
      RedactStoreInternals(*response);
    }
    reactor->Finish(ToGrpcStatus(result.status()));
  };
}

// Streams the change feed: replays committed events from the requested sequence, then waits for
// new ones. One thread per open feed (feeds are few: one per consuming service).
class FeedWriter final : public grpc::ServerWriteReactor<v1::CaseEvent> {
 public:
  FeedWriter(CaseStore& store, grpc::CallbackServerContext* context, v1::WatchEventsRequest request)
      : store_(store) {
    request.mutable_context()->set_calling_service(CallingService(*context));
    store_.OpenFeed(std::move(request), [this](absl::StatusOr<int64_t> from) {
      if (!from.ok()) {
        Finish(ToGrpcStatus(from.status()));
        return;
      }
      std::thread([this, next = *from] { Pump(next); }).detach();
    });
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    write_ok_ = ok;
    writing_ = false;
    cv_.notify_all();
  }
  void OnCancel() override {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }
  void OnDone() override { delete this; }

 private:
  bool Cancelled() {
    std::lock_guard lock(mu_);
    return cancelled_;
  }

  // Runs on its own thread; its last act is Finish, after which it never touches `this`.
  void Pump(int64_t next) {
    while (!Cancelled()) {
      auto events = store_.ReadEvents(next, 64);
      if (!events.ok()) {
        Finish(ToGrpcStatus(events.status()));
        return;
      }
      if (events->empty()) {
        store_.WaitForSequence(next, absl::Milliseconds(500));
        continue;
      }
      for (auto& event : *events) {
        RedactStoreInternals(event);
        std::unique_lock lock(mu_);
        writing_ = true;
        StartWrite(&event);
        cv_.wait(lock, [&] { return !writing_ || cancelled_; });
        if (cancelled_ || !write_ok_) {
          // OnWriteDone may still be pending; wait for it before finishing.
          cv_.wait(lock, [&] { return !writing_; });
          lock.unlock();
          Finish(grpc::Status::CANCELLED);
          return;
        }
        next = event.sequence() + 1;
      }
    }
    Finish(grpc::Status::CANCELLED);
  }

  CaseStore& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool writing_ = false;
  bool write_ok_ = true;
  bool cancelled_ = false;
};

// A change feed refused before it started (the caller may not follow the feed).
class RefusedFeed final : public grpc::ServerWriteReactor<v1::CaseEvent> {
 public:
  explicit RefusedFeed(const absl::Status& refusal) { Finish(ToGrpcStatus(refusal)); }
  void OnDone() override { delete this; }
};

}  // namespace

absl::StatusOr<Principal> StoreService::Authenticate(const grpc::CallbackServerContext& context,
                                                     const std::string& method) {
  const std::string caller = CallingService(context);
  const std::string full_method = StoreMethod(method);
  auto refuse = [&](absl::Status status, std::string user = "") {
    store_.RecordDenied(caller, full_method, status, std::move(user));
    return status;
  };
  auto bearer = auth::BearerToken(context);
  if (!bearer.ok()) {
    const bool person = caller == "cli" || caller == "gateway";
    if (person && options_.require_login) return refuse(bearer.status());
    if (context.client_metadata().count(auth::kAuthorizationMetadataKey) == 0) return Principal{};
    return refuse(bearer.status());  // a malformed authorization header
  }
  absl::StatusOr<v1::Token> token = absl::UnauthenticatedError("token verifier not loaded");
  {
    std::lock_guard lock(verifier_mu_);
    if (!verifier_) {
      auto loaded = auth::TokenVerifier::FromPublicKeyFile(options_.token_public_key);
      if (loaded.ok()) verifier_.emplace(*std::move(loaded));
    }
    if (verifier_) token = verifier_->Verify(*bearer, absl::ToUnixSeconds(absl::Now()));
  }
  if (!token.ok()) {
    return refuse(
        absl::UnauthenticatedError(absl::StrCat(token.status().message(), "; ", auth::kLoginHint)));
  }
  if (options_.revocation != nullptr) {
    absl::StatusOr<bool> revoked = options_.revocation->IsRevoked(token->token_id());
    if (!revoked.ok()) return refuse(revoked.status(), token->user());
    if (*revoked) {
      return refuse(absl::UnauthenticatedError(
                        absl::StrCat("token was revoked (logged out); ", auth::kLoginHint)),
                    token->user());
    }
  }
  return Principal{.user = token->user(), .grants = common::AccessGrants(*token)};
}

absl::Status StoreService::Permit(const grpc::CallbackServerContext& context,
                                  const std::string& method) {
  auto principal = Authenticate(context, method);
  if (!principal.ok()) return principal.status();  // audited by Authenticate
  absl::Status allowed = store_.Authorize(*principal, method, {});
  if (!allowed.ok()) {
    store_.RecordDenied(CallingService(context), StoreMethod(method), allowed, principal->user);
  }
  return allowed;
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* StoreService::Serve(grpc::CallbackServerContext* context,
                                              const Request* request, Response* response,
                                              const char* method,
                                              StoreCall<Request, Response> call) {
  auto* reactor = context->DefaultReactor();
  auto principal = Authenticate(*context, method);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  (store_.*call)(Stamped(*context, *request, *principal), Answer(reactor, response), *principal);
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::CreateCase(grpc::CallbackServerContext* context,
                                                   const v1::CreateCaseRequest* request,
                                                   v1::CaseChange* response) {
  return Serve(context, request, response, "CreateCase", &CaseStore::CreateCase);
}

grpc::ServerUnaryReactor* StoreService::AppendEvent(grpc::CallbackServerContext* context,
                                                    const v1::AppendEventRequest* request,
                                                    v1::CaseChange* response) {
  return Serve(context, request, response, "AppendEvent", &CaseStore::AppendEvent);
}

grpc::ServerUnaryReactor* StoreService::GetCase(grpc::CallbackServerContext* context,
                                                const v1::GetCaseRequest* request,
                                                v1::Case* response) {
  return Serve(context, request, response, "GetCase", &CaseStore::GetCase);
}

grpc::ServerUnaryReactor* StoreService::GetHistory(grpc::CallbackServerContext* context,
                                                   const v1::GetCaseRequest* request,
                                                   v1::CaseHistory* response) {
  return Serve(context, request, response, "GetHistory", &CaseStore::GetHistory);
}

grpc::ServerUnaryReactor* StoreService::ListCases(grpc::CallbackServerContext* context,
                                                  const v1::ListCasesRequest* request,
                                                  v1::ListCasesResponse* response) {
  return Serve(context, request, response, "ListCases", &CaseStore::ListCases);
}

grpc::ServerWriteReactor<v1::CaseEvent>* StoreService::WatchEvents(
    grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) {
  if (absl::Status allowed = Permit(*context, "WatchEvents"); !allowed.ok()) {
    return new RefusedFeed(allowed);
  }
  return new FeedWriter(store_, context, *request);
}

grpc::ServerUnaryReactor* StoreService::VerifyAudit(grpc::CallbackServerContext* context,
                                                    const v1::VerifyAuditRequest* request,
                                                    v1::AuditVerifyReport* response) {
  auto* reactor = context->DefaultReactor();
  absl::Status allowed = Permit(*context, "VerifyAudit");
  if (!allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  auto report = store_.VerifyAudit();
  if (report.ok()) *response = *std::move(report);
  reactor->Finish(ToGrpcStatus(report.status()));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::ListAudit(grpc::CallbackServerContext* context,
                                                  const v1::ListAuditRequest* request,
                                                  v1::ListAuditResponse* response) {
  return Serve(context, request, response, "ListAudit", &CaseStore::ListAudit);
}

grpc::ServerUnaryReactor* StoreService::FindRelated(grpc::CallbackServerContext* context,
                                                    const v1::FindRelatedRequest* request,
                                                    v1::ListCasesResponse* response) {
  return Serve(context, request, response, "FindRelated", &CaseStore::FindRelated);
}

grpc::ServerUnaryReactor* StoreService::EraseIdentity(grpc::CallbackServerContext* context,
                                                      const v1::EraseIdentityRequest* request,
                                                      v1::CaseChange* response) {
  return Serve(context, request, response, "EraseIdentity", &CaseStore::EraseIdentity);
}

grpc::ServerUnaryReactor* StoreService::SaveCursor(grpc::CallbackServerContext* context,
                                                   const v1::Cursor* request,
                                                   v1::Cursor* response) {
  auto* reactor = context->DefaultReactor();
  if (absl::Status allowed = Permit(*context, "SaveCursor"); !allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  store_.SaveCursor(Stamped(*context, *request), Answer(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::GetCursor(grpc::CallbackServerContext* context,
                                                  const v1::Cursor* request, v1::Cursor* response) {
  auto* reactor = context->DefaultReactor();
  if (absl::Status allowed = Permit(*context, "GetCursor"); !allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  auto cursor = store_.GetCursor(*request);
  if (cursor.ok()) *response = *std::move(cursor);
  reactor->Finish(ToGrpcStatus(cursor.status()));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::Backup(grpc::CallbackServerContext* context,
                                               const v1::BackupRequest* request,
                                               v1::BackupResponse* response) {
  auto* reactor = context->DefaultReactor();
  absl::Status allowed = Permit(*context, "Backup");
  if (!allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  auto result = store_.Backup(*request);
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

grpc::ServerUnaryReactor* StoreService::RequestDisclosure(
    grpc::CallbackServerContext* context, const v1::RequestDisclosureRequest* request,
    v1::CaseChange* response) {
  return Serve(context, request, response, "RequestDisclosure", &CaseStore::RequestDisclosure);
}

grpc::ServerUnaryReactor* StoreService::DecideDisclosure(grpc::CallbackServerContext* context,
                                                         const v1::DecideDisclosureRequest* request,
                                                         v1::CaseChange* response) {
  return Serve(context, request, response, "DecideDisclosure", &CaseStore::DecideDisclosure);
}

grpc::ServerUnaryReactor* StoreService::RevealIdentity(grpc::CallbackServerContext* context,
                                                       const v1::RevealIdentityRequest* request,
                                                       v1::RevealIdentityResponse* response) {
  return Serve(context, request, response, "RevealIdentity", &CaseStore::RevealIdentity);
}

grpc::ServerUnaryReactor* StoreService::ListDisclosures(grpc::CallbackServerContext* context,
                                                        const v1::ListDisclosuresRequest* request,
                                                        v1::ListDisclosuresResponse* response) {
  return Serve(context, request, response, "ListDisclosures", &CaseStore::ListDisclosures);
}

// ---- Duplicates: merge / unmerge. ----

grpc::ServerUnaryReactor* StoreService::MergeCases(grpc::CallbackServerContext* context,
                                                   const v1::MergeCasesRequest* request,
                                                   v1::MergeCasesResponse* response) {
  return Serve(context, request, response, "MergeCases", &CaseStore::MergeCases);
}

// ---- Reception register. ----

grpc::ServerUnaryReactor* StoreService::RecordVisit(grpc::CallbackServerContext* context,
                                                    const v1::RecordVisitRequest* request,
                                                    v1::RecordVisitResponse* response) {
  return Serve(context, request, response, "RecordVisit", &CaseStore::RecordVisit);
}

grpc::ServerUnaryReactor* StoreService::ListVisits(grpc::CallbackServerContext* context,
                                                   const v1::ListVisitsRequest* request,
                                                   v1::ListVisitsResponse* response) {
  return Serve(context, request, response, "ListVisits", &CaseStore::ListVisits);
}

grpc::ServerUnaryReactor* StoreService::ListVoterMeetings(
    grpc::CallbackServerContext* context, const v1::ListVoterMeetingsRequest* request,
    v1::ListVoterMeetingsResponse* response) {
  return Serve(context, request, response, "ListVoterMeetings", &CaseStore::ListVoterMeetings);
}

// ---- Refusals by services. ----

grpc::ServerUnaryReactor* StoreService::RecordRefusal(grpc::CallbackServerContext* context,
                                                      const v1::RecordRefusalRequest* request,
                                                      v1::RecordRefusalResponse* response) {
  auto* reactor = context->DefaultReactor();
  if (context->client_metadata().count(auth::kAuthorizationMetadataKey) > 0) {
    reactor->Finish(ToGrpcStatus(
        absl::PermissionDeniedError("RecordRefusal: for services acting on their own")));
    return reactor;
  }
  const auto code = static_cast<absl::StatusCode>(request->code());
  if (code == absl::StatusCode::kOk || request->method().empty()) {
    reactor->Finish(
        ToGrpcStatus(absl::InvalidArgumentError("code, method: a refusal is required")));
    return reactor;
  }
  store_.RecordDenied(CallingService(*context), request->method(),
                      absl::Status(code, request->reason().substr(0, 200)), request->user());
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

// ---- Several cases from one intake. ----

grpc::ServerUnaryReactor* StoreService::CreateCases(grpc::CallbackServerContext* context,
                                                    const v1::CreateCasesRequest* request,
                                                    v1::CreateCasesResponse* response) {
  return Serve(context, request, response, "CreateCases", &CaseStore::CreateCases);
}

grpc::ServerUnaryReactor* StoreService::RecordVoterMeeting(
    grpc::CallbackServerContext* context, const v1::RecordVoterMeetingRequest* request,
    v1::RecordVoterMeetingResponse* response) {
  return Serve(context, request, response, "RecordVoterMeeting", &CaseStore::RecordVoterMeeting);
}

}  // namespace civicase::store
