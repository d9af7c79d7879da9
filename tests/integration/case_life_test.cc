// A case's whole life through the real services (issue 6, routing and resolution): every step is
// a `civicase` command run against the store, intake, routing and deadlines processes on
// loopback; each story asserts the states the case goes through. A refused command changes
// nothing: the case's version is the same afterwards.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/integration/cli_json.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class CaseLifeTest : public ::testing::Test {
 protected:
  // Cases here travel between wards and the city: a processing officer of the city (its units
  // below included) registers them and records every step.
  void SetUp() override {
    ASSERT_TRUE(system_.Start()) << system_.error();
    ASSERT_TRUE(system_.AddUser("officer.city", "processing_officer", "hanoi.pc", true))
        << system_.error();
    ASSERT_TRUE(system_.Login("officer.city")) << system_.error();
  }

  json CliJson(const std::vector<std::string>& args) {
    return civicase::testing::CliJson(system_, args);
  }

  // Runs an action command and returns the case's state after it.
  std::string Act(const std::vector<std::string>& args) {
    json change = CliJson(args);
    return change["snapshot"].value("state", "");
  }

  json Show(const std::string& ref) { return CliJson({"case", "show", ref}); }
  std::string State(const std::string& ref) { return Show(ref).value("state", ""); }
  std::string Version(const std::string& ref) { return Show(ref).value("version", ""); }

  std::string Register(const std::vector<std::string>& args) {
    json receipt = CliJson(args);
    return receipt.value("reference", "");
  }

  // A refused command: exit 1, the reason on stderr, and the case untouched.
  void ExpectRefused(const std::string& ref, const std::vector<std::string>& args,
                     const std::string& code, const std::string& reason) {
    const json before = Show(ref);
    CommandResult r = system_.Cli(args);
    EXPECT_EQ(r.exit_code, 1) << ::testing::PrintToString(args) << r.out;
    EXPECT_THAT(r.err, HasSubstr(code));
    EXPECT_THAT(r.err, HasSubstr(reason));
    const json after = Show(ref);
    EXPECT_EQ(after["version"], before["version"]) << ::testing::PrintToString(args);
    EXPECT_EQ(after["state"], before["state"]);
  }

  LocalSystem system_;
};

std::vector<std::string> Complaint(const std::string& filer_id = "001085012345") {
  return {"case",
          "register",
          "--kind",
          "complaint",
          "--unit",
          "hanoi.dongda.pc",
          "--received",
          "2026-02-12",
          "--filer-name",
          "Nguyễn Văn An",
          "--filer-id",
          filer_id,
          "--respondent",
          "Chủ tịch UBND phường Đống Đa",
          "--respondent-position",
          "head",
          "--summary",
          "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND",
          "--sector",
          "land"};
}

std::vector<std::string> Denunciation(const std::string& respondent_unit,
                                      const std::string& position) {
  return {"case",
          "register",
          "--kind",
          "denunciation",
          "--unit",
          "hanoi.dongda.pc",
          "--received",
          "2026-03-02",
          "--filer-name",
          "Trần Thị Bình",
          "--filer-id",
          "079123456789",
          "--respondent",
          "Cán bộ bị tố cáo",
          "--respondent-unit",
          respondent_unit,
          "--respondent-position",
          position,
          "--summary",
          "Tố cáo nhận hối lộ khi cấp giấy phép xây dựng"};
}

TEST_F(CaseLifeTest, ComplaintRoundOneThenSecondComplaintOpensALinkedRoundTwoCase) {
  const std::string ref = Register(Complaint());
  ASSERT_EQ(State(ref), "PROCESSING");

  EXPECT_EQ(Act({"case", "process", ref, "--outcome", "accept"}), "PROCESSING");
  json accepted = CliJson(
      {"case", "accept", ref, "--decision-number", "05/QĐ-UBND", "--decision-date", "2026-02-20"});
  EXPECT_EQ(accepted["snapshot"]["state"], "ACCEPTED");
  EXPECT_THAT(accepted["event"]["state_changed"]["legal_basis"].get<std::string>(),
              HasSubstr("Law on Complaints Art. 27"));
  EXPECT_EQ(accepted["event"]["state_changed"]["document"]["kind"], "acceptance_decision");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "start_verification"}), "VERIFYING");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "hold_dialogue"}), "DIALOGUE");
  EXPECT_EQ(Act({"case", "decide", ref, "--decision-number", "15/QĐ-UBND", "--outcome",
                 "partly_right", "--decision-date", "2026-03-20"}),
            "DECIDED");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "dispatch"}), "DECIDED");

  json appealed = CliJson({"case", "act", ref, "--action", "second_complaint"});
  EXPECT_EQ(appealed["snapshot"]["state"], "SECOND_COMPLAINT");
  const std::string round_two = appealed["event"]["state_changed"].value("linked_case", "");
  ASSERT_THAT(round_two, ::testing::MatchesRegex("KN-2026-[0-9]{6}"));
  EXPECT_NE(round_two, ref);

  json second = Show(round_two);
  EXPECT_EQ(second["registration"]["round"], 2);
  EXPECT_EQ(second["registration"]["previous_case"], ref);
  // Round 2 over a commune chair's decision: the provincial chair (Decree 141/2025).
  EXPECT_EQ(second["registration"]["receiving_unit"], "hanoi.pc");
  EXPECT_EQ(second["state"], "PROCESSING");
  EXPECT_EQ(Act({"case", "accept", round_two}), "ACCEPTED");

  // The text form tells the official what changed.
  CommandResult text = system_.Cli({"case", "act", round_two, "--action", "start_verification"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("accepted -> verifying (start_verification)"));
  EXPECT_THAT(text.out, HasSubstr("Law on Complaints Art. 38"));
}

