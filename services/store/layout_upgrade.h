#pragma once

// Upgrades a store written with an older key layout to the current one (store_keys.h), at open,
// before anything reads it.
//
// Stores written before the change feed and the audit checkpoints had columns of their own kept
// them in `events` ("g" keys) and `audit` ("k" keys); those keys move, unchanged, to `feed` and
// `audit_checkpoints`. Each chunk moves in one synced batch (put in the new column, delete from
// the old), so a crash part-way leaves every key in exactly one of the two columns and the next
// open finishes the move. A store in the current layout is left as it is.

#include "absl/status/status.h"
#include "storage/kv/kv.h"

namespace civicase::store {

absl::Status UpgradeKeyLayout(storage::Kv& kv);

}  // namespace civicase::store
