// A denouncer's identity (issue 5 item 5, Denunciations Law Art. 8(3), 9(1)(b), 47, 56) through
// the real services on loopback, every person logged in with their own token: the resolver or
// processing officer asks with a reason, an identity custodian who is another person approves or
// refuses, and only then, only to the one who asked, only until the approval expires, is the
// identity shown. `civicase audit who-saw` lists every reveal. Transfers never expose it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kName[] = "Trần Thị Bí Mật";
constexpr char kId[] = "079199000777";
constexpr char kAddress[] = "12 ngõ Văn Chương, Đống Đa";

class DisclosureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    system_ = new LocalSystem({.auth = true, .require_login = true});
    ASSERT_TRUE(system_->Start()) << system_->error();
    // People the demo users do not cover: a custodian who also processes letters (to try to
    // approve their own request), an officer over the whole city (accepts transfers), and the
    // resolver of the ward a case is transferred to.
    ASSERT_TRUE(system_->AddUser("officer.custodian", "identity_custodian", "hanoi.dongda.pc"))
        << system_->error();
    Grant("officer.custodian", "processing_officer", "hanoi.dongda.pc");
    ASSERT_TRUE(system_->AddUser("officer.city", "processing_officer", "hanoi.pc", true))
        << system_->error();
    ASSERT_TRUE(system_->AddUser("resolver.vanmieu", "resolver", "hanoi.vanmieu.pc"))
        << system_->error();
    for (const char* user :
         {"clerk", "officer", "resolver", "verifier", "supervisor", "auditor", "custodian",
          "officer.custodian", "officer.city", "resolver.vanmieu"}) {
      ASSERT_TRUE(system_->Login(user)) << system_->error();
    }
  }
  static void TearDownTestSuite() {
    delete system_;
    system_ = nullptr;
  }

  static void Grant(const std::string& name, const std::string& role, const std::string& unit) {
    CommandResult r =
        civicase::testing::Run({CIVICASE_BIN_DIR "/civicase-auth", "--home", system_->home(),
                                "--grant", name, "--role", role, "--unit", unit});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static CommandResult CliAs(const std::string& user, std::vector<std::string> args) {
    system_->As(user);
    return system_->Cli(args);
  }

  static json JsonAs(const std::string& user, std::vector<std::string> args) {
    args.insert(args.end(), {"-o", "json"});
    CommandResult r = CliAs(user, args);
    EXPECT_EQ(r.exit_code, 0) << user << " " << ::testing::PrintToString(args) << ": " << r.err;
    return json::parse(r.out.empty() ? "{}" : r.out);
  }

  // A denunciation registered by the clerk at Đống Đa ward; returns its reference.
  static std::string RegisterDenunciation() {
    json receipt = JsonAs("clerk", {"case",
                                    "register",
                                    "--kind",
                                    "denunciation",
                                    "--unit",
                                    "hanoi.dongda.pc",
                                    "--received",
                                    "2026-03-02",
                                    "--filer-name",
                                    kName,
                                    "--filer-id",
                                    kId,
                                    "--filer-address",
                                    kAddress,
                                    "--respondent",
                                    "Cán bộ địa chính bị tố cáo",
                                    "--respondent-unit",
                                    "hanoi.dongda.econ",
                                    "--respondent-position",
                                    "official",
                                    "--summary",
                                    "Tố cáo nhận hối lộ khi cấp giấy chứng nhận",
                                    "--sector",
                                    "land"});
    const std::string reference = receipt.value("reference", "");
    EXPECT_FALSE(reference.empty()) << receipt.dump();
    return reference;
  }

  // Asks to disclose as `user`; returns the request id printed on stdout.
  static std::string Disclose(const std::string& user, const std::string& ref) {
    CommandResult r =
        CliAs(user, {"case", "disclose", ref, "--reason", "cần liên hệ người tố cáo để xác minh"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string id = r.out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }

  static CommandResult Reveal(const std::string& user, const std::string& ref,
                              const std::string& id) {
    return CliAs(user, {"case", "reveal", ref, id, "--purpose", "gọi điện hẹn làm việc"});
  }

  static void ExpectRefused(const CommandResult& r, const std::string& code,
                            const std::string& why) {
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_THAT(r.err, HasSubstr(code));
    EXPECT_THAT(r.err, HasSubstr(why));
    EXPECT_THAT(r.out, Not(HasSubstr(kName)));
    EXPECT_THAT(r.out, Not(HasSubstr(kId)));
  }

  // The audit records of a case (as the auditor reads them).
  static json AuditOf(const std::string& ref) {
    return JsonAs("auditor", {"audit", "log", "--case", ref, "--limit", "1000"})
        .value("records", json::array());
  }

  static LocalSystem* system_;
};

LocalSystem* DisclosureTest::system_ = nullptr;

TEST_F(DisclosureTest, ApprovedRequesterAloneSeesTheIdentityAndWhoSawListsIt) {
  const std::string ref = RegisterDenunciation();
  const std::string id = Disclose("resolver", ref);
  EXPECT_EQ(id, "D1");
  ExpectRefused(Reveal("resolver", ref, id), "PERMISSION_DENIED", "awaits");

  CommandResult approved = CliAs("custodian", {"case", "disclosure", "approve", ref, id, "--reason",
                                               "Điều 47 Luật Tố cáo: cần thiết cho xác minh"});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("approved until"));
  ExpectRefused(CliAs("custodian", {"case", "disclosure", "refuse", ref, id, "--reason", "đổi ý"}),
                "FAILED_PRECONDITION", "already approved by custodian");

  json revealed = JsonAs("resolver", {"case", "reveal", ref, id, "--purpose", "hẹn làm việc"});
  ASSERT_EQ(revealed["filers"].size(), 1u) << revealed.dump();
  EXPECT_EQ(revealed["filers"][0]["full_name"], kName);
  EXPECT_EQ(revealed["filers"][0]["id_number"], kId);
  EXPECT_EQ(revealed["filers"][0]["address"], kAddress);
  CommandResult table = Reveal("resolver", ref, id);
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr(kName));

  // Nobody else, not even the custodian who approved it.
  ExpectRefused(Reveal("custodian", ref, id), "PERMISSION_DENIED", "RevealIdentity needs one of");
  ExpectRefused(Reveal("verifier", ref, id), "PERMISSION_DENIED", "RevealIdentity needs one of");
  ExpectRefused(Reveal("supervisor", ref, id), "PERMISSION_DENIED", "RevealIdentity needs one of");
  ExpectRefused(Reveal("officer", ref, id), "PERMISSION_DENIED", "only to the one who asked");
  // The others read the case and its history with the pseudonym only.
  for (const char* user : {"verifier", "supervisor", "officer"}) {
    CommandResult shown = CliAs(user, {"case", "show", ref, "-o", "json"});
    EXPECT_EQ(shown.exit_code, 0) << user << ": " << shown.err;
    EXPECT_THAT(shown.out, Not(HasSubstr(kName))) << user;
    EXPECT_THAT(shown.out, Not(HasSubstr(kId))) << user;
  }

  json who = JsonAs("auditor", {"audit", "who-saw", ref});
  ASSERT_EQ(who["reveals"].size(), 2u) << who.dump();  // the JSON and the table reveal
  for (const auto& reveal : who["reveals"]) {
    EXPECT_EQ(reveal["user"], "resolver");
    EXPECT_EQ(reveal["request_id"], "D1");
  }
  ASSERT_EQ(who["disclosures"].size(), 1u);
  EXPECT_EQ(who["disclosures"][0]["status"], "DISCLOSURE_APPROVED");
  EXPECT_EQ(who["disclosures"][0]["requested_by"], "resolver");
  EXPECT_EQ(who["disclosures"][0]["decided_by"], "custodian");
  CommandResult who_table = CliAs("custodian", {"audit", "who-saw", ref});
  EXPECT_EQ(who_table.exit_code, 0) << who_table.err;
  EXPECT_THAT(who_table.out, HasSubstr("was seen 2 time(s)"));
  EXPECT_THAT(who_table.out, Not(HasSubstr(kName)));

  // The request and decision are in the case's history, without the identity.
  json history = JsonAs("verifier", {"case", "show", ref});
  EXPECT_EQ(history["disclosures"].size(), 1u) << history.dump();
}

