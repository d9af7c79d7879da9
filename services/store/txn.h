#pragma once

// Txn: what one command sees and writes inside a commit group.
//
// The store's committer gathers concurrent commands into one group and writes the group as ONE
// WriteBatch (synced by the store's syncer before anyone is answered). Commands of a group run
// one after another on the committer thread; each sees the applied store plus the writes of the
// commands before it in the group (read your group's writes), and its own writes. A command that
// fails is discarded whole: nothing it wrote reaches the group.
//
// Not thread-safe: used only on the committer thread.

#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "storage/kv/kv.h"

namespace civicase::store {

using storage::Column;

class Txn {
 public:
  // `kv` is the committed store; `parent` (may be null) the group this command runs in.
  // Both borrowed; must outlive the Txn.
  Txn(const storage::Kv& kv, const Txn* parent) : kv_(kv), parent_(parent) {}

  // The value as this Txn would leave it: NOT_FOUND if absent.
  [[nodiscard]] absl::StatusOr<std::string> Get(Column column, std::string_view key) const;

  void Put(Column column, std::string_view key, std::string value);
  void Delete(Column column, std::string_view key);

  // Moves this command's writes into `parent` (after the command succeeded); leaves this empty.
  void MergeInto(Txn& parent) &&;

  const storage::WriteBatch& batch() const { return batch_; }
  bool empty() const { return batch_.empty(); }
  void Clear();

 private:
  static std::string OverlayKey(Column column, std::string_view key);
  // The last operation on a key in this Txn or its parents, or nullptr if none touched it.
  const storage::WriteBatch::Op* Find(const std::string& overlay_key) const;
  void Remember(Column column, std::string_view key);

  const storage::Kv& kv_;
  const Txn* parent_;
  storage::WriteBatch batch_;
  // Each key written here -> the index in batch_ of its last operation (values are not copied).
  std::unordered_map<std::string, size_t> overlay_;
};

}  // namespace civicase::store
