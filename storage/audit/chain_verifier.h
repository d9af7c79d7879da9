#pragma once

// An offline, streaming verifier of the audit chain: recomputes every link from the genesis
// (or from a trusted head), checks every checkpoint against the recomputed chain and its
// signature, and names the first bad record.
//
// Usage:
//   ChainVerifier verifier;                       // chain starts at record 1, genesis hash
//   for (each checkpoint) verifier.AddCheckpoint(cp);     // any time before its record...
//   for (each record in seq order) verifier.AddRecord(seq, bytes, stored_hash);
//   VerifyReport report = verifier.Finish(public_key_raw);
// Checkpoints may be added all up front, or interleaved with the records (right after the
// record they cover). A checkpoint added after later records were already added cannot be
// checked and makes the report fail with an input-order problem (no first_bad_seq).
//
// What it detects, and how it names it (first_bad_seq is the earliest problem found):
//  - a changed record or stored hash:  "record 17: hash does not match its content (changed
//    after it was written)". A record rewritten together with its own stored hash shows up at
//    the next record (its link breaks), or at the first checkpoint covering it.
//  - two swapped records:               "records 5 and 9 are swapped: ..." (first_bad_seq 5)
//  - deleted records (a gap):           "record 42 is missing: ... (deleted)"
//  - a duplicated/out-of-order record:  "expected record 42, found record 40 ..."
//  - a chain rewritten with recomputed hashes: "checkpoint at record 50: signed head does not
//    match ..." (first_bad_seq 50)
//  - a bad checkpoint signature:        "checkpoint at record 50: signature does not verify
//    ..." (forged, altered, or signed with another key)
//  - truncation of the tail:            "the chain ends at record 95, but a checkpoint covers
//    records up to 100: records 96..100 were removed" (first_bad_seq 96)
// Records appended after the last checkpoint can be removed without detection; that window is
// bounded by CheckpointPolicy and closed by shipping checkpoints to an external witness.
//
// Cost: one SHA-256 per record, one Ed25519 verification per checkpoint (in Finish); memory
// holds the checkpoints only, not the records.
// Thread safety: not thread-safe; use one verifier per thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/audit/chain_hash.h"
#include "storage/audit/checkpoint.h"

namespace civicase::storage {

struct VerifyReport {
  bool ok = false;
  uint64_t records_checked = 0;      // Records passed to AddRecord.
  uint64_t checkpoints_checked = 0;  // Checkpoints whose signature was checked.
  // The earliest sequence number at which the chain is wrong; nullopt when ok, or when the
  // problem is not tied to a record (bad public key, checkpoints supplied out of order).
  std::optional<uint64_t> first_bad_seq;
  std::string problem;  // Human-readable; empty when ok.
  // The recomputed hash of the last good record (the chain head when ok) and its seq
  // (first_seq - 1 and the starting hash if no record was good).
  Hash head{};
  uint64_t head_seq = 0;
};

class ChainVerifier {
 public:
  // Verifies a chain whose first record is `first_seq` and links to `previous`: by default the
  // whole chain from genesis; or, from a trusted checkpoint (seq, head), pass (seq + 1, head).
  // REQUIRES: first_seq >= 1.
  explicit ChainVerifier(uint64_t first_seq = 1, const Hash& previous = kGenesisHash);

  // REQUIRES: records in the order they are stored (ascending seq); Finish() not yet called.
  void AddRecord(uint64_t seq, std::string_view record_bytes, const Hash& stored_hash);
  // REQUIRES: Finish() not yet called. See the ordering note above.
  void AddCheckpoint(const Checkpoint& checkpoint);
  // Checks every checkpoint signature against `public_key_raw` (32 bytes) and the tail.
  // REQUIRES: called once.
  VerifyReport Finish(std::string_view public_key_raw);

 private:
  struct Problem {
    std::optional<uint64_t> seq;
    std::string message;
  };

  void SetRecordProblem(uint64_t seq, std::string message);
  void CheckHead(const Checkpoint& checkpoint);

  const uint64_t first_seq_;
  uint64_t next_seq_;  // The seq the next good record must have.
  Hash head_;          // Recomputed hash of record next_seq_ - 1.
  uint64_t records_checked_ = 0;
  uint64_t last_checkpoint_ok_seq_;  // Seq of the last checkpoint whose head matched.

  std::optional<Problem> record_problem_;
  // After the first hash mismatch: looking for the record's original content further on.
  bool searching_for_swap_ = false;
  Hash mismatch_previous_{};
  Hash mismatch_stored_{};

  std::multimap<uint64_t, Checkpoint> pending_;  // Checkpoints beyond the records seen so far.
  std::vector<Checkpoint> checkpoints_;          // All, for signature checks in Finish.
  std::vector<Problem> checkpoint_problems_;
};

}  // namespace civicase::storage