TEST_F(DisclosureTest, WhoSawSaysPlainlyWhenNoOneSawTheIdentity) {
  const std::string ref = RegisterDenunciation();
  CommandResult none = CliAs("auditor", {"audit", "who-saw", ref});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, HasSubstr("No one has seen the identity of " + ref + "."));

  // A request, even an approved one, is not a reveal.
  const std::string id = Disclose("officer", ref);
  ASSERT_EQ(
      CliAs("custodian", {"case", "disclosure", "approve", ref, id, "--reason", "cần"}).exit_code,
      0);
  json who = JsonAs("auditor", {"audit", "who-saw", ref});
  EXPECT_TRUE(who.value("reveals", json::array()).empty()) << who.dump();
  EXPECT_EQ(who["disclosures"].size(), 1u);
  EXPECT_THAT(CliAs("auditor", {"audit", "who-saw", ref}).out,
              HasSubstr("No one has seen the identity of " + ref + "."));
}

TEST_F(DisclosureTest, RefusedRequestIsNeverRevealed) {
  const std::string ref = RegisterDenunciation();
  const std::string id = Disclose("officer", ref);
  CommandResult refused = CliAs("custodian", {"case", "disclosure", "refuse", ref, id, "--reason",
                                              "không cần thiết cho việc xác minh"});
  ASSERT_EQ(refused.exit_code, 0) << refused.err;
  ExpectRefused(Reveal("officer", ref, id), "PERMISSION_DENIED", "was refused by custodian");
  ExpectRefused(CliAs("custodian", {"case", "disclosure", "approve", ref, id, "--reason", "đổi ý"}),
                "FAILED_PRECONDITION", "already refused");
  EXPECT_TRUE(JsonAs("auditor", {"audit", "who-saw", ref}).value("reveals", json::array()).empty());
}

