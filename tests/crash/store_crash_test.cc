// Crash test in RocksDB's spirit (issue 4): a writer process (crash_writer) registers cases
// concurrently with synced writes; the test SIGKILLs it at a random moment, reopens the store
// and checks that
//   * every acknowledged case is present (GetCase by reference; summary, case id match) and every
//     acknowledged event is in its case's history (GetHistory);
//   * nothing is half-present (store_invariants.h: events, feed, snapshots, indexes, audit
//     layout, sealed keys and idempotency records agree with the counters and each other);
//   * the committed sequence equals the number of change-feed entries;
//   * the audit chain verifies (VerifyAudit), checkpoint signatures included.
// The same store home is used for every cycle, so each restart also recovers everything the
// earlier cycles wrote (the acknowledgement file accumulates).
//
// CIVICASE_CRASH_CYCLES (default 30) sets the number of kill/restart cycles;
// CIVICASE_CRASH_SEED replays a run (the seed is printed).

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "storage/base/status_matchers.h"
#include "tests/crash/store_home.h"
#include "tests/crash/store_invariants.h"

namespace civicase::store::testing {
namespace {

namespace fs = std::filesystem;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  int parsed = 0;
  return value != nullptr && absl::SimpleAtoi(value, &parsed) ? parsed : fallback;
}

struct AckedCase {
  std::string reference;
  std::string case_id;
  std::string summary;
};

struct Acks {
  std::vector<AckedCase> cases;
  std::map<std::string, std::vector<int64_t>> events;  // case id -> acknowledged versions
};

// Reads the acknowledgement file. A line cut by the kill (no trailing newline) was never
// complete, so it is dropped, and the file truncated to its last whole line so that the next
// writer's lines start on a line of their own.
Acks ReadAcks(const std::string& path) {
  Acks acks;
  std::string content;
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    content = buffer.str();
  }
  const size_t whole = content.rfind('\n') == std::string::npos ? 0 : content.rfind('\n') + 1;
  if (whole != content.size()) {
    EXPECT_EQ(::truncate(path.c_str(), static_cast<off_t>(whole)), 0);
    content.resize(whole);
  }
  for (absl::string_view line : absl::StrSplit(content, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, ' ');
    if (f.size() == 4 && f[0] == "C") {
      acks.cases.push_back({f[1], f[2], f[3]});
    } else if (f.size() == 4 && f[0] == "E") {
      int64_t version = 0;
      EXPECT_TRUE(absl::SimpleAtoi(f[2], &version)) << line;
      acks.events[f[1]].push_back(version);
    } else {
      ADD_FAILURE() << "malformed acknowledgement line: " << line;
    }
  }
  return acks;
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class StoreCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/civicase-crash-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    home_ = pattern;
  }
  void TearDown() override {
    if (!HasFailure()) {
      std::error_code ignored;
      fs::remove_all(home_, ignored);
    } else {
      std::cerr << "kept the store for inspection: " << home_ << "\n";
    }
  }

  // Starts crash_writer on home_, its output going to home_/writer.log.
  pid_t StartWriter() {
    const std::string binary = std::string(CIVICASE_BIN_DIR) + "/crash_writer";
    const std::string log = home_ + "/writer.log";
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      const std::string home_flag = "--home=" + home_;
      ::execl(binary.c_str(), binary.c_str(), home_flag.c_str(), "--threads=8", nullptr);
      std::_Exit(127);
    }
    return pid;
  }

  // Reopens the store after a kill and checks everything the file comment promises.
  void CheckRecovered(int cycle) {
    SCOPED_TRACE(::testing::Message() << "after kill " << cycle);
    const Acks acks = ReadAcks(home_ + "/acks.log");
    auto opened = OpenStoreHome(home_, {}, /*open_case_store=*/false);
    ASSERT_OK(opened.status());
    StoreHome& home = **opened;

    // Structure first, before the reopened store writes audit records of our reads.
    InvariantReport invariants = CheckStoreInvariants(*home.kv);
    for (const auto& p : invariants.problems) ADD_FAILURE() << "half-present write: " << p;
    ASSERT_TRUE(invariants.problems.empty());
    std::set<std::string> acked_ids;  // a case acknowledged twice (a retried key) counts once
    for (const AckedCase& acked : acks.cases) acked_ids.insert(acked.case_id);
    EXPECT_GE(invariants.cases, acked_ids.size());

    ASSERT_OK(OpenCaseStore(home));
    EXPECT_EQ(home.store->committed_sequence(), static_cast<int64_t>(invariants.feed_entries));
    EXPECT_EQ(home.store->committed_sequence(),
              static_cast<int64_t>(invariants.counters.last_sequence()));
    auto verified = home.store->VerifyAudit();
    ASSERT_OK(verified.status());
    EXPECT_TRUE(verified->ok()) << "record " << verified->first_bad_sequence() << ": "
                                << verified->problem();
    EXPECT_EQ(verified->records_checked(), invariants.counters.audit_sequence());

    // Every acknowledged case, read concurrently (the reads share group commits).
    std::vector<std::future<absl::StatusOr<v1::Case>>> reads;
    reads.reserve(acks.cases.size());
    for (const AckedCase& acked : acks.cases) {
      reads.push_back(Call<v1::Case>(
          [&](auto done) { home.store->GetCase(GetRequest(acked.reference), std::move(done)); }));
    }
    std::map<std::string, std::future<absl::StatusOr<v1::CaseHistory>>> histories;
    for (const auto& [case_id, versions] : acks.events) {
      histories.emplace(case_id, Call<v1::CaseHistory>([&](auto done) {
                          home.store->GetHistory(GetRequest(case_id), std::move(done));
                        }));
    }
    int lost = 0;
    for (size_t i = 0; i < reads.size(); ++i) {
      const AckedCase& acked = acks.cases[i];
      absl::StatusOr<v1::Case> got = reads[i].get();
      if (!got.ok() || got->case_id() != acked.case_id ||
          got->registration().summary() != acked.summary) {
        if (++lost <= 10) {
          ADD_FAILURE() << "acknowledged case " << acked.reference << " (" << acked.case_id << ", "
                        << acked.summary << ") lost or changed: "
                        << (got.ok() ? got->registration().summary() : got.status().ToString());
        }
      }
    }
    EXPECT_EQ(lost, 0) << "of " << acks.cases.size() << " acknowledged cases";
    for (auto& [case_id, future] : histories) {
      absl::StatusOr<v1::CaseHistory> history = future.get();
      ASSERT_OK(history.status()) << case_id;
      for (int64_t version : acks.events.at(case_id)) {
        EXPECT_GE(history->events_size(), version)
            << "acknowledged event " << case_id << "/" << version << " lost";
      }
    }
    acknowledged_cases_ = acks.cases.size();
    home.Close();
  }

  std::string home_;
  size_t acknowledged_cases_ = 0;
};

