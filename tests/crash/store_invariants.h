#pragma once

// Structural invariants of a closed (or quiescent) case store, checked by reading its columns
// directly with the key layout of services/store/store_keys.h. They say "no write is half
// present": every command is one atomic batch, so after any crash each of these holds.
//
//   * meta/counters: case ids 1..last_case_number each have a snapshot, and nothing else does;
//     the reference counters add up to the number of cases.
//   * events: each snapshot at version v has exactly the events 1..v, each naming its case and
//     version; the change feed has exactly the sequences 1..last_sequence, each pointing at the
//     event with that sequence.
//   * indexes: exactly the entries the snapshots imply (reference, unit+state, state, filer and
//     matter keys, due dates of open cases); every per-case audit index entry points at an
//     existing audit record.
//   * audit: records exactly 1..audit_sequence; the newest checkpoint is last_checkpoint_sequence.
//   * sealed_keys: exactly the denunciations (plus store-wide keys not named by a case id);
//     their filers hold no identity in clear.
//   * idempotency: every record's first response names an event that exists.
//
// Pure reads; thread-compatible.

#include <string>
#include <vector>

#include "civicase/v1/store_records.pb.h"
#include "storage/kv/kv.h"

namespace civicase::store::testing {

struct InvariantReport {
  v1::StoreCounters counters;  // as read from meta (default if absent)
  size_t cases = 0;
  size_t feed_entries = 0;
  std::vector<std::string> problems;  // empty when every invariant holds
};

InvariantReport CheckStoreInvariants(const storage::Kv& kv);

}  // namespace civicase::store::testing
