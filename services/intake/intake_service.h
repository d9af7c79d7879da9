#pragma once

// The intake service: the reception desk's entry point. Validates a registration (domain rules),
// checks the receiving unit against the directory, has the store persist the case, asks routing
// for the competent body and deadlines for the first statutory clock, and returns a receipt that
// lists the cases already registered for the same filer or matter (possible duplicates).
// Thin adapter: the rules live in services/domain.

#include <grpcpp/channel.h>

#include <memory>

#include "civicase/v1/deadlines.grpc.pb.h"
#include "civicase/v1/intake.grpc.pb.h"
#include "civicase/v1/routing.grpc.pb.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/common/user_authorizer.h"
#include "services/domain/competence/directory.h"

namespace civicase::intake {

struct IntakeChannels {
  std::shared_ptr<grpc::Channel> store;
  std::shared_ptr<grpc::Channel> routing;
  std::shared_ptr<grpc::Channel> deadlines;
};

class IntakeService final : public v1::Intake::CallbackService {
 public:
  // `directory` is borrowed and must outlive the service.
  IntakeService(const domain::Directory& directory, const IntakeChannels& channels);
  // Checks people's calls against the access policy before acting (borrowed; null = not
  // checked, for tests of the adapter alone). Set before serving.
  void set_user_authorizer(common::UserAuthorizer* authorizer) { authorizer_ = authorizer; }

  grpc::ServerUnaryReactor* RegisterCase(grpc::CallbackServerContext* context,
                                         const v1::RegisterCaseRequest* request,
                                         v1::Receipt* response) override;
  grpc::ServerUnaryReactor* RegisterVisit(grpc::CallbackServerContext* context,
                                          const v1::RegisterVisitRequest* request,
                                          v1::RegisterVisitResponse* response) override;
  grpc::ServerUnaryReactor* ListVisits(grpc::CallbackServerContext* context,
                                       const v1::ListVisitsRequest* request,
                                       v1::ListVisitsResponse* response) override;
  grpc::ServerUnaryReactor* RegisterVoterMeeting(
      grpc::CallbackServerContext* context, const v1::RegisterVoterMeetingRequest* request,
      v1::RegisterVoterMeetingResponse* response) override;
  grpc::ServerUnaryReactor* ListVoterMeetings(grpc::CallbackServerContext* context,
                                              const v1::ListVoterMeetingsRequest* request,
                                              v1::ListVoterMeetingsResponse* response) override;

 private:
  // Cases already on file for the registration's filer or matter (empty if the lookup fails).
  v1::ListCasesResponse FindRelated(const grpc::CallbackServerContext& context,
                                    const v1::RequestContext& caller,
                                    const v1::Registration& registration);
  // Fills `receipt` for a case just created from `registration` (as registered), then asks
  // routing for the competent body and deadlines for the first clock (failures of those are
  // logged: they can be redone).
  void FinishReceipt(const grpc::CallbackServerContext& context, const v1::CaseChange& created,
                     const v1::Registration& registration, const v1::ListCasesResponse& related,
                     v1::Receipt* receipt);
  // A letter with mixed content: one case per content, registered together as siblings; the
  // first content's receipt in `receipt`, the others' in its split_receipts.
  absl::Status RegisterSplit(const grpc::CallbackServerContext& context,
                             const v1::RegisterCaseRequest& request, v1::Receipt* receipt);
  // OK when no authorizer is set or the caller's token lets them call `method` (the access
  // policy's "Intake.*" entries) on cases at `unit`; the refusal is audited by the authorizer.
  absl::Status Authorize(const grpc::CallbackServerContext& context, const std::string& method,
                         const std::string& unit) const;
  // INVALID_ARGUMENT naming `field` unless `unit` is in the directory on `date` (empty = today).
  // REQUIRES: `date` is empty or a valid date.
  absl::Status CheckUnit(const std::string& field, const std::string& unit,
                         const std::string& date) const;

  const domain::Directory& directory_;
  common::UserAuthorizer* authorizer_ = nullptr;
  std::unique_ptr<v1::CaseStore::Stub> store_;
  std::unique_ptr<v1::Routing::Stub> routing_;
  std::unique_ptr<v1::Deadlines::Stub> deadlines_;
};

}  // namespace civicase::intake
