#include "services/store/case_store.h"

#include <openssl/rand.h>
#include <pthread.h>

#include <algorithm>
#include <future>
#include <memory>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/domain/case/case_aggregate.h"
#include "services/domain/case/registration_validation.h"
#include "services/domain/date.h"
#include "services/store/layout_upgrade.h"
#include "services/store/store_keys.h"
#include "storage/base/status_macros.h"
#include "storage/crypto/digest.h"
#include "storage/kv/key_encoding.h"

namespace civicase::store {
namespace {

using google::protobuf::util::TimeUtil;

constexpr size_t kMaxIdempotencyKeyBytes = 128;
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

google::protobuf::Timestamp ToProto(absl::Time t) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

std::string Deterministic(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

std::string TrackingPin() {
  unsigned char bytes[4];
  RAND_bytes(bytes, sizeof bytes);
  uint32_t v = (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
               bytes[3];
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06u", v % 1000000);
  return buf;
}

int PageSize(const v1::PageRequest& page) {
  if (page.page_size() <= 0) return kDefaultPageSize;
  return std::min(page.page_size(), kMaxPageSize);
}

// The index entries a snapshot owns: key -> value (indexes column).
std::map<std::string, std::string> IndexEntries(const v1::Case& c) {
  std::map<std::string, std::string> out;
  if (c.case_id().empty()) return out;
  const std::string state = v1::CaseState_Name(c.state());
  out[keys::Reference(c.reference())] = c.case_id();
  out[keys::UnitState(c.current_unit(), state, c.case_id())] = c.case_id();
  out[keys::State(state, c.case_id())] = c.case_id();
  for (const auto& filer_key : c.filer_keys()) {
    out[keys::Filer(filer_key, c.case_id())] = c.case_id();
  }
  if (!c.matter_key().empty()) out[keys::Matter(c.matter_key(), c.case_id())] = c.case_id();
  if (domain::IsOpen(c.state())) {
    for (const auto& clock : c.clocks()) {
      out[keys::Due(clock.due_date(), c.case_id(), clock.rule_id())] = c.case_id();
    }
  }
  return out;
}

[[nodiscard]] absl::Status CheckIdempotencyKey(const std::string& key) {
  if (key.size() > kMaxIdempotencyKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("idempotency_key: longer than ", kMaxIdempotencyKeyBytes, " bytes"));
  }
  return absl::OkStatus();
}

}  // namespace

// A queued call: runs on the committer thread, then is finished after its group is durable.
class CaseStore::Command {
 public:
  virtual ~Command() = default;
  // Runs the body; on OK its writes are in `txn`. `audit` is filled by the body.
  virtual absl::Status Run(CaseStore& store, Txn& txn, v1::AuditRecord& audit) = 0;
  // Answers the caller: `commit` is the group's write status.
  virtual void Finish(absl::Status commit) && = 0;
};

template <typename T>
class CaseStore::TypedCommand final : public CaseStore::Command {
 public:
  using Body = absl::AnyInvocable<absl::StatusOr<T>(CaseStore&, Txn&, v1::AuditRecord&)>;
  TypedCommand(Body body, Done<T> done) : body_(std::move(body)), done_(std::move(done)) {}

  absl::Status Run(CaseStore& store, Txn& txn, v1::AuditRecord& audit) override {
    result_ = body_(store, txn, audit);
    return result_.status();
  }
  void Finish(absl::Status commit) && override {
    if (!commit.ok()) {
      std::move(done_)(std::move(commit));
    } else {
      std::move(done_)(std::move(result_));
    }
  }

