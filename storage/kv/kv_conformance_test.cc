// The Kv contract (kv.h), run against every implementation: MemoryKv, RocksKv on RocksDB's
// in-memory Env, and RocksKv on a real temporary folder. A behaviour tested here is one that code
// above storage may rely on whichever Kv it is given.
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "storage/base/status_matchers.h"
#include "storage/kv/key_encoding.h"
#include "storage/kv/kv.h"
#include "storage/kv/memory_kv.h"
#include "storage/kv/rocksdb_kv.h"

namespace civicase::storage {
namespace {

using ::civicase::testing::IsOkAndHolds;
using ::civicase::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;

using namespace std::string_literals;
using KeyValues = std::vector<std::pair<std::string, std::string>>;

// What a test needs from a backend beyond the Kv interface: where stores live and how they are
// opened, reopened and restored.
class KvHarness {
 public:
  virtual ~KvHarness() = default;
  // Opens (creating if needed) the store in folder `dir`.
  virtual absl::StatusOr<std::unique_ptr<Kv>> Open(const std::string& dir) = 0;
  // Opens a folder written by Kv::CreateCheckpoint or RestoreFromCheckpoint.
  virtual absl::StatusOr<std::unique_ptr<Kv>> OpenCheckpoint(const std::string& dir) = 0;
  virtual absl::Status Restore(const std::string& checkpoint, const std::string& target) = 0;
  // Creates folder `dir` holding one unrelated file.
  virtual void MakeNonEmptyFolder(const std::string& dir) = 0;
  // Whether data written to Open(dir) is there again after the Kv is destroyed and reopened.
  virtual bool SurvivesReopen() const = 0;
  // A fresh absolute folder path for this test.
  std::string Path(std::string_view name) const {
    return absl::StrCat(root_, "/", std::string(name));
  }

 protected:
  std::string root_;
};

// A unique temporary folder on the real file system, removed with the harness.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = ::testing::TempDir() + "civicase_kv_XXXXXX";
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void MakeNonEmptyFolderOnDisk(const std::string& dir) {
  std::filesystem::create_directories(dir);
  FILE* f = std::fopen((dir + "/precious.txt").c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("do not overwrite", f);
  std::fclose(f);
}

class MemoryHarness : public KvHarness {
 public:
  MemoryHarness() { root_ = folder_.path(); }
  absl::StatusOr<std::unique_ptr<Kv>> Open(const std::string&) override {
    return std::make_unique<MemoryKv>();
  }
  absl::StatusOr<std::unique_ptr<Kv>> OpenCheckpoint(const std::string& dir) override {
    return MemoryKv::OpenCheckpoint(dir);
  }
  absl::Status Restore(const std::string& checkpoint, const std::string& target) override {
    return RestoreFromCheckpoint(checkpoint, target);
  }
  void MakeNonEmptyFolder(const std::string& dir) override { MakeNonEmptyFolderOnDisk(dir); }
  bool SurvivesReopen() const override { return false; }

 private:
  TempFolder folder_;
};

class RocksMemEnvHarness : public KvHarness {
 public:
  RocksMemEnvHarness() : env_(rocksdb::NewMemEnv(rocksdb::Env::Default())) {
    root_ = "/civicase_kv_test";
  }
  absl::StatusOr<std::unique_ptr<Kv>> Open(const std::string& dir) override {
    return RocksKv::Open({.path = dir, .env = env_.get()});
  }
  absl::StatusOr<std::unique_ptr<Kv>> OpenCheckpoint(const std::string& dir) override {
    return RocksKv::Open({.path = dir, .create_if_missing = false, .env = env_.get()});
  }
  absl::Status Restore(const std::string& checkpoint, const std::string& target) override {
    return RestoreFromCheckpoint(checkpoint, target, env_.get());
  }
  void MakeNonEmptyFolder(const std::string& dir) override {
    ASSERT_TRUE(env_->CreateDirIfMissing(dir).ok());
    std::unique_ptr<rocksdb::WritableFile> file;
    ASSERT_TRUE(env_->NewWritableFile(dir + "/precious.txt", &file, rocksdb::EnvOptions()).ok());
    ASSERT_TRUE(file->Append("do not overwrite").ok());
    ASSERT_TRUE(file->Close().ok());
  }
  bool SurvivesReopen() const override { return true; }

 private:
  std::unique_ptr<rocksdb::Env> env_;
};

class RocksDiskHarness : public KvHarness {
 public:
  RocksDiskHarness() { root_ = folder_.path(); }
  absl::StatusOr<std::unique_ptr<Kv>> Open(const std::string& dir) override {
    return RocksKv::Open({.path = dir});
  }
  absl::StatusOr<std::unique_ptr<Kv>> OpenCheckpoint(const std::string& dir) override {
    return RocksKv::Open({.path = dir, .create_if_missing = false});
  }
  absl::Status Restore(const std::string& checkpoint, const std::string& target) override {
    return RestoreFromCheckpoint(checkpoint, target);
  }
  void MakeNonEmptyFolder(const std::string& dir) override { MakeNonEmptyFolderOnDisk(dir); }
  bool SurvivesReopen() const override { return true; }

 private:
  TempFolder folder_;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<KvHarness>()> make;
};

void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

class KvConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    harness_ = GetParam().make();
    ASSERT_TRUE(std::filesystem::path(harness_->Path("x")).is_absolute());
    auto kv = harness_->Open(harness_->Path("db"));
    ASSERT_OK(kv);
    kv_ = *std::move(kv);
  }

