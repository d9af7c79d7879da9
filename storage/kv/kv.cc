#include "storage/kv/kv.h"

#include <iterator>
#include <utility>

#include "storage/kv/key_encoding.h"

namespace civicase::storage {

std::string_view ColumnName(Column column) {
  switch (column) {
    case Column::kMeta:
      return "meta";
    case Column::kEvents:
      return "events";
    case Column::kSnapshots:
      return "snapshots";
    case Column::kIndexes:
      return "indexes";
    case Column::kAudit:
      return "audit";
    case Column::kIdempotency:
      return "idempotency";
    case Column::kCursors:
      return "cursors";
    case Column::kSealedKeys:
      return "sealed_keys";
    case Column::kFeed:
      return "feed";
    case Column::kAuditCheckpoints:
      return "audit_checkpoints";
  }
  return "invalid";
}

void WriteBatch::Put(Column column, std::string_view key, std::string value) {
  byte_size_ += key.size() + value.size();
  ops_.push_back(Op{OpType::kPut, column, std::string(key), std::move(value)});
}

void WriteBatch::Delete(Column column, std::string_view key) {
  ops_.push_back(Op{OpType::kDelete, column, std::string(key), std::string()});
  byte_size_ += key.size();
}

void WriteBatch::Append(const WriteBatch& other) {
  if (&other == this) {
    const std::vector<Op> copy = ops_;
    ops_.insert(ops_.end(), copy.begin(), copy.end());
    byte_size_ *= 2;
    return;
  }
  ops_.insert(ops_.end(), other.ops_.begin(), other.ops_.end());
  byte_size_ += other.byte_size_;
}

void WriteBatch::Append(WriteBatch&& other) {
  if (&other == this) return Append(static_cast<const WriteBatch&>(other));
  ops_.insert(ops_.end(), std::make_move_iterator(other.ops_.begin()),
              std::make_move_iterator(other.ops_.end()));
  byte_size_ += other.byte_size_;
  other.Clear();
}

void WriteBatch::Clear() {
  ops_.clear();
  byte_size_ = 0;
}

const WriteBatch::Op* WriteBatch::FindLast(Column column, std::string_view key) const {
  for (auto it = ops_.rbegin(); it != ops_.rend(); ++it) {
    if (it->column == column && it->key == key) return &*it;
  }
  return nullptr;
}

absl::Status Kv::ScanPrefix(Column column, std::string_view prefix, ScanVisitor visit) const {
  return Scan(column, prefix, PrefixSuccessor(prefix), visit);
}

absl::Status Kv::Put(Column column, std::string_view key, std::string_view value,
                     const WriteOptions& options) {
  WriteBatch batch;
  batch.Put(column, key, std::string(value));
  return Write(batch, options);
}

absl::Status Kv::Delete(Column column, std::string_view key, const WriteOptions& options) {
  WriteBatch batch;
  batch.Delete(column, key);
  return Write(batch, options);
}

}  // namespace civicase::storage
