#include "storage/kv/rocksdb_kv.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"
#include "storage/base/status_macros.h"
#include "storage/kv/key_encoding.h"

namespace civicase::storage {
namespace {

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

class RocksKvImpl final : public Kv {
 public:
  // Takes ownership of `db` and `handles`; handles_by_column_[i] serves kAllColumns[i].
  RocksKvImpl(rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
              std::array<rocksdb::ColumnFamilyHandle*, kColumnCount> handles_by_column)
      : db_(db), handles_(std::move(handles)), by_column_(handles_by_column) {}

  ~RocksKvImpl() override {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    // Close can only fail on errors already reported to writers (a failed background flush); the
    // WAL holds every acknowledged write, so nothing is left to save here.
    db_->Close().PermitUncheckedError();
  }

  absl::StatusOr<std::string> Get(Column column, std::string_view key) const override {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), Handle(column), ToSlice(key), &value);
    if (s.IsNotFound()) {
      return absl::NotFoundError(
          absl::StrCat("no key in column ", std::string(ColumnName(column))));
    }
    if (!s.ok())
      return RocksStatusToAbsl(s, absl::StrCat("get in ", std::string(ColumnName(column))));
    return value;
  }

  absl::Status Write(const WriteBatch& batch, const WriteOptions& options) override {
    if (batch.empty()) return absl::OkStatus();
    rocksdb::WriteBatch rocks_batch(/*reserved_bytes=*/batch.ByteSize() + 16 * batch.size());
    // Applied in key order within each column (stable, so a later operation on the same key still
    // wins): each memtable insert then starts next to the last one instead of from the top of
    // the skip list.
    std::vector<const WriteBatch::Op*> ordered;
    ordered.reserve(batch.size());
    for (const WriteBatch::Op& op : batch.ops()) ordered.push_back(&op);
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
      return a->column != b->column ? a->column < b->column : a->key < b->key;
    });
    for (const WriteBatch::Op* op_ptr : ordered) {
      const WriteBatch::Op& op = *op_ptr;
      rocksdb::Status s = op.type == WriteBatch::OpType::kPut
                              ? rocks_batch.Put(Handle(op.column), op.key, op.value)
                              : rocks_batch.Delete(Handle(op.column), op.key);
      if (!s.ok()) return RocksStatusToAbsl(s, "building write batch");
    }
    rocksdb::WriteOptions write_options;
    write_options.sync = options.sync;
    return RocksStatusToAbsl(db_->Write(write_options, &rocks_batch), "write");
  }

  absl::Status SyncWal() override {
    rocksdb::Status s = db_->SyncWAL();
    if (s.IsNotSupported()) {  // WAL files that cannot be synced concurrently (in-memory Env)
      rocksdb::WriteOptions synced;
      synced.sync = true;  // a synced write syncs every earlier write of the WAL with it
      rocksdb::WriteBatch empty;
      s = db_->Write(synced, &empty);
    }
    return RocksStatusToAbsl(s, "syncing the WAL");
  }

  absl::Status Scan(Column column, std::string_view start, std::string_view end,
                    ScanVisitor visit) const override {
    if (!end.empty() && end <= start) return absl::OkStatus();
    // The bound lets RocksDB stop at `end` inside its own iterators (skipping files and blocks
    // past it) instead of us reading one key too far; it must outlive the iterator.
    const rocksdb::Slice upper = ToSlice(end);
    rocksdb::ReadOptions read_options;
    if (!end.empty()) read_options.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Handle(column)));
    for (it->Seek(ToSlice(start)); it->Valid(); it->Next()) {
      if (!visit(ToView(it->key()), ToView(it->value()))) break;
    }
    return RocksStatusToAbsl(it->status(),
                             absl::StrCat("scan of ", std::string(ColumnName(column))));
  }

  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> Last(
      Column column, std::string_view prefix) const override {
    const std::string successor = PrefixSuccessor(prefix);
    const rocksdb::Slice lower = ToSlice(prefix);
    const rocksdb::Slice upper = successor;
    rocksdb::ReadOptions read_options;
    read_options.iterate_lower_bound = &lower;
    if (!successor.empty()) read_options.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Handle(column)));
    it->SeekToLast();
    std::optional<std::pair<std::string, std::string>> result;
    if (it->Valid() && it->key().starts_with(lower)) {
      result.emplace(it->key().ToString(), it->value().ToString());
    }
    RETURN_IF_ERROR(
        RocksStatusToAbsl(it->status(), absl::StrCat("last of ", std::string(ColumnName(column)))));
    return result;
  }

  absl::Status CreateCheckpoint(const std::string& dir) override {
    if (db_->GetEnv()->FileExists(dir).ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat("checkpoint directory ", dir, " already exists"));
    }
    rocksdb::Checkpoint* raw = nullptr;
    RETURN_IF_ERROR(RocksStatusToAbsl(rocksdb::Checkpoint::Create(db_.get(), &raw), "checkpoint"));
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    // log_size_for_flush = 0: flush every memtable first, so the checkpoint is mostly SST files
    // (hard links when on the same file system) and a small WAL.
    return RocksStatusToAbsl(checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0),
                             absl::StrCat("checkpoint to ", dir));
  }

 private:
  rocksdb::ColumnFamilyHandle* Handle(Column column) const {
    return by_column_[static_cast<size_t>(column)];
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // every open column family, owned
  std::array<rocksdb::ColumnFamilyHandle*, kColumnCount> by_column_;  // borrowed from handles_
};