 private:
  Body body_;
  Done<T> done_;
  absl::StatusOr<T> result_ = absl::InternalError("command did not run");
};

absl::StatusOr<std::unique_ptr<CaseStore>> CaseStore::Open(CaseStoreOptions options) {
  if (options.kv == nullptr || options.sealer == nullptr || options.signer == nullptr) {
    return absl::InvalidArgumentError("CaseStoreOptions: kv, sealer and signer are required");
  }
  RETURN_IF_ERROR(UpgradeKeyLayout(*options.kv));
  ASSIGN_OR_RETURN(FilerIndex filer_index,
                   FilerIndex::LoadOrCreate(*options.kv, options.sealer->master_keys()));
  std::unique_ptr<CaseStore> store(new CaseStore(std::move(options), std::move(filer_index)));
  RETURN_IF_ERROR(store->LoadCounters());
  // Named for operators (top -H, perf): the store's three pipeline stages.
  store->committer_ = std::thread([s = store.get()] {
    pthread_setname_np(pthread_self(), "store-commit");
    s->CommitLoop();
  });
  store->syncer_ = std::thread([s = store.get()] {
    pthread_setname_np(pthread_self(), "store-sync");
    s->SyncLoop();
  });
  for (int i = 0; i < std::max(1, store->options_.answer_threads); ++i) {
    store->answerers_.emplace_back([s = store.get()] {
      pthread_setname_np(pthread_self(), "store-answer");
      s->AnswerLoop();
    });
  }
  return store;
}

CaseStore::CaseStore(CaseStoreOptions options, FilerIndex filer_index)
    : options_(std::move(options)),
      kv_(*options_.kv),
      audit_(*options_.signer, options_.checkpoint_policy),
      filer_index_(std::move(filer_index)) {}

CaseStore::~CaseStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  committed_cv_.notify_all();
  if (committer_.joinable()) committer_.join();
  {
    std::lock_guard lock(sync_mu_);
    syncs_done_ = true;
  }
  sync_cv_.notify_all();
  if (syncer_.joinable()) syncer_.join();
  {
    std::lock_guard lock(answer_mu_);
    answers_done_ = true;
  }
  answer_cv_.notify_all();
  for (std::thread& answerer : answerers_) answerer.join();
}

void CaseStore::AnswerLoop() {
  for (;;) {
    Answered answered;
    {
      std::unique_lock lock(answer_mu_);
      answer_cv_.wait(lock, [&] { return answers_done_ || !answers_.empty(); });
      if (answers_.empty()) return;
      answered = std::move(answers_.front());
      answers_.pop_front();
    }
    const absl::Time start = absl::Now();
    std::move(*answered.command).Finish(std::move(answered.commit));
    answering_ns_.fetch_add(absl::ToInt64Nanoseconds(absl::Now() - start),
                            std::memory_order_relaxed);
  }
}

PipelineStats CaseStore::pipeline_stats() const {
  return {.groups = groups_.load(std::memory_order_relaxed),
          .commands = commands_.load(std::memory_order_relaxed),
          .syncs = syncs_.load(std::memory_order_relaxed),
          .preparing = absl::Nanoseconds(preparing_ns_.load(std::memory_order_relaxed)),
          .applying = absl::Nanoseconds(applying_ns_.load(std::memory_order_relaxed)),
          .syncing = absl::Nanoseconds(syncing_ns_.load(std::memory_order_relaxed)),
          .answering = absl::Nanoseconds(answering_ns_.load(std::memory_order_relaxed))};
}

absl::Status CaseStore::LoadCounters() {
  auto bytes = kv_.Get(Column::kMeta, keys::kCounters);
  if (bytes.ok()) {
    if (!counters_.ParseFromString(*bytes)) {
      return absl::DataLossError("meta/counters does not parse: the store is damaged");
    }
  } else if (!absl::IsNotFound(bytes.status())) {
    return bytes.status();
  }
  committed_ = counters_;
  std::lock_guard lock(mu_);
  committed_sequence_ = static_cast<int64_t>(counters_.last_sequence());
  return absl::OkStatus();
}

void CaseStore::Submit(std::unique_ptr<Command> command) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(command));
      work_cv_.notify_one();
      return;
    }
  }
  std::move(*command).Finish(absl::UnavailableError("the store is shutting down"));
}

// A group of commands prepared together and written as one batch.
struct CaseStore::Group {
  std::vector<std::unique_ptr<Command>> commands;
  Txn txn;                     // every write of the group
  v1::StoreCounters counters;  // the counters once the group is durable
  absl::Status status;         // OK when `txn` is ready to write

  explicit Group(const storage::Kv& kv) : txn(kv, nullptr) {}
};

