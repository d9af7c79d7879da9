// A complaint travels end to end through the real services (issue 2): CLI -> intake -> store ->
// routing -> deadlines -> back in the case's history; the store is SIGKILLed after the write was
// acknowledged, restarted, and the case and its history are intact.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/integration/cli_json.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class WalkingSkeletonTest : public ::testing::Test {
 protected:
  // A reception clerk registers and reads; the auditor checks the chain; the administrator
  // takes backups.
  void SetUp() override {
    ASSERT_TRUE(system_.Start()) << system_.error();
    for (const char* user : {"auditor", "admin", "clerk"}) {
      ASSERT_TRUE(system_.Login(user)) << system_.error();
    }
  }

  json CliJson(const std::vector<std::string>& args) {
    return civicase::testing::CliJson(system_, args);
  }

  size_t CaseCount() {
    json list = CliJson({"case", "list", "--unit", "hanoi.dongda.pc"});
    return list.value("cases", json::array()).size();
  }

  LocalSystem system_;
};

const std::vector<std::string> kRegisterComplaint = {
    "case",
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
    "001085012345",
    "--respondent",
    "Chủ tịch UBND phường Đống Đa",
    "--respondent-position",
    "head",
    "--summary",
    "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND"};

TEST_F(WalkingSkeletonTest, ComplaintIsRoutedGetsItsDueDateAndSurvivesKillOfTheStore) {
  json receipt = CliJson(kRegisterComplaint);
  const std::string reference = receipt.value("reference", "");
  ASSERT_THAT(reference, ::testing::MatchesRegex("KN-2026-[0-9]{6}"));
  EXPECT_EQ(receipt["proposed_competence"]["resolver_unit"], "hanoi.dongda.pc");
  // 10 working days from 12/02/2026 (Decree 124/2020 Art. 16(1)), skipping Tết 16-20/02.
  EXPECT_EQ(receipt["acceptance_due"]["due_date"], "2026-03-05");
  EXPECT_EQ(receipt["acceptance_due"]["rule_id"], "complaint.acceptance");

  json before = CliJson({"case", "show", reference});
  EXPECT_EQ(before["state"], "PROCESSING");
  EXPECT_EQ(before["proposed_competence"]["resolver_unit"], "hanoi.dongda.pc");
  ASSERT_EQ(before["clocks"].size(), 1u);
  EXPECT_EQ(before["clocks"][0]["due_date"], "2026-03-05");
  ASSERT_EQ(before["history"].size(), 3u);
  EXPECT_TRUE(before["history"][0].contains("registered"));
  EXPECT_TRUE(before["history"][1].contains("routing_proposed"));
  EXPECT_TRUE(before["history"][2].contains("deadline_set"));

  // The write was acknowledged: kill the store without warning and bring it back.
  system_.Stop("store", SIGKILL);
  ASSERT_TRUE(system_.StartService("store")) << system_.error();

  json after = CliJson({"case", "show", reference});
  EXPECT_EQ(after, before);
  system_.As("auditor");
  json verify = CliJson({"audit", "verify"});
  EXPECT_EQ(verify["ok"], true) << verify.dump();
  system_.As("clerk");

  // The text form names what a clerk needs.
  CommandResult text = system_.Cli({"case", "show", reference});
  EXPECT_THAT(text.out, HasSubstr("Acceptance due    2026-03-05"));
  EXPECT_THAT(text.out, HasSubstr("hanoi.dongda.pc"));
}

TEST_F(WalkingSkeletonTest, AServiceStartedOnATakenAddressRefusesToStartAndSaysWhy) {
  // Routing's flags, on the store's address: it must not share the port with the store.
  const std::string taken = system_.Address("store");
  CommandResult second =
      civicase::testing::Run({"/usr/bin/timeout", "20", CIVICASE_BIN_DIR "/civicase-routing",
                              "--home", system_.home(), "--listen", taken, "--store", taken});
  EXPECT_EQ(second.exit_code, 2) << second.err;
  EXPECT_THAT(second.err, HasSubstr("cannot listen on " + taken));
  EXPECT_EQ(CaseCount(), 0u);  // the store still answers, and alone
}

