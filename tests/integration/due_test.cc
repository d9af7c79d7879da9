// `civicase due` on the real services (issue 6): a unit's clocks that are overdue or due soon,
// with the escalation level, through the deadlines service's ListDue.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/integration/cli_json.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class DueTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(system_.Start()) << system_.error(); }

  json CliJson(const std::vector<std::string>& args) {
    return civicase::testing::CliJson(system_, args);
  }

  std::string Register(const std::string& received, const std::string& filer_id) {
    return CliJson({"case", "register", "--kind", "petition", "--unit", "hanoi.dongda.pc",
                    "--received", received, "--filer-name", "Nguyễn Văn An", "--filer-id", filer_id,
                    "--respondent", "UBND phường", "--summary", "Kiến nghị sửa đường ngõ 12"})
        .value("reference", "");
  }

  LocalSystem system_{LocalSystemOptions{.auth = false, .require_login = false}};
};

TEST_F(DueTest, OverdueAndDueSoonClocksOfAUnit) {
  // 10 working days from 02/03/2026 end on 16/03/2026 (Reception Law Art. 28(1)).
  const std::string late = Register("2026-03-02", "001085012345");
  const std::string soon = Register("2026-03-20", "001085012346");
  ASSERT_FALSE(late.empty());
  ASSERT_FALSE(soon.empty());

  json overdue =
      CliJson({"due", "--unit", "hanoi.dongda.pc", "--overdue", "--as-of", "2026-03-30"});
  EXPECT_EQ(overdue["as_of"], "2026-03-30");
  ASSERT_EQ(overdue["items"].size(), 1u) << overdue.dump(1);
  EXPECT_EQ(overdue["items"][0]["reference"], late);
  EXPECT_EQ(overdue["items"][0]["due"]["due_date"], "2026-03-16");
  EXPECT_EQ(overdue["items"][0]["level"], 3);  // more than 5 working days late: report

  json within =
      CliJson({"due", "--unit", "hanoi.dongda.pc", "--within", "10", "--as-of", "2026-03-30"});
  ASSERT_EQ(within["items"].size(), 2u) << within.dump(1);
  EXPECT_EQ(within["items"][0]["reference"], late);  // overdue first
  EXPECT_EQ(within["items"][1]["reference"], soon);
  EXPECT_EQ(within["items"][1]["level"], 1);

  CommandResult table =
      system_.Cli({"due", "--unit", "hanoi.dongda.pc", "--overdue", "--as-of", "2026-03-30"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr(late));
  EXPECT_THAT(table.out, HasSubstr("overdue: report"));
  EXPECT_THAT(table.out, ::testing::Not(HasSubstr(soon)));

  CommandResult both =
      system_.Cli({"due", "--unit", "hanoi.dongda.pc", "--overdue", "--within", "3"});
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_THAT(both.err, HasSubstr("--within: not with --overdue"));
}

}  // namespace
}  // namespace civicase::testing
