#pragma once

// The gRPC face of CaseStore (callback API). Thin: stamps the calling service into the request
// context, hands the call to the CaseStore and answers when the store does. Handlers never block
// on an fsync: the store answers from its committer thread once the write is durable.

#include "civicase/v1/store.grpc.pb.h"
#include "services/store/case_store.h"

namespace civicase::store {

class StoreService final : public v1::CaseStore::CallbackService {
 public:
  // `store` is borrowed and must outlive the service.
  explicit StoreService(CaseStore& store) : store_(store) {}

  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* context,
                                       const v1::CreateCaseRequest* request,
                                       v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* AppendEvent(grpc::CallbackServerContext* context,
                                        const v1::AppendEventRequest* request,
                                        v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request,
                                    v1::Case* response) override;
  grpc::ServerUnaryReactor* GetHistory(grpc::CallbackServerContext* context,
                                       const v1::GetCaseRequest* request,
                                       v1::CaseHistory* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;
  grpc::ServerWriteReactor<v1::CaseEvent>* WatchEvents(
      grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) override;
  grpc::ServerUnaryReactor* VerifyAudit(grpc::CallbackServerContext* context,
                                        const v1::VerifyAuditRequest* request,
                                        v1::AuditVerifyReport* response) override;
  grpc::ServerUnaryReactor* ListAudit(grpc::CallbackServerContext* context,
                                      const v1::ListAuditRequest* request,
                                      v1::ListAuditResponse* response) override;
  grpc::ServerUnaryReactor* FindRelated(grpc::CallbackServerContext* context,
                                        const v1::FindRelatedRequest* request,
                                        v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* EraseIdentity(grpc::CallbackServerContext* context,
                                          const v1::EraseIdentityRequest* request,
                                          v1::CaseChange* response) override;
  grpc::ServerUnaryReactor* SaveCursor(grpc::CallbackServerContext* context,
                                       const v1::Cursor* request, v1::Cursor* response) override;
  grpc::ServerUnaryReactor* GetCursor(grpc::CallbackServerContext* context,
                                      const v1::Cursor* request, v1::Cursor* response) override;
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;

 private:
  CaseStore& store_;
};

}  // namespace civicase::store
