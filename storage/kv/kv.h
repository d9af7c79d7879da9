#pragma once

// The key-value interface under the case store: ordered byte keys and values in a fixed set of
// columns, atomic multi-column batches, ordered scans and online checkpoints. Two implementations:
// RocksKv (rocksdb_kv.h), the production store, and MemoryKv (memory_kv.h), the fake for unit
// tests. kv_conformance_test.cc holds both to the same contract.
//
//   WriteBatch batch;
//   batch.Put(Column::kEvents, event_key, event_bytes);
//   batch.Put(Column::kSnapshots, case_key, snapshot_bytes);
//   batch.Delete(Column::kIndexes, stale_index_key);
//   RETURN_IF_ERROR(kv.Write(batch, WriteOptions{}));  // all three or none; durable on return
//
// Contract common to every Kv:
//   * Keys and values are arbitrary bytes (0x00 and 0xFF included). Each column is ordered by
//     unsigned bytewise comparison of keys (memcmp, shorter first on a tie).
//   * Absence is NOT_FOUND (Get) or an empty optional (Last), never an empty string: an empty
//     value is a legitimate value.
//   * Write applies a batch atomically across columns: after a crash either every operation of
//     the batch is visible or none is. Operations inside a batch apply in order, so a Put then a
//     Delete of the same key leaves it absent.
//   * Reads see every Write that returned OK before they started.
//
// Thread safety: a Kv is safe for concurrent use by many threads without external locking.
// A WriteBatch is a plain value: it needs external synchronization like a std::vector.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace civicase::storage {

// The columns of the store (RocksDB column families). The set is fixed: adding one is a code
// change that every implementation picks up from kAllColumns; new ones go at the end (a
// column's number is in MemoryKv's checkpoint files).
//
// A stream of keys written in increasing order (a sequence) gets a column of its own: then each
// newly flushed table lies above everything already stored and compaction only moves it down.
// Two such streams in one column make every new table span the other stream's stored keys, and
// each compaction rewrites the whole column, a cost that grows with the store.
enum class Column : uint8_t {
  kMeta,              // store-wide metadata (format version, counters)
  kEvents,            // per-aggregate append-only event streams
  kSnapshots,         // latest state of each aggregate
  kIndexes,           // secondary indexes (reference number, unit+state, due date, ...)
  kAudit,             // the hash-chained audit log, by sequence
  kIdempotency,       // request id -> first result
  kCursors,           // consumer positions in the change feed
  kSealedKeys,        // wrapped per-case data keys
  kFeed,              // the change feed: commit sequence -> event
  kAuditCheckpoints,  // signed checkpoints of the audit chain's head, by sequence
};

inline constexpr size_t kColumnCount = 10;
inline constexpr std::array<Column, kColumnCount> kAllColumns = {
    Column::kMeta,  Column::kEvents,           Column::kSnapshots, Column::kIndexes,
    Column::kAudit, Column::kIdempotency,      Column::kCursors,   Column::kSealedKeys,
    Column::kFeed,  Column::kAuditCheckpoints,
};

// The column's stable name, also its RocksDB column family name: "meta", "events", "snapshots",
// "indexes", "audit", "idempotency", "cursors", "sealed_keys", "feed", "audit_checkpoints".
// Never change a name: it is on disk.
std::string_view ColumnName(Column column);

// An ordered list of Put and Delete operations, applied by Kv::Write all or nothing.
// A value type: copyable and movable; holds its own copies of keys and values.
class WriteBatch {
 public:
  enum class OpType : uint8_t { kPut, kDelete };

  struct Op {
    OpType type;
    Column column;
    std::string key;
    std::string value;  // empty for kDelete
  };

  // Sets `key` in `column` to `value` when the batch is written. The batch takes `value`'s
  // bytes (move a large value in rather than copy it).
  void Put(Column column, std::string_view key, std::string value);

  // Removes `key` from `column` when the batch is written; deleting an absent key is not an error.
  void Delete(Column column, std::string_view key);

  // Appends the operations of `other` after those of this batch (so `other` wins on a shared key).
  void Append(const WriteBatch& other);
  // The same, taking `other`'s operations without copying them.
  void Append(WriteBatch&& other);

  void Clear();

