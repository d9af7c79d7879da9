#include "services/store/layout_upgrade.h"

#include <string>
#include <vector>

#include "services/store/store_keys.h"
#include "storage/base/status_macros.h"

namespace civicase::store {
namespace {

using storage::Column;

constexpr size_t kChunk = 10000;  // keys per batch: bounds the memory a large store's move needs

absl::StatusOr<int64_t> MoveKeys(storage::Kv& kv, Column from, const std::string& prefix,
                                 Column to) {
  int64_t moved = 0;
  for (;;) {
    storage::WriteBatch batch;
    RETURN_IF_ERROR(kv.ScanPrefix(from, prefix, [&](std::string_view key, std::string_view value) {
      batch.Put(to, key, std::string(value));
      batch.Delete(from, key);
      return batch.size() < 2 * kChunk;
    }));
    if (batch.empty()) return moved;
    RETURN_IF_ERROR(kv.Write(batch, {.sync = true}));
    moved += static_cast<int64_t>(batch.size() / 2);
  }
}

}  // namespace

absl::StatusOr<int64_t> UpgradeKeyLayout(storage::Kv& kv) {
  ASSIGN_OR_RETURN(int64_t feed, MoveKeys(kv, Column::kEvents, keys::FeedPrefix(), Column::kFeed));
  ASSIGN_OR_RETURN(int64_t checkpoints, MoveKeys(kv, Column::kAudit, keys::AuditCheckpointPrefix(),
                                                 Column::kAuditCheckpoints));
  return feed + checkpoints;
}

}  // namespace civicase::store
