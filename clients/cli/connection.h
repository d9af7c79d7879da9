#pragma once

// How the `civicase` command reaches the system. With no flags it finds the local system by
// itself: the run command writes <home>/system.json ({"store": "127.0.0.1:7401", ...,
// "certs": "<home>/certs"}), where home is $CIVICASE_HOME or ~/.civicase. Flags (--home,
// --certs, --store, --intake, --routing, --deadlines, --supervision, --auth) and the environment
// variables CIVICASE_HOME, CIVICASE_CERTS, CIVICASE_STORE, ... override it.
//
// Who is calling: `civicase login` stores a signed token in the token file ($CIVICASE_TOKEN_FILE,
// else <home>/token; mode 0600). While it exists, every call made with NewCallContext carries it
// as "authorization: Bearer <token>"; the services decide what the token allows.

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "civicase/v1/common.pb.h"
#include "clients/cli/output.h"

namespace civicase::cli {

// A fresh idempotency key for one command ("cli-" and 32 hex digits): a call retried with it is
// answered with the first result instead of being recorded again.
std::string NewIdempotencyKey();

// What an UNAUTHENTICATED refusal tells a person to do.
inline constexpr char kLoginHint[] = "log in with `civicase login --user NAME`";

// UNAUTHENTICATED "not logged in: log in with `civicase login --user NAME`" (with `why` in
// front when given), for a command that needs a token and has none.
absl::Status NotLoggedIn(const std::string& why = "");

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

  // The user named by --user / CIVICASE_USER (else the login name of this OS user).
  const std::string& user() const { return flags_.user; }

  // A client context with the command's deadline, carrying the stored token if there is one.
  std::unique_ptr<grpc::ClientContext> NewCallContext() const;

  // Where the token is kept: $CIVICASE_TOKEN_FILE, else <home>/token.
  std::string TokenFile() const;

  // The stored token (read once). UNAUTHENTICATED with kLoginHint when there is none;
  // FAILED_PRECONDITION when the token file is readable by group or others (it is then not
  // used, and NewCallContext warns once on stderr).
  [[nodiscard]] absl::StatusOr<std::string> Token() const;

  // Forgets the token read so far (after login or logout changed the file).
  void ForgetToken() { token_loaded_ = false; }

 private:
  [[nodiscard]] absl::Status LoadSystemFile();
  const ConnectionFlags& flags_;
  bool loaded_ = false;
  std::map<std::string, std::string> system_;  // from system.json
  mutable bool token_loaded_ = false;
  mutable bool token_warned_ = false;
  mutable absl::StatusOr<std::string> token_;
};

// Calls `method` of `Service` (a generated gRPC service, e.g. v1::Routing) on the channel to
// `service` with a new call context, and returns the answer; ends the command (Fail) when the
// channel cannot be made or the call fails. E.g.
//   Call<v1::Routing>(connection, "routing", &v1::Routing::Stub::ListTransfers, request)
template <typename Service, typename Request, typename Response>
Response Call(Connection& connection, const std::string& service,
              grpc::Status (Service::Stub::*method)(grpc::ClientContext*, const Request&,
                                                    Response*),
              const Request& request) {
  auto channel = connection.Channel(service);
  if (!channel.ok()) Fail(channel.status());
  Response response;
  auto stub = Service::NewStub(*channel);
  if (grpc::Status s = ((*stub).*method)(connection.NewCallContext().get(), request, &response);
      !s.ok()) {
    Fail(s);
  }
  return response;
}

}  // namespace civicase::cli
