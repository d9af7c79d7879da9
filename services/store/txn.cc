#include "services/store/txn.h"

#include <utility>

namespace civicase::store {

std::string Txn::OverlayKey(Column column, std::string_view key) {
  std::string k(1, static_cast<char>(column));
  k.append(key);
  return k;
}

const storage::WriteBatch::Op* Txn::Find(const std::string& overlay_key) const {
  for (const Txn* t = this; t != nullptr; t = t->parent_) {
    if (auto it = t->overlay_.find(overlay_key); it != t->overlay_.end()) {
      return &t->batch_.ops()[it->second];
    }
  }
  return nullptr;
}

absl::StatusOr<std::string> Txn::Get(Column column, std::string_view key) const {
  if (const storage::WriteBatch::Op* op = Find(OverlayKey(column, key))) {
    if (op->type == storage::WriteBatch::OpType::kDelete) {
      return absl::NotFoundError("deleted in this group");
    }
    return op->value;
  }
  return kv_.Get(column, key);
}

void Txn::Remember(Column column, std::string_view key) {
  overlay_[OverlayKey(column, key)] = batch_.size() - 1;
}

void Txn::Put(Column column, std::string_view key, std::string value) {
  batch_.Put(column, key, std::move(value));
  Remember(column, key);
}

void Txn::Delete(Column column, std::string_view key) {
  batch_.Delete(column, key);
  Remember(column, key);
}

void Txn::MergeInto(Txn& parent) && {
  const size_t base = parent.batch_.size();
  while (!overlay_.empty()) {  // moves the keys' nodes, no copy
    auto node = overlay_.extract(overlay_.begin());
    node.mapped() += base;
    auto placed = parent.overlay_.insert(std::move(node));
    if (!placed.inserted) placed.position->second = placed.node.mapped();
  }
  parent.batch_.Append(std::move(batch_));
  Clear();
}

void Txn::Clear() {
  batch_.Clear();
  overlay_.clear();
}

}  // namespace civicase::store
