#include "services/store/layout_upgrade.h"

#include <string>

#include "services/store/store_keys.h"
#include "storage/base/status_macros.h"

namespace civicase::store {
namespace {

using storage::Column;

constexpr size_t kChunk = 10000;  // keys per batch: bounds the memory a large store's move needs

absl::Status MoveKeys(storage::Kv& kv, Column from, const std::string& prefix, Column to) {
  for (;;) {
    storage::WriteBatch batch;
    RETURN_IF_ERROR(kv.ScanPrefix(from, prefix, [&](std::string_view key, std::string_view value) {
      batch.Put(to, key, std::string(value));
      batch.Delete(from, key);
      return batch.size() < 2 * kChunk;
    }));
    if (batch.empty()) return absl::OkStatus();
    RETURN_IF_ERROR(kv.Write(batch, {.sync = true}));
  }
}

}  // namespace

absl::Status UpgradeKeyLayout(storage::Kv& kv) {
  RETURN_IF_ERROR(MoveKeys(kv, Column::kEvents, keys::FeedPrefix(), Column::kFeed));
  return MoveKeys(kv, Column::kAudit, keys::AuditCheckpointPrefix(), Column::kAuditCheckpoints);
}

}  // namespace civicase::store
