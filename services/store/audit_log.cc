#include "services/store/audit_log.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/store/store_keys.h"
#include "storage/audit/chain_hash.h"
#include "storage/audit/chain_verifier.h"
#include "storage/base/status_macros.h"
#include "storage/kv/key_encoding.h"

namespace civicase::store {

std::string StoreMethod(std::string_view name) {
  return std::string("/civicase.v1.CaseStore/").append(name);
}

void BeginAudit(v1::AuditRecord& audit, const v1::RequestContext& who, std::string_view method,
                std::string_view field) {
  *audit.mutable_actor() = who;
  audit.set_method(StoreMethod(method));
  audit.add_fields(std::string(field));
}
namespace {

storage::Hash HeadOf(const v1::StoreCounters& counters) {
  storage::Hash head{};
  if (counters.audit_head().size() == head.size()) {
    std::copy(counters.audit_head().begin(), counters.audit_head().end(), head.begin());
  }
  return head;
}

}  // namespace

absl::Status AuditLog::Append(Txn& txn, v1::StoreCounters& counters, v1::AuditRecord record,
                              absl::Time now) const {
  const uint64_t sequence = counters.audit_sequence() + 1;
  record.set_sequence(sequence);
  *record.mutable_at() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
  v1::AuditEntry entry;
  entry.set_record(record.SerializeAsString());
  const storage::Hash hash = storage::ChainHash(HeadOf(counters), entry.record());
  entry.set_hash(std::string(storage::HashBytes(hash)));
  txn.Put(Column::kAudit, keys::AuditRecord(sequence), entry.SerializeAsString());
  for (const auto& case_id : record.case_ids()) {
    txn.Put(Column::kIndexes, keys::AuditOfCase(case_id, sequence), "");
  }
  counters.set_audit_sequence(sequence);
  counters.set_audit_head(entry.hash());
  return MaybeCheckpoint(txn, counters, now);
}

absl::Status AuditLog::MaybeCheckpoint(Txn& txn, v1::StoreCounters& counters,
                                       absl::Time now) const {
  const uint64_t since = counters.audit_sequence() - counters.last_checkpoint_sequence();
  if (since == 0) return absl::OkStatus();
  const int64_t seconds = absl::ToUnixSeconds(now) - counters.last_checkpoint_unix();
  if (!storage::CheckpointDue(policy_, since, seconds)) return absl::OkStatus();
  return WriteCheckpoint(txn, counters, now);
}

absl::Status AuditLog::WriteCheckpoint(Txn& txn, v1::StoreCounters& counters,
                                       absl::Time now) const {
  const int64_t unix_time = absl::ToUnixSeconds(now);
  ASSIGN_OR_RETURN(
      storage::Checkpoint checkpoint,
      storage::SignCheckpoint(signer_, counters.audit_sequence(), HeadOf(counters), unix_time));
  txn.Put(Column::kAuditCheckpoints, keys::AuditCheckpoint(checkpoint.seq), checkpoint.Serialize());
  counters.set_last_checkpoint_sequence(checkpoint.seq);
  counters.set_last_checkpoint_unix(unix_time);
  return absl::OkStatus();
}

absl::StatusOr<v1::AuditVerifyReport> AuditLog::Verify(const storage::Kv& kv) const {
  std::map<uint64_t, storage::Checkpoint> checkpoints;
  absl::Status parse = absl::OkStatus();
  RETURN_IF_ERROR(kv.ScanPrefix(Column::kAuditCheckpoints, keys::AuditCheckpointPrefix(),
                                [&](std::string_view, std::string_view value) {
                                  auto checkpoint = storage::Checkpoint::Parse(value);
                                  if (!checkpoint.ok()) {
                                    parse = checkpoint.status();
                                    return false;
                                  }
                                  checkpoints.emplace(checkpoint->seq, *std::move(checkpoint));
                                  return true;
                                }));
  v1::AuditVerifyReport report;
  if (!parse.ok()) {
    report.set_problem(absl::StrCat("a checkpoint is damaged: ", parse.message()));
    return report;
  }
  storage::ChainVerifier verifier;
  auto next_checkpoint = checkpoints.begin();
  RETURN_IF_ERROR(kv.ScanPrefix(
      Column::kAudit, keys::AuditRecordPrefix(), [&](std::string_view key, std::string_view value) {
        auto parts = storage::SplitKey(key);
        uint64_t sequence = 0;
        if (parts.ok() && parts->size() == 2) {
          auto decoded = storage::DecodeFixed64BE((*parts)[1]);
          if (decoded.ok()) sequence = *decoded;
        }
        v1::AuditEntry entry;
        storage::Hash stored{};
        if (entry.ParseFromArray(value.data(), static_cast<int>(value.size())) &&
            entry.hash().size() == stored.size()) {
          std::copy(entry.hash().begin(), entry.hash().end(), stored.begin());
        }
        verifier.AddRecord(sequence, entry.record(), stored);
        while (next_checkpoint != checkpoints.end() && next_checkpoint->first <= sequence) {
          verifier.AddCheckpoint(next_checkpoint->second);
          ++next_checkpoint;
        }
        return true;
      }));
  for (; next_checkpoint != checkpoints.end(); ++next_checkpoint) {
    verifier.AddCheckpoint(next_checkpoint->second);
  }
  storage::VerifyReport result = verifier.Finish(signer_.PublicKeyRaw());
  // The chain alone cannot show records removed after its last checkpoint; the store's counters,
  // written in the same batch as every record, say where the chain must end.
  v1::StoreCounters counters;
  if (auto bytes = kv.Get(Column::kMeta, keys::kCounters); bytes.ok()) {
    counters.ParseFromString(*bytes);
  }
  if (result.ok &&
      (result.head_seq != counters.audit_sequence() || result.head != HeadOf(counters))) {
    result.ok = false;
    result.first_bad_seq = std::min(result.head_seq, counters.audit_sequence()) + 1;
    result.problem =
        absl::StrCat("the chain ends at record ", result.head_seq,
                     " but the store wrote up to record ", counters.audit_sequence(),
                     result.head_seq < counters.audit_sequence()
                         ? absl::StrCat(": records ", result.head_seq + 1, "..",
                                        counters.audit_sequence(), " were removed (tail truncated)")
                         : ": the chain or the store's counters were altered");
  }
  if (result.ok && !checkpoints.empty() &&
      checkpoints.rbegin()->first != counters.last_checkpoint_sequence()) {
    result.ok = false;
    result.first_bad_seq = counters.last_checkpoint_sequence();
    result.problem = absl::StrCat("the checkpoint at record ", counters.last_checkpoint_sequence(),
                                  " is missing");
  }
  report.set_ok(result.ok);
  report.set_records_checked(result.records_checked);
  report.set_checkpoints_checked(result.checkpoints_checked);
  report.set_first_bad_sequence(result.first_bad_seq.value_or(0));
  report.set_problem(result.problem);
  report.set_head_hash(storage::HashToHex(result.head));
  return report;
}

absl::StatusOr<v1::ListAuditResponse> AuditLog::List(const storage::Kv& kv,
                                                     const std::string& case_id,
                                                     const v1::PageRequest& page) const {
  const int limit = page.page_size() <= 0 ? 100 : std::min(page.page_size(), 1000);
  uint64_t after = 0;
  if (!page.page_token().empty() && !absl::SimpleAtoi(page.page_token(), &after)) {
    return absl::InvalidArgumentError("page.page_token: not a token from a previous page");
  }
  std::vector<uint64_t> sequences;
  auto take = [&](uint64_t sequence) {
    if (sequence > after) sequences.push_back(sequence);
    return static_cast<int>(sequences.size()) <= limit;
  };
  if (case_id.empty()) {
    RETURN_IF_ERROR(kv.Scan(Column::kAudit, keys::AuditRecord(after + 1),
                            storage::PrefixSuccessor(keys::AuditRecordPrefix()),
                            [&](std::string_view key, std::string_view) {
                              auto parts = storage::SplitKey(key);
                              if (!parts.ok() || parts->size() != 2) return false;
                              auto sequence = storage::DecodeFixed64BE((*parts)[1]);
                              return sequence.ok() && take(*sequence);
                            }));
  } else {
    RETURN_IF_ERROR(kv.ScanPrefix(Column::kIndexes, keys::AuditOfCasePrefix(case_id),
                                  [&](std::string_view key, std::string_view) {
                                    auto parts = storage::SplitKey(key);
                                    if (!parts.ok() || parts->size() != 3) return false;
                                    auto sequence = storage::DecodeFixed64BE((*parts)[2]);
                                    return sequence.ok() && take(*sequence);
                                  }));
  }
  v1::ListAuditResponse response;
  if (static_cast<int>(sequences.size()) > limit) {
    sequences.resize(limit);
    response.set_next_page_token(absl::StrCat(sequences.back()));
  }
  for (uint64_t sequence : sequences) {
    ASSIGN_OR_RETURN(std::string bytes, kv.Get(Column::kAudit, keys::AuditRecord(sequence)));
    v1::AuditEntry entry;
    if (!entry.ParseFromString(bytes) || !response.add_records()->ParseFromString(entry.record())) {
      return absl::DataLossError(absl::StrCat("audit record ", sequence, " is damaged"));
    }
  }
  return response;
}

}  // namespace civicase::store