TEST_F(DisclosureTest, ExpiredApprovalIsRefusedAndValidityIsBounded) {
  const std::string ref = RegisterDenunciation();
  const std::string id = Disclose("resolver", ref);
  ExpectRefused(CliAs("custodian", {"case", "disclosure", "approve", ref, id, "--reason", "cần",
                                    "--valid-hours", "100"}),
                "INVALID_ARGUMENT", "valid_seconds");
  // 0.002 hours = 7 seconds.
  const auto approved_at = std::chrono::steady_clock::now();
  ASSERT_EQ(CliAs("custodian", {"case", "disclosure", "approve", ref, id, "--reason", "cần",
                                "--valid-hours", "0.002"})
                .exit_code,
            0);
  EXPECT_EQ(Reveal("resolver", ref, id).exit_code, 0);
  std::this_thread::sleep_until(approved_at + std::chrono::seconds(9));
  ExpectRefused(Reveal("resolver", ref, id), "PERMISSION_DENIED", "expired");
  EXPECT_EQ(JsonAs("auditor", {"audit", "who-saw", ref})["reveals"].size(), 1u);
}

TEST_F(DisclosureTest, CustodianCannotApproveTheirOwnRequest) {
  const std::string ref = RegisterDenunciation();
  const std::string id = Disclose("officer.custodian", ref);
  ExpectRefused(CliAs("officer.custodian",
                      {"case", "disclosure", "approve", ref, id, "--reason", "tự phê duyệt"}),
                "PERMISSION_DENIED", "may not decide their own request");
  ExpectRefused(Reveal("officer.custodian", ref, id), "PERMISSION_DENIED", "awaits");
  // Another custodian may.
  ASSERT_EQ(
      CliAs("custodian", {"case", "disclosure", "approve", ref, id, "--reason", "cần"}).exit_code,
      0);
  EXPECT_EQ(Reveal("officer.custodian", ref, id).exit_code, 0);
}