void CaseStore::CommitLoop() {
  for (;;) {
    std::vector<std::unique_ptr<Command>> commands;
    {
      std::unique_lock lock(mu_);
      work_cv_.wait_for(lock, std::chrono::seconds(1),
                        [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) break;
      while (!queue_.empty() && commands.size() < options_.max_group_size) {
        commands.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (refusing_.load()) {  // a WAL sync failed: nothing later may be acknowledged
      for (auto& command : commands) {
        std::move(*command).Finish(absl::UnavailableError(
            "the store could not make its writes durable; it refuses every command until it is "
            "restarted"));
      }
      continue;
    }
    const absl::Time prepared = absl::Now();
    std::unique_ptr<Group> group = Prepare(std::move(commands));
    const absl::Time applied = absl::Now();
    preparing_ns_.fetch_add(absl::ToInt64Nanoseconds(applied - prepared),
                            std::memory_order_relaxed);
    if (group->commands.empty() && group->txn.empty()) continue;
    absl::Status status = group->status;
    if (status.ok()) {  // applied now, made durable by the syncer (which overlaps the next group)
      status = kv_.Write(group->txn.batch(), {.sync = false});
      applying_ns_.fetch_add(absl::ToInt64Nanoseconds(absl::Now() - applied),
                             std::memory_order_relaxed);
      groups_.fetch_add(1, std::memory_order_relaxed);
      commands_.fetch_add(group->commands.size(), std::memory_order_relaxed);
      if (status.ok()) {
        committed_ = group->counters;
      } else {
        counters_ = committed_;  // nothing of the group was written
      }
    }
    {
      std::lock_guard lock(sync_mu_);
      to_sync_.push_back({std::move(group->commands),
                          static_cast<int64_t>(group->counters.last_sequence()), status});
    }
    sync_cv_.notify_one();
  }
}

std::unique_ptr<CaseStore::Group> CaseStore::Prepare(
    std::vector<std::unique_ptr<Command>> commands) {
  auto group = std::make_unique<Group>(kv_);
  group->commands = std::move(commands);
  Txn& group_txn = group->txn;
  const v1::StoreCounters base = counters_;
  const absl::Time now = options_.now();
  for (auto& command : group->commands) {
    v1::StoreCounters before = counters_;
    Txn txn(kv_, &group_txn);
    v1::AuditRecord audit;
    absl::Status status = command->Run(*this, txn, audit);
    if (status.ok()) {
      std::move(txn).MergeInto(group_txn);
      audit.set_outcome("ok");
    } else {
      counters_ = std::move(before);  // a failed command leaves no trace but its audit record
      audit.set_outcome(absl::StatusCodeToString(status.code()));
      audit.set_detail(std::string(status.message().substr(0, 200)));
    }
    if (absl::Status s = audit_.Append(group_txn, counters_, std::move(audit), now); !s.ok()) {
      group->status = s;
    }
  }
  if (group->commands.empty() && group->status.ok()) {
    group->status = audit_.MaybeCheckpoint(group_txn, counters_, now);
  }
  if (group->status.ok() && !group_txn.empty()) {
    group_txn.Put(Column::kMeta, keys::kCounters, counters_.SerializeAsString());
  }
  if (!group->status.ok()) counters_ = base;
  group->counters = counters_;
  return group;
}

void CaseStore::SyncLoop() {
  for (;;) {
    std::deque<Applied> applied;
    {
      std::unique_lock lock(sync_mu_);
      sync_cv_.wait(lock, [&] { return syncs_done_ || !to_sync_.empty(); });
      if (to_sync_.empty()) return;
      applied.swap(to_sync_);
    }
    const bool any_applied =
        std::any_of(applied.begin(), applied.end(), [](const Applied& a) { return a.write.ok(); });
    if (sync_failure_.ok() && any_applied && options_.sync) {
      const absl::Time start = absl::Now();
      if (absl::Status s = kv_.SyncWal(); !s.ok()) {
        sync_failure_ = absl::UnavailableError(
            absl::StrCat("the store could not make its writes durable (", s.message(),
                         "); it refuses every command until it is restarted"));
        refusing_.store(true);
        if (options_.on_durability_lost) options_.on_durability_lost(sync_failure_);
      }
      syncing_ns_.fetch_add(absl::ToInt64Nanoseconds(absl::Now() - start),
                            std::memory_order_relaxed);
      syncs_.fetch_add(1, std::memory_order_relaxed);
    }
    // Published before anyone is answered, so a caller reads its own writes in the feed.
    int64_t durable = -1;
    for (const Applied& a : applied) {
      if (a.write.ok() && sync_failure_.ok()) durable = a.last_sequence;
    }
    if (durable >= 0) {
      std::lock_guard lock(mu_);
      committed_sequence_ = durable;
    }
    committed_cv_.notify_all();
    {
      std::lock_guard lock(answer_mu_);
      for (Applied& a : applied) {
        for (auto& command : a.commands) {
          answers_.push_back({std::move(command), a.write.ok() ? sync_failure_ : a.write});
        }
      }
    }
    answer_cv_.notify_all();
  }
}

// ---- Public calls: each queues a command. ----

template <typename T, typename Request>
void CaseStore::Enqueue(Request request, Principal principal, Done<T> done, Body<T, Request> body) {
  Submit(std::make_unique<TypedCommand<T>>(
      [request = std::move(request), principal = std::move(principal), body](
          CaseStore& store, Txn& txn, v1::AuditRecord& audit) {
        return (store.*body)(txn, request, principal, audit);
      },
      std::move(done)));
}

CaseStore::Checked CaseStore::CheckCreate(const v1::CreateCaseRequest& request) const {
  Checked checked;
  checked.valid = domain::ValidateRegistration(request.registration());
  if (checked.valid.ok()) checked.valid = CheckIdempotencyKey(request.idempotency_key());
  if (checked.valid.ok() && !request.idempotency_key().empty()) {
    checked.fingerprint = Fingerprint(request.registration());
  }
  if (checked.valid.ok()) {
    checked.filer_keys = filer_index_.FilerKeys(request.registration());
    checked.matter_key = filer_index_.MatterKey(request.registration());
  }
  return checked;
}

void CaseStore::CreateCase(v1::CreateCaseRequest request, Done<v1::CaseChange> done,
                           Principal principal) {
  Checked checked = CheckCreate(request);  // on the caller's thread: it needs no store state
  Submit(std::make_unique<TypedCommand<v1::CaseChange>>(
      [request = std::move(request), checked = std::move(checked),
       principal = std::move(principal)](CaseStore& s, Txn& t, v1::AuditRecord& a) mutable {
        return s.DoCreateCase(t, request, principal, checked, a);  // runs once
      },
      // The answer does not echo the registration (store.proto). Runs on the answer thread.
      [done = std::move(done)](absl::StatusOr<v1::CaseChange> change) mutable {
        if (change.ok()) {
          change->mutable_event()->mutable_registered()->clear_registration();
          change->mutable_snapshot()->clear_registration();
        }
        std::move(done)(std::move(change));
      }));
}

void CaseStore::AppendEvent(v1::AppendEventRequest request, Done<v1::CaseChange> done,
                            Principal principal) {
  Checked checked;
  checked.valid = CheckIdempotencyKey(request.idempotency_key());
  if (checked.valid.ok() && !request.idempotency_key().empty()) {
    v1::AppendEventRequest unkeyed = request;
    unkeyed.clear_context();
    checked.fingerprint = Fingerprint(unkeyed);
  }
  Submit(std::make_unique<TypedCommand<v1::CaseChange>>(
      [request = std::move(request), checked = std::move(checked),
       principal = std::move(principal)](CaseStore& s, Txn& t, v1::AuditRecord& a) {
        return s.DoAppendEvent(t, request, principal, checked, a);
      },
      std::move(done)));
}

void CaseStore::GetCase(v1::GetCaseRequest request, Done<v1::Case> done, Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoGetCase);
}

void CaseStore::GetHistory(v1::GetCaseRequest request, Done<v1::CaseHistory> done,
                           Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoGetHistory);
}

void CaseStore::ListCases(v1::ListCasesRequest request, Done<v1::ListCasesResponse> done,
                          Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoListCases);
}

