#pragma once

// CaseStore: the system of record. Every change to a case is one event appended to the case's
// stream; the store folds it into the snapshot with the domain's pure Apply and writes event +
// snapshot + index entries + audit record (+ idempotency record, + wrapped data key) as ONE
// WriteBatch with a synced WAL. Every read of case data appends an audit record too.
//
// Group commit: calls never block on an fsync. Each call becomes a command queued to one
// committer thread, which runs the queued commands one after another (each sees the writes of
// those before it), applies the group's writes as one batch (WAL append, memtables; not yet
// synced) and hands the group to a syncer thread. The syncer fsyncs the WAL once for every
// group applied since its last sync; answer threads reply to each caller once its group is
// durable. The stages overlap: while group N is being synced, N+1 is prepared and applied. So
// concurrent callers share fsyncs, and the audit chain stays a single ordered sequence.
// A command that fails writes nothing but its audit record (denials and errors are audited).
// If a group's write fails, its callers get the error and nothing of the group is stored.
// If a WAL sync fails, nothing applied since the
// last good sync can be trusted to be durable: those callers get UNAVAILABLE and the store
// refuses every later command until it is reopened (recovery then replays what the WAL holds).
// Reads: a command sees every write of its own group and of applied groups, which may still be
// awaiting their sync; it is answered only after its own group, and so every group before it,
// is durable.
// The change feed (ReadEvents) delivers durable events only. A call answered OK is durable, so
// a caller always reads its own acknowledged writes; a refusal recorded by RecordDenied is
// answered before its audit record is durable and may show up a moment later.
//
// Thread safety: all methods may be called concurrently. Callbacks run on the store's answer
// threads (or its committer, for refusals of a store that lost durability): they must not block
// (hand results to gRPC reactors and return).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civicase/v1/store.pb.h"
#include "civicase/v1/store_records.pb.h"
#include "services/domain/competence/directory.h"
#include "services/domain/policy/access_policy.h"
#include "services/store/audit_log.h"
#include "services/store/filer_index.h"
#include "services/store/identity_sealer.h"
#include "services/store/txn.h"
#include "storage/kv/kv.h"

namespace civicase::store {

// Who a call is made for: a user, with the grants of their verified token, or (user empty) a
// service acting on its own, which the peer policy (services/common/peer_policy.h) governs.
struct Principal {
  std::string user;
  std::vector<domain::AccessGrant> grants;
  bool is_user() const { return !user.empty(); }
};

struct CaseStoreOptions {
  // The key-value store. Required; borrowed, must outlive the CaseStore.
  storage::Kv* kv = nullptr;
  // Seals denouncers' identities. Required; borrowed.
  const IdentitySealer* sealer = nullptr;
  // Signs audit checkpoints. Required; borrowed.
  const storage::Ed25519Signer* signer = nullptr;
  // When to sign a checkpoint of the audit chain head.
  // Default: every 1000 records or 60 seconds, whichever comes first.
  storage::CheckpointPolicy checkpoint_policy;
  // The wall clock (injected so tests control time). Default: absl::Now.
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // At most this many commands share one synced write. Default: 1024.
  size_t max_group_size = 1024;
  // Who may call which method on which cases. Both borrowed; when null, user principals are not
  // checked (unit tests of the engine). Default: null.
  const domain::AccessPolicy* access_policy = nullptr;
  const domain::Directory* directory = nullptr;
  // Threads answering callers once their group is durable (answering a gRPC call is serializing,
  // framing, encrypting and sending its response). Default: 2.
  int answer_threads = 2;

  // Sync the WAL on every group. Only benchmarks of the unsynced baseline turn it off.
  // Default: true.
  bool sync = true;
  // Called once, on the syncer thread, when a WAL sync fails and the store starts refusing
  // every command (for the operator's log). Default: none.
  std::function<void(const absl::Status&)> on_durability_lost;
  // How long an approved identity disclosure may be revealed when the custodian names no
  // period. Default: 24 hours.
  absl::Duration disclosure_validity = absl::Hours(24);
  // The longest period a custodian may approve a disclosure for. Default: 72 hours.
  absl::Duration max_disclosure_validity = absl::Hours(72);
};

// Counters of the commit pipeline since the store opened (for operators and benchmarks).
struct PipelineStats {
  uint64_t groups = 0;       // groups written
  uint64_t commands = 0;     // commands in those groups
  uint64_t syncs = 0;        // WAL syncs (one covers every group applied before it)
  absl::Duration preparing;  // committer: running commands into groups
  absl::Duration applying;   // committer: applying groups (WAL append, memtables)
  absl::Duration syncing;    // syncer: WAL fsyncs
  absl::Duration answering;  // answerer: finishing callers
};

class CaseStore {
 public:
  template <typename T>
  using Done = absl::AnyInvocable<void(absl::StatusOr<T>) &&>;

