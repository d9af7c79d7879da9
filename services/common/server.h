#pragma once

// Server bootstrap shared by every civicase service: flags, mutual TLS, gRPC health checking and
// server reflection, logging, and a clean stop on SIGINT/SIGTERM.
//
//   int main(int argc, char** argv) {
//     civicase::common::ServerFlags flags{.name = "routing", .listen = "127.0.0.1:7403"};
//     CLI::App app{"civicase routing service"};
//     civicase::common::AddServerFlags(app, flags);
//     CLI11_PARSE(app, argc, argv);
//     RoutingService service(...);
//     return civicase::common::RunServer(flags, {&service});
//   }

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace civicase::common {

struct ServerFlags {
  std::string name = {};    // service name: its certificate is <certs>/<name>.crt
  std::string listen = {};  // host:port to listen on
  std::string certs = {};   // folder with ca.crt and the service's certificate and key
  std::string home = {};    // CIVICASE_HOME: data and certificates of the local system
};

// Adds --listen, --certs and --home (with CIVICASE_HOME / CIVICASE_CERTS environment fallbacks).
void AddServerFlags(CLI::App& app, ServerFlags& flags);

// Sets up logging for a service (stderr, one line per message, with the service name).
void InitLogging(const std::string& service);

// Blocks SIGINT and SIGTERM in this thread and every thread it starts afterwards, so that
// RunServer can wait for them. Call first thing in main.
void BlockStopSignals();

// Builds the server with TLS, health and reflection, serves `services` until SIGINT or SIGTERM,
// then stops (health NOT_SERVING, in-flight calls get 5 s to finish). Calls from services the
// peer policy (peer_policy.h) does not allow are refused; `on_denied(caller, method)` runs for
// each. `on_stop` runs after the server has stopped. Returns the process exit code; a start-up
// failure is logged with why.
// REQUIRES: BlockStopSignals() was called before any thread was started.
int RunServer(const ServerFlags& flags, const std::vector<grpc::Service*>& services,
              const std::function<void()>& on_stop = {},
              std::function<void(const std::string&, const std::string&)> on_denied = {});

// Where the local system keeps its data: $CIVICASE_HOME, else $HOME/.civicase.
std::string DefaultHome();

}  // namespace civicase::common
