#include "services/common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "services/common/peer_policy.h"
#include "services/common/tls.h"

namespace civicase::common {

std::string DefaultHome() {
  if (const char* home = std::getenv("CIVICASE_HOME"); home && *home) return home;
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.civicase";
  return "/var/lib/civicase";
}

void AddServerFlags(CLI::App& app, ServerFlags& flags) {
  flags.home = DefaultHome();
  app.add_option("--listen", flags.listen, "host:port to serve on")->capture_default_str();
  app.add_option("--home", flags.home, "folder of the local system (data, certificates)")
      ->envname("CIVICASE_HOME")
      ->capture_default_str();
  app.add_option("--certs", flags.certs,
                 "folder with ca.crt and this service's certificate "
                 "(default: HOME/certs)")
      ->envname("CIVICASE_CERTS");
}

void InitLogging(const std::string& service) {
  auto logger = spdlog::stderr_logger_mt(service);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l [%n] %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int RunServer(const ServerFlags& flags, const std::vector<grpc::Service*>& services,
              const std::function<void()>& on_stop,
              std::function<void(const std::string&, const std::string&)> on_denied) {
  // Debian's Abseil is built with mutex deadlock detection on: a graph update on every lock that
  // gRPC takes (a few % of a busy server's CPU). Our own locking is checked by the tests.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const std::string certs = flags.certs.empty() ? flags.home + "/certs" : flags.certs;
  auto credentials = ServerTlsCredentials(TlsFilesIn(certs, flags.name));
  if (!credentials.ok()) {
    spdlog::critical("cannot start: {}", credentials.status().ToString());
    return 2;
  }
  auto peers = PeerPolicy::ForService(flags.name);
  if (!peers.ok()) {
    spdlog::critical("cannot start: peer policy: {}", peers.status().ToString());
    return 2;
  }
  (*credentials)
      ->SetAuthMetadataProcessor(NewPeerPolicyProcessor(
          *std::move(peers), [on_denied](const std::string& caller, const std::string& method) {
            spdlog::warn("refused {} from '{}' (peer policy)", method, caller);
            if (on_denied) on_denied(caller, method);
          }));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(flags.listen, *credentials, &port);
  // gRPC shares a port with any other server on it by default (SO_REUSEPORT): a second civicase
  // on the same address would silently take half the calls. It must fail to start instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(4 << 20);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::critical("cannot start: cannot listen on {} (is another civicase already running?)",
                     flags.listen);
    return 2;
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  spdlog::info("serving on {} with mutual TLS (certificates in {})", flags.listen, certs);

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal = 0;
  sigwait(&set, &signal);
  spdlog::info("received {}, stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
  if (on_stop) on_stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace civicase::common