  KeyValues ScanAll(const Kv& kv, Column column, std::string_view start = "",
                    std::string_view end = "") {
    KeyValues out;
    EXPECT_OK(kv.Scan(column, start, end, [&](std::string_view k, std::string_view v) {
      out.emplace_back(k, v);
      return true;
    }));
    return out;
  }
  KeyValues ScanPrefix(Column column, std::string_view prefix) {
    KeyValues out;
    EXPECT_OK(kv_->ScanPrefix(column, prefix, [&](std::string_view k, std::string_view v) {
      out.emplace_back(k, v);
      return true;
    }));
    return out;
  }
  std::vector<std::string> Keys(const KeyValues& kvs) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : kvs) keys.push_back(k);
    return keys;
  }
  void PutAll(Column column, const std::vector<std::string>& keys) {
    WriteBatch batch;
    for (const std::string& key : keys) batch.Put(column, key, "v:" + key);
    ASSERT_OK(kv_->Write(batch, {}));
  }

  std::unique_ptr<KvHarness> harness_;
  std::unique_ptr<Kv> kv_;
};

TEST_P(KvConformanceTest, GetOfAbsentKeyIsNotFound) {
  EXPECT_THAT(kv_->Get(Column::kMeta, "missing"), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(kv_->Put(Column::kMeta, "empty", ""));
  EXPECT_THAT(kv_->Get(Column::kMeta, "empty"), IsOkAndHolds(""));
}

TEST_P(KvConformanceTest, PutOverwriteDelete) {
  ASSERT_OK(kv_->Put(Column::kSnapshots, "case/1", "v1"));
  EXPECT_THAT(kv_->Get(Column::kSnapshots, "case/1"), IsOkAndHolds("v1"));
  ASSERT_OK(kv_->Put(Column::kSnapshots, "case/1", "v2"));
  EXPECT_THAT(kv_->Get(Column::kSnapshots, "case/1"), IsOkAndHolds("v2"));
  ASSERT_OK(kv_->Delete(Column::kSnapshots, "case/1"));
  EXPECT_THAT(kv_->Get(Column::kSnapshots, "case/1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(kv_->Delete(Column::kSnapshots, "never-there"));
}

TEST_P(KvConformanceTest, BinaryKeysAndValuesRoundTrip) {
  const std::string key = "\x00k\xff\x00"s;
  const std::string value = "\x00\x01\xff\x00"s;
  ASSERT_OK(kv_->Put(Column::kEvents, key, value));
  EXPECT_THAT(kv_->Get(Column::kEvents, key), IsOkAndHolds(value));
  EXPECT_THAT(kv_->Get(Column::kEvents, "\x00k"s), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(KvConformanceTest, BatchWritesEveryColumnTogether) {
  WriteBatch batch;
  for (Column column : kAllColumns) batch.Put(column, "k", std::string(ColumnName(column)));
  ASSERT_OK(kv_->Write(batch, {}));
  for (Column column : kAllColumns) {
    EXPECT_THAT(kv_->Get(column, "k"), IsOkAndHolds(std::string(ColumnName(column))));
  }
  EXPECT_OK(kv_->Write(WriteBatch(), {}));
}

// Readers racing a writer never see half a batch. Each batch sets the snapshot first, then filler
// keys (to widen the window a non-atomic implementation would leave open), then the event; a
// reader that sees snapshot i and then reads the event must see at least i. An implementation that
// applied operations one by one would let a reader see snapshot i with event i-1.
TEST_P(KvConformanceTest, ConcurrentReadersNeverSeeHalfABatch) {
  constexpr int kReaders = 2;
  constexpr int kMinReads = 20000;
  constexpr uint64_t kMaxBatches = 200000;
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      while (!done) {
        auto snapshot = kv_->Get(Column::kSnapshots, "case");
        auto event = kv_->Get(Column::kEvents, "case");
        if (!snapshot.ok()) continue;  // before the first batch
        ASSERT_OK(event);
        if (DecodeFixed64BE(event->data()) < DecodeFixed64BE(snapshot->data())) ++torn;
        ++reads;
      }
    });
  }
  uint64_t batches = 0;
  while (batches < kMaxBatches && (reads < kMinReads || batches < 100)) {
    ++batches;
    WriteBatch batch;
    batch.Put(Column::kSnapshots, "case", EncodeFixed64BE(batches));
    for (int j = 0; j < 32; ++j) batch.Put(Column::kIndexes, absl::StrCat("filler/", j), "x");
    batch.Put(Column::kEvents, "case", EncodeFixed64BE(batches));
    ASSERT_OK(kv_->Write(batch, {.sync = false}));
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(torn.load(), 0) << "out of " << reads.load() << " reads over " << batches << " batches";
  EXPECT_GE(reads.load(), kMinReads);
}

TEST_P(KvConformanceTest, BatchAppliesOperationsInOrder) {
  ASSERT_OK(kv_->Put(Column::kIndexes, "deleted-then-put", "old"));
  WriteBatch batch;
  batch.Put(Column::kIndexes, "put-then-deleted", "x");
  batch.Delete(Column::kIndexes, "put-then-deleted");
  batch.Delete(Column::kIndexes, "deleted-then-put");
  batch.Put(Column::kIndexes, "deleted-then-put", "new");
  batch.Put(Column::kIndexes, "put-twice", "first");
  batch.Put(Column::kIndexes, "put-twice", "second");
  ASSERT_OK(kv_->Write(batch, {}));
  EXPECT_THAT(kv_->Get(Column::kIndexes, "put-then-deleted"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(kv_->Get(Column::kIndexes, "deleted-then-put"), IsOkAndHolds("new"));
  EXPECT_THAT(kv_->Get(Column::kIndexes, "put-twice"), IsOkAndHolds("second"));
}

TEST_P(KvConformanceTest, AppendedBatchWinsOnSharedKeys) {
  WriteBatch first;
  first.Put(Column::kCursors, "feed", "10");
  first.Put(Column::kCursors, "other", "1");
  WriteBatch second;
  second.Delete(Column::kCursors, "other");
  second.Put(Column::kCursors, "feed", "20");
  first.Append(second);
  ASSERT_OK(kv_->Write(first, {}));
  EXPECT_THAT(kv_->Get(Column::kCursors, "feed"), IsOkAndHolds("20"));
  EXPECT_THAT(kv_->Get(Column::kCursors, "other"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(KvConformanceTest, ScanVisitsHalfOpenRangeInOrder) {
  PutAll(Column::kEvents, {"d", "b", "a", "c"});
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kEvents, "b", "d")), ElementsAre("b", "c"));
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kEvents, "b", "")), ElementsAre("b", "c", "d"));
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kEvents, "", "c")), ElementsAre("a", "b"));
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kEvents, "bb", "cc")), ElementsAre("c"));
  EXPECT_THAT(ScanAll(*kv_, Column::kEvents, "c", "c"), IsEmpty());
  EXPECT_THAT(ScanAll(*kv_, Column::kEvents, "d", "a"), IsEmpty());
  EXPECT_THAT(ScanAll(*kv_, Column::kEvents, "e", ""), IsEmpty());
  EXPECT_THAT(ScanAll(*kv_, Column::kEvents, "a", "b"), ElementsAre(Pair("a", "v:a")));
}