TEST_F(StoreCrashTest, AcknowledgedWritesSurviveSigkillAndNothingIsHalfPresent) {
  const int cycles = EnvInt("CIVICASE_CRASH_CYCLES", 30);
  const unsigned seed = static_cast<unsigned>(
      EnvInt("CIVICASE_CRASH_SEED", static_cast<int>(std::random_device{}())));
  std::cout << "crash test: " << cycles << " cycles, seed " << seed
            << " (replay with CIVICASE_CRASH_SEED=" << seed << ")\n";
  RecordProperty("seed", static_cast<int>(seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(50, 400);
  const auto start = std::chrono::steady_clock::now();

  for (int cycle = 1; cycle <= cycles; ++cycle) {
    const pid_t pid = StartWriter();
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      FAIL() << "crash_writer exited by itself (status " << status << ") in cycle " << cycle
             << ":\n"
             << ReadFileOrEmpty(home_ + "/writer.log");
    }
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "crash_writer ended otherwise (status " << status << "):\n"
        << ReadFileOrEmpty(home_ + "/writer.log");
    CheckRecovered(cycle);
    if (HasFatalFailure() || HasFailure()) {
      FAIL() << "stopping after cycle " << cycle << " (seed " << seed << ")";
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "crash test: " << cycles << " kills, " << acknowledged_cases_
            << " acknowledged cases all recovered, " << seconds << " s\n";
  // The writer must have acknowledged something, or the test checked nothing.
  EXPECT_GT(acknowledged_cases_, 0u);
}

}  // namespace
}  // namespace civicase::store::testing
