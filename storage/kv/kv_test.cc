// WriteBatch and the non-virtual helpers of kv.h; the Kv contract itself is kv_conformance_test.cc.
#include "storage/kv/kv.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace civicase::storage {
namespace {

using OpType = WriteBatch::OpType;

TEST(KvColumnTest, NamesAreDistinctAndStable) {
  std::set<std::string_view> names;
  for (Column column : kAllColumns) names.insert(ColumnName(column));
  EXPECT_EQ(names.size(), kColumnCount);
  EXPECT_EQ(ColumnName(Column::kMeta), "meta");
  EXPECT_EQ(ColumnName(Column::kEvents), "events");
  EXPECT_EQ(ColumnName(Column::kSealedKeys), "sealed_keys");
  EXPECT_EQ(ColumnName(Column::kFeed), "feed");
  EXPECT_EQ(ColumnName(Column::kAuditCheckpoints), "audit_checkpoints");
  for (size_t i = 0; i < kColumnCount; ++i) EXPECT_EQ(static_cast<size_t>(kAllColumns[i]), i);
}

TEST(KvWriteBatchTest, RecordsOperationsInOrderWithSizes) {
  WriteBatch batch;
  EXPECT_TRUE(batch.empty());
  batch.Put(Column::kEvents, "k1", "value");
  batch.Delete(Column::kIndexes, "k2");
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_FALSE(batch.empty());
  EXPECT_EQ(batch.ByteSize(), 2u + 5u + 2u);
  EXPECT_EQ(batch.ops()[0].type, OpType::kPut);
  EXPECT_EQ(batch.ops()[0].column, Column::kEvents);
  EXPECT_EQ(batch.ops()[0].key, "k1");
  EXPECT_EQ(batch.ops()[0].value, "value");
  EXPECT_EQ(batch.ops()[1].type, OpType::kDelete);
  EXPECT_EQ(batch.ops()[1].column, Column::kIndexes);
  batch.Clear();
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(batch.ByteSize(), 0u);
}

TEST(KvWriteBatchTest, AppendPlacesOtherBatchAfter) {
  WriteBatch first;
  first.Put(Column::kMeta, "k", "old");
  WriteBatch second;
  second.Put(Column::kMeta, "k", "new");
  second.Put(Column::kAudit, "a", "1");
  first.Append(second);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first.ByteSize(), 4u + 4u + 2u);
  EXPECT_EQ(first.FindLast(Column::kMeta, "k")->value, "new");
  first.Append(first);
  EXPECT_EQ(first.size(), 6u);
  EXPECT_EQ(first.ByteSize(), 20u);
}

TEST(KvWriteBatchTest, FindLastReportsWhatTheBatchLeavesBehind) {
  WriteBatch batch;
  batch.Put(Column::kSnapshots, "case", "v1");
  batch.Put(Column::kIndexes, "case", "index");
  EXPECT_EQ(batch.FindLast(Column::kSnapshots, "case")->value, "v1");
  batch.Delete(Column::kSnapshots, "case");
  EXPECT_EQ(batch.FindLast(Column::kSnapshots, "case")->type, OpType::kDelete);
  EXPECT_EQ(batch.FindLast(Column::kIndexes, "case")->value, "index");
  EXPECT_EQ(batch.FindLast(Column::kEvents, "case"), nullptr);
  EXPECT_EQ(batch.FindLast(Column::kSnapshots, "cas"), nullptr);
}

}  // namespace
}  // namespace civicase::storage