TEST_P(KvConformanceTest, ScanOrdersBinaryKeysAsUnsignedBytes) {
  // Sorted as unsigned bytes: a signed-char comparison would put 0x80 and 0xff before 0x7f.
  const std::vector<std::string> sorted = {
      ""s,     "\x00"s,     "\x00\x00"s, "\x00\x01"s, "\x01"s,     "\x7f"s,
      "\x80"s, "\xfe\xff"s, "\xff"s,     "\xff\x00"s, "\xff\xff"s, "\xff\xff\xff"s,
  };
  std::vector<std::string> shuffled = {sorted[5],  sorted[11], sorted[0], sorted[8],
                                       sorted[2],  sorted[6],  sorted[9], sorted[1],
                                       sorted[10], sorted[3],  sorted[7], sorted[4]};
  PutAll(Column::kAudit, shuffled);
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kAudit)), ElementsAreArray(sorted));
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kAudit, "\x00"s, "\x01"s)),
              ElementsAre("\x00"s, "\x00\x00"s, "\x00\x01"s));
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kAudit, "\xff"s, "")),
              ElementsAre("\xff"s, "\xff\x00"s, "\xff\xff"s, "\xff\xff\xff"s));
}

TEST_P(KvConformanceTest, ScanPrefixFindsExactlyThePrefixedKeys) {
  PutAll(Column::kIndexes, {"a", "ab", "ab\x00"s, "ab\xff"s, "abc", "ac", "b", "\xfe", "\xff",
                            "\xff\x01", "\xff\xff"});
  EXPECT_THAT(Keys(ScanPrefix(Column::kIndexes, "ab")),
              ElementsAre("ab", "ab\x00"s, "abc", "ab\xff"s));
  EXPECT_THAT(Keys(ScanPrefix(Column::kIndexes, "\xff")),
              ElementsAre("\xff", "\xff\x01", "\xff\xff"));
  EXPECT_THAT(Keys(ScanPrefix(Column::kIndexes, "\xff\xff")), ElementsAre("\xff\xff"));
  EXPECT_THAT(ScanPrefix(Column::kIndexes, "zz"), IsEmpty());
  EXPECT_EQ(ScanPrefix(Column::kIndexes, "").size(), 11u);
}