TEST_F(CaseLifeTest, TransferRejectedWithReasonIsReRoutedAndAccepted) {
  // A denunciation against the chair of Kim Liên ward: never sent to Kim Liên itself.
  const std::string ref = Register(Denunciation("hanoi.kimlien.pc", "head"));
  ASSERT_EQ(State(ref), "PROCESSING");

  ExpectRefused(ref, {"case", "transfer", ref, "--to", "hanoi.kimlien.pc"}, "FAILED_PRECONDITION",
                "Law on Denunciations Art. 12-13");

  EXPECT_EQ(Act({"case", "transfer", ref, "--to", "hanoi.vanmieu.pc", "--reason", "thuộc địa bàn"}),
            "TRANSFERRED");
  json rejected = CliJson({"case", "reject-transfer", ref, "--reason",
                           "không thuộc thẩm quyền của UBND phường Văn Miếu"});
  EXPECT_EQ(rejected["snapshot"]["state"], "PROCESSING");
  EXPECT_EQ(rejected["snapshot"]["current_unit"], "hanoi.dongda.pc");
  EXPECT_EQ(rejected["event"]["state_changed"]["to_unit"], "hanoi.dongda.pc");

  EXPECT_EQ(Act({"case", "process", ref, "--outcome", "transfer", "--to", "hanoi.pc"}),
            "TRANSFERRED");
  json taken = CliJson({"case", "accept-transfer", ref});
  EXPECT_EQ(taken["snapshot"]["state"], "PROCESSING");
  EXPECT_EQ(taken["snapshot"]["current_unit"], "hanoi.pc");
  EXPECT_EQ(Act({"case", "accept", ref, "--decision-number", "01/QĐ-UBND"}), "ACCEPTED");

  json transfers = CliJson({"case", "transfers", ref});
  EXPECT_EQ(transfers["count"], 2);
  ASSERT_EQ(transfers["transfers"].size(), 2u);
  EXPECT_EQ(transfers["transfers"][0]["to_unit"], "hanoi.vanmieu.pc");
  EXPECT_EQ(transfers["transfers"][0]["status"], "rejected");
  EXPECT_THAT(transfers["transfers"][0]["answer_reason"].get<std::string>(),
              HasSubstr("không thuộc thẩm quyền"));
  EXPECT_EQ(transfers["transfers"][1]["from_unit"], "hanoi.dongda.pc");
  EXPECT_EQ(transfers["transfers"][1]["to_unit"], "hanoi.pc");
  EXPECT_EQ(transfers["transfers"][1]["status"], "accepted");

  // History kept: the whole contract is in the case's events.
  json shown = Show(ref);
  std::vector<std::string> actions;
  for (const json& e : shown["history"]) {
    if (e.contains("state_changed")) actions.push_back(e["state_changed"]["action"]);
  }
  EXPECT_THAT(actions, ::testing::ElementsAre("transfer", "reject_transfer", "transfer",
                                              "accept_transfer", "accept"));
}

TEST_F(CaseLifeTest, DenunciationAcceptedExtendedTwiceConcludedHandledAndPublished) {
  const std::string ref = Register(Denunciation("hanoi.dongda.econ", "official"));
  EXPECT_EQ(Act({"case", "accept", ref, "--complexity", "especially_complex", "--decision-number",
                 "07/QĐ-UBND"}),
            "ACCEPTED");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "start_verification"}), "VERIFYING");
  json first =
      CliJson({"case", "act", ref, "--action", "extend", "--decision-number", "09/QĐ-UBND"});
  EXPECT_EQ(first["snapshot"]["state"], "VERIFYING");
  EXPECT_THAT(first["event"]["note"].get<std::string>(), HasSubstr("extension 1 of 2"));
  EXPECT_EQ(Act({"case", "act", ref, "--action", "extend"}), "VERIFYING");
  ExpectRefused(ref, {"case", "act", ref, "--action", "extend"}, "FAILED_PRECONDITION",
                "at most 2 extension(s)");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "conclude", "--decision-number", "11/KL-UBND",
                 "--outcome", "partly_right"}),
            "CONCLUDED");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "dispatch"}), "CONCLUDED");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "handle"}), "HANDLED");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "publish"}), "PUBLISHED");
}

