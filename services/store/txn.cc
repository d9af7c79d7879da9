#include "services/store/txn.h"

namespace civicase::store {

std::string Txn::OverlayKey(Column column, std::string_view key) {
  std::string k(1, static_cast<char>(column));
  k.append(key);
  return k;
}

const std::optional<std::string>* Txn::Find(const std::string& overlay_key) const {
  for (const Txn* t = this; t != nullptr; t = t->parent_) {
    if (auto it = t->overlay_.find(overlay_key); it != t->overlay_.end()) return &it->second;
  }
  return nullptr;
}

absl::StatusOr<std::string> Txn::Get(Column column, std::string_view key) const {
  if (const auto* v = Find(OverlayKey(column, key))) {
    if (!v->has_value()) return absl::NotFoundError("deleted in this group");
    return **v;
  }
  return kv_.Get(column, key);
}

void Txn::Put(Column column, std::string_view key, std::string_view value) {
  batch_.Put(column, key, value);
  overlay_[OverlayKey(column, key)] = std::string(value);
}

void Txn::Delete(Column column, std::string_view key) {
  batch_.Delete(column, key);
  overlay_[OverlayKey(column, key)] = std::nullopt;
}

void Txn::MergeInto(Txn& parent) && {
  parent.batch_.Append(batch_);
  for (auto& [k, v] : overlay_) parent.overlay_[k] = std::move(v);
  Clear();
}

void Txn::Clear() {
  batch_.Clear();
  overlay_.clear();
}

}  // namespace civicase::store
