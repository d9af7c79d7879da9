// Who may see what (issue 5): the real services on loopback, the store started with
// --require-login, the demo users of civicase-auth. Each user's role and unit decide what the
// store lets through; every refusal is audited.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using ::testing::HasSubstr;

class PolicyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    system_ = new LocalSystem({.auth = true, .require_login = true});
    ASSERT_TRUE(system_->Start()) << system_->error();
    CommandResult users = civicase::testing::Run(
        {CIVICASE_BIN_DIR "/civicase-auth", "--home", system_->home(), "--init-demo-users"});
    ASSERT_EQ(users.exit_code, 0) << users.err;
    for (const char* user : {"clerk", "officer", "supervisor", "auditor", "admin"}) {
      As(user);
      CommandResult login = system_->Cli({"login", "--user", user, "--password-stdin"},
                                         std::string(user) + "-demo\n");
      ASSERT_EQ(login.exit_code, 0) << user << ": " << login.err;
    }
  }
  static void TearDownTestSuite() {
    delete system_;
    unsetenv("CIVICASE_TOKEN_FILE");
  }

  // The following commands run as `user` (each user keeps their own token file).
  static void As(const std::string& user) {
    setenv("CIVICASE_TOKEN_FILE", (system_->home() + "/token-" + user).c_str(), 1);
  }

  static CommandResult Register(const std::string& unit) {
    return system_->Cli({"case", "register", "--kind", "complaint", "--unit", unit, "--received",
                         "2026-11-20", "--filer-name", "Lê Văn Cường", "--filer-id", "001090000111",
                         "--respondent", "UBND phường", "--summary",
                         "Khiếu nại cấp giấy phép xây dựng", "-o", "json"});
  }

  static LocalSystem* system_;
};

LocalSystem* PolicyTest::system_ = nullptr;

TEST_F(PolicyTest, NoTokenIsRefusedWithAHintToLogIn) {
  setenv("CIVICASE_TOKEN_FILE", (system_->home() + "/no-token").c_str(), 1);
  CommandResult r = system_->Cli({"case", "list", "--unit", "hanoi.dongda.pc"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(r.err, HasSubstr("civicase login"));
}

TEST_F(PolicyTest, RolesAndScopesDecideWhatEachUserMayDo) {
  As("clerk");
  CommandResult registered = Register("hanoi.dongda.pc");
  ASSERT_EQ(registered.exit_code, 0) << registered.err;
  const std::string reference = nlohmann::json::parse(registered.out)["reference"];

  struct Row {
    const char* user;
    std::vector<std::string> args;
    bool allowed;
  };
  const std::vector<Row> rows = {
      {"clerk", {"case", "show", reference}, true},
      {"clerk", {"case", "list", "--unit", "hanoi.dongda.pc"}, true},
      {"clerk", {"case", "list", "--unit", "hanoi.kimlien.pc"}, false},  // outside the unit
      {"clerk", {"audit", "verify"}, false},                             // not an auditor
      {"clerk", {"backup", system_->home() + "/backup-clerk"}, false},
      {"officer", {"case", "show", reference}, true},
      {"supervisor", {"case", "show", reference}, true},  // HĐND of the same ward supervises
      {"supervisor", {"case", "list", "--unit", "hanoi.kimlien.pc"}, false},
      {"auditor", {"audit", "verify"}, true},
      {"auditor", {"audit", "log", "--case", reference}, true},
      {"admin", {"backup", system_->home() + "/backup-admin"}, true},
      {"admin", {"case", "show", reference}, false},  // administrators do not read cases
  };
  for (const Row& row : rows) {
    As(row.user);
    CommandResult r = system_->Cli(row.args);
    const std::string what = std::string(row.user) + " " + row.args[0] + " " + row.args[1];
    if (row.allowed) {
      EXPECT_EQ(r.exit_code, 0) << what << ": " << r.err;
    } else {
      EXPECT_EQ(r.exit_code, 1) << what << " should be refused";
      EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED")) << what;
    }
  }

  As("clerk");
  CommandResult elsewhere = Register("hanoi.kimlien.pc");
  EXPECT_EQ(elsewhere.exit_code, 1);
  EXPECT_THAT(elsewhere.err, HasSubstr("outside your scope"));
}

TEST_F(PolicyTest, EveryDenialLeavesAnAuditRecordWithTheVerifiedUser) {
  As("clerk");
  ASSERT_EQ(system_->Cli({"audit", "verify"}).exit_code, 1);
  As("auditor");
  // The refusal is answered at once and its audit record appended right after: look for it
  // for a few seconds.
  int denials = 0;
  CommandResult log;
  for (int attempt = 0; attempt < 50 && denials == 0; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    log = system_->Cli({"audit", "log", "--limit", "1000", "-o", "json"});
    ASSERT_EQ(log.exit_code, 0) << log.err;
    const nlohmann::json records = nlohmann::json::parse(log.out)["records"];
    for (const auto& record : records) {
      if (record.value("outcome", "") == "PERMISSION_DENIED" &&
          record["actor"].value("user", "") == "clerk") {
        ++denials;
      }
    }
  }
  EXPECT_GE(denials, 1) << log.out;
  CommandResult verify = system_->Cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace civicase::testing