TEST_F(CaseLifeTest, PetitionIsAnswered) {
  const std::string ref = Register(
      {"case", "register", "--kind", "petition", "--unit", "hanoi.dongda.pc", "--filer-name",
       "Lê Văn Cường", "--filer-id", "001090012345", "--respondent", "UBND phường Đống Đa",
       "--respondent-position", "the_body", "--summary", "Kiến nghị sửa đường ngõ 12"});
  EXPECT_EQ(Act({"case", "accept", ref}), "ACCEPTED");
  json answered = CliJson({"case", "act", ref, "--action", "answer", "--outcome", "answered",
                           "--decision-number", "20/TB-UBND"});
  EXPECT_EQ(answered["snapshot"]["state"], "ANSWERED");
  EXPECT_EQ(answered["event"]["state_changed"]["document"]["kind"], "answer");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "close"}), "CLOSED");
}

TEST_F(CaseLifeTest, PartialWithdrawalThenFullWithdrawalAndARepeatLetterIsShownOnTheReceipt) {
  const std::string ref = Register(Complaint());
  EXPECT_EQ(Act({"case", "accept", ref, "--content", "bồi thường", "--content", "tái định cư"}),
            "ACCEPTED");
  json partial = CliJson({"case", "withdraw", ref, "--part", "tái định cư"});
  EXPECT_EQ(partial["snapshot"]["state"], "ACCEPTED");
  EXPECT_EQ(partial["event"]["state_changed"]["action"], "withdraw_partially");
  EXPECT_THAT(partial["event"]["note"].get<std::string>(),
              HasSubstr("continues with [bồi thường]"));
  ExpectRefused(ref, {"case", "withdraw", ref, "--part", "giá đất"}, "INVALID_ARGUMENT",
                "not among the remaining contents");
  EXPECT_EQ(Act({"case", "withdraw", ref}), "TERMINATED");

  // The same filer and matter again: the receipt shows the earlier case.
  json receipt = CliJson(Complaint());
  ASSERT_EQ(receipt["related_cases"].size(), 1u) << receipt.dump();
  EXPECT_EQ(receipt["related_cases"][0]["reference"], ref);
  EXPECT_EQ(receipt["related_cases"][0]["same_matter"], true);
  EXPECT_EQ(receipt["related_cases"][0]["state"], "TERMINATED");
}

TEST_F(CaseLifeTest, SuspendedAndResumedWhereItWas) {
  const std::string ref = Register(Complaint());
  EXPECT_EQ(Act({"case", "accept", ref}), "ACCEPTED");
  EXPECT_EQ(Act({"case", "act", ref, "--action", "start_verification"}), "VERIFYING");
  json suspended = CliJson({"case", "suspend", ref, "--reason", "chờ kết quả giải quyết của Tòa án",
                            "--from", "2026-03-02"});
  EXPECT_EQ(suspended["snapshot"]["state"], "SUSPENDED");
  EXPECT_EQ(suspended["event"]["state_changed"]["suspension"]["from"], "2026-03-02");
  json resumed = CliJson({"case", "resume", ref, "--on", "2026-03-16"});
  EXPECT_EQ(resumed["snapshot"]["state"], "VERIFYING");
  EXPECT_EQ(resumed["event"]["state_changed"]["suspension"]["from"], "2026-03-02");
  EXPECT_EQ(resumed["event"]["state_changed"]["suspension"]["to"], "2026-03-16");
}

TEST_F(CaseLifeTest, BadCommandsAreRefusedClearlyAndChangeNothing) {
  const std::string ref = Register(Complaint());
  ASSERT_EQ(State(ref), "PROCESSING");
  // Wrong state: no decision before acceptance.
  ExpectRefused(ref, {"case", "decide", ref, "--decision-number", "15/QĐ-UBND"},
                "FAILED_PRECONDITION", "cannot decide a complaint in state processing");
  // Missing fields.
  ExpectRefused(ref, {"case", "act", ref, "--action", "refuse"}, "INVALID_ARGUMENT",
                "reason: required");
  ExpectRefused(ref, {"case", "act", ref, "--action", "transfer"}, "INVALID_ARGUMENT",
                "to_unit: required");
  // Unknown unit and unknown action.
  ExpectRefused(ref, {"case", "transfer", ref, "--to", "hanoi.nowhere.pc"}, "INVALID_ARGUMENT",
                "to_unit");
  ExpectRefused(ref, {"case", "act", ref, "--action", "approve"}, "INVALID_ARGUMENT",
                "action: 'approve'");
  // A stale version is refused rather than applied on top of someone else's change.
  ExpectRefused(ref, {"case", "accept", ref, "--expected-version", "1"}, "ABORTED", "not 1");
  EXPECT_EQ(Act({"case", "accept", ref, "--decision-number", "05/QĐ-UBND"}), "ACCEPTED");
  ExpectRefused(ref, {"case", "act", ref, "--action", "decide"}, "INVALID_ARGUMENT",
                "document.number");
  ExpectRefused(ref, {"case", "accept-transfer", ref}, "FAILED_PRECONDITION",
                "no transfer is pending");
  // Usage errors never reach the system: exit 2.
  EXPECT_EQ(system_.Cli({"case", "reject-transfer", ref}).exit_code, 2);
  EXPECT_EQ(system_.Cli({"case", "process", ref, "--outcome", "approve"}).exit_code, 2);
}

}  // namespace
}  // namespace civicase::testing
