#pragma once

// MemoryKv: the in-memory Kv for unit tests of the layers above storage (case store, domain,
// services). One std::map per column behind one mutex. It keeps the whole Kv contract (atomic
// batches, ordered scans over a consistent snapshot, NOT_FOUND on absence), checked by
// kv_conformance_test.cc against RocksKv, so code tested on it behaves the same on RocksDB.
//
// Durability: none while running; WriteOptions::sync is accepted and ignored, and the data dies
// with the object. CreateCheckpoint serialises the store to a directory (one file, "MEMORY_KV",
// written and fsynced before the call returns) and OpenCheckpoint reads it back, so backup and
// restore flows can be unit-tested too. The file format is private to MemoryKv and not a RocksDB
// checkpoint: RocksKv cannot open it, nor MemoryKv a RocksDB checkpoint.
//
// Costs worth knowing in tests: Scan copies the requested range under the lock before visiting
// it (this is what gives it a consistent snapshot and lets the visitor call back into the Kv);
// prefer bounded ranges over huge columns.
//
// Thread safety: safe for concurrent use, like every Kv.

#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "storage/kv/kv.h"

namespace civicase::storage {

class MemoryKv final : public Kv {
 public:
  MemoryKv() = default;

  // Opens a checkpoint made by MemoryKv::CreateCheckpoint in `dir`. NOT_FOUND if `dir` holds no
  // MemoryKv checkpoint; DATA_LOSS if the file is damaged or truncated.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<MemoryKv>> OpenCheckpoint(
      const std::string& dir);

  [[nodiscard]] absl::StatusOr<std::string> Get(Column column, std::string_view key) const override;
  [[nodiscard]] absl::Status Write(const WriteBatch& batch, const WriteOptions& options) override;
  // Nothing to sync: the fake's durability is the process's.
  [[nodiscard]] absl::Status SyncWal() override { return absl::OkStatus(); }
  [[nodiscard]] absl::Status Scan(Column column, std::string_view start, std::string_view end,
                                  ScanVisitor visit) const override;
  [[nodiscard]] absl::StatusOr<std::optional<std::pair<std::string, std::string>>> Last(
      Column column, std::string_view prefix) const override;
  [[nodiscard]] absl::Status CreateCheckpoint(const std::string& dir) override;

 private:
  using Map = std::map<std::string, std::string, std::less<>>;

  mutable absl::Mutex mu_;
  std::array<Map, kColumnCount> columns_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civicase::storage
