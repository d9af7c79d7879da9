#pragma once

// The gRPC face of CaseStore (callback API). Thin: stamps the calling service into the request
// context, hands the call to the CaseStore and answers when the store does. Handlers never block
// on an fsync: the store answers from its committer thread once the write is durable.

#include <mutex>
#include <optional>

#include "civicase/v1/store.grpc.pb.h"
#include "services/auth/token.h"
#include "services/common/token_revocation.h"
#include "services/store/case_store.h"

namespace civicase::store {

struct StoreServiceOptions {
  // The auth service's token public key (written by it at start; loaded on first use).
  // Default: empty, meaning tokens cannot be verified and calls carrying one are refused.
  std::string token_public_key;
  // Refuse calls from people (the CLI, the gateway) that carry no valid token. Services acting
  // on their own (deadlines following the feed) need none: the peer policy governs them.
  // Default: true (main's --allow-anonymous turns it off for local experiments).
  bool require_login = true;
  // Asks the auth service whether a token was revoked by a logout (answers cached briefly; see
  // token_revocation.h). Borrowed. Default: null, meaning revocation is not checked (the store
  // was started without --auth).
  common::RevocationCache* revocation = nullptr;
};

class StoreService final : public v1::CaseStore::CallbackService {
 public:
  // `store` is borrowed and must outlive the service.
  explicit StoreService(CaseStore& store, StoreServiceOptions options = {})
      : store_(store), options_(std::move(options)) {}

  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* context,
                                       const v1::CreateCaseRequest* request,
                                       v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* AppendEvent(grpc::CallbackServerContext* context,
                                        const v1::AppendEventRequest* request,
                                        v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* GetHistory(grpc::CallbackServerContext* context,
                                       const v1::GetCaseRequest* request,
                                       v1::CaseHistory* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* FindRelated(grpc::CallbackServerContext* context,
                                        const v1::FindRelatedRequest* request,
                                        v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* EraseIdentity(grpc::CallbackServerContext* context,
                                          const v1::EraseIdentityRequest* request,
                                          v1::CaseChange* response) override;
  grpc::ServerWriteReactor<v1::CaseEvent>* WatchEvents(
      grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) override;
  grpc::ServerUnaryReactor* VerifyAudit(grpc::CallbackServerContext* context,
                                        const v1::VerifyAuditRequest* request,
                                        v1::AuditVerifyReport* response) override;
  grpc::ServerUnaryReactor* ListAudit(grpc::CallbackServerContext* context,
                                      const v1::ListAuditRequest* request,
                                      v1::ListAuditResponse* response) override;
  grpc::ServerUnaryReactor* SaveCursor(grpc::CallbackServerContext* context,
                                       const v1::Cursor* request, v1::Cursor* response) override;
  grpc::ServerUnaryReactor* GetCursor(grpc::CallbackServerContext* context,
                                      const v1::Cursor* request, v1::Cursor* response) override;
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;
  // Identity disclosure.
  grpc::ServerUnaryReactor* RequestDisclosure(grpc::CallbackServerContext* context,
                                              const v1::RequestDisclosureRequest* request,
                                              v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* DecideDisclosure(grpc::CallbackServerContext* context,
                                             const v1::DecideDisclosureRequest* request,
                                             v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* RevealIdentity(grpc::CallbackServerContext* context,
                                           const v1::RevealIdentityRequest* request,
                                           v1::RevealIdentityResponse* response) override;
  grpc::ServerUnaryReactor* ListDisclosures(grpc::CallbackServerContext* context,
                                            const v1::ListDisclosuresRequest* request,
                                            v1::ListDisclosuresResponse* response) override;
  grpc::ServerUnaryReactor* RecordRefusal(grpc::CallbackServerContext* context,
                                          const v1::RecordRefusalRequest* request,
                                          v1::RecordRefusalResponse* response) override;

  // ---- Duplicates: merge / unmerge. ----
  grpc::ServerUnaryReactor* MergeCases(grpc::CallbackServerContext* context,
                                       const v1::MergeCasesRequest* request,
                                       v1::MergeCasesResponse* response) override;

  // ---- Reception register. ----
  grpc::ServerUnaryReactor* RecordVisit(grpc::CallbackServerContext* context,
                                        const v1::RecordVisitRequest* request,
                                        v1::RecordVisitResponse* response) override;
  grpc::ServerUnaryReactor* ListVisits(grpc::CallbackServerContext* context,
                                       const v1::ListVisitsRequest* request,
                                       v1::ListVisitsResponse* response) override;
  grpc::ServerUnaryReactor* ListVoterMeetings(grpc::CallbackServerContext* context,
                                              const v1::ListVoterMeetingsRequest* request,
                                              v1::ListVoterMeetingsResponse* response) override;

  // ---- Several cases from one intake. ----
  grpc::ServerUnaryReactor* CreateCases(grpc::CallbackServerContext* context,
                                        const v1::CreateCasesRequest* request,
                                        v1::CreateCasesResponse* response) override;
  grpc::ServerUnaryReactor* RecordVoterMeeting(grpc::CallbackServerContext* context,
                                               const v1::RecordVoterMeetingRequest* request,
                                               v1::RecordVoterMeetingResponse* response) override;

 private:
  // The principal a call is made for, from its bearer token; UNAUTHENTICATED (audited) for a bad
  // token, or for a person's call without one when login is required.
  absl::StatusOr<Principal> Authenticate(const grpc::CallbackServerContext& context,
                                         const std::string& method);
  // For calls that touch no case (VerifyAudit, Backup, the change feed and its cursors):
  // authenticates and checks the role; refusals are audited.
  absl::Status Permit(const grpc::CallbackServerContext& context, const std::string& method);
  // Authenticates, then hands the call to `call` on the store.
  template <typename Request, typename Response>
  using StoreCall = void (CaseStore::*)(Request, CaseStore::Done<Response>, Principal);
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const Request* request,
                                  Response* response, const char* method,
                                  StoreCall<Request, Response> call);

  CaseStore& store_;
  StoreServiceOptions options_;
  std::mutex verifier_mu_;
  std::optional<auth::TokenVerifier> verifier_;  // guarded by verifier_mu_
};

}  // namespace civicase::store