  // Loads the counters and audit head from `options.kv` and starts the committer.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<CaseStore>> Open(CaseStoreOptions options);

  // Finishes every queued command, then stops the committer.
  ~CaseStore();

  // Registers a case (see store.proto for the contract of each call).
  void CreateCase(v1::CreateCaseRequest request, Done<v1::CaseChange> done,
                  Principal principal = {});
  void AppendEvent(v1::AppendEventRequest request, Done<v1::CaseChange> done,
                   Principal principal = {});
  void GetCase(v1::GetCaseRequest request, Done<v1::Case> done, Principal principal = {});
  void GetHistory(v1::GetCaseRequest request, Done<v1::CaseHistory> done, Principal principal = {});
  void ListCases(v1::ListCasesRequest request, Done<v1::ListCasesResponse> done,
                 Principal principal = {});
  void ListAudit(v1::ListAuditRequest request, Done<v1::ListAuditResponse> done,
                 Principal principal = {});
  // Audits the start of a change-feed read (the events themselves follow through ReadEvents).
  void OpenFeed(v1::WatchEventsRequest request, Done<int64_t> done);
  void FindRelated(v1::FindRelatedRequest request, Done<v1::ListCasesResponse> done,
                   Principal principal = {});
  void SaveCursor(v1::Cursor request, Done<v1::Cursor> done);
  [[nodiscard]] absl::StatusOr<v1::Cursor> GetCursor(const v1::Cursor& request) const;
  // Audits a call refused before it reached the store (peer policy, missing or bad token), with
  // `refusal` as the outcome.
  void RecordDenied(std::string calling_service, std::string method, absl::Status refusal,
                    std::string user = "");

  // OK when `principal` may call `method` on cases at `case_units` (always for services).
  [[nodiscard]] absl::Status Authorize(const Principal& principal, const std::string& method,
                                       std::vector<std::string> case_units) const;
  void EraseIdentity(v1::EraseIdentityRequest request, Done<v1::CaseChange> done,
                     Principal principal = {});

  // Disclosure of a denouncer's sealed identity (store.proto; bodies in disclosure.cc). Each
  // needs a user principal: a service acting on its own is refused (PERMISSION_DENIED).
  void RequestDisclosure(v1::RequestDisclosureRequest request, Done<v1::CaseChange> done,
                         Principal principal = {});
  void DecideDisclosure(v1::DecideDisclosureRequest request, Done<v1::CaseChange> done,
                        Principal principal = {});
  void RevealIdentity(v1::RevealIdentityRequest request, Done<v1::RevealIdentityResponse> done,
                      Principal principal = {});
  // Reveals are read from the committed audit trail.
  void ListDisclosures(v1::ListDisclosuresRequest request, Done<v1::ListDisclosuresResponse> done,
                       Principal principal = {});
  // ---- Duplicates (case_links.cc): merge / unmerge, both cases in one batch. ----
  void MergeCases(v1::MergeCasesRequest request, Done<v1::MergeCasesResponse> done,
                  Principal principal = {});

  // ---- Reception register and voter meetings' register (reception_register.cc). ----
  void RecordVisit(v1::RecordVisitRequest request, Done<v1::RecordVisitResponse> done,
                   Principal principal = {});
  void ListVisits(v1::ListVisitsRequest request, Done<v1::ListVisitsResponse> done,
                  Principal principal = {});
  void ListVoterMeetings(v1::ListVoterMeetingsRequest request,
                         Done<v1::ListVoterMeetingsResponse> done, Principal principal = {});

