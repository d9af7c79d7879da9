#include "services/store/txn.h"

#include <gtest/gtest.h>

#include "storage/base/status_matchers.h"
#include "storage/kv/memory_kv.h"

namespace civicase::store {
namespace {

using civicase::testing::StatusIs;

class TxnTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(kv_.Put(Column::kIndexes, "stored", "on disk")); }
  storage::MemoryKv kv_;
};

TEST_F(TxnTest, ReadsItsOwnWritesOverTheStore) {
  Txn txn(kv_, nullptr);
  EXPECT_EQ(*txn.Get(Column::kIndexes, "stored"), "on disk");
  txn.Put(Column::kIndexes, "stored", "first");
  txn.Put(Column::kIndexes, "stored", "second");
  EXPECT_EQ(*txn.Get(Column::kIndexes, "stored"), "second");
  txn.Delete(Column::kIndexes, "stored");
  EXPECT_THAT(txn.Get(Column::kIndexes, "stored"), StatusIs(absl::StatusCode::kNotFound));
  txn.Put(Column::kIndexes, "stored", "again");
  EXPECT_EQ(*txn.Get(Column::kIndexes, "stored"), "again");
  EXPECT_EQ(*kv_.Get(Column::kIndexes, "stored"), "on disk");  // nothing written yet
}

TEST_F(TxnTest, ColumnsAreSeparate) {
  Txn txn(kv_, nullptr);
  txn.Put(Column::kSnapshots, "stored", "snapshot");
  EXPECT_EQ(*txn.Get(Column::kIndexes, "stored"), "on disk");
  EXPECT_EQ(*txn.Get(Column::kSnapshots, "stored"), "snapshot");
}

TEST_F(TxnTest, ACommandSeesItsGroupAndMergesAfterIt) {
  Txn group(kv_, nullptr);
  group.Put(Column::kIndexes, "a", "group");
  group.Delete(Column::kIndexes, "stored");
  {
    Txn command(kv_, &group);
    EXPECT_EQ(*command.Get(Column::kIndexes, "a"), "group");
    EXPECT_THAT(command.Get(Column::kIndexes, "stored"), StatusIs(absl::StatusCode::kNotFound));
    command.Put(Column::kIndexes, "a", "command");
    command.Put(Column::kIndexes, "b", "command");
    EXPECT_EQ(*command.Get(Column::kIndexes, "a"), "command");
    EXPECT_EQ(*group.Get(Column::kIndexes, "a"), "group");  // not merged yet
    std::move(command).MergeInto(group);
    EXPECT_TRUE(command.empty());
  }
  EXPECT_EQ(*group.Get(Column::kIndexes, "a"), "command");
  EXPECT_EQ(*group.Get(Column::kIndexes, "b"), "command");
  {
    Txn failed(kv_, &group);  // a failed command is dropped: the group never sees its writes
    failed.Put(Column::kIndexes, "b", "failed");
  }
  EXPECT_EQ(*group.Get(Column::kIndexes, "b"), "command");

  ASSERT_OK(kv_.Write(group.batch(), {}));  // the batch applies in order: the last write wins
  EXPECT_EQ(*kv_.Get(Column::kIndexes, "a"), "command");
  EXPECT_EQ(*kv_.Get(Column::kIndexes, "b"), "command");
  EXPECT_THAT(kv_.Get(Column::kIndexes, "stored"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(TxnTest, ClearForgetsEverything) {
  Txn txn(kv_, nullptr);
  txn.Put(Column::kIndexes, "stored", "changed");
  txn.Clear();
  EXPECT_TRUE(txn.empty());
  EXPECT_EQ(*txn.Get(Column::kIndexes, "stored"), "on disk");
}

}  // namespace
}  // namespace civicase::store
