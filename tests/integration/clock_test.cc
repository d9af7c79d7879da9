// The clock (issue 6): the deadlines service follows the store's change feed and records each
// statutory clock an event starts or stops; overdue cases appear in `civicase backlog --overdue`
// with the escalation recorded; `civicase calendar publish` of an official table moves a due date
// and says why; the deadlines service, killed and restarted, resumes from its cursor without
// recording anything twice. Real processes on loopback.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "civicase/v1/store.grpc.pb.h"
#include "services/common/clients.h"
#include "tests/integration/cli_json.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class ClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Scan for due and overdue clocks every 2 s instead of hourly.
    setenv("CIVICASE_DEADLINES_SCAN_EVERY", "2", 1);
    ASSERT_TRUE(system_.Start()) << system_.error();
    // A processing officer of the city registers cases, reads them and their backlog; the
    // administrator publishes the official calendar.
    ASSERT_TRUE(system_.AddUser("officer.city", "processing_officer", "hanoi.pc", true))
        << system_.error();
    ASSERT_TRUE(system_.Login("admin")) << system_.error();
    ASSERT_TRUE(system_.Login("officer.city")) << system_.error();
    std::ifstream in(system_.home() + "/system.json");
    auto addresses = json::parse(in);
    auto channel = common::ChannelAs("routing", system_.home() + "/certs",
                                     addresses["store"].get<std::string>());
    ASSERT_TRUE(channel.ok()) << channel.status();
    store_ = v1::CaseStore::NewStub(*channel);
  }
  void TearDown() override { unsetenv("CIVICASE_DEADLINES_SCAN_EVERY"); }

  json CliJson(const std::vector<std::string>& args) {
    return civicase::testing::CliJson(system_, args);
  }

  std::string Register(const std::string& received) {
    json receipt = CliJson({"case", "register", "--kind", "complaint", "--unit", "hanoi.dongda.pc",
                            "--received", received, "--filer-name", "Nguyễn Văn An", "--filer-id",
                            "001085012345", "--respondent", "Chủ tịch UBND phường Đống Đa",
                            "--respondent-position", "head", "--summary",
                            "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND"});
    return receipt.value("reference", "");
  }

  // The routing engineer's `case accept` may not exist yet: append the acceptance directly.
  void Accept(const std::string& reference, const std::string& decision_date) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      v1::GetCaseRequest get;
      get.mutable_context()->set_user("test-official");
      get.set_case_ref(reference);
      v1::Case c;
      grpc::ClientContext get_context;
      ASSERT_TRUE(store_->GetCase(&get_context, get, &c).ok());
      v1::AppendEventRequest append;
      append.mutable_context()->set_user("test-official");
      append.mutable_context()->set_role("resolving_official");
      append.mutable_context()->set_unit("hanoi.dongda.pc");
      append.set_case_ref(reference);
      append.set_expected_version(c.version());
      auto* change = append.mutable_event()->mutable_state_changed();
      change->set_from(c.state());
      change->set_to(v1::ACCEPTED);
      change->set_action("accept");
      change->mutable_document()->set_kind("acceptance_decision");
      change->mutable_document()->set_number("7/QĐ-UBND");
      change->mutable_document()->set_date(decision_date);
      v1::CaseChange result;
      grpc::ClientContext append_context;
      grpc::Status s = store_->AppendEvent(&append_context, append, &result);
      if (s.error_code() == grpc::StatusCode::ABORTED) continue;  // the scanner wrote meanwhile
      ASSERT_TRUE(s.ok()) << s.error_message();
      return;
    }
    FAIL() << "the case kept changing";
  }

  // The case once `done` holds (polling `case show`), or the last one seen after 20 s.
  json WaitFor(const std::string& reference, const std::function<bool(const json&)>& done) {
    json shown;
    for (int i = 0; i < 100; ++i) {
      shown = CliJson({"case", "show", reference});
      if (done(shown)) return shown;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "timed out; last seen: " << shown.dump(1) << "\ndeadlines log:\n"
                  << system_.Log("deadlines");
    return shown;
  }

  static const json* Clock(const json& c, const std::string& rule) {
    if (!c.contains("clocks")) return nullptr;
    for (const auto& clock : c.at("clocks")) {
      if (clock.value("rule_id", "") == rule) return &clock;
    }
    return nullptr;
  }
  static std::string LastStep(const json& clock) {
    if (!clock.contains("steps") || clock.at("steps").empty()) return "";
    return clock.at("steps").back().value("kind", "");
  }
  static int CountDeadlineSets(const json& c, const std::string& rule,
                               const std::string& reason_part) {
    int n = 0;
    for (const auto& e : c["history"]) {
      if (!e.contains("deadline_set")) continue;
      const auto& set = e["deadline_set"];
      if (set["due"].value("rule_id", "") == rule &&
          set.value("reason", "").find(reason_part) != std::string::npos) {
        ++n;
      }
    }
    return n;
  }

  LocalSystem system_;
  std::unique_ptr<v1::CaseStore::Stub> store_;
};