  // ---- Several cases from one intake (letter_batches.cc). ----
  void CreateCases(v1::CreateCasesRequest request, Done<v1::CreateCasesResponse> done,
                   Principal principal = {});
  void RecordVoterMeeting(v1::RecordVoterMeetingRequest request,
                          Done<v1::RecordVoterMeetingResponse> done, Principal principal = {});

  // Checks the whole audit chain and every checkpoint signature (reads committed data only).
  [[nodiscard]] absl::StatusOr<v1::AuditVerifyReport> VerifyAudit() const;
  // Writes an online consistent copy of the store to `request.directory()` (must not exist).
  [[nodiscard]] absl::StatusOr<v1::BackupResponse> Backup(const v1::BackupRequest& request);

  // Up to `max` committed events with sequence >= from, in commit order.
  [[nodiscard]] absl::StatusOr<std::vector<v1::CaseEvent>> ReadEvents(int64_t from,
                                                                      size_t max) const;
  // The sequence of the last committed event (0 if none).
  int64_t committed_sequence() const;
  // Blocks until committed_sequence() >= sequence, the timeout passes, or the store closes.
  // Returns whether the sequence is committed.
  bool WaitForSequence(int64_t sequence, absl::Duration timeout) const;

  PipelineStats pipeline_stats() const;

 private:
  class Command;
  template <typename T>
  class TypedCommand;

  struct Group;

  CaseStore(CaseStoreOptions options, FilerIndex filer_index);
  void Submit(std::unique_ptr<Command> command);
  // A command body: runs on the committer thread, writes into the Txn, fills the audit record.
  template <typename T, typename Request>
  using Body = absl::StatusOr<T> (CaseStore::*)(Txn&, const Request&, const Principal&,
                                                v1::AuditRecord&);
  // Queues `body` for `request`, made on behalf of `principal`.
  template <typename T, typename Request>
  void Enqueue(Request request, Principal principal, Done<T> done, Body<T, Request> body);
  void CommitLoop();
  // Runs `commands` on top of the applied store into one group batch.
  // be null) into one group batch.
  std::unique_ptr<Group> Prepare(std::vector<std::unique_ptr<Command>> commands);
  // Syncs the WAL for the groups applied since the last sync, publishes their sequence and
  // queues their answers.
  void SyncLoop();
  // Answers callers of durable groups, off the committer thread (answering a gRPC call costs as
  // much as preparing it: TLS, HTTP/2, serialization). Each caller has one answer; answers to
  // different callers may leave in any order.
  void AnswerLoop();
  [[nodiscard]] absl::Status LoadCounters();

  // Command bodies: run on the committer thread; write into `txn`; fill `audit`.
  // `checked` is the request's validation and fingerprint, computed on the caller's thread.
  struct Checked {
    absl::Status valid;
    std::string fingerprint;  // empty without an idempotency key
    // CreateCase: the registration's filer and matter index keys (HMACs; see FilerIndex).
    std::vector<std::string> filer_keys;
    std::string matter_key;
  };
  // Validates a CreateCase request and computes what needs no store state. Thread-safe.
  Checked CheckCreate(const v1::CreateCaseRequest& request) const;
  // Takes `request`'s registration (moved into the event, not copied); the rest stays.
  absl::StatusOr<v1::CaseChange> DoCreateCase(Txn& txn, v1::CreateCaseRequest& request,
                                              const Principal& principal, const Checked& checked,
                                              v1::AuditRecord& audit);
  absl::StatusOr<v1::CaseChange> DoAppendEvent(Txn& txn, const v1::AppendEventRequest& request,
                                               const Principal& principal, const Checked& checked,
                                               v1::AuditRecord& audit);
  absl::StatusOr<v1::Case> DoGetCase(Txn& txn, const v1::GetCaseRequest& request,
                                     const Principal& principal, v1::AuditRecord& audit);
  absl::StatusOr<v1::CaseHistory> DoGetHistory(Txn& txn, const v1::GetCaseRequest& request,
                                               const Principal& principal, v1::AuditRecord& audit);
  absl::StatusOr<v1::ListCasesResponse> DoListCases(Txn& txn, const v1::ListCasesRequest& request,
                                                    const Principal& principal,
                                                    v1::AuditRecord& audit);
  absl::StatusOr<v1::ListCasesResponse> DoFindRelated(Txn& txn,
                                                      const v1::FindRelatedRequest& request,
                                                      const Principal& principal,
                                                      v1::AuditRecord& audit);
  absl::StatusOr<v1::CaseChange> DoEraseIdentity(Txn& txn, const v1::EraseIdentityRequest& request,
                                                 const Principal& principal,
                                                 v1::AuditRecord& audit);
  absl::StatusOr<v1::ListAuditResponse> DoListAudit(Txn& txn, const v1::ListAuditRequest& request,
                                                    const Principal& principal,
                                                    v1::AuditRecord& audit);
  // Disclosure bodies (disclosure.cc).
  absl::StatusOr<v1::CaseChange> DoRequestDisclosure(Txn& txn,
                                                     const v1::RequestDisclosureRequest& request,
                                                     const Principal& principal,
                                                     v1::AuditRecord& audit);
  absl::StatusOr<v1::CaseChange> DoDecideDisclosure(Txn& txn,
                                                    const v1::DecideDisclosureRequest& request,
                                                    const Principal& principal,
                                                    v1::AuditRecord& audit);
  absl::StatusOr<v1::RevealIdentityResponse> DoRevealIdentity(
      Txn& txn, const v1::RevealIdentityRequest& request, const Principal& principal,
      v1::AuditRecord& audit);
  absl::StatusOr<v1::ListDisclosuresResponse> DoListDisclosures(
      Txn& txn, const v1::ListDisclosuresRequest& request, const Principal& principal,
      v1::AuditRecord& audit);

