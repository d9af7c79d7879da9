// civicase-routing: letter processing and competence over the directory of units.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "services/common/clients.h"
#include "services/common/server.h"
#include "services/common/user_authorizer.h"
#include "services/routing/routing_service.h"

int main(int argc, char** argv) {
  using namespace civicase;
  common::BlockStopSignals();
  common::ServerFlags flags{.name = "routing", .listen = "127.0.0.1:7403"};
  std::string store_address = "127.0.0.1:7401";
  CLI::App app{"civicase-routing: competence and letter processing"};
  common::AddServerFlags(app, flags);
  app.add_option("--store", store_address, "store address")->capture_default_str();
  common::UserCheckFlags user_flags;
  common::AddUserCheckFlags(app, user_flags);
  CLI11_PARSE(app, argc, argv);
  common::InitLogging("routing");

  auto resolver = domain::CompetenceResolver::LoadDefault();
  if (!resolver.ok()) {
    spdlog::critical("cannot start: directory or competence rules: {}",
                     resolver.status().ToString());
    return 2;
  }
  const std::string certs = flags.certs.empty() ? flags.home + "/certs" : flags.certs;
  auto store = common::ChannelAs("routing", certs, store_address);
  if (!store.ok()) {
    spdlog::critical("cannot start: {}", store.status().ToString());
    return 2;
  }
  routing::RoutingService service(*resolver, *store);
  auto authorizer = common::UserAuthorizer::FromFlags(user_flags, "routing", certs, flags.home,
                                                      resolver->directory(), *store);
  if (!authorizer.ok()) {
    spdlog::critical("cannot start: access checks: {}", authorizer.status().ToString());
    return 2;
  }
  service.set_user_authorizer(authorizer->get());
  return common::RunServer(flags, {&service});
}
