#pragma once

// RocksKv: the production Kv, on RocksDB (one column family per Column, see kv.h for the contract).
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Kv> kv, RocksKv::Open({.path = "/var/lib/civicase/store"}));
//
// Durability: every Write goes to the write-ahead log (WAL) before the memtable. With
// WriteOptions::sync (the default) the WAL is fsynced before Write returns; concurrent synced
// writers are gathered by RocksDB into one WAL write and one fsync (group commit). Without sync the
// batch is still handed to the OS before Write returns (manual_wal_flush is off), so it survives a
// crash of the process but not of the machine, until SyncWal (RocksDB SyncWAL) makes it durable.
// A batch is applied in key order within each column (a later operation on the same key still
// wins), which keeps memtable inserts close together.
//
// Layout: events and snapshots keep values of 512 bytes or more in blob files (integrated BlobDB,
// with blob garbage collection for overwritten snapshots), so compactions move only keys. Bloom
// filters (10 bits per key) and indexes stay in memory with their SST files.
//
// Recovery: the WAL is replayed with WALRecoveryMode::kPointInTimeRecovery. A crash can leave a
// torn record at the tail of the WAL, belonging to a write that was never acknowledged (a synced
// Write returns only after its record is complete on disk). Point-in-time recovery replays every
// intact record up to the first damaged one and stops there, so the store opens in the state of
// the last complete write instead of refusing to open (kAbsoluteConsistency) or skipping over a
// hole and replaying later records out of order (kSkipAnyCorruptedRecords).
//
// One process at a time: RocksDB holds an exclusive lock on <path>/LOCK while the store is open,
// and a second Open of the same path fails with FAILED_PRECONDITION.
//
// Thread safety: safe for concurrent use, like every Kv. Ownership: the Kv owns the database and
// closes it in its destructor; RocksKvOptions::env is borrowed.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/kv/kv.h"

namespace rocksdb {
class Env;
class Status;
}  // namespace rocksdb

namespace civicase::storage {

struct RocksKvOptions {
  // The data folder. Required; RocksDB wants it absolute for checkpoints.
  std::string path;

  // If true, a missing data folder or database is created. If false, Open fails with NOT_FOUND when
  // there is no database at `path`.
  // Default: true
  bool create_if_missing = true;

  // The environment for every file operation, e.g. rocksdb::NewMemEnv(rocksdb::Env::Default())
  // to keep tests off disk. Borrowed: must outlive the Kv.
  // Default: nullptr, meaning rocksdb::Env::Default() (the local file system).
  rocksdb::Env* env = nullptr;

  // Size of one memtable per column before it is flushed to an SST file. Eight columns with up to
  // two memtables each bound memtable memory at 16 * write_buffer_size.
  // Default: 8 MiB
  size_t write_buffer_size = 8 << 20;

  // Size of the cache shared by every column for uncompressed data blocks and blobs.
  // Default: 32 MiB
  size_t block_cache_size = 32 << 20;

  // Background flush and compaction threads.
  // Default: 2 (the small machines we run on)
  int max_background_jobs = 2;
};

class RocksKv {
 public:
  // Opens the store at options.path, creating the database (if create_if_missing) and any missing
  // column family. Column families on disk that this version does not know are opened and left
  // alone. Errors name the path; a folder locked by another process or another open RocksKv is
  // FAILED_PRECONDITION ("data folder ... is locked by another process"), a folder without a
  // database when !create_if_missing is NOT_FOUND, others as RocksStatusToAbsl maps them.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Kv>> Open(const RocksKvOptions& options);

  RocksKv() = delete;
};

// Copies the RocksDB checkpoint `checkpoint_dir` (made by Kv::CreateCheckpoint) into `target_dir`,
// after which RocksKv::Open(target_dir) serves the checkpointed data. Works for any flat directory
// of files (MemoryKv checkpoints too). Files are fsynced; CURRENT is copied last, so an
// interrupted restore leaves a folder without CURRENT, which Open with create_if_missing=false
// refuses (delete the folder and restore again).
// REQUIRES: the store at `target_dir` is not open.
// FAILED_PRECONDITION if `target_dir` exists and is not empty (restore never overwrites data);
// NOT_FOUND if `checkpoint_dir` does not exist or is empty.
// `env` as in RocksKvOptions (nullptr = the local file system).
[[nodiscard]] absl::Status RestoreFromCheckpoint(const std::string& checkpoint_dir,
                                                 const std::string& target_dir,
                                                 rocksdb::Env* env = nullptr);

// The one mapping from rocksdb::Status to absl::Status, keeping RocksDB's message (prefixed by
// `context` and ": " when `context` is not empty):
//   ok -> OK; NotFound -> NOT_FOUND; Busy, TryAgain -> ABORTED (retry the transaction);
//   Corruption -> DATA_LOSS; IOError with NoSpace -> RESOURCE_EXHAUSTED; other IOError ->
//   UNAVAILABLE; InvalidArgument -> INVALID_ARGUMENT; anything else -> INTERNAL.
[[nodiscard]] absl::Status RocksStatusToAbsl(const rocksdb::Status& status,
                                             std::string_view context = {});

}  // namespace civicase::storage
