#include "services/deadlines/deadline_writer.h"

#include <chrono>

#include "services/common/status.h"

namespace civicase::deadlines {
namespace {

constexpr int kMaxVersionRetries = 8;
constexpr auto kCallTimeout = std::chrono::seconds(10);

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  return context;
}

}  // namespace

v1::RequestContext SystemContext(const std::string& purpose) {
  v1::RequestContext context;
  context.set_user("system");
  context.set_role("deadlines");
  context.set_purpose(purpose);
  return context;
}

absl::StatusOr<std::vector<v1::Case>> ListCasesAt(v1::CaseStore::StubInterface& store,
                                                  const v1::RequestContext& context,
                                                  const std::string& unit) {
  std::vector<v1::Case> cases;
  v1::ListCasesRequest list;
  *list.mutable_context() = context;
  list.set_unit(unit);
  list.mutable_page()->set_page_size(500);
  do {
    v1::ListCasesResponse page;
    if (auto s = store.ListCases(Call().get(), list, &page); !s.ok()) {
      return common::ToAbslStatus(s);
    }
    for (auto& c : *page.mutable_cases()) cases.push_back(std::move(c));
    list.mutable_page()->set_page_token(page.next_page_token());
  } while (!list.page().page_token().empty());
  return cases;
}

absl::StatusOr<WriteOutcome> RecordDeadline(v1::CaseStore::StubInterface& store,
                                            const v1::RequestContext& context,
                                            const std::string& case_ref, const std::string& key,
                                            const DeadlineBuilder& build) {
  for (int attempt = 0; attempt < kMaxVersionRetries; ++attempt) {
    v1::GetCaseRequest get;
    *get.mutable_context() = context;
    get.set_case_ref(case_ref);
    v1::Case snapshot;
    if (auto s = store.GetCase(Call().get(), get, &snapshot); !s.ok()) {
      return common::ToAbslStatus(s);
    }
    std::optional<v1::DeadlineSet> set = build(snapshot);
    if (!set) return WriteOutcome::kNothingToWrite;
    v1::AppendEventRequest append;
    *append.mutable_context() = context;
    append.set_case_ref(snapshot.case_id());
    append.set_expected_version(snapshot.version());
    append.set_idempotency_key(key);
    *append.mutable_event()->mutable_deadline_set() = *std::move(set);
    v1::CaseChange change;
    grpc::Status s = store.AppendEvent(Call().get(), append, &change);
    if (s.ok()) {
      // The store answers a retry of the same request with the first result: written before
      // unless this call made the event.
      return change.event().version() == snapshot.version() + 1 ? WriteOutcome::kWritten
                                                                : WriteOutcome::kAlreadyWritten;
    }
    if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) return WriteOutcome::kAlreadyWritten;
    if (s.error_code() == grpc::StatusCode::ABORTED) continue;  // the case moved: rebuild
    return common::ToAbslStatus(s);
  }
  return absl::AbortedError("the case kept changing; try again");
}

}  // namespace civicase::deadlines