  // The number of operations.
  size_t size() const { return ops_.size(); }
  bool empty() const { return ops_.empty(); }

  // The bytes of every key and value in the batch (a measure for size limits; the encoded form in
  // a WAL adds a few bytes of framing per operation).
  size_t ByteSize() const { return byte_size_; }

  // The operations in the order they will be applied.
  const std::vector<Op>& ops() const { return ops_; }

  // The last operation on (`column`, `key`), which decides what the key holds once the batch is
  // written, or nullptr if the batch does not touch the key. Linear in size().
  const Op* FindLast(Column column, std::string_view key) const;

 private:
  std::vector<Op> ops_;
  size_t byte_size_ = 0;
};

struct WriteOptions {
  // If true (the default), Write returns only after the write-ahead log holding the batch has been
  // fsynced, so the batch survives a power loss or kernel crash. If false, the batch survives a
  // crash of the process but may be lost on a machine crash. Concurrent synced writers share
  // fsyncs (group commit), so prefer many concurrent synced writes to turning sync off.
  bool sync = true;
};

// Called for each key in a scan, in key order. The views are valid only during the call.
// Return true to continue, false to stop the scan.
using ScanVisitor = absl::FunctionRef<bool(std::string_view key, std::string_view value)>;

class Kv {
 public:
  Kv() = default;
  Kv(const Kv&) = delete;
  Kv& operator=(const Kv&) = delete;
  virtual ~Kv() = default;

  // Returns the value of `key` in `column`. NOT_FOUND if the key is absent.
  [[nodiscard]] virtual absl::StatusOr<std::string> Get(Column column,
                                                        std::string_view key) const = 0;

  // Applies `batch` atomically (see the file comment). An empty batch is OK and writes nothing.
  [[nodiscard]] virtual absl::Status Write(const WriteBatch& batch,
                                           const WriteOptions& options) = 0;

  // Makes every Write that returned OK so far durable (fsyncs the write-ahead log). Write with
  // sync = false then SyncWal gives the durability of a synced Write, except that the batch is
  // visible to reads from the moment Write returns, before it is durable; a writer can so
  // prepare and apply its next batch while the last one is being synced. An error means the
  // writes may not be durable: the caller must stop relying on them.
  [[nodiscard]] virtual absl::Status SyncWal() = 0;

  // Calls `visit` for each key in [start, end) of `column` in key order, until `visit` returns
  // false. An empty `end` means "to the end of the column"; end <= start visits nothing. The scan
  // reads one consistent snapshot taken when it starts; `visit` may call this Kv (including
  // Write), and the scan does not see those writes. Returns OK when the scan completes or is
  // stopped by `visit`, and an error if the store fails part-way (some keys may have been visited).
  [[nodiscard]] virtual absl::Status Scan(Column column, std::string_view start,
                                          std::string_view end, ScanVisitor visit) const = 0;

  // Scan over every key of `column` that starts with `prefix` (the whole column if empty).
  [[nodiscard]] absl::Status ScanPrefix(Column column, std::string_view prefix,
                                        ScanVisitor visit) const;

  // The greatest key of `column` starting with `prefix`, with its value, or std::nullopt if no key
  // has that prefix. Finds the head of an append-only log whose keys end in JoinKey/Fixed64BE
  // sequence numbers without scanning it.
  [[nodiscard]] virtual absl::StatusOr<std::optional<std::pair<std::string, std::string>>> Last(
      Column column, std::string_view prefix) const = 0;

  // Writes an online, consistent copy of the whole store to the new directory `dir`, while reads
  // and writes continue. The copy holds every Write that returned OK before the call and is
  // opened like the store itself (RocksKv::Open, MemoryKv::OpenCheckpoint).
  // REQUIRES: `dir` is an absolute path that does not exist yet; its parent exists.
  // ALREADY_EXISTS if `dir` exists.
  [[nodiscard]] virtual absl::Status CreateCheckpoint(const std::string& dir) = 0;

  // One-operation conveniences over Write.
  [[nodiscard]] absl::Status Put(Column column, std::string_view key, std::string_view value,
                                 const WriteOptions& options = {});
  [[nodiscard]] absl::Status Delete(Column column, std::string_view key,
                                    const WriteOptions& options = {});
};

}  // namespace civicase::storage
