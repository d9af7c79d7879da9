// civicase-deadlines: the statutory clock of every case over the working-day calendar. Follows
// the store's change feed (cursor in <home>/data/deadlines/cursor), scans for due-soon and
// overdue clocks every --scan-every seconds, and keeps published official calendars in
// <home>/data/deadlines/calendar.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "services/common/clients.h"
#include "services/common/server.h"
#include "services/common/user_authorizer.h"
#include "services/deadlines/clock_holder.h"
#include "services/deadlines/deadlines_service.h"
#include "services/deadlines/due_scanner.h"
#include "services/deadlines/feed_follower.h"
#include "services/deadlines/state_files.h"

int main(int argc, char** argv) {
  using namespace civicase;
  common::BlockStopSignals();
  common::ServerFlags flags{.name = "deadlines", .listen = "127.0.0.1:7404"};
  std::string store_address = "127.0.0.1:7401";
  int scan_every_seconds = 3600;
  int remind_within = 3;
  CLI::App app{"civicase-deadlines: statutory clocks and the working-day calendar"};
  common::AddServerFlags(app, flags);
  app.add_option("--store", store_address, "store address")->capture_default_str();
  app.add_option("--scan-every", scan_every_seconds,
                 "seconds between due-soon/overdue scans (first scan at start)")
      ->envname("CIVICASE_DEADLINES_SCAN_EVERY")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--remind-within", remind_within,
                 "remind the responsible official this many working days before a due date")
      ->envname("CIVICASE_DEADLINES_REMIND_WITHIN")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  common::UserCheckFlags user_flags;
  common::AddUserCheckFlags(app, user_flags);
  CLI11_PARSE(app, argc, argv);
  common::InitLogging("deadlines");
  if (flags.home.empty()) flags.home = common::DefaultHome();
  const std::string state = flags.home + "/data/deadlines";

  auto clock = domain::StatutoryClock::Default();
  if (!clock.ok()) {
    spdlog::critical("cannot start: the rule or calendar data is invalid: {}",
                     clock.status().ToString());
    return 2;
  }
  auto published = deadlines::LoadPublishedTables(state + "/calendar");
  if (!published.ok()) {
    spdlog::critical("cannot start: published calendar: {}", published.status().ToString());
    return 2;
  }
  domain::WorkingCalendar calendar = clock->calendar();
  for (auto& table : *published) {
    auto next = calendar.WithOfficialYear(table);
    if (!next.ok()) {
      spdlog::critical("cannot start: published calendar {}: {}", table.year,
                       next.status().ToString());
      return 2;
    }
    calendar = *std::move(next);
    spdlog::info("official calendar {} loaded (published)", table.year);
  }
  deadlines::ClockHolder clocks(clock->WithCalendar(calendar));

  auto directory = domain::Directory::LoadDefault();
  if (!directory.ok()) {
    spdlog::critical("cannot start: directory data: {}", directory.status().ToString());
    return 2;
  }
  const std::string certs = flags.certs.empty() ? flags.home + "/certs" : flags.certs;
  auto store = common::ChannelAs("deadlines", certs, store_address);
  if (!store.ok()) {
    spdlog::critical("cannot start: {}", store.status().ToString());
    return 2;
  }

  deadlines::FeedFollower follower({.cursor_path = state + "/cursor"}, clocks, *directory, *store);
  if (auto s = follower.Start(); !s.ok()) {
    spdlog::critical("cannot start: {}", s.ToString());
    return 2;
  }
  deadlines::DueScanner scanner(
      {.every = absl::Seconds(scan_every_seconds), .remind_within_working_days = remind_within},
      clocks, *directory, *store);
  scanner.Start();

  deadlines::DeadlinesService service(clocks, *directory, *store, state + "/calendar");
  auto authorizer = common::UserAuthorizer::FromFlags(user_flags, "deadlines", certs, flags.home,
                                                      *directory, *store);
  if (!authorizer.ok()) {
    spdlog::critical("cannot start: access checks: {}", authorizer.status().ToString());
    return 2;
  }
  service.set_user_authorizer(authorizer->get());
  return common::RunServer(flags, {&service}, [&] {
    scanner.Stop();
    follower.Stop();
  });
}
