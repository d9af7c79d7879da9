#pragma once

// How the `civicase` command reaches the system. With no flags it finds the local system by
// itself: the run command writes <home>/system.json ({"store": "127.0.0.1:7401", ...,
// "certs": "<home>/certs"}), where home is $CIVICASE_HOME or ~/.civicase. Flags (--home,
// --certs, --store, --intake, --routing, --deadlines, --supervision) and the environment
// variables CIVICASE_HOME, CIVICASE_CERTS, CIVICASE_STORE, ... override it.

#include <map>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "civicase/v1/common.pb.h"

namespace civicase::cli {

struct ConnectionFlags {
  std::string home;
  std::string certs;
  std::map<std::string, std::string> addresses;  // service name -> host:port
  std::string user;
  std::string role = "reception_clerk";
  std::string unit;
  std::string purpose;
  int timeout_seconds = 15;
};

// Adds the connection and identity flags to the root command.
void AddConnectionFlags(CLI::App& app, ConnectionFlags& flags);

class Connection {
 public:
  explicit Connection(const ConnectionFlags& flags) : flags_(flags) {}

  // A mutual-TLS channel to `service` ("store", "intake", ...). FAILED_PRECONDITION with a hint
  // when the system cannot be found.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(const std::string& service);

  // Who is asking, carried on every request for the audit trail.
  v1::RequestContext Context() const;

  // The local system's folder (--home / CIVICASE_HOME).
  const std::string& home() const { return flags_.home; }

  // A client context with the command's deadline.
  std::unique_ptr<grpc::ClientContext> NewCallContext() const;

 private:
  [[nodiscard]] absl::Status LoadSystemFile();
  const ConnectionFlags& flags_;
  bool loaded_ = false;
  std::map<std::string, std::string> system_;  // from system.json
};

}  // namespace civicase::cli
