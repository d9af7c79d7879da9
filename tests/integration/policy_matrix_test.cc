// The policy matrix (issue 5): every gRPC method of the store x every role x a case inside and
// outside the user's scope, called on the real services on loopback with the user's own token.
// The table below is what the law and the policy data say; the test asserts that each call is
// let through or refused as the table says, that no refused call has an effect, and that every
// refusal left an audit record naming the verified user and the method.
//
// "Let through" means the access policy did not refuse it: the call may still fail for a reason
// of the case itself (a stale expected version, a request someone else made), never with the
// policy's refusal.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "civicase/v1/deadlines.grpc.pb.h"
#include "civicase/v1/intake.grpc.pb.h"
#include "civicase/v1/routing.grpc.pb.h"
#include "civicase/v1/store.grpc.pb.h"
#include "civicase/v1/supervision.grpc.pb.h"
#include "services/common/tls.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;

// One demo user per role (README), scoped to hanoi.dongda.pc (the supervisor to the HĐND of the
// same ward, the administrator to the whole city).
const std::map<std::string, std::string> kUserOfRole = {
    {"reception_clerk", "clerk"},
    {"processing_officer", "officer"},
    {"resolver", "resolver"},
    {"verifier", "verifier"},
    {"supervisor", "supervisor"},
    {"auditor", "auditor"},
    {"identity_custodian", "custodian"},
    {"administrator", "admin"},
};

struct Rule {
  std::set<std::string> roles;  // who may call it
  bool scoped;                  // only on cases (units) inside the caller's scope
};

// The expected policy, written out independently of services/domain/policy/data.
const std::map<std::string, Rule> kPolicy = {
    {"CreateCase", {{"reception_clerk", "processing_officer"}, true}},
    {"GetCase",
     {{"reception_clerk", "processing_officer", "resolver", "verifier", "supervisor", "auditor",
       "identity_custodian"},
      true}},
    {"GetHistory",
     {{"reception_clerk", "processing_officer", "resolver", "verifier", "supervisor", "auditor"},
      true}},
    {"ListCases",
     {{"reception_clerk", "processing_officer", "resolver", "supervisor", "auditor"}, true}},
    {"FindRelated", {{"reception_clerk", "processing_officer", "resolver"}, true}},
    {"AppendEvent", {{"processing_officer", "resolver", "verifier"}, true}},
    {"ListAudit", {{"auditor"}, false}},
    {"VerifyAudit", {{"auditor", "administrator"}, false}},
    {"Backup", {{"administrator"}, false}},
    {"WatchEvents", {{}, false}},
    {"SaveCursor", {{}, false}},
    {"GetCursor", {{}, false}},
    {"RequestDisclosure", {{"resolver", "processing_officer"}, true}},
    {"DecideDisclosure", {{"identity_custodian"}, true}},
    {"RevealIdentity", {{"resolver", "processing_officer"}, true}},
    {"ListDisclosures",
     {{"auditor", "identity_custodian", "resolver", "processing_officer"}, true}},
    {"EraseIdentity", {{"administrator"}, true}},  // last: it erases the case's identity
};

// The order the methods are called in (EraseIdentity last).
const std::vector<std::string> kMethods = {
    "CreateCase",      "GetCase",      "GetHistory",        "ListCases",        "FindRelated",
    "AppendEvent",     "ListAudit",    "VerifyAudit",       "Backup",           "WatchEvents",
    "SaveCursor",      "GetCursor",    "RequestDisclosure", "DecideDisclosure", "RevealIdentity",
    "ListDisclosures", "EraseIdentity"};

constexpr char kInsideUnit[] = "hanoi.dongda.pc";
constexpr char kOutsideUnit[] = "dongnai.tranbien.pc";  // outside every demo user's scope

bool IsPolicyRefusal(const grpc::Status& s) {
  const std::string& m = s.error_message();
  return s.error_code() == grpc::StatusCode::PERMISSION_DENIED &&
         (m.find("needs one of the roles") != std::string::npos ||
          m.find("outside your scope") != std::string::npos ||
          m.find("no user role may call") != std::string::npos);
}

v1::Registration Complaint(const std::string& unit) {
  v1::Registration r;
  r.set_kind(v1::COMPLAINT);
  r.set_channel(v1::IN_PERSON);
  r.set_receiving_unit(unit);
  r.set_received_date("2026-11-20");
  auto* filer = r.add_filers();
  filer->set_full_name("Lê Văn Cường");
  filer->set_id_number("001090000111");
  r.mutable_respondent()->set_description("UBND phường");
  r.mutable_respondent()->set_unit(unit);
  r.mutable_respondent()->set_position("the_body");
  r.set_summary("Khiếu nại cấp giấy phép xây dựng");
  return r;
}

class PolicyMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    system_ = new LocalSystem();
    ASSERT_TRUE(system_->Start()) << system_->error();
    ASSERT_TRUE(system_->AddUser("clerk.far", "reception_clerk", kOutsideUnit)) << system_->error();
    ASSERT_TRUE(system_->AddUser("resolver.far", "resolver", kOutsideUnit)) << system_->error();
    ASSERT_TRUE(system_->AddUser("custodian.far", "identity_custodian", kOutsideUnit))
        << system_->error();
    for (const auto& [role, user] : kUserOfRole) {
      ASSERT_TRUE(system_->Login(user)) << system_->error();
    }
    for (const char* user : {"clerk.far", "resolver.far", "custodian.far"}) {
      ASSERT_TRUE(system_->Login(user)) << system_->error();
    }
    // A denunciation inside the demo users' ward and one outside, each with a disclosure request
    // its resolver made and its custodian approved.
    inside_ = Denunciation("clerk", "resolver", "custodian", kInsideUnit);
    outside_ = Denunciation("clerk.far", "resolver.far", "custodian.far", kOutsideUnit);
    std::ifstream in(system_->home() + "/system.json");
    const json addresses = json::parse(in);
    for (const char* service : {"store", "intake", "routing", "supervision", "deadlines"}) {
      auto channel = common::TlsChannel(addresses[service].get<std::string>(),
                                        common::TlsFilesIn(system_->home() + "/certs", "cli"));
      ASSERT_TRUE(channel.ok()) << channel.status();
      channels_[service] = *channel;
    }
    store_ = v1::CaseStore::NewStub(channels_["store"]).release();
  }
  static void TearDownTestSuite() {
    delete store_;
    channels_.clear();
    delete system_;
  }

  static std::string Denunciation(const std::string& clerk, const std::string& resolver,
                                  const std::string& custodian, const std::string& unit) {
    system_->As(clerk);
    CommandResult r =
        system_->Cli({"case", "register", "--kind", "denunciation", "--unit", unit, "--filer-name",
                      "Trần Thị Bình", "--filer-id", "079123456789", "--respondent",
                      "Cán bộ bị tố cáo", "--summary", "Tố cáo nhận hối lộ", "-o", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string ref = json::parse(r.out.empty() ? "{}" : r.out).value("reference", "");
    system_->As(resolver);
    EXPECT_EQ(system_->Cli({"case", "disclose", ref, "--reason", "xác minh"}).exit_code, 0);
    system_->As(custodian);
    EXPECT_EQ(
        system_->Cli({"case", "disclosure", "approve", ref, "D1", "--reason", "cần"}).exit_code, 0);
    return ref;
  }

  static std::string Token(const std::string& user) {
    std::ifstream in(system_->home() + "/token-" + user);
    std::stringstream s;
    s << in.rdbuf();
    std::string token = s.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    return token;
  }

  // Calls `method` as `user` on the case (or unit) inside or outside their scope.
  static grpc::Status Call(const std::string& method, const std::string& user, bool inside) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("authorization", "Bearer " + Token(user));
    const std::string ref = inside ? inside_ : outside_;
    const std::string unit = inside ? kInsideUnit : kOutsideUnit;
    if (method == "CreateCase") {
      v1::CreateCaseRequest r;
      *r.mutable_registration() = Complaint(unit);
      v1::CaseChange out;
      return store_->CreateCase(&context, r, &out);
    }
    if (method == "GetCase" || method == "GetHistory") {
      v1::GetCaseRequest r;
      r.set_case_ref(ref);
      if (method == "GetCase") {
        v1::Case out;
        return store_->GetCase(&context, r, &out);
      }
      v1::CaseHistory out;
      return store_->GetHistory(&context, r, &out);
    }
    if (method == "ListCases") {
      v1::ListCasesRequest r;
      r.set_unit(unit);
      v1::ListCasesResponse out;
      return store_->ListCases(&context, r, &out);
    }
    if (method == "FindRelated") {
      v1::FindRelatedRequest r;
      *r.mutable_registration() = Complaint(unit);
      v1::ListCasesResponse out;
      return store_->FindRelated(&context, r, &out);
    }
    if (method == "AppendEvent") {
      v1::AppendEventRequest r;
      r.set_case_ref(ref);
      r.set_expected_version(-1);  // never the case's version: let through means ABORTED
      r.mutable_event()->mutable_routing_proposed()->mutable_competence()->set_resolver_unit(unit);
      v1::CaseChange out;
      return store_->AppendEvent(&context, r, &out);
    }
    if (method == "ListAudit") {
      v1::ListAuditRequest r;
      r.set_case_ref(ref);
      v1::ListAuditResponse out;
      return store_->ListAudit(&context, r, &out);
    }
    if (method == "VerifyAudit") {
      v1::AuditVerifyReport out;
      return store_->VerifyAudit(&context, v1::VerifyAuditRequest(), &out);
    }
    if (method == "Backup") {
      v1::BackupRequest r;
      r.set_directory(system_->home() + "/backup-" + user + (inside ? "-in" : "-out"));
      v1::BackupResponse out;
      return store_->Backup(&context, r, &out);
    }
    if (method == "WatchEvents") {
      v1::WatchEventsRequest r;
      r.set_from_sequence(1);
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
      auto reader = store_->WatchEvents(&context, r);
      v1::CaseEvent event;
      const bool got_one = reader->Read(&event);
      grpc::Status s = reader->Finish();
      return got_one ? grpc::Status::OK : s;
    }
    if (method == "SaveCursor" || method == "GetCursor") {
      v1::Cursor r;
      r.set_consumer("deadlines");
      r.set_next_sequence(1);
      v1::Cursor out;
      return method == "SaveCursor" ? store_->SaveCursor(&context, r, &out)
                                    : store_->GetCursor(&context, r, &out);
    }
    if (method == "RequestDisclosure") {
      v1::RequestDisclosureRequest r;
      r.set_case_ref(ref);
      r.set_reason("xác minh");
      v1::CaseChange out;
      return store_->RequestDisclosure(&context, r, &out);
    }
    if (method == "DecideDisclosure") {
      v1::DecideDisclosureRequest r;
      r.set_case_ref(ref);
      r.set_request_id("D1");  // already approved: let through means FAILED_PRECONDITION
      r.set_decision(v1::DISCLOSURE_REFUSE);
      r.set_reason("đổi ý");
      v1::CaseChange out;
      return store_->DecideDisclosure(&context, r, &out);
    }
    if (method == "RevealIdentity") {
      v1::RevealIdentityRequest r;
      r.set_case_ref(ref);
      r.set_request_id("D1");
      r.set_purpose("kiểm tra ma trận quyền");
      v1::RevealIdentityResponse out;
      return store_->RevealIdentity(&context, r, &out);
    }
    if (method == "ListDisclosures") {
      v1::ListDisclosuresRequest r;
      r.set_case_ref(ref);
      v1::ListDisclosuresResponse out;
      return store_->ListDisclosures(&context, r, &out);
    }
    if (method == "EraseIdentity") {
      v1::EraseIdentityRequest r;
      r.set_case_ref(ref);
      r.set_reason("quyết định hủy dữ liệu");
      v1::CaseChange out;
      return store_->EraseIdentity(&context, r, &out);
    }
    ADD_FAILURE() << "no call for " << method;
    return grpc::Status::CANCELLED;
  }

  // Calls a method of another service acting for the user (see kServicePolicy).
  static grpc::Status CallService(const std::string& method, const std::string& user, bool inside) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("authorization", "Bearer " + Token(user));
    const std::string ref = inside ? inside_ : outside_;
    const std::string unit = inside ? kInsideUnit : kOutsideUnit;
    if (method == "Intake.RegisterCase") {
      v1::RegisterCaseRequest r;
      *r.mutable_registration() = Complaint(unit);
      v1::Receipt out;
      return v1::Intake::NewStub(channels_["intake"])->RegisterCase(&context, r, &out);
    }
    if (method == "Intake.ListVisits") {
      v1::ListVisitsRequest r;
      r.set_unit(unit);
      v1::ListVisitsResponse out;
      return v1::Intake::NewStub(channels_["intake"])->ListVisits(&context, r, &out);
    }
    if (method == "Intake.ListVoterMeetings") {
      v1::ListVoterMeetingsRequest r;
      r.set_unit(unit);
      v1::ListVoterMeetingsResponse out;
      return v1::Intake::NewStub(channels_["intake"])->ListVoterMeetings(&context, r, &out);
    }
    if (method == "Routing.ApplyAction") {
      v1::ApplyActionRequest r;
      r.set_case_ref(ref);
      r.set_action("accept_transfer");
      r.set_expected_version(999);  // never the case's: let through means ABORTED
      v1::CaseChange out;
      return v1::Routing::NewStub(channels_["routing"])->ApplyAction(&context, r, &out);
    }
    if (method == "Supervision.GetBacklog") {
      v1::GetBacklogRequest r;
      r.set_unit(unit);
      v1::Backlog out;
      return v1::Supervision::NewStub(channels_["supervision"])->GetBacklog(&context, r, &out);
    }
    if (method == "Deadlines.ListDue") {
      v1::ListDueRequest r;
      r.set_unit(unit);
      v1::ListDueResponse out;
      return v1::Deadlines::NewStub(channels_["deadlines"])->ListDue(&context, r, &out);
    }
    if (method == "Deadlines.PublishCalendar") {
      v1::PublishCalendarRequest r;
      r.set_year_table_json("{}");  // not a table: let through means INVALID_ARGUMENT
      v1::PublishCalendarResponse out;
      return v1::Deadlines::NewStub(channels_["deadlines"])->PublishCalendar(&context, r, &out);
    }
    ADD_FAILURE() << "no call for " << method;
    return grpc::Status::CANCELLED;
  }

  // PERMISSION_DENIED audit records per (user, method).
  static std::map<std::pair<std::string, std::string>, int> AuditedRefusalsByMethod();

  // PERMISSION_DENIED audit records per user.
  static std::map<std::string, int> RefusalsAudited() {
    std::map<std::string, int> audited;
    std::string page_token;
    do {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + Token("auditor"));
      v1::ListAuditRequest r;
      r.mutable_page()->set_page_size(1000);
      r.mutable_page()->set_page_token(page_token);
      v1::ListAuditResponse page;
      EXPECT_TRUE(store_->ListAudit(&context, r, &page).ok());
      for (const auto& record : page.records()) {
        if (record.outcome() == "PERMISSION_DENIED") ++audited[record.actor().user()];
      }
      page_token = page.next_page_token();
    } while (!page_token.empty());
    return audited;
  }

  static LocalSystem* system_;
  static std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
  static v1::CaseStore::Stub* store_;
  static std::string inside_;
  static std::string outside_;
};

