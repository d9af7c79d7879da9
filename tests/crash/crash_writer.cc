// crash_writer: the victim of store_crash_test. Opens a real store in --home (as the
// civicase-store binary does) and registers cases from --threads threads until it is killed.
//
// After each acknowledged write it appends one line to the acknowledgement file (--acks,
// default <home>/acks.log), with one write() on an O_APPEND descriptor followed by fdatasync:
//   C <reference> <case_id> <summary>       CreateCase acknowledged
//   E <case_id> <version> <sequence>        AppendEvent acknowledged
// A line is written only after the store answered OK, so the file is a lower bound of what the
// store acknowledged: everything in it must survive a SIGKILL at any moment.
//
// Exits 0 never (it runs until killed); 2 if the store does not open; 3 if a write the store
// should accept is refused (which the test reports as a failure).

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/crash/store_home.h"

namespace {

using namespace civicase;
using namespace civicase::store::testing;

void AppendLine(int fd, const std::string& line) {
  // One write() per line: with O_APPEND concurrent lines never interleave.
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "crash_writer: writing acks: %s\n", std::strerror(errno));
      std::_Exit(4);
    }
    written += static_cast<size_t>(n);
  }
  if (::fdatasync(fd) != 0) {
    std::fprintf(stderr, "crash_writer: fdatasync acks: %s\n", std::strerror(errno));
    std::_Exit(4);
  }
}

[[noreturn]] void Refused(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "crash_writer: %s refused: %s\n", what.c_str(), status.ToString().c_str());
  std::fflush(stderr);
  std::_Exit(3);
}

void WriterThread(store::CaseStore& store, int acks_fd, int thread) {
  // Process ids come back on a busy machine, so the start time makes each writer's keys its own
  // (a reused key would be answered, rightly, as a retry of the earlier writer's request).
  static const std::string run =
      absl::StrCat(static_cast<long>(::getpid()), "-", absl::ToUnixNanos(absl::Now()));
  for (int64_t i = 0;; ++i) {
    const std::string summary = absl::StrCat("crash-", run, "-", thread, "-", i);
    const v1::CaseKind kind = (i + thread) % 2 == 0 ? v1::COMPLAINT : v1::DENUNCIATION;
    v1::Registration registration =
        ValidRegistration(kind, summary, absl::StrCat("Người viết ", thread, " ", i),
                          absl::StrCat("0790", 10000000 + (i % 80000000)));
    auto created = Await<v1::CaseChange>([&](auto done) {
      store.CreateCase(CreateRequest(std::move(registration), summary), std::move(done));
    });
    if (!created.ok()) Refused(absl::StrCat("CreateCase ", summary), created.status());
    const v1::Case& snapshot = created->snapshot();
    AppendLine(acks_fd, absl::StrCat("C ", snapshot.reference(), " ", snapshot.case_id(), " ",
                                     summary, "\n"));

    if (i % 3 == 2) continue;  // some cases keep only their registration
    v1::CaseEvent event = i % 3 == 0 ? StartProcessingEvent() : DeadlineSetEvent("2026-03-16");
    // Address by reference on one path and by case id on the other: both must resolve.
    const std::string case_ref = i % 2 == 0 ? snapshot.reference() : snapshot.case_id();
    auto appended = Await<v1::CaseChange>([&](auto done) {
      store.AppendEvent(AppendRequest(case_ref, snapshot.version(), std::move(event),
                                      absl::StrCat(summary, "/e1")),
                        std::move(done));
    });
    if (!appended.ok()) Refused(absl::StrCat("AppendEvent ", summary), appended.status());
    AppendLine(acks_fd,
               absl::StrCat("E ", appended->event().case_id(), " ", appended->event().version(),
                            " ", appended->event().sequence(), "\n"));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string home;
  std::string acks;
  int threads = 8;
  storage::CheckpointPolicy policy{.every_records = 25, .every_seconds = 1};
  CLI::App app{"crash_writer: registers cases concurrently until killed (store_crash_test)"};
  app.add_option("--home", home, "store home (store/, master.key, audit-signing.key)")->required();
  app.add_option("--acks", acks, "acknowledgement file (default: HOME/acks.log)");
  app.add_option("--threads", threads, "concurrent writers")->capture_default_str();
  app.add_option("--checkpoint-every", policy.every_records,
                 "sign an audit checkpoint every N records")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (acks.empty()) acks = home + "/acks.log";

  auto opened = OpenStoreHome(home, policy);
  if (!opened.ok()) {
    std::fprintf(stderr, "crash_writer: cannot open %s: %s\n", home.c_str(),
                 opened.status().ToString().c_str());
    return 2;
  }
  const int fd = ::open(acks.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::fprintf(stderr, "crash_writer: cannot open %s: %s\n", acks.c_str(), std::strerror(errno));
    return 2;
  }
  std::fprintf(stderr, "crash_writer: pid %ld writing with %d threads at sequence %lld\n",
               static_cast<long>(::getpid()), threads,
               static_cast<long long>((*opened)->store->committed_sequence()));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back(WriterThread, std::ref(*(*opened)->store), fd, t);
  }
  for (auto& w : workers) w.join();  // never: the threads run until the process is killed
  return 0;
}
