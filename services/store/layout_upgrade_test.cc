#include "services/store/layout_upgrade.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/store/store_keys.h"
#include "storage/base/status_matchers.h"
#include "storage/kv/memory_kv.h"

namespace civicase::store {
namespace {

using civicase::testing::IsOkAndHolds;
using storage::Column;

size_t CountKeys(const storage::Kv& kv, Column column) {
  size_t count = 0;
  EXPECT_OK(kv.Scan(column, "", "", [&](std::string_view, std::string_view) {
    ++count;
    return true;
  }));
  return count;
}

// More keys than one batch moves: the move goes on chunk after chunk, keeps values, and leaves
// the old columns' other keys where they are.
TEST(LayoutUpgradeTest, MovesEveryOldFeedAndCheckpointKeyAndNothingElse) {
  storage::MemoryKv kv;
  constexpr int kFeedEntries = 25001;
  for (int s = 1; s <= kFeedEntries; ++s) {
    ASSERT_OK(kv.Put(Column::kEvents, keys::Feed(s), keys::Event("0000000001", s)));
  }
  ASSERT_OK(kv.Put(Column::kEvents, keys::Event("0000000001", 1), "event"));
  ASSERT_OK(kv.Put(Column::kAudit, keys::AuditCheckpoint(1000), "checkpoint"));
  ASSERT_OK(kv.Put(Column::kAudit, keys::AuditRecord(1000), "record"));

  ASSERT_OK(UpgradeKeyLayout(kv));
  EXPECT_EQ(CountKeys(kv, Column::kFeed), static_cast<size_t>(kFeedEntries));
  EXPECT_THAT(kv.Get(Column::kFeed, keys::Feed(kFeedEntries)),
              IsOkAndHolds(keys::Event("0000000001", kFeedEntries)));
  EXPECT_EQ(CountKeys(kv, Column::kEvents), 1u);
  EXPECT_THAT(kv.Get(Column::kAuditCheckpoints, keys::AuditCheckpoint(1000)),
              IsOkAndHolds("checkpoint"));
  EXPECT_EQ(CountKeys(kv, Column::kAudit), 1u);

  ASSERT_OK(UpgradeKeyLayout(kv));  // a store in the current layout is left as it is
  EXPECT_EQ(CountKeys(kv, Column::kFeed), static_cast<size_t>(kFeedEntries));
  EXPECT_EQ(CountKeys(kv, Column::kEvents), 1u);
}

}  // namespace
}  // namespace civicase::store
