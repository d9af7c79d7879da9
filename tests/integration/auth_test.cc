// Users and tokens end to end: the real civicase-auth and `civicase` binaries on loopback with
// mutual TLS. Demo users are created offline, then a clerk logs in with a password on stdin,
// asks who they are, and logs out; wrong passwords, guessing, altered and revoked tokens are
// refused with UNAUTHENTICATED (or RESOURCE_EXHAUSTED) and a hint to log in.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs civicase-auth's offline administration against the system's home.
CommandResult AuthAdmin(const std::string& home, std::vector<std::string> args) {
  args.insert(args.begin(), {CIVICASE_BIN_DIR "/civicase-auth", "--home", home});
  return ::civicase::testing::Run(args);
}

void WriteToken(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
  ::chmod(path.c_str(), 0600);
}

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The store reuses the auth service's word on a token for 1 s (10 s by default).
    system_ = new LocalSystem(LocalSystemOptions{
        .auth = true, .require_login = true, .store_flags = {"--revocation-cache-seconds", "1"}});
    ASSERT_TRUE(system_->Start()) << system_->error();  // it creates the demo users
  }
  static void TearDownTestSuite() {
    delete system_;
    system_ = nullptr;
  }
  void SetUp() override { std::filesystem::remove(TokenFile()); }

  static std::string TokenFile() { return system_->home() + "/token"; }

  static CommandResult Login(const std::string& user, const std::string& password) {
    return system_->Cli({"login", "--user", user, "--password-stdin"}, password + "\n");
  }

  static LocalSystem* system_;
};

LocalSystem* AuthTest::system_ = nullptr;

