// civicase-supervision: the backlog as HĐND and MTTQ supervisors see it.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "services/common/clients.h"
#include "services/common/server.h"
#include "services/common/user_authorizer.h"
#include "services/supervision/supervision_service.h"

int main(int argc, char** argv) {
  using namespace civicase;
  common::BlockStopSignals();
  common::ServerFlags flags{.name = "supervision", .listen = "127.0.0.1:7405"};
  std::string store_address = "127.0.0.1:7401";
  CLI::App app{"civicase-supervision: backlog and supervision records"};
  common::AddServerFlags(app, flags);
  app.add_option("--store", store_address, "store address")->capture_default_str();
  common::UserCheckFlags user_flags;
  common::AddUserCheckFlags(app, user_flags);
  CLI11_PARSE(app, argc, argv);
  common::InitLogging("supervision");

  auto directory = domain::Directory::LoadDefault();
  if (!directory.ok()) {
    spdlog::critical("cannot start: directory data: {}", directory.status().ToString());
    return 2;
  }
  const std::string certs = flags.certs.empty() ? flags.home + "/certs" : flags.certs;
  auto store = common::ChannelAs("supervision", certs, store_address);
  if (!store.ok()) {
    spdlog::critical("cannot start: {}", store.status().ToString());
    return 2;
  }
  supervision::SupervisionService service(*directory, *store);
  auto authorizer = common::UserAuthorizer::FromFlags(user_flags, "supervision", certs, flags.home,
                                                      *directory, *store);
  if (!authorizer.ok()) {
    spdlog::critical("cannot start: access checks: {}", authorizer.status().ToString());
    return 2;
  }
  service.set_user_authorizer(authorizer->get());
  return common::RunServer(flags, {&service});
}