void CaseStore::ListAudit(v1::ListAuditRequest request, Done<v1::ListAuditResponse> done,
                          Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoListAudit);
}

void CaseStore::OpenFeed(v1::WatchEventsRequest request, Done<int64_t> done) {
  Submit(std::make_unique<TypedCommand<int64_t>>(
      [request = std::move(request)](CaseStore&, Txn&,
                                     v1::AuditRecord& a) -> absl::StatusOr<int64_t> {
        *a.mutable_actor() = request.context();
        a.set_method(StoreMethod("WatchEvents"));
        a.set_detail(absl::StrCat("from sequence ", request.from_sequence()));
        if (request.from_sequence() < 0) {
          return absl::InvalidArgumentError("from_sequence: must not be negative");
        }
        return std::max<int64_t>(1, request.from_sequence());
      },
      std::move(done)));
}

void CaseStore::FindRelated(v1::FindRelatedRequest request, Done<v1::ListCasesResponse> done,
                            Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoFindRelated);
}

void CaseStore::SaveCursor(v1::Cursor request, Done<v1::Cursor> done) {
  Submit(std::make_unique<TypedCommand<v1::Cursor>>(
      [request = std::move(request)](CaseStore& s, Txn& txn,
                                     v1::AuditRecord& a) -> absl::StatusOr<v1::Cursor> {
        *a.mutable_actor() = request.context();
        a.set_method(StoreMethod("SaveCursor"));
        a.set_detail(absl::StrCat(request.consumer(), " at ", request.next_sequence()));
        if (request.consumer().empty() || request.consumer().size() > 64) {
          return absl::InvalidArgumentError("consumer: required, at most 64 bytes");
        }
        if (request.next_sequence() < 1) {
          return absl::InvalidArgumentError("next_sequence: must be at least 1");
        }
        auto prior = txn.Get(Column::kCursors, request.consumer());
        if (prior.ok()) {
          v1::Cursor saved;
          saved.ParseFromString(*prior);
          if (saved.next_sequence() > request.next_sequence()) {
            return absl::FailedPreconditionError(absl::StrCat("cursor of ", request.consumer(),
                                                              " is at ", saved.next_sequence(),
                                                              "; it never moves backwards"));
          }
        } else if (!absl::IsNotFound(prior.status())) {
          return prior.status();
        }
        v1::Cursor saved = request;
        saved.clear_context();
        txn.Put(Column::kCursors, saved.consumer(), saved.SerializeAsString());
        return saved;
      },
      std::move(done)));
}

absl::StatusOr<v1::Cursor> CaseStore::GetCursor(const v1::Cursor& request) const {
  ASSIGN_OR_RETURN(std::string bytes, kv_.Get(Column::kCursors, request.consumer()));
  v1::Cursor saved;
  if (!saved.ParseFromString(bytes)) return absl::DataLossError("cursor damaged");
  return saved;
}

void CaseStore::RecordDenied(std::string calling_service, std::string method, absl::Status refusal,
                             std::string user) {
  Submit(std::make_unique<TypedCommand<int64_t>>(
      [calling_service = std::move(calling_service), method = std::move(method),
       refusal = std::move(refusal),
       user = std::move(user)](CaseStore&, Txn&, v1::AuditRecord& a) -> absl::StatusOr<int64_t> {
        a.mutable_actor()->set_calling_service(calling_service);
        a.mutable_actor()->set_user(user);
        a.set_method(method);
        return refusal;
      },
      [](absl::StatusOr<int64_t>) {}));
}

absl::Status CaseStore::Authorize(const Principal& principal, const std::string& method,
                                  std::vector<std::string> case_units) const {
  if (!principal.is_user() || options_.access_policy == nullptr || options_.directory == nullptr) {
    return absl::OkStatus();
  }
  const domain::Date today = domain::ToVietnamDate(absl::ToUnixSeconds(options_.now()));
  return options_.access_policy->Check(principal.grants, method, case_units, today,
                                       *options_.directory);
}

void CaseStore::EraseIdentity(v1::EraseIdentityRequest request, Done<v1::CaseChange> done,
                              Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoEraseIdentity);
}

void CaseStore::RequestDisclosure(v1::RequestDisclosureRequest request, Done<v1::CaseChange> done,
                                  Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done),
          &CaseStore::DoRequestDisclosure);
}

void CaseStore::DecideDisclosure(v1::DecideDisclosureRequest request, Done<v1::CaseChange> done,
                                 Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done),
          &CaseStore::DoDecideDisclosure);
}

void CaseStore::RevealIdentity(v1::RevealIdentityRequest request,
                               Done<v1::RevealIdentityResponse> done, Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoRevealIdentity);
}

void CaseStore::ListDisclosures(v1::ListDisclosuresRequest request,
                                Done<v1::ListDisclosuresResponse> done, Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoListDisclosures);
}

// ---- Duplicates: the queued call (its body is in case_links.cc). ----

void CaseStore::MergeCases(v1::MergeCasesRequest request, Done<v1::MergeCasesResponse> done,
                           Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoMergeCases);
}

// ---- Reception register: the queued calls (bodies in reception_register.cc). ----

void CaseStore::RecordVisit(v1::RecordVisitRequest request, Done<v1::RecordVisitResponse> done,
                            Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoRecordVisit);
}

void CaseStore::ListVisits(v1::ListVisitsRequest request, Done<v1::ListVisitsResponse> done,
                           Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoListVisits);
}

