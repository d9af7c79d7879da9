// civicase-intake: the reception desk's service (registration and receipts).

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "services/common/clients.h"
#include "services/common/server.h"
#include "services/common/user_authorizer.h"
#include "services/intake/intake_service.h"

int main(int argc, char** argv) {
  using namespace civicase;
  common::BlockStopSignals();
  common::ServerFlags flags{.name = "intake", .listen = "127.0.0.1:7402"};
  std::string store = "127.0.0.1:7401", routing = "127.0.0.1:7403", deadlines = "127.0.0.1:7404";
  CLI::App app{"civicase-intake: registration of visits and letters"};
  common::AddServerFlags(app, flags);
  app.add_option("--store", store, "store address")->capture_default_str();
  app.add_option("--routing", routing, "routing address")->capture_default_str();
  app.add_option("--deadlines", deadlines, "deadlines address")->capture_default_str();
  common::UserCheckFlags user_flags;
  common::AddUserCheckFlags(app, user_flags);
  CLI11_PARSE(app, argc, argv);
  common::InitLogging("intake");

  auto directory = domain::Directory::LoadDefault();
  if (!directory.ok()) {
    spdlog::critical("cannot start: directory data: {}", directory.status().ToString());
    return 2;
  }
  const std::string certs = flags.certs.empty() ? flags.home + "/certs" : flags.certs;
  intake::IntakeChannels channels;
  for (auto [target, address] : {std::pair{&channels.store, store},
                                 {&channels.routing, routing},
                                 {&channels.deadlines, deadlines}}) {
    auto channel = common::ChannelAs("intake", certs, address);
    if (!channel.ok()) {
      spdlog::critical("cannot start: {}", channel.status().ToString());
      return 2;
    }
    *target = *channel;
  }
  intake::IntakeService service(*directory, channels);
  auto authorizer = common::UserAuthorizer::FromFlags(user_flags, "intake", certs, flags.home,
                                                      *directory, channels.store);
  if (!authorizer.ok()) {
    spdlog::critical("cannot start: access checks: {}", authorizer.status().ToString());
    return 2;
  }
  service.set_user_authorizer(authorizer->get());
  return common::RunServer(flags, {&service});
}
