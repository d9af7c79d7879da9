// civicase-deadlines: the statutory clock of every case over the working-day calendar.

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "services/common/clients.h"
#include "services/common/server.h"
#include "services/deadlines/deadlines_service.h"

int main(int argc, char** argv) {
  using namespace civicase;
  common::BlockStopSignals();
  common::ServerFlags flags{.name = "deadlines", .listen = "127.0.0.1:7404"};
  std::string store_address = "127.0.0.1:7401";
  CLI::App app{"civicase-deadlines: statutory clocks and the working-day calendar"};
  common::AddServerFlags(app, flags);
  app.add_option("--store", store_address, "store address")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  common::InitLogging("deadlines");

  auto clock = domain::StatutoryClock::Default();
  if (!clock.ok()) {
    spdlog::critical("cannot start: the rule or calendar data is invalid: {}",
                     clock.status().ToString());
    return 2;
  }
  const std::string certs = flags.certs.empty() ? flags.home + "/certs" : flags.certs;
  auto store = common::ChannelAs("deadlines", certs, store_address);
  if (!store.ok()) {
    spdlog::critical("cannot start: {}", store.status().ToString());
    return 2;
  }
  deadlines::DeadlinesService service(*clock, *store);
  return common::RunServer(flags, {&service});
}