TEST_F(WalkingSkeletonTest, BackupRestoredIntoAFreshDataFolderVerifiesToTheSameHead) {
  json receipt = CliJson(kRegisterComplaint);
  const std::string reference = receipt.value("reference", "");
  const std::string backup_dir = system_.home() + "/backup-1";
  system_.As("admin");
  json backup = CliJson({"backup", backup_dir});
  system_.As("clerk");
  json shown = CliJson({"case", "show", reference});

  system_.Stop("store", SIGTERM);
  const std::string data = system_.home() + "/data/store";
  std::filesystem::rename(data, system_.home() + "/data/store-lost");
  CommandResult restore = system_.Cli({"restore", backup_dir, "--data", data});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  ASSERT_TRUE(system_.StartService("store")) << system_.error();

  system_.As("auditor");
  json verify = CliJson({"audit", "verify"});
  EXPECT_EQ(verify["ok"], true) << verify.dump();
  // The restored chain holds the backup's records; later reads append after them.
  // proto3 JSON writes 64-bit integers as strings.
  EXPECT_GE(std::stoull(verify["records_checked"].get<std::string>()),
            std::stoull(backup["audit_records"].get<std::string>()));
  system_.As("clerk");
  json again = CliJson({"case", "show", reference});
  EXPECT_EQ(again, shown);

  CommandResult into_existing = system_.Cli({"restore", backup_dir, "--data", data});
  EXPECT_EQ(into_existing.exit_code, 1) << "restore must refuse a non-empty data folder";
}

TEST_F(WalkingSkeletonTest, BadRegistrationIsRefusedNamingTheFieldAndWritesNothing) {
  std::vector<std::string> missing_id = kRegisterComplaint;
  auto id = std::find(missing_id.begin(), missing_id.end(), "--filer-id");
  missing_id.erase(id, id + 2);
  CommandResult r = system_.Cli(missing_id);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("registration.filers[0].id_number"));
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));

  std::vector<std::string> bad_date = kRegisterComplaint;
  *(std::find(bad_date.begin(), bad_date.end(), "2026-02-12")) = "2026-02-30";
  r = system_.Cli(bad_date);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("registration.received_date"));

  std::vector<std::string> unknown_unit = kRegisterComplaint;
  *(std::find(unknown_unit.begin(), unknown_unit.end(), "hanoi.dongda.pc")) = "hanoi.nowhere.pc";
  r = system_.Cli(unknown_unit);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("registration.receiving_unit"));

  EXPECT_EQ(CaseCount(), 0u);
  system_.As("auditor");
  json verify = CliJson({"audit", "verify"});
  EXPECT_EQ(verify["ok"], true);
}

TEST_F(WalkingSkeletonTest, DenouncerIdentityIsSealedAndListsAndHelpWork) {
  json receipt =
      CliJson({"case", "register", "--kind", "denunciation", "--unit", "hanoi.dongda.pc",
               "--filer-name", "Trần Thị Bình", "--filer-id", "079123456789", "--respondent",
               "Cán bộ địa chính phường", "--summary", "Tố cáo nhận hối lộ"});
  const std::string reference = receipt.value("reference", "");
  ASSERT_THAT(reference, ::testing::StartsWith("TC-"));
  json shown = CliJson({"case", "show", reference});
  const json& filer = shown["registration"]["filers"][0];
  EXPECT_FALSE(filer.contains("full_name"));
  EXPECT_FALSE(filer.contains("id_number"));
  EXPECT_EQ(filer["pseudonym"], "Người tố cáo #1");
  EXPECT_FALSE(filer.contains("sealed_identity"));  // ciphertext stays in the store
  EXPECT_EQ(CaseCount(), 1u);

  CommandResult help = system_.Cli({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("case"));
  CommandResult case_help = system_.Cli({"case", "--help"});
  EXPECT_THAT(case_help.out, HasSubstr("register"));
  EXPECT_THAT(case_help.out, HasSubstr("show"));
  EXPECT_THAT(case_help.out, HasSubstr("list"));
  CommandResult units = system_.Cli({"units"});
  EXPECT_THAT(units.out, HasSubstr("hanoi.dongda.pc"));
}

}  // namespace
}  // namespace civicase::testing