TEST_P(KvConformanceTest, ScanPrefixWithJoinedKeysSeparatesIds) {
  WriteBatch batch;
  for (uint64_t seq : {3, 1, 2})
    batch.Put(Column::kEvents, JoinKey("42", EncodeFixed64BE(seq)), "e");
  batch.Put(Column::kEvents, JoinKey("420", EncodeFixed64BE(1)), "other case");
  ASSERT_OK(kv_->Write(batch, {}));
  EXPECT_THAT(Keys(ScanPrefix(Column::kEvents, JoinKey("42"))),
              ElementsAre(JoinKey("42", EncodeFixed64BE(1)), JoinKey("42", EncodeFixed64BE(2)),
                          JoinKey("42", EncodeFixed64BE(3))));
}

TEST_P(KvConformanceTest, ScanStopsWhenVisitorReturnsFalse) {
  PutAll(Column::kEvents, {"1", "2", "3", "4"});
  std::vector<std::string> seen;
  ASSERT_OK(kv_->Scan(Column::kEvents, "", "", [&](std::string_view k, std::string_view) {
    seen.emplace_back(k);
    return seen.size() < 2;
  }));
  EXPECT_THAT(seen, ElementsAre("1", "2"));
}

TEST_P(KvConformanceTest, ScanReadsASnapshotAndVisitorMayWrite) {
  PutAll(Column::kEvents, {"1", "3"});
  std::vector<std::string> seen;
  ASSERT_OK(kv_->Scan(Column::kEvents, "", "", [&](std::string_view k, std::string_view) {
    seen.emplace_back(k);
    EXPECT_OK(kv_->Put(Column::kEvents, "2", "written during scan"));
    EXPECT_OK(kv_->Delete(Column::kEvents, "3"));
    return true;
  }));
  EXPECT_THAT(seen, ElementsAre("1", "3"));
  EXPECT_THAT(Keys(ScanAll(*kv_, Column::kEvents)), ElementsAre("1", "2"));
}

