#include "clients/cli/calendar/calendar_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "nlohmann/json.hpp"
#include "services/domain/clock/statutory_clock.h"

namespace civicase::cli {
namespace {

using ::testing::HasSubstr;

class CalendarCommandsTest : public ::testing::Test {
 protected:
  // Parses `args` (without the program name) as the main program would; returns the exit code
  // (CLI::RuntimeError, which the commands throw on failure, is a CLI::ParseError).
  int Run(const std::string& args) {
    CLI::App app("civicase");
    app.require_subcommand(1);
    AddCalendarCommands(app, out_, err_);
    try {
      app.parse(args, /*program_name_included=*/false);
      return 0;
    } catch (const CLI::ParseError& e) {
      return e.get_exit_code();
    }
  }

  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(CalendarCommandsTest, DueJsonAgreesWithTheLibrary) {
  ASSERT_EQ(Run("calendar due --rule denunciation.resolution --from 2026-01-01 --complex "
                "--especially-complex --extensions 2 --suspended 2026-02-01:2026-02-10 -o json"),
            0)
      << err_.str();
  const nlohmann::json json = nlohmann::json::parse(out_.str());

  auto clock = domain::StatutoryClock::Default();
  ASSERT_TRUE(clock.ok());
  domain::DeadlineQuery q{.rule_id = "denunciation.resolution",
                          .trigger = domain::Date(2026, 1, 1),
                          .complex = true,
                          .especially_complex = true,
                          .extensions = 2};
  q.suspensions = {{domain::Date(2026, 2, 1), domain::Date(2026, 2, 10)}};
  auto due = clock->ComputeDueDate(q);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(json["due_date"], due->due_date.ToString());
  EXPECT_EQ(json["due_date"], "2026-04-13");  // 90 days + 10 suspended from 1/1: Sat 11/4
  EXPECT_EQ(json["steps"].size(), due->steps.size());
  EXPECT_EQ(json["variant"], "especially_complex");
}

TEST_F(CalendarCommandsTest, DueTextShowsTheDerivation) {
  ASSERT_EQ(Run("calendar due --rule complaint.round1.resolution --from 2026-01-16"), 0);
  const std::string text = out_.str();
  EXPECT_THAT(text, HasSubstr("Due date     2026-02-23 (Mon)"));
  EXPECT_THAT(text, HasSubstr("Art. 28"));
  EXPECT_THAT(text, HasSubstr("2026-02-17  Tue  roll_forward  Tết (mùng 1"));
}

TEST_F(CalendarCommandsTest, BadInputFailsWithTheReasonOnStderr) {
  EXPECT_EQ(Run("calendar due --rule no.such --from 2026-01-01"), 1);
  EXPECT_THAT(err_.str(), HasSubstr("rule_id: unknown rule 'no.such'"));
  err_.str("");
  EXPECT_EQ(Run("calendar due --rule letter.processing --from 2026-13-01"), 1);
  EXPECT_THAT(err_.str(), HasSubstr("--from"));
  err_.str("");
  EXPECT_EQ(Run("calendar due --rule letter.processing --from 2026-01-01 --suspended 2026"), 1);
  EXPECT_THAT(err_.str(), HasSubstr("FROM:TO"));
  EXPECT_NE(Run("calendar due --rule letter.processing --from 2026-01-01 -o yaml"), 0);
}

TEST_F(CalendarCommandsTest, ShowJsonListsTheYear) {
  ASSERT_EQ(Run("calendar show 2027 -o json"), 0);
  const nlohmann::json json = nlohmann::json::parse(out_.str());
  EXPECT_EQ(json["year"], 2027);
  EXPECT_EQ(json["official"], false);
  bool hung = false;
  for (const auto& d : json["days"]) {
    EXPECT_TRUE(d.contains("date") && d.contains("working") && d.contains("reason") &&
                d.contains("official") && d.contains("source"));
    EXPECT_EQ(d["official"], false);
    hung |= d["date"] == "2027-04-16";
  }
  EXPECT_TRUE(hung);
}

TEST_F(CalendarCommandsTest, ShowTextMarksMakeUpDays) {
  ASSERT_EQ(Run("calendar show 2026"), 0);
  EXPECT_THAT(out_.str(), HasSubstr("(official)"));
  EXPECT_THAT(out_.str(), HasSubstr("2026-01-10  Sat  yes"));
}

TEST_F(CalendarCommandsTest, RulesListShowsEveryRule) {
  ASSERT_EQ(Run("rules list -o json"), 0);
  const nlohmann::json json = nlohmann::json::parse(out_.str());
  EXPECT_GE(json["rules"].size(), 21u);
  out_.str("");
  ASSERT_EQ(Run("rules list"), 0);
  EXPECT_THAT(out_.str(), HasSubstr("complaint.acceptance"));
  EXPECT_THAT(out_.str(), HasSubstr("v3  2026-07-01 .. (in force)"));
}

}  // namespace
}  // namespace civicase::cli