  // ---- Duplicates (case_links.cc). ----
  absl::StatusOr<v1::MergeCasesResponse> DoMergeCases(Txn& txn,
                                                      const v1::MergeCasesRequest& request,
                                                      const Principal& principal,
                                                      v1::AuditRecord& audit);

  // ---- Reception register (reception_register.cc). ----
  absl::StatusOr<v1::RecordVisitResponse> DoRecordVisit(Txn& txn,
                                                        const v1::RecordVisitRequest& request,
                                                        const Principal& principal,
                                                        v1::AuditRecord& audit);
  absl::StatusOr<v1::ListVisitsResponse> DoListVisits(Txn& txn,
                                                      const v1::ListVisitsRequest& request,
                                                      const Principal& principal,
                                                      v1::AuditRecord& audit);
  absl::StatusOr<v1::ListVoterMeetingsResponse> DoListVoterMeetings(
      Txn& txn, const v1::ListVoterMeetingsRequest& request, const Principal& principal,
      v1::AuditRecord& audit);

  // ---- Several cases from one intake (letter_batches.cc). ----
  absl::StatusOr<v1::CreateCasesResponse> DoCreateCases(Txn& txn,
                                                        const v1::CreateCasesRequest& request,
                                                        const Principal& principal,
                                                        v1::AuditRecord& audit);
  absl::StatusOr<v1::RecordVoterMeetingResponse> DoRecordVoterMeeting(
      Txn& txn, const v1::RecordVoterMeetingRequest& request, const Principal& principal,
      v1::AuditRecord& audit);