LocalSystem* PolicyMatrixTest::system_ = nullptr;
std::map<std::string, std::shared_ptr<grpc::Channel>> PolicyMatrixTest::channels_;
v1::CaseStore::Stub* PolicyMatrixTest::store_ = nullptr;
std::string PolicyMatrixTest::inside_;
std::string PolicyMatrixTest::outside_;

TEST_F(PolicyMatrixTest, EveryStoreMethodForEveryRoleInsideAndOutsideScope) {
  ASSERT_EQ(kMethods.size(), kPolicy.size());
  ASSERT_FALSE(inside_.empty());
  ASSERT_FALSE(outside_.empty());
  std::map<std::pair<std::string, std::string>, int> refusals;  // (user, method) -> count
  int allowed_calls = 0;
  for (const std::string& method : kMethods) {
    const Rule& rule = kPolicy.at(method);
    for (const auto& [role, user] : kUserOfRole) {
      for (const bool inside : {true, false}) {
        const bool expect_allowed = rule.roles.contains(role) && (!rule.scoped || inside);
        const grpc::Status s = Call(method, user, inside);
        const std::string what = method + " as " + role + (inside ? " inside" : " outside") +
                                 " scope: " + std::to_string(s.error_code()) + " " +
                                 s.error_message();
        if (expect_allowed) {
          ++allowed_calls;
          EXPECT_FALSE(IsPolicyRefusal(s)) << what;
          EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << what;
        } else {
          EXPECT_TRUE(IsPolicyRefusal(s)) << what;
          ++refusals[{user, "/civicase.v1.CaseStore/" + method}];
        }
      }
    }
  }
  EXPECT_GT(allowed_calls, 40);

  // Every refusal is in the audit trail with the verified user and the method. Refusals made
  // before a call reaches the store's committer are recorded asynchronously: wait for them.
  std::map<std::pair<std::string, std::string>, int> audited;
  for (int attempt = 0; attempt < 20; ++attempt) {
    audited = AuditedRefusalsByMethod();
    bool all = true;
    for (const auto& [who, count] : refusals) all &= audited[who] >= count;
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  for (const auto& [who, count] : refusals) {
    EXPECT_GE(audited[who], count) << who.first << " " << who.second;
  }
  // The chain is intact after all of it.
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + Token("auditor"));
  v1::AuditVerifyReport report;
  ASSERT_TRUE(store_->VerifyAudit(&context, v1::VerifyAuditRequest(), &report).ok());
  EXPECT_TRUE(report.ok()) << report.problem();
}

