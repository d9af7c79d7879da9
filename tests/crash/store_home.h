#pragma once

// What the crash, tamper, secrecy and bad-input tests share: a store "home" on disk laid out as
// the civicase-store binary lays it out (services/store/main.cc), opened the way the binary
// opens it (RocksKv + FileMasterKeyProvider + Ed25519Signer), and small helpers to call the
// callback API synchronously and to build valid registrations.
//
//   <home>/store              RocksDB data folder
//   <home>/master.key         master key file (created if missing)
//   <home>/audit-signing.key  audit checkpoint signing key (created if missing)
//
// Thread safety: StoreHome is used like the store it holds (its CaseStore is thread-safe).

#include <future>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "civicase/v1/store.pb.h"
#include "services/store/case_store.h"
#include "services/store/identity_sealer.h"
#include "storage/audit/checkpoint.h"
#include "storage/audit/ed25519.h"
#include "storage/base/status_macros.h"
#include "storage/crypto/file_master_key_provider.h"
#include "storage/kv/rocksdb_kv.h"

namespace civicase::store::testing {

inline std::string StoreDir(const std::string& home) { return home + "/store"; }
inline std::string MasterKeyPath(const std::string& home) { return home + "/master.key"; }
inline std::string SigningKeyPath(const std::string& home) { return home + "/audit-signing.key"; }

// An open store and everything it borrows. Members are destroyed in reverse order: the
// CaseStore (which finishes queued commands) before the Kv it writes to.
struct StoreHome {
  std::unique_ptr<storage::FileMasterKeyProvider> master_keys;
  std::unique_ptr<storage::Ed25519Signer> signer;
  std::unique_ptr<IdentitySealer> sealer;
  std::unique_ptr<storage::Kv> kv;
  std::unique_ptr<CaseStore> store;

  // Closes the store, then the database (releasing the RocksDB LOCK).
  void Close() {
    store.reset();
    kv.reset();
  }
};

// Starts the CaseStore on the keys and Kv already open in `home`.
[[nodiscard]] inline absl::Status OpenCaseStore(StoreHome& home,
                                                storage::CheckpointPolicy policy = {}) {
  CaseStoreOptions options;
  options.kv = home.kv.get();
  options.sealer = home.sealer.get();
  options.signer = home.signer.get();
  options.checkpoint_policy = policy;
  ASSIGN_OR_RETURN(home.store, CaseStore::Open(std::move(options)));
  return absl::OkStatus();
}

// Opens (creating keys and database if missing) the store at `home`. With `open_case_store`
// false only the keys and the Kv are opened, so a test can inspect the columns first and then
// call OpenCaseStore.
[[nodiscard]] inline absl::StatusOr<std::unique_ptr<StoreHome>> OpenStoreHome(
    const std::string& home, storage::CheckpointPolicy policy = {}, bool open_case_store = true) {
  auto out = std::make_unique<StoreHome>();
  if (absl::Status s = storage::FileMasterKeyProvider::CreateKeyFile(MasterKeyPath(home));
      !s.ok() && !absl::IsAlreadyExists(s)) {
    return s;
  }
  ASSIGN_OR_RETURN(out->master_keys, storage::FileMasterKeyProvider::Open(MasterKeyPath(home)));
  ASSIGN_OR_RETURN(out->signer, storage::Ed25519Signer::LoadOrCreate(SigningKeyPath(home)));
  out->sealer = std::make_unique<IdentitySealer>(*out->master_keys);
  ASSIGN_OR_RETURN(out->kv, storage::RocksKv::Open({.path = StoreDir(home)}));
  if (open_case_store) RETURN_IF_ERROR(OpenCaseStore(*out, policy));
  return out;
}

// Calls one CaseStore method and returns a future of its answer:
//   auto f = Call<v1::Case>([&](auto done) { store.GetCase(request, std::move(done)); });
template <typename T, typename Start>
std::future<absl::StatusOr<T>> Call(Start start) {
  std::promise<absl::StatusOr<T>> promise;
  std::future<absl::StatusOr<T>> future = promise.get_future();
  start(CaseStore::Done<T>([promise = std::move(promise)](absl::StatusOr<T> result) mutable {
    promise.set_value(std::move(result));
  }));
  return future;
}

// Calls one CaseStore method and waits for its answer.
template <typename T, typename Start>
absl::StatusOr<T> Await(Start start) {
  return Call<T>(std::move(start)).get();
}

inline v1::RequestContext TestContext(std::string user = "crash.tester") {
  v1::RequestContext context;
  context.set_user(std::move(user));
  context.set_role("reception_clerk");
  context.set_unit("hanoi.dongda.pc");
  context.set_purpose("register a letter");
  context.set_calling_service("civicase-test");
  return context;
}

// A registration that ValidateRegistration accepts.
inline v1::Registration ValidRegistration(v1::CaseKind kind, std::string summary,
                                          std::string filer_name = "Nguyễn Văn An",
                                          std::string id_number = "001090012345") {
  v1::Registration r;
  r.set_kind(kind);
  r.set_channel(v1::IN_PERSON);
  r.set_receiving_unit("hanoi.dongda.pc");
  r.set_received_date("2026-03-02");
  v1::Person* filer = r.add_filers();
  filer->set_full_name(std::move(filer_name));
  filer->set_id_number(std::move(id_number));
  r.mutable_respondent()->set_description("Chủ tịch UBND phường");
  r.mutable_respondent()->set_unit("hanoi.dongda.pc");
  r.mutable_respondent()->set_position("head");
  r.set_summary(std::move(summary));
  r.set_sector("land");
  r.set_language("vi");
  return r;
}

inline v1::CreateCaseRequest CreateRequest(v1::Registration registration,
                                           std::string idempotency_key = "") {
  v1::CreateCaseRequest request;
  *request.mutable_context() = TestContext();
  *request.mutable_registration() = std::move(registration);
  request.set_idempotency_key(std::move(idempotency_key));
  return request;
}

inline v1::GetCaseRequest GetRequest(std::string case_ref) {
  v1::GetCaseRequest request;
  *request.mutable_context() = TestContext();
  request.set_case_ref(std::move(case_ref));
  return request;
}

// RECEIVED -> PROCESSING, the first step of letter processing.
inline v1::CaseEvent StartProcessingEvent() {
  v1::CaseEvent event;
  auto* change = event.mutable_state_changed();
  change->set_from(v1::RECEIVED);
  change->set_to(v1::PROCESSING);
  change->set_action("register");  // the lifecycle action RECEIVED -> PROCESSING
  return event;
}

inline v1::CaseEvent DeadlineSetEvent(std::string due_date) {
  v1::CaseEvent event;
  auto* due = event.mutable_deadline_set()->mutable_due();
  due->set_rule_id("complaint.acceptance");
  due->set_rule_version(1);
  due->set_start_date("2026-03-02");
  due->set_due_date(std::move(due_date));
  due->set_unit("working_days");
  due->set_length(10);
  event.mutable_deadline_set()->set_reason("registered");
  return event;
}

inline v1::AppendEventRequest AppendRequest(std::string case_ref, int64_t expected_version,
                                            v1::CaseEvent event, std::string idempotency_key = "") {
  v1::AppendEventRequest request;
  *request.mutable_context() = TestContext();
  request.set_case_ref(std::move(case_ref));
  request.set_expected_version(expected_version);
  *request.mutable_event() = std::move(event);
  request.set_idempotency_key(std::move(idempotency_key));
  return request;
}

}  // namespace civicase::store::testing