void CaseStore::ListVoterMeetings(v1::ListVoterMeetingsRequest request,
                                  Done<v1::ListVoterMeetingsResponse> done, Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done),
          &CaseStore::DoListVoterMeetings);
}

// ---- Several cases from one intake: the queued calls (bodies in letter_batches.cc). ----

void CaseStore::CreateCases(v1::CreateCasesRequest request, Done<v1::CreateCasesResponse> done,
                            Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done), &CaseStore::DoCreateCases);
}

void CaseStore::RecordVoterMeeting(v1::RecordVoterMeetingRequest request,
                                   Done<v1::RecordVoterMeetingResponse> done, Principal principal) {
  Enqueue(std::move(request), std::move(principal), std::move(done),
          &CaseStore::DoRecordVoterMeeting);
}

// ---- Command bodies (committer thread). ----

absl::StatusOr<v1::CaseChange> CaseStore::DoCreateCase(Txn& txn, v1::CreateCaseRequest& request,
                                                       const Principal& principal,
                                                       const Checked& checked,
                                                       v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "CreateCase", "registration");
  RETURN_IF_ERROR(checked.valid);
  RETURN_IF_ERROR(Authorize(principal, "CreateCase", {request.registration().receiving_unit()}));
  ASSIGN_OR_RETURN(auto first, FindIdempotent(txn, "CreateCase", request.idempotency_key(),
                                              checked.fingerprint, audit));
  if (first) return *std::move(first);

  v1::Registration registration = std::move(*request.mutable_registration());
  if (registration.round() == 0 && registration.kind() == v1::COMPLAINT) registration.set_round(1);
  const absl::Time now = options_.now();
  if (registration.received_date().empty()) {
    registration.set_received_date(domain::ToVietnamDate(absl::ToUnixSeconds(now)).ToString());
  }

  const std::string case_id = keys::CaseId(counters_.last_case_number() + 1);
  counters_.set_last_case_number(counters_.last_case_number() + 1);
  const std::string prefix(domain::ReferencePrefix(registration.kind()));
  const std::string year = registration.received_date().substr(0, 4);
  const std::string counter_key = absl::StrCat(prefix, "/", year);
  const uint64_t number = ++(*counters_.mutable_last_reference())[counter_key];
  char reference[48];
  std::snprintf(reference, sizeof reference, "%s-%s-%06llu", prefix.c_str(), year.c_str(),
                static_cast<unsigned long long>(number));
  audit.add_case_ids(case_id);

  if (IdentitySealer::MustSeal(registration)) {
    RETURN_IF_ERROR(options_.sealer->Seal(case_id, registration, txn));
  }

  v1::CaseEvent event;
  event.set_case_id(case_id);
  *event.mutable_actor() = request.context();
  auto* registered = event.mutable_registered();
  *registered->mutable_registration() = std::move(registration);
  registered->set_reference(reference);
  registered->set_tracking_pin(TrackingPin());
  for (const auto& key : checked.filer_keys) registered->add_filer_keys(key);
  registered->set_matter_key(checked.matter_key);
  ASSIGN_OR_RETURN(v1::CaseChange change, WriteEvent(txn, v1::Case(), std::move(event)));
  RememberIdempotent(txn, "CreateCase", request.idempotency_key(), checked.fingerprint,
                     change.event());
  return change;
}

absl::StatusOr<v1::CaseChange> CaseStore::DoAppendEvent(Txn& txn,
                                                        const v1::AppendEventRequest& request,
                                                        const Principal& principal,
                                                        const Checked& checked,
                                                        v1::AuditRecord& audit) {
  *audit.mutable_actor() = request.context();
  audit.set_method(StoreMethod("AppendEvent"));
  RETURN_IF_ERROR(checked.valid);
  const v1::CaseEvent& event = request.event();
  if (event.payload_case() == v1::CaseEvent::PAYLOAD_NOT_SET) {
    return absl::InvalidArgumentError("event: no payload set");
  }
  if (event.has_registered()) {
    return absl::InvalidArgumentError("event.registered: register cases with CreateCase");
  }
  if (event.ByteSizeLong() > 64 * 1024) {
    return absl::ResourceExhaustedError("event: larger than 64 KiB");
  }
  audit.add_fields(std::string(
      event.GetDescriptor()->FindFieldByNumber(static_cast<int>(event.payload_case()))->name()));
  ASSIGN_OR_RETURN(auto first, FindIdempotent(txn, "AppendEvent", request.idempotency_key(),
                                              checked.fingerprint, audit));
  if (first) return *std::move(first);

  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case before, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "AppendEvent", {before.current_unit()}));
  if (request.expected_version() != before.version()) {
    return absl::AbortedError(absl::StrCat("case ", before.reference(), " is at version ",
                                           before.version(), ", not ", request.expected_version(),
                                           ": reload and retry"));
  }
  v1::CaseEvent next = event;
  *next.mutable_actor() = request.context();
  ASSIGN_OR_RETURN(v1::CaseChange change, WriteEvent(txn, before, std::move(next)));
  RememberIdempotent(txn, "AppendEvent", request.idempotency_key(), checked.fingerprint,
                     change.event());
  return change;
}

absl::StatusOr<v1::Case> CaseStore::DoGetCase(Txn& txn, const v1::GetCaseRequest& request,
                                              const Principal& principal, v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "GetCase", "case");
  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case snapshot, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "GetCase", {snapshot.current_unit()}));
  return snapshot;
}