rocksdb::ColumnFamilyOptions MakeColumnOptions(std::string_view name, const RocksKvOptions& options,
                                               const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = options.write_buffer_size;
  cf.max_write_buffer_number = 2;
  cf.level_compaction_dynamic_level_bytes = true;
  if (name == ColumnName(Column::kEvents) || name == ColumnName(Column::kSnapshots)) {
    // Events and snapshots are mostly a few KiB: kept in blob files (integrated BlobDB), so
    // compactions move only their keys, not the values, and an overwritten snapshot's old value
    // is collected by blob garbage collection.
    cf.enable_blob_files = true;
    cf.min_blob_size = 512;
    cf.blob_file_size = 64 << 20;
    // Events are never overwritten, so their blob files hold no garbage: collecting them would
    // only rewrite live values in every compaction. Snapshots are overwritten by each event.
    cf.enable_blob_garbage_collection = name == ColumnName(Column::kSnapshots);
    cf.blob_cache = cache;
  }
  if (name == ColumnName(Column::kIdempotency)) {
    // Nearly every idempotency lookup is of a new key: a Bloom filter over the memtable answers
    // most of them without searching it.
    cf.memtable_prefix_bloom_size_ratio = 0.05;
    cf.memtable_whole_key_filtering = true;
  }
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Whole-key Bloom filters make Get of an absent key (idempotency checks, index probes) cheap.
  // No prefix extractor: our prefixes (JoinKey parts) have no fixed length, and every scan sets
  // iterate_upper_bound instead, which is what lets RocksDB stop early.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Filters and indexes stay in memory with their table (about 1.25 bytes of filter per key),
  // not in the block cache: a cached filter of a large table, once evicted by data blocks, was
  // read back whole (MiBs, checksummed) for every probe of an absent key.
  table.cache_index_and_filter_blocks = false;
  table.format_version = 5;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

absl::Status OpenError(const rocksdb::Status& s, const std::string& path) {
  const std::string message = s.ToString();
  if (s.IsIOError() && (absl::StrContains(message, "lock") || absl::StrContains(message, "LOCK"))) {
    return absl::FailedPreconditionError(
        absl::StrCat("data folder ", path,
                     " is locked by another process (is the store already running?): ", message));
  }
  return RocksStatusToAbsl(s, absl::StrCat("opening data folder ", path));
}

}  // namespace

