// A duplicate caught at registration and merged, then unmerged (issue 6), on the real services:
// `civicase case register` lists the case already on file, `civicase case merge` joins the new
// case to it, `civicase case show` shows both links, `civicase case unmerge` restores both. A
// refused merge changes nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/cli_json.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(system_.Start()) << system_.error(); }

  json CliJson(const std::vector<std::string>& args) {
    return civicase::testing::CliJson(system_, args);
  }

  json Show(const std::string& ref) { return CliJson({"case", "show", ref}); }

  // What a user sees of a case apart from the clock records the deadlines service adds.
  static json Visible(const json& c) {
    int changes = 0;
    for (const auto& e : c.value("history", json::array())) changes += e.contains("state_changed");
    return json{{"state", c.value("state", "")},
                {"merged_into", c.value("merged_into", "")},
                {"merged_cases", c.value("merged_cases", json::array())},
                {"receiving_unit", c["registration"].value("receiving_unit", "")},
                {"state_changes", changes}};
  }

  // The case once `done` holds, or the last one seen after 20 s.
  json WaitFor(const std::string& ref, const std::function<bool(const json&)>& done) {
    json shown;
    for (int i = 0; i < 100; ++i) {
      shown = Show(ref);
      if (done(shown)) return shown;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "timed out; last seen: " << shown.dump(1);
    return shown;
  }

  static std::string AcceptanceClockStep(const json& c) {
    for (const auto& clock : c.value("clocks", json::array())) {
      if (clock.value("rule_id", "") != "complaint.acceptance") continue;
      const json steps = clock.value("steps", json::array());
      return steps.empty() ? "" : steps.back().value("kind", "");
    }
    return "";
  }

  // A refused command: exit 1, code and reason on stderr, and neither case changed.
  void ExpectRefused(const std::vector<std::string>& args, const std::vector<std::string>& refs,
                     const std::string& code, const std::string& reason) {
    std::vector<json> before;
    for (const auto& ref : refs) before.push_back(Visible(Show(ref)));
    CommandResult r = system_.Cli(args);
    EXPECT_EQ(r.exit_code, 1) << ::testing::PrintToString(args) << r.out;
    EXPECT_THAT(r.err, HasSubstr(code));
    EXPECT_THAT(r.err, HasSubstr(reason));
    for (size_t i = 0; i < refs.size(); ++i) {
      EXPECT_EQ(Visible(Show(refs[i])), before[i]) << refs[i];
    }
  }

  LocalSystem system_{LocalSystemOptions{.auth = false, .require_login = false}};
};

std::vector<std::string> Complaint(const std::string& unit, const std::string& filer_id) {
  return {"case",
          "register",
          "--kind",
          "complaint",
          "--unit",
          unit,
          "--received",
          "2026-02-12",
          "--filer-name",
          "Nguyễn Văn An",
          "--filer-id",
          filer_id,
          "--respondent",
          "Chủ tịch UBND phường Đống Đa",
          "--respondent-unit",
          "hanoi.dongda.pc",
          "--respondent-position",
          "head",
          "--summary",
          "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND",
          "--sector",
          "land"};
}

TEST_F(MergeTest, DuplicateCaughtAtRegistrationIsMergedThenUnmerged) {
  const json first = CliJson(Complaint("hanoi.dongda.pc", "001085012345"));
  const std::string on_file = first.value("reference", "");
  ASSERT_FALSE(on_file.empty());

  // The same matter again, received elsewhere: the receipt names the case on file.
  const json second = CliJson(Complaint("hanoi.kimlien.pc", "001085012345"));
  const std::string duplicate = second.value("reference", "");
  ASSERT_FALSE(duplicate.empty());
  ASSERT_TRUE(second.contains("related_cases")) << second.dump(1);
  ASSERT_EQ(second["related_cases"].size(), 1u);
  EXPECT_EQ(second["related_cases"][0]["reference"], on_file);
  EXPECT_EQ(second["related_cases"][0]["same_matter"], true);

  const json duplicate_before = Visible(Show(duplicate));
  const json on_file_before = Visible(Show(on_file));
  WaitFor(duplicate, [](const json& c) { return AcceptanceClockStep(c) == "due"; });

  const json merged =
      CliJson({"case", "merge", duplicate, "--into", on_file, "--reason", "same letter resent"});
  EXPECT_EQ(merged["merged"]["snapshot"]["merged_into"], on_file);
  EXPECT_EQ(merged["into"]["snapshot"]["merged_cases"], json::array({duplicate}));
  EXPECT_THAT(merged["merged"]["event"]["state_changed"].value("legal_basis", ""),
              HasSubstr("Circular 05/2021"));

  // Both show the link; the duplicate keeps where it came from and its state.
  json shown = Show(duplicate);
  EXPECT_EQ(shown["merged_into"], on_file);
  EXPECT_EQ(shown["state"], duplicate_before["state"]);
  EXPECT_EQ(shown["registration"]["receiving_unit"], "hanoi.kimlien.pc");
  EXPECT_EQ(Show(on_file)["merged_cases"], json::array({duplicate}));
  CommandResult table = system_.Cli({"case", "show", on_file});
  EXPECT_THAT(table.out, HasSubstr("Merged in"));
  EXPECT_THAT(table.out, HasSubstr(duplicate));

  // Its clock stops, and it is not worked separately.
  WaitFor(duplicate, [](const json& c) { return AcceptanceClockStep(c) == "pause"; });
  ExpectRefused({"case", "process", duplicate, "--outcome", "accept"}, {duplicate},
                "FAILED_PRECONDITION", "merged into " + on_file);

  const json unmerged = CliJson({"case", "unmerge", duplicate, "--reason", "different decision"});
  EXPECT_FALSE(unmerged["merged"]["snapshot"].contains("merged_into"));
  EXPECT_FALSE(unmerged["into"]["snapshot"].contains("merged_cases"));

  // Both back as before (two more state changes each: the merge and the unmerge).
  json duplicate_after = Visible(Show(duplicate));
  json on_file_after = Visible(Show(on_file));
  EXPECT_EQ(duplicate_after["state_changes"].get<int>(),
            duplicate_before["state_changes"].get<int>() + 2);
  EXPECT_EQ(on_file_after["state_changes"].get<int>(),
            on_file_before["state_changes"].get<int>() + 2);
  duplicate_after.erase("state_changes");
  on_file_after.erase("state_changes");
  json duplicate_expected = duplicate_before;
  json on_file_expected = on_file_before;
  duplicate_expected.erase("state_changes");
  on_file_expected.erase("state_changes");
  EXPECT_EQ(duplicate_after, duplicate_expected);
  EXPECT_EQ(on_file_after, on_file_expected);
  WaitFor(duplicate, [](const json& c) { return AcceptanceClockStep(c) != "pause"; });
  // Worked separately again.
  EXPECT_EQ(CliJson({"case", "process", duplicate, "--outcome", "accept"})["snapshot"]["state"],
            "PROCESSING");
}