TEST_F(AuthTest, DemoUsersAreCreatedOnce) {
  auto again = AuthAdmin(system_->home(), {"--init-demo-users"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 added"));
  struct stat st {};
  ASSERT_EQ(::stat((system_->home() + "/auth/users.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(ReadText(system_->home() + "/auth/users.json"), Not(HasSubstr("clerk-demo")));
}

TEST_F(AuthTest, LoginWhoAmILogout) {
  auto login = Login("clerk", "clerk-demo");
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(login.out, HasSubstr("reception_clerk at hanoi.dongda.pc"));
  struct stat st {};
  ASSERT_EQ(::stat(TokenFile().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto whoami = system_->Cli({"whoami", "-o", "json"});
  ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
  auto claims = nlohmann::json::parse(whoami.out);
  EXPECT_EQ(claims["user"], "clerk");
  EXPECT_THAT(claims["display_name"].get<std::string>(), HasSubstr("Nguyễn Thị Lan"));
  ASSERT_EQ(claims["grants"].size(), 1u);
  EXPECT_EQ(claims["grants"][0]["role"], "reception_clerk");
  EXPECT_EQ(claims["grants"][0]["unit"], "hanoi.dongda.pc");
  auto table = system_->Cli({"whoami"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("reception_clerk at hanoi.dongda.pc"));

  const std::string token = ReadText(TokenFile());
  auto logout = system_->Cli({"logout"});
  ASSERT_EQ(logout.exit_code, 0) << logout.err;
  EXPECT_FALSE(std::filesystem::exists(TokenFile()));

  auto after = system_->Cli({"whoami"});
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_THAT(after.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(after.err, HasSubstr("civicase login --user NAME"));

  // The token was revoked at the auth service, not just forgotten by the CLI, and the
  // revocation survives a restart of the auth service.
  WriteToken(TokenFile(), token);
  auto revoked = system_->Cli({"whoami"});
  EXPECT_EQ(revoked.exit_code, 1);
  EXPECT_THAT(revoked.err, HasSubstr("revoked"));
  EXPECT_THAT(revoked.err, HasSubstr("civicase login"));
  system_->Stop("auth", SIGTERM);
  ASSERT_TRUE(system_->StartService("auth")) << system_->error();
  revoked = system_->Cli({"whoami"});
  EXPECT_EQ(revoked.exit_code, 1);
  EXPECT_THAT(revoked.err, HasSubstr("revoked"));

  EXPECT_THAT(system_->Log("auth"), HasSubstr("login: clerk"));
  EXPECT_THAT(system_->Log("auth"), Not(HasSubstr("clerk-demo"))) << "no password in the log";
}

TEST_F(AuthTest, WrongPasswordOrUnknownUserIsUnauthenticated) {
  for (const auto& [user, password] :
       {std::pair<std::string, std::string>{"verifier", "nope"}, {"nobody", "verifier-demo"}}) {
    auto login = Login(user, password);
    EXPECT_EQ(login.exit_code, 1) << user;
    EXPECT_THAT(login.err, HasSubstr("wrong user name or password"));
    EXPECT_THAT(login.err, HasSubstr("UNAUTHENTICATED"));
    EXPECT_THAT(login.err, HasSubstr("civicase login"));
    EXPECT_FALSE(std::filesystem::exists(TokenFile()));
  }
}

TEST_F(AuthTest, AlteredTokenIsUnauthenticated) {
  ASSERT_EQ(Login("resolver", "resolver-demo").exit_code, 0);
  std::string token = ReadText(TokenFile());
  ASSERT_GT(token.size(), 20u);
  token[5] = token[5] == 'A' ? 'B' : 'A';
  WriteToken(TokenFile(), token);
  auto whoami = system_->Cli({"whoami"});
  EXPECT_EQ(whoami.exit_code, 1);
  EXPECT_THAT(whoami.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(whoami.err, HasSubstr("civicase login"));
  WriteToken(TokenFile(), "not-a-token");
  whoami = system_->Cli({"whoami"});
  EXPECT_EQ(whoami.exit_code, 1);
  EXPECT_THAT(whoami.err, HasSubstr("malformed"));
  // Logging out with a worthless token just forgets it.
  EXPECT_EQ(system_->Cli({"logout"}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(TokenFile()));
}

TEST_F(AuthTest, RepeatedFailuresLockTheUserForAMinute) {
  for (int i = 0; i < 5; ++i) {
    auto login = Login("officer", "guess-" + std::to_string(i));
    ASSERT_EQ(login.exit_code, 1);
    ASSERT_THAT(login.err, HasSubstr("UNAUTHENTICATED"));
  }
  auto locked = Login("officer", "officer-demo");
  EXPECT_EQ(locked.exit_code, 1);
  EXPECT_THAT(locked.err, HasSubstr("RESOURCE_EXHAUSTED"));
  EXPECT_FALSE(std::filesystem::exists(TokenFile()));
  // Other users are not affected.
  EXPECT_EQ(Login("auditor", "auditor-demo").exit_code, 0);
}

TEST_F(AuthTest, DisabledUserCannotLogIn) {
  auto disable = AuthAdmin(system_->home(), {"--disable-user", "supervisor"});
  ASSERT_EQ(disable.exit_code, 0) << disable.err;
  auto login = Login("supervisor", "supervisor-demo");
  EXPECT_EQ(login.exit_code, 1);
  EXPECT_THAT(login.err, HasSubstr("disabled"));
}

TEST_F(AuthTest, TokenFileReadableByOthersIsNotUsed) {
  ASSERT_EQ(Login("custodian", "custodian-demo").exit_code, 0);
  ASSERT_EQ(::chmod(TokenFile().c_str(), 0644), 0);
  auto whoami = system_->Cli({"whoami"});
  EXPECT_EQ(whoami.exit_code, 1);
  EXPECT_THAT(whoami.err, HasSubstr("0644"));
}

// Last: it makes the system's later CLI calls run with per-user token files.
TEST_F(AuthTest, StoreRefusesARevokedTokenWithinTheCacheTimeAndAuditsIt) {
  ASSERT_TRUE(system_->Login("clerk")) << system_->error();
  const std::vector<std::string> list = {"case", "list", "--unit", "hanoi.dongda.pc"};
  ASSERT_EQ(system_->Cli(list).exit_code, 0);  // the store now holds "not revoked" for 1 s
  const std::string token_file = system_->home() + "/token-clerk";
  const std::string token = ReadText(token_file);
  ASSERT_EQ(system_->Cli({"logout"}).exit_code, 0);
  WriteToken(token_file, token);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto refused = system_->Cli(list);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(refused.err, HasSubstr("revoked"));
  EXPECT_THAT(refused.err, HasSubstr("civicase login"));

  ASSERT_TRUE(system_->Login("auditor")) << system_->error();
  auto log = system_->Cli({"audit", "log", "--limit", "1000", "-o", "json"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  const nlohmann::json records = nlohmann::json::parse(log.out)["records"];
  int refusals = 0;
  for (const auto& record : records) {
    if (record.value("outcome", "") == "UNAUTHENTICATED" &&
        record["actor"].value("user", "") == "clerk" &&
        record.value("detail", "").find("revoked") != std::string::npos) {
      ++refusals;
    }
  }
  EXPECT_EQ(refusals, 1) << log.out;
}

}  // namespace
}  // namespace civicase::testing
