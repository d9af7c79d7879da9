#pragma once

// AuditLog: appends audit records to the store's hash chain, inside the same commit group as the
// change they describe, and signs checkpoints of the chain head (Ed25519) every N records and
// every T seconds. Verification re-reads the whole chain from the store.
//
// Not thread-safe: Append runs on the committer thread only; Verify and List read committed data
// and may run on any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civicase/v1/audit.pb.h"
#include "civicase/v1/store.pb.h"
#include "civicase/v1/store_records.pb.h"
#include "services/store/txn.h"
#include "storage/audit/checkpoint.h"
#include "storage/audit/ed25519.h"
#include "storage/kv/kv.h"

namespace civicase::store {

// The full gRPC name of a CaseStore method, as audit records name it:
// "/civicase.v1.CaseStore/<name>".
std::string StoreMethod(std::string_view name);

// Starts a command's audit record: who asked, which method (short name), which part of the case
// it touches.
void BeginAudit(v1::AuditRecord& audit, const v1::RequestContext& who, std::string_view method,
                std::string_view field);

class AuditLog {
 public:
  // `signer` is borrowed and must outlive the log.
  AuditLog(const storage::Ed25519Signer& signer, storage::CheckpointPolicy policy)
      : signer_(signer), policy_(policy) {}

  // Appends `record` as the next record of the chain: sets its sequence and time, writes the
  // entry and its per-case index into `txn`, advances `counters` (audit_sequence, audit_head) and
  // signs a checkpoint when the policy says one is due.
  [[nodiscard]] absl::Status Append(Txn& txn, v1::StoreCounters& counters, v1::AuditRecord record,
                                    absl::Time now) const;

  // Signs a checkpoint of the current head if one is due by time alone (called when idle).
  [[nodiscard]] absl::Status MaybeCheckpoint(Txn& txn, v1::StoreCounters& counters,
                                             absl::Time now) const;

  // Checks every record's hash against its predecessor and content, sequence continuity, every
  // checkpoint's signature and head, and that no checkpointed record is missing.
  [[nodiscard]] absl::StatusOr<v1::AuditVerifyReport> Verify(const storage::Kv& kv) const;

  // Records in sequence order, of one case (case_id non-empty) or all.
  [[nodiscard]] absl::StatusOr<v1::ListAuditResponse> List(const storage::Kv& kv,
                                                           const std::string& case_id,
                                                           const v1::PageRequest& page) const;

 private:
  [[nodiscard]] absl::Status WriteCheckpoint(Txn& txn, v1::StoreCounters& counters,
                                             absl::Time now) const;

  const storage::Ed25519Signer& signer_;
  storage::CheckpointPolicy policy_;
};

}  // namespace civicase::store