absl::Status RocksStatusToAbsl(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return absl::OkStatus();
  std::string message =
      context.empty() ? s.ToString() : absl::StrCat(std::string(context), ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(message);
  if (s.IsBusy() || s.IsTryAgain()) return absl::AbortedError(message);
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(message);
  if (s.IsIOError()) return absl::UnavailableError(message);
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  return absl::InternalError(message);
}

absl::StatusOr<std::unique_ptr<Kv>> RocksKv::Open(const RocksKvOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("RocksKv needs a data folder path");
  rocksdb::Env* env = options.env != nullptr ? options.env : rocksdb::Env::Default();
  const bool exists = env->FileExists(options.path + "/CURRENT").ok();
  if (!exists && !options.create_if_missing) {
    return absl::NotFoundError(
        absl::StrCat("data folder ", options.path, " holds no store (create_if_missing is false)"));
  }

  rocksdb::DBOptions db_options;
  db_options.env = env;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;  // see header
  db_options.manual_wal_flush = false;  // a Write reaches the OS before it returns
  db_options.max_background_jobs = options.max_background_jobs;
  db_options.keep_log_file_num = 10;
  db_options.max_total_wal_size = 8 * options.write_buffer_size;

  const auto cache = rocksdb::NewLRUCache(options.block_cache_size);

  // Every column family on disk must be opened, including ones a newer version added.
  std::vector<std::string> names;
  if (exists) {
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(db_options, options.path, &names);
    if (!s.ok()) return OpenError(s, options.path);
  }
  for (std::string_view name : {std::string_view(rocksdb::kDefaultColumnFamilyName)}) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  }
  for (Column column : kAllColumns) {
    const std::string_view name = ColumnName(column);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.reserve(names.size());
  for (const std::string& name : names) {
    descriptors.emplace_back(name, MakeColumnOptions(name, options, cache));
  }

  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &db);
  if (!s.ok()) return OpenError(s, options.path);

  std::array<rocksdb::ColumnFamilyHandle*, kColumnCount> by_column{};
  for (size_t i = 0; i < kColumnCount; ++i) {
    const std::string_view name = ColumnName(kAllColumns[i]);
    for (size_t j = 0; j < names.size(); ++j) {
      if (names[j] == name) by_column[i] = handles[j];
    }
  }
  return std::make_unique<RocksKvImpl>(db, std::move(handles), by_column);
}

absl::Status RestoreFromCheckpoint(const std::string& checkpoint_dir, const std::string& target_dir,
                                   rocksdb::Env* env) {
  if (env == nullptr) env = rocksdb::Env::Default();
  std::vector<std::string> sources;
  rocksdb::Status s = env->GetChildren(checkpoint_dir, &sources);
  std::erase_if(sources, [](const std::string& name) { return name == "." || name == ".."; });
  if (!s.ok() || sources.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no checkpoint at ", checkpoint_dir, s.ok() ? "" : ": " + s.ToString()));
  }
  std::vector<std::string> existing;
  if (env->GetChildren(target_dir, &existing).ok()) {
    std::erase_if(existing, [](const std::string& name) { return name == "." || name == ".."; });
    if (!existing.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("restore target ", target_dir, " is not empty (", existing.size(),
                       " entries); restore only into a new or empty folder"));
    }
  }
  RETURN_IF_ERROR(RocksStatusToAbsl(env->CreateDirIfMissing(target_dir),
                                    absl::StrCat("creating ", target_dir)));
  // CURRENT names the MANIFEST: copy it last so a half-restored folder is not mistaken for a store.
  std::stable_partition(sources.begin(), sources.end(),
                        [](const std::string& name) { return name != "CURRENT"; });
  const rocksdb::EnvOptions env_options;
  for (const std::string& name : sources) {
    const std::string from = checkpoint_dir + "/" + name;
    const std::string to = target_dir + "/" + name;
    std::unique_ptr<rocksdb::SequentialFile> in;
    RETURN_IF_ERROR(RocksStatusToAbsl(env->NewSequentialFile(from, &in, env_options),
                                      absl::StrCat("restore: opening ", from)));
    std::unique_ptr<rocksdb::WritableFile> out;
    RETURN_IF_ERROR(RocksStatusToAbsl(env->NewWritableFile(to, &out, env_options),
                                      absl::StrCat("restore: creating ", to)));
    std::string buffer(1 << 20, '\0');
    while (true) {
      rocksdb::Slice chunk;
      RETURN_IF_ERROR(RocksStatusToAbsl(in->Read(buffer.size(), &chunk, buffer.data()),
                                        absl::StrCat("restore: reading ", from)));
      if (chunk.empty()) break;
      RETURN_IF_ERROR(RocksStatusToAbsl(out->Append(chunk), absl::StrCat("restore: writing ", to)));
    }
    RETURN_IF_ERROR(RocksStatusToAbsl(out->Sync(), absl::StrCat("restore: syncing ", to)));
    RETURN_IF_ERROR(RocksStatusToAbsl(out->Close(), absl::StrCat("restore: closing ", to)));
  }
  std::unique_ptr<rocksdb::Directory> dir;
  RETURN_IF_ERROR(RocksStatusToAbsl(env->NewDirectory(target_dir, &dir),
                                    absl::StrCat("restore: opening ", target_dir)));
  return RocksStatusToAbsl(dir->Fsync(), absl::StrCat("restore: syncing ", target_dir));
}

}  // namespace civicase::storage