TEST_P(KvConformanceTest, LastFindsGreatestKeyWithPrefix) {
  const std::string log_a = JoinKey("a");
  WriteBatch batch;
  for (uint64_t seq : {1, 7, 300}) {
    batch.Put(Column::kAudit, JoinKey("a", EncodeFixed64BE(seq)), absl::StrCat("a", seq));
  }
  batch.Put(Column::kAudit, JoinKey("b", EncodeFixed64BE(1)), "b1");
  batch.Put(Column::kAudit, "\xff\x01"s, "ff01");
  batch.Put(Column::kAudit, "\xff\xff"s, "ffff");
  batch.Put(Column::kAudit, "p", "p");
  ASSERT_OK(kv_->Write(batch, {}));

  EXPECT_THAT(kv_->Last(Column::kAudit, log_a),
              IsOkAndHolds(Optional(Pair(JoinKey("a", EncodeFixed64BE(300)), "a300"))));
  EXPECT_THAT(kv_->Last(Column::kAudit, JoinKey("b")),
              IsOkAndHolds(Optional(Pair(JoinKey("b", EncodeFixed64BE(1)), "b1"))));
  EXPECT_THAT(kv_->Last(Column::kAudit, JoinKey("c")), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(kv_->Last(Column::kAudit, "\xff"s),
              IsOkAndHolds(Optional(Pair("\xff\xff"s, "ffff"))));
  EXPECT_THAT(kv_->Last(Column::kAudit, "p"), IsOkAndHolds(Optional(Pair("p", "p"))));
  EXPECT_THAT(kv_->Last(Column::kAudit, "o"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(kv_->Last(Column::kAudit, "q"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(kv_->Last(Column::kAudit, ""), IsOkAndHolds(Optional(Pair("\xff\xff"s, "ffff"))));
  EXPECT_THAT(kv_->Last(Column::kEvents, ""), IsOkAndHolds(Eq(std::nullopt)));
}

TEST_P(KvConformanceTest, ColumnsAreIsolated) {
  WriteBatch batch;
  for (Column column : kAllColumns) batch.Put(column, "shared", std::string(ColumnName(column)));
  ASSERT_OK(kv_->Write(batch, {}));
  ASSERT_OK(kv_->Delete(Column::kEvents, "shared"));
  ASSERT_OK(kv_->Put(Column::kAudit, "only-audit", "x"));
  EXPECT_THAT(kv_->Get(Column::kEvents, "shared"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(kv_->Get(Column::kIdempotency, "only-audit"), StatusIs(absl::StatusCode::kNotFound));
  for (Column column : kAllColumns) {
    if (column == Column::kEvents) continue;
    EXPECT_THAT(kv_->Get(column, "shared"), IsOkAndHolds(std::string(ColumnName(column))));
    const size_t expected = column == Column::kAudit ? 2 : 1;
    EXPECT_EQ(ScanAll(*kv_, column).size(), expected) << ColumnName(column);
    EXPECT_THAT(kv_->Last(column, ""), IsOkAndHolds(Optional(Pair("shared", ::testing::_))))
        << ColumnName(column);
  }
}

TEST_P(KvConformanceTest, ReopenKeepsAcknowledgedWrites) {
  if (!harness_->SurvivesReopen()) GTEST_SKIP() << GetParam().name << " keeps nothing on close";
  WriteBatch batch;
  for (Column column : kAllColumns) batch.Put(column, "k", std::string(ColumnName(column)));
  ASSERT_OK(kv_->Write(batch, {}));
  ASSERT_OK(
      kv_->Put(Column::kEvents, "unsynced", "still there after a clean close", {.sync = false}));
  ASSERT_OK(kv_->Delete(Column::kMeta, "k"));
  kv_.reset();

  auto reopened = harness_->Open(harness_->Path("db"));
  ASSERT_OK(reopened);
  for (Column column : kAllColumns) {
    if (column == Column::kMeta) continue;
    EXPECT_THAT((*reopened)->Get(column, "k"), IsOkAndHolds(std::string(ColumnName(column))));
  }
  EXPECT_THAT((*reopened)->Get(Column::kMeta, "k"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT((*reopened)->Get(Column::kEvents, "unsynced"),
              IsOkAndHolds("still there after a clean close"));
}

TEST_P(KvConformanceTest, CheckpointHoldsDataAsOfTheCall) {
  WriteBatch batch;
  for (Column column : kAllColumns) batch.Put(column, "before", std::string(ColumnName(column)));
  batch.Put(Column::kEvents, "deleted-after", "x");
  ASSERT_OK(kv_->Write(batch, {}));
  const std::string checkpoint = harness_->Path("checkpoint");
  ASSERT_OK(kv_->CreateCheckpoint(checkpoint));
  ASSERT_OK(kv_->Put(Column::kEvents, "after", "y"));
  ASSERT_OK(kv_->Delete(Column::kEvents, "deleted-after"));

  auto copy = harness_->OpenCheckpoint(checkpoint);
  ASSERT_OK(copy);
  for (Column column : kAllColumns) {
    EXPECT_THAT((*copy)->Get(column, "before"), IsOkAndHolds(std::string(ColumnName(column))));
  }
  EXPECT_THAT((*copy)->Get(Column::kEvents, "deleted-after"), IsOkAndHolds("x"));
  EXPECT_THAT((*copy)->Get(Column::kEvents, "after"), StatusIs(absl::StatusCode::kNotFound));
  // The live store carries on.
  EXPECT_THAT(kv_->Get(Column::kEvents, "after"), IsOkAndHolds("y"));
}

TEST_P(KvConformanceTest, CheckpointRefusesExistingFolder) {
  const std::string checkpoint = harness_->Path("checkpoint");
  ASSERT_OK(kv_->CreateCheckpoint(checkpoint));
  EXPECT_THAT(kv_->CreateCheckpoint(checkpoint), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_P(KvConformanceTest, RestoredCheckpointServesTheSameData) {
  PutAll(Column::kSnapshots, {"case/1", "case/2"});
  ASSERT_OK(kv_->Put(Column::kAudit, "\x00\xff"s, "chain head"));
  const std::string checkpoint = harness_->Path("checkpoint");
  ASSERT_OK(kv_->CreateCheckpoint(checkpoint));
  const std::string restored = harness_->Path("restored");
  ASSERT_OK(harness_->Restore(checkpoint, restored));
  auto kv = harness_->OpenCheckpoint(restored);
  ASSERT_OK(kv);
  EXPECT_EQ(ScanAll(**kv, Column::kSnapshots), ScanAll(*kv_, Column::kSnapshots));
  EXPECT_THAT((*kv)->Get(Column::kAudit, "\x00\xff"s), IsOkAndHolds("chain head"));
}

// Events and snapshots of a few KiB are what the store mostly writes (RocksKv keeps them in blob
// files); they must come back whole from a reopen, a checkpoint and a restore.
TEST_P(KvConformanceTest, LargeValuesSurviveReopenCheckpointAndRestore) {
  const std::string big(6000, 'e');
  const std::string bigger(9000, 's');
  ASSERT_OK(kv_->Put(Column::kEvents, "event", big));
  ASSERT_OK(kv_->Put(Column::kSnapshots, "case", bigger));
  const std::string checkpoint = harness_->Path("checkpoint");
  ASSERT_OK(kv_->CreateCheckpoint(checkpoint));          // flushes: the values leave the memtables
  ASSERT_OK(kv_->Put(Column::kSnapshots, "case", big));  // an overwrite after the flush
  const std::string restored = harness_->Path("restored");
  ASSERT_OK(harness_->Restore(checkpoint, restored));
  auto copy = harness_->OpenCheckpoint(restored);
  ASSERT_OK(copy);
  EXPECT_THAT((*copy)->Get(Column::kEvents, "event"), IsOkAndHolds(big));
  EXPECT_THAT((*copy)->Get(Column::kSnapshots, "case"), IsOkAndHolds(bigger));
  if (!harness_->SurvivesReopen()) return;
  kv_.reset();
  auto reopened = harness_->Open(harness_->Path("db"));
  ASSERT_OK(reopened);
  EXPECT_THAT((*reopened)->Get(Column::kEvents, "event"), IsOkAndHolds(big));
  EXPECT_THAT((*reopened)->Get(Column::kSnapshots, "case"), IsOkAndHolds(big));
}

// The store's committer applies a group unsynced and a syncer makes it durable with SyncWal.
TEST_P(KvConformanceTest, UnsyncedWriteIsVisibleAtOnceAndKeptAfterSyncWal) {
  WriteBatch batch;
  batch.Put(Column::kEvents, "applied", "before its sync");
  batch.Put(Column::kAudit, "r1", "record");
  ASSERT_OK(kv_->Write(batch, {.sync = false}));
  EXPECT_THAT(kv_->Get(Column::kEvents, "applied"), IsOkAndHolds("before its sync"));
  ASSERT_OK(kv_->SyncWal());
  ASSERT_OK(kv_->SyncWal());  // nothing new to sync is fine
  if (!harness_->SurvivesReopen()) return;
  kv_.reset();
  auto reopened = harness_->Open(harness_->Path("db"));
  ASSERT_OK(reopened);
  EXPECT_THAT((*reopened)->Get(Column::kEvents, "applied"), IsOkAndHolds("before its sync"));
  EXPECT_THAT((*reopened)->Get(Column::kAudit, "r1"), IsOkAndHolds("record"));
}

TEST_P(KvConformanceTest, RestoreRefusesNonEmptyTarget) {
  const std::string checkpoint = harness_->Path("checkpoint");
  ASSERT_OK(kv_->CreateCheckpoint(checkpoint));
  const std::string target = harness_->Path("occupied");
  harness_->MakeNonEmptyFolder(target);
  EXPECT_THAT(harness_->Restore(checkpoint, target),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::HasSubstr(target)));
  EXPECT_THAT(harness_->Restore(harness_->Path("no-such-checkpoint"), harness_->Path("fresh")),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(KvConformanceTest, ConcurrentSyncedWritersAllLand) {
  constexpr int kThreads = 4;
  constexpr int kWritesPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        WriteBatch batch;
        const std::string key = JoinKey(absl::StrCat(t), EncodeFixed64BE(i));
        batch.Put(Column::kEvents, key, "event");
        batch.Put(Column::kAudit, key, "audit");
        ASSERT_OK(kv_->Write(batch, {.sync = true}));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ScanAll(*kv_, Column::kEvents).size(), size_t{kThreads * kWritesPerThread});
  EXPECT_EQ(ScanAll(*kv_, Column::kAudit).size(), size_t{kThreads * kWritesPerThread});
}

INSTANTIATE_TEST_SUITE_P(
    AllKvs, KvConformanceTest,
    ::testing::Values(Backend{"MemoryKv", [] { return std::make_unique<MemoryHarness>(); }},
                      Backend{"RocksKvMemEnv",
                              [] { return std::make_unique<RocksMemEnvHarness>(); }},
                      Backend{"RocksKvDisk", [] { return std::make_unique<RocksDiskHarness>(); }}),
    [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace civicase::storage