TEST_F(ClockTest, AcceptanceStartsTheRoundOneClockAndStopsTheAcceptanceClock) {
  const std::string ref = Register("2026-02-12");
  ASSERT_FALSE(ref.empty());
  Accept(ref, "2026-03-02");
  json c = WaitFor(
      ref, [](const json& c) { return Clock(c, "complaint.round1.resolution") != nullptr; });
  const json* round1 = Clock(c, "complaint.round1.resolution");
  ASSERT_NE(round1, nullptr);
  // 30 days from the acceptance on 02/03/2026 (Law on Complaints Art. 28).
  EXPECT_EQ((*round1)["due_date"], "2026-04-01");
  EXPECT_EQ((*round1)["start_date"], "2026-03-02");
  EXPECT_EQ((*round1)["legal_basis"], "Law on Complaints 02/2011/QH13 Art. 28");
  c = WaitFor(ref, [](const json& c) {
    const json* acceptance = Clock(c, "complaint.acceptance");
    return acceptance != nullptr && LastStep(*acceptance) == "stop";
  });
  EXPECT_EQ(CountDeadlineSets(c, "complaint.round1.resolution", "accept on 2026-03-02"), 1);
}

TEST_F(ClockTest, CaseReceivedLongAgoIsOverdueInTheBacklogAndEscalated) {
  const std::string ref = Register("2025-09-01");
  ASSERT_FALSE(ref.empty());
  // The scan (every 2 s here) urges and then asks for a report: 10 working days from
  // 01/09/2025 are long past.
  json c = WaitFor(ref, [](const json& c) {
    return CountDeadlineSets(c, "complaint.acceptance", "urge (đôn đốc)") == 1 &&
           CountDeadlineSets(c, "complaint.acceptance", "report: ") == 1;
  });
  EXPECT_THAT(c.dump(), HasSubstr("reports to hanoi.pc"));

  json backlog = CliJson({"backlog", "--unit", "hanoi.dongda.pc", "--overdue"});
  ASSERT_EQ(backlog["entries"].size(), 1u) << backlog.dump(1);
  const json& entry = backlog["entries"][0];
  EXPECT_EQ(entry["reference"], ref);
  EXPECT_EQ(entry["next_due"]["rule_id"], "complaint.acceptance");
  EXPECT_GT(entry["days_overdue"].get<int>(), 30);
  EXPECT_EQ(entry["long_pending"], true);
  EXPECT_EQ(backlog["overdue"], 1);

  // A supervisor's table: the case, its clock, how late, flagged, totals per state.
  CommandResult text = system_.Cli({"backlog", "--unit", "hanoi.pc", "--subtree", "--overdue"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(ref));
  EXPECT_THAT(text.out, HasSubstr("complaint.acceptance"));
  EXPECT_THAT(text.out, HasSubstr("YES: overdue"));
  EXPECT_THAT(text.out, HasSubstr("processing"));

  // Scans go on; the ladder is recorded once per clock and level.
  std::this_thread::sleep_for(std::chrono::seconds(5));
  c = CliJson({"case", "show", ref});
  EXPECT_EQ(CountDeadlineSets(c, "complaint.acceptance", "urge (đôn đốc)"), 1);
  EXPECT_EQ(CountDeadlineSets(c, "complaint.acceptance", "report: "), 1);

  CommandResult bad = system_.Cli({"backlog", "--unit", "hanoi.nowhere.pc"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("unit"));
}

TEST_F(ClockTest, PublishingTheOfficial2027TableMovesADueDateAndExplainsIt) {
  const std::string ref = Register("2026-02-12");
  // Accepted on 05/01/2027: 30 days end on Thu 04/02/2027, a working day in the projection.
  Accept(ref, "2027-01-05");
  json c = WaitFor(
      ref, [](const json& c) { return Clock(c, "complaint.round1.resolution") != nullptr; });
  ASSERT_EQ((*Clock(c, "complaint.round1.resolution"))["due_date"], "2027-02-04");

  // The official table: the projection's days outside February, and Tết as announced:
  // 29-30 Chạp (Thu 4, Fri 5 Feb) and mùng 1-3 (Sat 6 - Mon 8), compensatory Tue 9, Wed 10.
  json projected = CliJson({"calendar", "show", "2027"});
  json table = {{"year", 2027}, {"status", "official"}, {"days", json::array()}};
  for (const auto& d : projected["days"]) {
    if (d["date"].get<std::string>().rfind("2027-02-", 0) == 0) continue;
    table["days"].push_back({{"date", d["date"]},
                             {"working", d["working"]},
                             {"reason", d["reason"]},
                             {"source", "test notice 1/TB-BNV"}});
  }
  for (const char* day : {"2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"}) {
    table["days"].push_back(
        {{"date", day}, {"working", false}, {"reason", "Tết"}, {"source", "test notice 1/TB-BNV"}});
  }
  const std::string file = system_.home() + "/2027.json";
  std::ofstream(file) << table.dump(2);

  system_.As("admin");
  json published = CliJson({"calendar", "publish", file});
  system_.As("officer.city");
  EXPECT_EQ(published["year"], 2027);
  json moved;
  for (const auto& m : published.value("moved", json::array())) {
    if (m["reference"] == ref) moved = m;
  }
  ASSERT_FALSE(moved.is_null()) << published.dump(1);
  EXPECT_EQ(moved["rule_id"], "complaint.round1.resolution");
  EXPECT_EQ(moved["old_due"], "2027-02-04");
  EXPECT_EQ(moved["new_due"], "2027-02-11");
  EXPECT_THAT(moved["reasons"].dump(), HasSubstr("2027-02-04 Thu: was working"));
  EXPECT_THAT(moved["reasons"].dump(), HasSubstr("now off (Tết, official)"));

  c = CliJson({"case", "show", ref});
  EXPECT_EQ((*Clock(c, "complaint.round1.resolution"))["due_date"], "2027-02-11");
  EXPECT_EQ(CountDeadlineSets(c, "complaint.round1.resolution", "official calendar 2027"), 1);

  // Published again: nothing moves, nothing is recorded twice.
  system_.As("admin");
  json again = CliJson({"calendar", "publish", file});
  EXPECT_EQ(again.value("moved", json::array()).size(), 0u);

  // A restart keeps the published table.
  system_.Stop("deadlines", SIGTERM);
  ASSERT_TRUE(system_.StartService("deadlines")) << system_.error();
  EXPECT_THAT(system_.Log("deadlines"), HasSubstr("official calendar 2027 loaded"));
  EXPECT_TRUE(std::filesystem::exists(system_.home() + "/data/deadlines/calendar/2027.json"));

  std::ofstream(system_.home() + "/bad.json")
      << R"({"year": 2027, "days": [{"date": "2027-13-01"}]})";
  CommandResult bad = system_.Cli({"calendar", "publish", system_.home() + "/bad.json"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("INVALID_ARGUMENT"));
}

TEST_F(ClockTest, KilledDeadlinesServiceResumesFromItsCursorWithoutDuplicates) {
  const std::string first = Register("2026-02-12");
  Accept(first, "2026-03-02");
  WaitFor(first, [](const json& c) { return Clock(c, "complaint.round1.resolution") != nullptr; });

  system_.Stop("deadlines", SIGKILL);
  std::ifstream cursor_file(system_.home() + "/data/deadlines/cursor");
  int64_t cursor = 0;
  cursor_file >> cursor;
  EXPECT_GT(cursor, 1);

  // While it is down, another case is accepted.
  const std::string second = Register("2026-02-13");
  Accept(second, "2026-03-03");
  ASSERT_TRUE(system_.StartService("deadlines")) << system_.error();
  json c2 = WaitFor(
      second, [](const json& c) { return Clock(c, "complaint.round1.resolution") != nullptr; });
  EXPECT_EQ((*Clock(c2, "complaint.round1.resolution"))["due_date"], "2026-04-02");

  // Replay from an older cursor (as after a crash between recording and saving): nothing twice.
  system_.Stop("deadlines", SIGKILL);
  std::ofstream(system_.home() + "/data/deadlines/cursor") << "1\n";
  ASSERT_TRUE(system_.StartService("deadlines")) << system_.error();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  for (const auto& [ref, date] :
       {std::pair{first, "accept on 2026-03-02"}, std::pair{second, "accept on 2026-03-03"}}) {
    json c = CliJson({"case", "show", ref});
    EXPECT_EQ(CountDeadlineSets(c, "complaint.round1.resolution", date), 1) << ref;
  }
  // (The second case was registered while the deadlines service was down, so intake could not
  // start its acceptance clock: only the first has one to stop.)
  EXPECT_EQ(
      CountDeadlineSets(CliJson({"case", "show", first}), "complaint.acceptance", "accept on"), 1);
}

}  // namespace
}  // namespace civicase::testing