std::map<std::pair<std::string, std::string>, int> PolicyMatrixTest::AuditedRefusalsByMethod() {
  std::map<std::pair<std::string, std::string>, int> audited;
  std::string page_token;
  do {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + Token("auditor"));
    v1::ListAuditRequest r;
    r.mutable_page()->set_page_size(1000);
    r.mutable_page()->set_page_token(page_token);
    v1::ListAuditResponse page;
    EXPECT_TRUE(store_->ListAudit(&context, r, &page).ok());
    for (const auto& record : page.records()) {
      if (record.outcome() == "PERMISSION_DENIED") {
        ++audited[{record.actor().user(), record.method()}];
      }
    }
    page_token = page.next_page_token();
  } while (!page_token.empty());
  return audited;
}

// The methods of the other services that act for a person, checked by each service before it
// acts (and again by the store for what it reads and writes on the person's behalf).
const std::map<std::string, Rule> kServicePolicy = {
    {"Intake.RegisterCase", {{"reception_clerk", "processing_officer"}, true}},
    {"Intake.ListVisits",
     {{"reception_clerk", "processing_officer", "resolver", "supervisor", "auditor"}, true}},
    {"Intake.ListVoterMeetings",
     {{"reception_clerk", "processing_officer", "resolver", "supervisor", "auditor"}, true}},
    {"Routing.ApplyAction", {{"processing_officer", "resolver", "verifier"}, true}},
    {"Supervision.GetBacklog", {{"supervisor", "resolver", "processing_officer", "auditor"}, true}},
    {"Deadlines.ListDue", {{"supervisor", "resolver", "processing_officer", "auditor"}, true}},
    {"Deadlines.PublishCalendar", {{"administrator"}, false}},
};