absl::StatusOr<v1::CaseHistory> CaseStore::DoGetHistory(Txn& txn, const v1::GetCaseRequest& request,
                                                        const Principal& principal,
                                                        v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "GetHistory", "events");
  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case snapshot, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "GetHistory", {snapshot.current_unit()}));
  v1::CaseHistory history;
  bool damaged = false;
  RETURN_IF_ERROR(kv_.ScanPrefix(
      Column::kEvents, keys::EventsOfCase(case_id), [&](std::string_view, std::string_view value) {
        damaged |=
            !history.add_events()->ParseFromArray(value.data(), static_cast<int>(value.size()));
        return true;
      }));
  if (damaged) return absl::DataLossError(absl::StrCat("case ", case_id, ": an event is damaged"));
  return history;
}

absl::StatusOr<v1::ListCasesResponse> CaseStore::DoListCases(Txn& txn,
                                                             const v1::ListCasesRequest& request,
                                                             const Principal& principal,
                                                             v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "ListCases", "case");
  if (!v1::CaseState_IsValid(request.state())) {
    return absl::InvalidArgumentError("state: unknown case state");
  }
  RETURN_IF_ERROR(Authorize(principal, "ListCases",
                            request.unit().empty() ? std::vector<std::string>{}
                                                   : std::vector<std::string>{request.unit()}));
  const std::string state =
      request.state() == v1::CASE_STATE_UNSPECIFIED ? "" : v1::CaseState_Name(request.state());
  const int limit = PageSize(request.page());
  const std::string& after = request.page().page_token();  // last case id of the previous page

  std::vector<std::string> ids;
  auto collect = [&](std::string_view, std::string_view case_id) {
    if (!after.empty() && case_id <= after) return true;
    ids.emplace_back(case_id);
    return static_cast<int>(ids.size()) <= limit;
  };
  if (!request.unit().empty()) {
    // Per unit, ids come grouped by state; gather then sort.
    std::string prefix = state.empty() ? keys::UnitPrefix(request.unit())
                                       : keys::UnitStatePrefix(request.unit(), state);
    RETURN_IF_ERROR(
        kv_.ScanPrefix(Column::kIndexes, prefix, [&](std::string_view k, std::string_view v) {
          if (after.empty() || v > after) ids.emplace_back(v);
          return true;
        }));
    std::sort(ids.begin(), ids.end());
    if (static_cast<int>(ids.size()) > limit + 1) ids.resize(limit + 1);
  } else if (!state.empty()) {
    RETURN_IF_ERROR(kv_.ScanPrefix(Column::kIndexes, keys::StatePrefix(state), collect));
  } else {
    RETURN_IF_ERROR(kv_.Scan(Column::kSnapshots, after.empty() ? "" : after + '\0', "",
                             [&](std::string_view k, std::string_view) {
                               ids.emplace_back(k);
                               return static_cast<int>(ids.size()) <= limit;
                             }));
  }
  v1::ListCasesResponse response;
  if (static_cast<int>(ids.size()) > limit) {
    ids.resize(limit);
    response.set_next_page_token(ids.back());
  }
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(*response.add_cases(), LoadSnapshot(txn, id));
    audit.add_case_ids(id);
  }
  return response;
}

absl::StatusOr<v1::ListCasesResponse> CaseStore::DoFindRelated(
    Txn& txn, const v1::FindRelatedRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "FindRelated", "case");
  std::set<std::string> ids;
  auto collect = [&](std::string_view, std::string_view case_id) {
    ids.emplace(case_id);
    return ids.size() < 200;
  };
  for (const auto& key : filer_index_.FilerKeys(request.registration())) {
    RETURN_IF_ERROR(kv_.ScanPrefix(Column::kIndexes, keys::FilerPrefix(key), collect));
  }
  const std::string matter = filer_index_.MatterKey(request.registration());
  v1::ListCasesResponse response;
  RETURN_IF_ERROR(Authorize(principal, "FindRelated", {request.registration().receiving_unit()}));
  int hidden = 0;
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(v1::Case related, LoadSnapshot(txn, id));
    if (!Authorize(principal, "FindRelated", {related.current_unit()}).ok()) {
      ++hidden;  // a case outside the caller's scope is not shown
      continue;
    }
    audit.add_case_ids(id);
    if (!matter.empty() && related.matter_key() == matter) response.add_same_matter(id);
    *response.add_cases() = std::move(related);
  }
  if (hidden > 0)
    audit.set_detail(absl::StrCat(hidden, " related cases outside the caller's scope"));
  return response;
}

absl::StatusOr<v1::CaseChange> CaseStore::DoEraseIdentity(Txn& txn,
                                                          const v1::EraseIdentityRequest& request,
                                                          const Principal& principal,
                                                          v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "EraseIdentity", "registration.filers");
  if (request.reason().empty()) return absl::InvalidArgumentError("reason: required");
  ASSIGN_OR_RETURN(std::string case_id, ResolveCaseId(txn, request.case_ref()));
  audit.add_case_ids(case_id);
  ASSIGN_OR_RETURN(v1::Case before, LoadSnapshot(txn, case_id));
  RETURN_IF_ERROR(Authorize(principal, "EraseIdentity", {before.current_unit()}));
  v1::CaseEvent event;
  *event.mutable_actor() = request.context();
  event.mutable_identity_erased()->set_reason(request.reason());
  ASSIGN_OR_RETURN(v1::CaseChange change, WriteEvent(txn, before, std::move(event)));
  txn.Delete(Column::kSealedKeys, keys::DataKey(case_id));  // crypto-shredding
  return change;
}