TEST_F(DisclosureTest, OnlyResolversAndOfficersInScopeMayAskAndOnlyCustodiansDecide) {
  const std::string ref = RegisterDenunciation();
  ExpectRefused(CliAs("verifier", {"case", "disclose", ref, "--reason", "tò mò"}),
                "PERMISSION_DENIED", "RequestDisclosure needs one of");
  ExpectRefused(CliAs("resolver.vanmieu", {"case", "disclose", ref, "--reason", "tò mò"}),
                "PERMISSION_DENIED", "outside your scope");
  const std::string id = Disclose("officer", ref);
  ExpectRefused(CliAs("resolver", {"case", "disclosure", "approve", ref, id, "--reason", "được"}),
                "PERMISSION_DENIED", "DecideDisclosure needs one of");
  CommandResult no_reason = CliAs("resolver", {"case", "disclose", ref});
  EXPECT_EQ(no_reason.exit_code, 2);
  EXPECT_THAT(no_reason.err, HasSubstr("--reason is required"));
}

TEST_F(DisclosureTest, EveryRefusedRevealIsAudited) {
  const std::string ref = RegisterDenunciation();
  const std::string id = Disclose("resolver", ref);
  for (const char* user : {"custodian", "verifier", "officer"}) {
    ASSERT_EQ(Reveal(user, ref, id).exit_code, 1) << user;
  }
  int refused = 0;
  for (const auto& record : AuditOf(ref)) {
    if (record.value("method", "") != "/civicase.v1.CaseStore/RevealIdentity") continue;
    EXPECT_EQ(record["fields"][0], "filers.identity");
    EXPECT_EQ(record["outcome"], "PERMISSION_DENIED") << record.dump();
    EXPECT_THAT(record.dump(), Not(HasSubstr(kName)));
    ++refused;
  }
  EXPECT_EQ(refused, 3);
  CommandResult verify = CliAs("auditor", {"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(DisclosureTest, TransferNeverExposesTheIdentity) {
  const std::string ref = RegisterDenunciation();
  const std::string id = Disclose("resolver", ref);
  ASSERT_EQ(
      CliAs("custodian", {"case", "disclosure", "approve", ref, id, "--reason", "cần"}).exit_code,
      0);

  json sent = JsonAs("officer", {"case", "transfer", ref, "--to", "hanoi.vanmieu.pc", "--reason",
                                 "thuộc địa bàn phường Văn Miếu"});
  EXPECT_EQ(sent["snapshot"]["state"], "TRANSFERRED") << sent.dump();
  json taken = JsonAs("officer.city", {"case", "accept-transfer", ref});
  EXPECT_EQ(taken["snapshot"]["current_unit"], "hanoi.vanmieu.pc") << taken.dump();

  // The receiving ward sees the case, its history and the audit trail with the pseudonym only.
  for (const auto& args : std::vector<std::vector<std::string>>{{"case", "show", ref, "-o", "json"},
                                                                {"case", "show", ref}}) {
    CommandResult r = CliAs("resolver.vanmieu", args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Người tố cáo #1"));
    EXPECT_THAT(r.out, Not(HasSubstr(kName)));
    EXPECT_THAT(r.out, Not(HasSubstr(kId)));
    EXPECT_THAT(r.out, Not(HasSubstr(kAddress)));
  }
  EXPECT_THAT(AuditOf(ref).dump(), Not(HasSubstr(kName)));
  // The earlier approval does not follow the case out of the requester's scope.
  ExpectRefused(Reveal("resolver", ref, id), "PERMISSION_DENIED", "outside your scope");
  // The receiving ward's resolver must ask, like anyone.
  ExpectRefused(Reveal("resolver.vanmieu", ref, id), "PERMISSION_DENIED",
                "only to the one who asked");
  EXPECT_TRUE(JsonAs("resolver.vanmieu", {"audit", "who-saw", ref})
                  .value("reveals", json::array())
                  .empty());
}

}  // namespace
}  // namespace civicase::testing