  // The first result of a request to `method` with idempotency key `request_key`: nullopt when
  // the key is empty or unused (noted in `audit` when found), ALREADY_EXISTS when it was used
  // for a different request.
  absl::StatusOr<std::optional<v1::CaseChange>> FindIdempotent(const Txn& txn, const char* method,
                                                               const std::string& request_key,
                                                               const std::string& fingerprint,
                                                               v1::AuditRecord& audit) const;
  // Records that the keyed request appended `event` (nothing for an empty key).
  static void RememberIdempotent(Txn& txn, const char* method, const std::string& request_key,
                                 const std::string& fingerprint, const v1::CaseEvent& event);
  // For calls that record several things at once: parses into `answer` the first answer of the
  // request to `method` with idempotency key `request_key` and fingerprint `fingerprint` (of the
  // request without context and key) and returns true; false when the key is empty or unused;
  // ALREADY_EXISTS when it was used for a different request; INVALID_ARGUMENT for a key too long.
  absl::StatusOr<bool> RecallAnswer(const Txn& txn, const char* method,
                                    const std::string& request_key, const std::string& fingerprint,
                                    v1::AuditRecord& audit,
                                    google::protobuf::MessageLite& answer) const;
  // RecallAnswer for an answer holding the cases its command registered (`answer.cases()`): on a
  // retry the audit record names them, as the first record did.
  template <typename Answer>
  absl::StatusOr<bool> RecallCasesAnswer(const Txn& txn, const char* method,
                                         const std::string& request_key,
                                         const std::string& fingerprint, v1::AuditRecord& audit,
                                         Answer& answer) const {
    absl::StatusOr<bool> retried =
        RecallAnswer(txn, method, request_key, fingerprint, audit, answer);
    if (retried.ok() && *retried) {
      for (const auto& change : answer.cases()) audit.add_case_ids(change.snapshot().case_id());
    }
    return retried;
  }
  // Keeps `answer` for retries of the keyed request (nothing for an empty key).
  static void RememberAnswer(Txn& txn, const char* method, const std::string& request_key,
                             const std::string& fingerprint,
                             const google::protobuf::MessageLite& answer);
  // SHA-256 of the deterministic serialization of `request` (an idempotency fingerprint).
  static std::string Fingerprint(const google::protobuf::Message& request);
  // The fingerprint of a keyed request without its context and key; "" without a key.
  template <typename Request>
  static std::string KeyedFingerprint(const Request& request) {
    if (request.idempotency_key().empty()) return "";
    Request unkeyed = request;
    unkeyed.clear_context();
    unkeyed.clear_idempotency_key();
    return Fingerprint(unkeyed);
  }
  // The event at `version` and the snapshot right after it, folded from the case's events.
  absl::StatusOr<v1::CaseChange> Replay(const Txn& txn, const std::string& case_id,
                                        int64_t version) const;

  // Resolves a case id or reference number to a case id. NOT_FOUND if unknown.
  absl::StatusOr<std::string> ResolveCaseId(const Txn& txn, const std::string& case_ref) const;
  // The case's snapshot with its registration (kept once, in the first event, and attached here).
  absl::StatusOr<v1::Case> LoadSnapshot(const Txn& txn, const std::string& case_id) const;
  // Stamps `event` as the next event of `before`, applies it and writes event, feed entry,
  // snapshot and index changes into `txn`.
  absl::StatusOr<v1::CaseChange> WriteEvent(Txn& txn, const v1::Case& before, v1::CaseEvent event);

  CaseStoreOptions options_;
  storage::Kv& kv_;

  // Committer-thread state. `counters_` is what the next group builds on; `committed_` what is
  // durable (restored into counters_ when a group's write fails).
  v1::StoreCounters counters_;
  v1::StoreCounters committed_;
  AuditLog audit_;
  FilerIndex filer_index_;

  mutable std::mutex mu_;
  mutable std::condition_variable work_cv_;       // commands queued / stopping
  mutable std::condition_variable committed_cv_;  // committed_sequence_ advanced
  std::deque<std::unique_ptr<Command>> queue_;    // guarded by mu_
  bool stopping_ = false;                         // guarded by mu_
  int64_t committed_sequence_ = 0;                // guarded by mu_
  std::thread committer_;

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  struct Applied {  // a group the committer applied (or failed to), awaiting its sync
    std::vector<std::unique_ptr<Command>> commands;
    int64_t last_sequence = 0;
    absl::Status write;
  };
  std::deque<Applied> to_sync_;  // guarded by sync_mu_
  bool syncs_done_ = false;      // guarded by sync_mu_
  std::thread syncer_;
  absl::Status sync_failure_;          // syncer thread only; latched
  std::atomic<bool> refusing_{false};  // set once a sync failed: every later command is refused

  std::mutex answer_mu_;
  std::condition_variable answer_cv_;
  struct Answered {
    std::unique_ptr<Command> command;
    absl::Status commit;
  };
  std::deque<Answered> answers_;  // guarded by answer_mu_
  bool answers_done_ = false;     // guarded by answer_mu_
  std::vector<std::thread> answerers_;

  // PipelineStats.
  std::atomic<uint64_t> groups_{0}, commands_{0}, syncs_{0};
  std::atomic<int64_t> preparing_ns_{0}, applying_ns_{0}, syncing_ns_{0}, answering_ns_{0};
};

}  // namespace civicase::store
