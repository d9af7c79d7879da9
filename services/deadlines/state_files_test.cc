#include "services/deadlines/state_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace civicase::deadlines {
namespace {

class StateFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/deadlines-state-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(StateFilesTest, CursorStartsAtOneAndSurvivesAReopen) {
  FeedCursor cursor(dir_ + "/data/deadlines/cursor");
  auto first = cursor.Load();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 1);
  ASSERT_TRUE(cursor.Save(42).ok());
  ASSERT_TRUE(cursor.Save(43).ok());
  FeedCursor reopened(dir_ + "/data/deadlines/cursor");
  EXPECT_EQ(*reopened.Load(), 43);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/data/deadlines/cursor.tmp"));
}

TEST_F(StateFilesTest, DamagedCursorIsDataLossNotASilentRestartFromOne) {
  std::ofstream(dir_ + "/cursor") << "garbage";
  auto loaded = FeedCursor(dir_ + "/cursor").Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(StateFilesTest, PublishedTablesRoundTrip) {
  domain::YearTable table;
  table.year = 2027;
  table.official = true;
  table.days.push_back({domain::Date(2027, 2, 4), false, "Tết", "notice 1/TB"});
  ASSERT_TRUE(SavePublishedTable(dir_ + "/calendar", table).ok());
  auto loaded = LoadPublishedTables(dir_ + "/calendar");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ(loaded->front().year, 2027);
  EXPECT_EQ(loaded->front().days, table.days);
  EXPECT_TRUE(LoadPublishedTables(dir_ + "/none")->empty());
}

}  // namespace
}  // namespace civicase::deadlines