absl::StatusOr<v1::ListAuditResponse> CaseStore::DoListAudit(Txn& txn,
                                                             const v1::ListAuditRequest& request,
                                                             const Principal& principal,
                                                             v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "ListAudit", "audit");
  RETURN_IF_ERROR(Authorize(principal, "ListAudit", {}));
  std::string case_id;
  if (!request.case_ref().empty()) {
    ASSIGN_OR_RETURN(case_id, ResolveCaseId(txn, request.case_ref()));
    audit.add_case_ids(case_id);
  }
  return audit_.List(kv_, case_id, request.page());
}

// ---- Helpers. ----

namespace {

// The record of a keyed request to `method`: nullopt when the key is empty or unused,
// ALREADY_EXISTS when it was used for a request with another fingerprint.
absl::StatusOr<std::optional<v1::IdempotencyRecord>> FindIdempotencyRecord(
    const Txn& txn, const char* method, const std::string& request_key,
    const std::string& fingerprint) {
  if (request_key.empty()) return std::nullopt;
  auto prior = txn.Get(Column::kIdempotency, keys::Idempotency(method, request_key));
  if (absl::IsNotFound(prior.status())) return std::nullopt;
  RETURN_IF_ERROR(prior.status());
  v1::IdempotencyRecord record;
  if (!record.ParseFromString(*prior)) return absl::DataLossError("idempotency record damaged");
  if (record.fingerprint() != fingerprint) {
    return absl::AlreadyExistsError("idempotency_key: already used for a different request");
  }
  return record;
}

}  // namespace

absl::StatusOr<std::optional<v1::CaseChange>> CaseStore::FindIdempotent(
    const Txn& txn, const char* method, const std::string& request_key,
    const std::string& fingerprint, v1::AuditRecord& audit) const {
  ASSIGN_OR_RETURN(auto record, FindIdempotencyRecord(txn, method, request_key, fingerprint));
  if (!record) return std::nullopt;
  ASSIGN_OR_RETURN(v1::CaseChange first, Replay(txn, record->case_id(), record->version()));
  audit.add_case_ids(first.snapshot().case_id());
  audit.set_detail("idempotent retry: first result returned");
  return first;
}

absl::StatusOr<bool> CaseStore::RecallAnswer(const Txn& txn, const char* method,
                                             const std::string& request_key,
                                             const std::string& fingerprint, v1::AuditRecord& audit,
                                             google::protobuf::MessageLite& answer) const {
  RETURN_IF_ERROR(CheckIdempotencyKey(request_key));
  ASSIGN_OR_RETURN(auto record, FindIdempotencyRecord(txn, method, request_key, fingerprint));
  if (!record) return false;
  if (!answer.ParseFromString(record->answer())) {
    return absl::DataLossError("idempotency record: the first answer is damaged");
  }
  audit.set_detail("idempotent retry: first answer returned");
  return true;
}

void CaseStore::RememberAnswer(Txn& txn, const char* method, const std::string& request_key,
                               const std::string& fingerprint,
                               const google::protobuf::MessageLite& answer) {
  if (request_key.empty()) return;
  v1::IdempotencyRecord record;
  record.set_fingerprint(fingerprint);
  record.set_answer(answer.SerializeAsString());
  txn.Put(Column::kIdempotency, keys::Idempotency(method, request_key), record.SerializeAsString());
}

std::string CaseStore::Fingerprint(const google::protobuf::Message& request) {
  return storage::Sha256(Deterministic(request));
}

void CaseStore::RememberIdempotent(Txn& txn, const char* method, const std::string& request_key,
                                   const std::string& fingerprint, const v1::CaseEvent& event) {
  if (request_key.empty()) return;
  const std::string key = keys::Idempotency(method, request_key);
  v1::IdempotencyRecord record;
  record.set_fingerprint(fingerprint);
  record.set_case_id(event.case_id());
  record.set_version(event.version());
  txn.Put(Column::kIdempotency, key, record.SerializeAsString());
}

absl::StatusOr<v1::CaseChange> CaseStore::Replay(const Txn& txn, const std::string& case_id,
                                                 int64_t version) const {
  v1::CaseChange change;
  v1::Case folded;
  for (int64_t v = 1; v <= version; ++v) {
    ASSIGN_OR_RETURN(std::string bytes, txn.Get(Column::kEvents, keys::Event(case_id, v)));
    if (!change.mutable_event()->ParseFromString(bytes)) {
      return absl::DataLossError(absl::StrCat("case ", case_id, ": event ", v, " is damaged"));
    }
    ASSIGN_OR_RETURN(folded, domain::Apply(folded, change.event()));
  }
  *change.mutable_snapshot() = std::move(folded);
  return change;
}

absl::StatusOr<std::string> CaseStore::ResolveCaseId(const Txn& txn,
                                                     const std::string& case_ref) const {
  if (case_ref.empty()) return absl::InvalidArgumentError("case_ref: required");
  if (case_ref.size() > 64) return absl::InvalidArgumentError("case_ref: longer than 64 bytes");
  // Case ids are all digits; reference numbers never are (KN-2025-000001).
  if (!std::all_of(case_ref.begin(), case_ref.end(), absl::ascii_isdigit)) {
    auto by_reference = txn.Get(Column::kIndexes, keys::Reference(absl::AsciiStrToUpper(case_ref)));
    if (by_reference.ok()) return *by_reference;
    if (!absl::IsNotFound(by_reference.status())) return by_reference.status();
  }
  auto snapshot = txn.Get(Column::kSnapshots, case_ref);
  if (snapshot.ok()) return case_ref;
  if (absl::IsNotFound(snapshot.status())) {
    return absl::NotFoundError(absl::StrCat("no case ", case_ref));
  }
  return snapshot.status();
}

