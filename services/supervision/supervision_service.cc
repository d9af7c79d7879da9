#include "services/supervision/supervision_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/clients.h"
#include "services/common/status.h"
#include "services/supervision/backlog.h"

namespace civicase::supervision {

using common::ChildContext;
using common::ToAbslStatus;
using common::ToGrpcStatus;

grpc::ServerUnaryReactor* SupervisionService::GetBacklog(grpc::CallbackServerContext* context,
                                                         const v1::GetBacklogRequest* request,
                                                         v1::Backlog* response) {
  auto* reactor = context->DefaultReactor();
  auto run = [&]() -> absl::Status {
    domain::Date as_of = domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now()));
    if (!request->as_of().empty()) {
      auto parsed = domain::Date::Parse(request->as_of());
      if (!parsed) return absl::InvalidArgumentError("as_of: not a YYYY-MM-DD date");
      as_of = *parsed;
    }
    if (request->unit().empty()) return absl::InvalidArgumentError("unit: required");
    auto unit = directory_.FindValid(request->unit(), as_of);
    if (!unit.ok())
      return absl::InvalidArgumentError(absl::StrCat("unit: ", unit.status().message()));
    std::vector<const domain::Unit*> units = {*unit};
    if (request->include_subtree()) units = directory_.SubtreeOf(request->unit(), as_of);
    if (authorizer_ != nullptr) {
      std::vector<std::string> codes;
      for (const domain::Unit* u : units) codes.push_back(u->code);
      if (auto s = authorizer_->Check(*context, "Supervision.GetBacklog", codes); !s.ok()) return s;
    }

    std::vector<v1::Case> cases;
    for (const domain::Unit* u : units) {
      v1::ListCasesRequest list;
      *list.mutable_context() = request->context();
      list.set_unit(u->code);
      list.mutable_page()->set_page_size(500);
      do {
        v1::ListCasesResponse page;
        if (auto s = store_->ListCases(ChildContext(*context).get(), list, &page); !s.ok()) {
          return ToAbslStatus(s);
        }
        for (auto& c : *page.mutable_cases()) cases.push_back(std::move(c));
        list.mutable_page()->set_page_token(page.next_page_token());
      } while (!list.page().page_token().empty());
    }
    if (request->long_pending_days() < 0 || request->long_overdue_days() < 0) {
      return absl::InvalidArgumentError("long_pending_days, long_overdue_days: must be >= 0");
    }
    BacklogOptions options{.as_of = as_of, .overdue_only = request->overdue_only()};
    if (request->long_pending_days() > 0) options.long_pending_days = request->long_pending_days();
    if (request->long_overdue_days() > 0) options.long_overdue_days = request->long_overdue_days();
    *response = BuildBacklog(cases, options);
    return absl::OkStatus();
  };
  reactor->Finish(ToGrpcStatus(run()));
  return reactor;
}

}  // namespace civicase::supervision
