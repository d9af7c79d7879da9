#pragma once

// The deadlines service: computes statutory clocks with the domain's StatutoryClock and records
// them in cases' histories through the store; lists what is due or overdue; publishes official
// year tables of the working calendar. Thin adapter: the rules live in the domain library and in
// clock_triggers / due_scan; the store is the only place state is kept, apart from the published
// tables (state_files.h).

#include <grpcpp/channel.h>

#include <memory>
#include <mutex>
#include <string>

#include "civicase/v1/deadlines.grpc.pb.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/common/user_authorizer.h"
#include "services/deadlines/clock_holder.h"
#include "services/domain/competence/directory.h"

namespace civicase::deadlines {

class DeadlinesService final : public v1::Deadlines::CallbackService {
 public:
  // `clocks` and `directory` are borrowed and must outlive the service. Published tables are
  // kept in `calendar_folder` (<home>/data/deadlines/calendar).
  DeadlinesService(ClockHolder& clocks, const domain::Directory& directory,
                   std::shared_ptr<grpc::Channel> store, std::string calendar_folder)
      : clocks_(clocks),
        directory_(directory),
        store_(v1::CaseStore::NewStub(std::move(store))),
        calendar_folder_(std::move(calendar_folder)) {}
  // Checks people's calls against the access policy before acting (borrowed; null = not
  // checked, for tests of the adapter alone). Set before serving.
  void set_user_authorizer(common::UserAuthorizer* authorizer) { authorizer_ = authorizer; }

  grpc::ServerUnaryReactor* StartClock(grpc::CallbackServerContext* context,
                                       const v1::StartClockRequest* request,
                                       v1::DueDate* response) override;
  grpc::ServerUnaryReactor* ComputeDueDate(grpc::CallbackServerContext* context,
                                           const v1::ComputeDueDateRequest* request,
                                           v1::DueDate* response) override;
  grpc::ServerUnaryReactor* ListDue(grpc::CallbackServerContext* context,
                                    const v1::ListDueRequest* request,
                                    v1::ListDueResponse* response) override;
  grpc::ServerUnaryReactor* PublishCalendar(grpc::CallbackServerContext* context,
                                            const v1::PublishCalendarRequest* request,
                                            v1::PublishCalendarResponse* response) override;

 private:
  common::UserAuthorizer* authorizer_ = nullptr;
  ClockHolder& clocks_;
  const domain::Directory& directory_;
  std::unique_ptr<v1::CaseStore::Stub> store_;
  std::string calendar_folder_;
  std::mutex publish_mu_;  // one publication at a time
};

}  // namespace civicase::deadlines