TEST_F(MergeTest, MergeIntoItselfOrIntoAClosedCaseIsRefusedAndChangesNothing) {
  const std::string a =
      CliJson(Complaint("hanoi.dongda.pc", "001085012345")).value("reference", "");
  const std::string closed =
      CliJson(Complaint("hanoi.dongda.pc", "001085099999")).value("reference", "");
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(closed.empty());
  EXPECT_EQ(CliJson({"case", "process", closed, "--outcome", "file", "--reason",
                     "illegible"})["snapshot"]["state"],
            "FILED");

  ExpectRefused({"case", "merge", a, "--into", a, "--reason", "same"}, {a}, "INVALID_ARGUMENT",
                "into_ref: a case cannot be merged into itself");
  ExpectRefused({"case", "merge", a, "--into", closed, "--reason", "same"}, {a, closed},
                "FAILED_PRECONDITION",
                "cannot merge into " + closed + ": it is closed (state filed)");
  ExpectRefused({"case", "merge", a, "--into", "KN-2026-999999", "--reason", "same"}, {a},
                "NOT_FOUND", "into_ref: no case KN-2026-999999");
  ExpectRefused({"case", "unmerge", a, "--reason", "mistake"}, {a}, "FAILED_PRECONDITION",
                "not merged into any case");
}

TEST_F(MergeTest, RepeatOfAGuidedComplaintIsProposedForFilingOnTheReceipt) {
  const std::string guided =
      CliJson(Complaint("hanoi.dongda.pc", "001085012345")).value("reference", "");
  ASSERT_FALSE(guided.empty());
  EXPECT_EQ(CliJson({"case", "process", guided, "--outcome", "guide", "--reason",
                     "not ours: the provincial chair resolves"})["snapshot"]["state"],
            "GUIDED");

  // The same complaint again: guided once, it is not guided again (Circular 07/2014 Art. 8).
  const json repeat = CliJson(Complaint("hanoi.dongda.pc", "001085012345"));
  ASSERT_TRUE(repeat.contains("repeat_proposal")) << repeat.dump(1);
  EXPECT_EQ(repeat["repeat_proposal"]["proposed_outcome"], "file_away");
  EXPECT_EQ(repeat["repeat_proposal"]["prior_case"], guided);
  EXPECT_THAT(repeat["repeat_proposal"].value("legal_basis", ""), HasSubstr("Art. 8"));

  // A different matter of the same filer gets no proposal.
  std::vector<std::string> other = Complaint("hanoi.dongda.pc", "001085012345");
  other.back() = "construction";  // --sector
  const json unrelated = CliJson(other);
  EXPECT_FALSE(unrelated.contains("repeat_proposal")) << unrelated.dump(1);

  CommandResult table = system_.Cli(Complaint("hanoi.dongda.pc", "001085012345"));
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Repeat letter:   propose file_away"));

  // The processing slip says so too.
  const json slip =
      CliJson({"case", "process", repeat.value("reference", ""), "--outcome", "accept"});
  EXPECT_THAT(slip["event"].value("note", ""),
              HasSubstr("repeat letter: propose file_away (Circular 07/2014/TT-TTCP Art. 8"));
  EXPECT_THAT(slip["event"].value("note", ""), HasSubstr(guided));
}

}  // namespace
}  // namespace civicase::testing