TEST_F(PolicyMatrixTest, EveryServiceMethodActingForAPersonForEveryRoleInsideAndOutsideScope) {
  const std::map<std::string, int> audited_before = RefusalsAudited();
  std::map<std::string, int> refusals;  // user -> count
  for (const auto& [method, rule] : kServicePolicy) {
    for (const auto& [role, user] : kUserOfRole) {
      for (const bool inside : {true, false}) {
        const bool expect_allowed = rule.roles.contains(role) && (!rule.scoped || inside);
        const grpc::Status s = CallService(method, user, inside);
        const std::string what = method + " as " + role + (inside ? " inside" : " outside") +
                                 " scope: " + std::to_string(s.error_code()) + " " +
                                 s.error_message();
        if (expect_allowed) {
          EXPECT_FALSE(IsPolicyRefusal(s)) << what;
          EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << what;
        } else {
          EXPECT_TRUE(IsPolicyRefusal(s)) << what;
          ++refusals[user];
        }
      }
    }
  }
  // Each refusal left at least one audit record naming the user (the service's own, or the
  // store's when the store refused first); they are recorded asynchronously.
  auto missing = [&](std::map<std::string, int>& after) {
    std::vector<std::string> users;
    for (const auto& [user, count] : refusals) {
      const auto before = audited_before.find(user);
      if (after[user] - (before == audited_before.end() ? 0 : before->second) < count) {
        users.push_back(user);
      }
    }
    return users;
  };
  std::map<std::string, int> audited_after;
  for (int attempt = 0; attempt < 20; ++attempt) {
    audited_after = RefusalsAudited();
    if (missing(audited_after).empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_THAT(missing(audited_after), ::testing::IsEmpty());
}

TEST_F(PolicyMatrixTest, NoRefusedCallChangedAnything) {
  // The outside case was only ever refused: its history is what its own people made of it.
  system_->As("resolver.far");
  CommandResult shown = system_->Cli({"case", "show", outside_, "-o", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const json c = json::parse(shown.out);
  EXPECT_EQ(c.value("identity_erased", false), false);
  ASSERT_EQ(c["disclosures"].size(), 1u) << shown.out;
  EXPECT_EQ(c["disclosures"][0]["status"], "DISCLOSURE_APPROVED");
  const std::set<std::string> its_people = {"clerk.far", "resolver.far", "custodian.far"};
  for (const auto& event : c["history"]) {
    EXPECT_TRUE(its_people.contains(event["actor"].value("user", ""))) << event.dump();
  }
  // Nobody outside its unit saw its identity.
  CommandResult who = system_->Cli({"audit", "who-saw", outside_});
  EXPECT_THAT(who.out, ::testing::HasSubstr("No one has seen the identity of " + outside_));
}

}  // namespace
}  // namespace civicase::testing
