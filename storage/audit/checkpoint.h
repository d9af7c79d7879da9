#pragma once

// Signed checkpoints of the audit chain head, and the policy for when to make one.
//
// A checkpoint says "the record with sequence number `seq` has chain hash `head`", signed with
// the store's Ed25519 key at `unix_time`. Shipping checkpoints to an external witness or WORM
// store makes the chain up to the last shipped checkpoint immutable even for someone who
// controls the store and its key afterwards. Records after the last checkpoint can be
// truncated undetectably; CheckpointPolicy bounds that window.
//
// Signed message (76 bytes, canonical, version 1):
//   "civicase-audit-checkpoint-v1" (28 ASCII bytes, no terminator)
//   | seq (u64 big-endian) | head (32 bytes) | unix_time (i64 big-endian, two's complement)
//
// Serialized form (Serialize/Parse):
//   0x01 | seq (u64 BE) | head (32) | unix_time (i64 BE) | signature (the remaining bytes;
//   64 for Ed25519)
//
// Thread safety: plain values and pure functions.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/audit/chain_hash.h"
#include "storage/audit/ed25519.h"

namespace civicase::storage {

inline constexpr std::string_view kCheckpointDomain = "civicase-audit-checkpoint-v1";

struct Checkpoint {
  uint64_t seq = 0;
  Hash head{};
  int64_t unix_time = 0;
  std::string signature;

  // The canonical bytes that are signed (see the file comment).
  std::string SignedMessage() const;

  std::string Serialize() const;
  // DATA_LOSS naming the problem if `serialized` is not a Serialize() output.
  [[nodiscard]] static absl::StatusOr<Checkpoint> Parse(std::string_view serialized);

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// A signed checkpoint of (seq, head) at unix_time. Errors as Ed25519Signer::Sign.
[[nodiscard]] absl::StatusOr<Checkpoint> SignCheckpoint(const Ed25519Signer& signer, uint64_t seq,
                                                        const Hash& head, int64_t unix_time);

// True iff the checkpoint's signature is valid under `public_key`.
bool VerifyCheckpointSignature(const Ed25519PublicKey& public_key, const Checkpoint& checkpoint);

struct CheckpointPolicy {
  // Sign a checkpoint after this many records since the last one. 0 disables this trigger.
  // Default: 1000.
  uint64_t every_records = 1000;
  // Sign a checkpoint when this many seconds have passed since the last one and at least one
  // record was appended since. 0 disables this trigger. Default: 60.
  int64_t every_seconds = 60;
};

// Whether a checkpoint is due. Never due without new records (the head has not moved).
bool CheckpointDue(const CheckpointPolicy& policy, uint64_t records_since_last,
                   int64_t seconds_since_last);

}  // namespace civicase::storage