absl::StatusOr<v1::Case> CaseStore::LoadSnapshot(const Txn& txn, const std::string& case_id) const {
  ASSIGN_OR_RETURN(std::string bytes, txn.Get(Column::kSnapshots, case_id));
  v1::Case snapshot;
  if (!snapshot.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("case ", case_id, ": snapshot is damaged"));
  }
  if (snapshot.has_registration()) return snapshot;  // stored before registrations were kept once
  ASSIGN_OR_RETURN(bytes, txn.Get(Column::kEvents, keys::Event(case_id, 1)));
  v1::CaseEvent first;
  if (!first.ParseFromString(bytes) || !first.has_registered()) {
    return absl::DataLossError(absl::StrCat("case ", case_id, ": registration event is damaged"));
  }
  domain::AttachRegistration(snapshot,
                             std::move(*first.mutable_registered()->mutable_registration()));
  return snapshot;
}

namespace {

// The snapshot as stored: without its registration, which the case's first event holds
// (LoadSnapshot attaches it), so the largest part of a case is written and kept once.
std::string StoredSnapshot(v1::Case& snapshot) {
  std::unique_ptr<v1::Registration> registration(snapshot.release_registration());
  std::string bytes = snapshot.SerializeAsString();
  snapshot.set_allocated_registration(registration.release());
  return bytes;
}

}  // namespace

absl::StatusOr<v1::CaseChange> CaseStore::WriteEvent(Txn& txn, const v1::Case& before,
                                                     v1::CaseEvent event) {
  event.set_case_id(before.case_id().empty() ? event.case_id() : before.case_id());
  event.set_version(before.version() + 1);
  counters_.set_last_sequence(counters_.last_sequence() + 1);
  event.set_sequence(static_cast<int64_t>(counters_.last_sequence()));
  *event.mutable_recorded_at() = ToProto(options_.now());

  ASSIGN_OR_RETURN(v1::Case after, domain::Apply(before, event));

  const std::string event_key = keys::Event(event.case_id(), event.version());
  txn.Put(Column::kEvents, event_key, event.SerializeAsString());
  txn.Put(Column::kFeed, keys::Feed(event.sequence()), event_key);
  txn.Put(Column::kSnapshots, after.case_id(), StoredSnapshot(after));
  const auto old_entries = IndexEntries(before);
  const auto new_entries = IndexEntries(after);
  for (const auto& [key, value] : old_entries) {
    if (!new_entries.contains(key)) txn.Delete(Column::kIndexes, key);
  }
  for (const auto& [key, value] : new_entries) {
    auto it = old_entries.find(key);
    if (it == old_entries.end() || it->second != value) txn.Put(Column::kIndexes, key, value);
  }
  v1::CaseChange change;
  *change.mutable_event() = std::move(event);
  *change.mutable_snapshot() = std::move(after);
  return change;
}

// ---- Reads outside the committer. ----

absl::StatusOr<v1::AuditVerifyReport> CaseStore::VerifyAudit() const { return audit_.Verify(kv_); }

absl::StatusOr<v1::BackupResponse> CaseStore::Backup(const v1::BackupRequest& request) {
  if (request.directory().empty() || request.directory()[0] != '/') {
    return absl::InvalidArgumentError("directory: an absolute path is required");
  }
  RETURN_IF_ERROR(kv_.CreateCheckpoint(request.directory()));
  v1::BackupResponse response;
  response.set_directory(request.directory());
  // Report the chain head the copy holds: verify the copy's chain would need opening it; the
  // head at checkpoint time is at least the committed head before the call.
  ASSIGN_OR_RETURN(v1::AuditVerifyReport report, audit_.Verify(kv_));
  response.set_audit_records(report.records_checked());
  response.set_audit_head_hash(report.head_hash());
  return response;
}

absl::StatusOr<std::vector<v1::CaseEvent>> CaseStore::ReadEvents(int64_t from, size_t max) const {
  std::vector<v1::CaseEvent> events;
  std::vector<std::string> event_keys;
  // Applied events past the durable sequence may still be awaiting their sync: not delivered.
  const int64_t durable = committed_sequence();
  if (from > durable) return events;
  RETURN_IF_ERROR(kv_.Scan(Column::kFeed, keys::Feed(std::max<int64_t>(from, 1)),
                           keys::Feed(durable + 1),
                           [&](std::string_view, std::string_view event_key) {
                             event_keys.emplace_back(event_key);
                             return event_keys.size() < max;
                           }));
  for (const auto& key : event_keys) {
    ASSIGN_OR_RETURN(std::string bytes, kv_.Get(Column::kEvents, key));
    if (!events.emplace_back().ParseFromString(bytes)) {
      return absl::DataLossError("change feed: an event is damaged");
    }
  }
  return events;
}

int64_t CaseStore::committed_sequence() const {
  std::lock_guard lock(mu_);
  return committed_sequence_;
}

bool CaseStore::WaitForSequence(int64_t sequence, absl::Duration timeout) const {
  std::unique_lock lock(mu_);
  committed_cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                         [&] { return stopping_ || committed_sequence_ >= sequence; });
  return committed_sequence_ >= sequence;
}

}  // namespace civicase::store
