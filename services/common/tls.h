#pragma once

// Mutual TLS for every civicase connection. The set-up command (deploy/local/make-certs.sh) makes
// a local certificate authority and one certificate per service (and one for the CLI) whose
// names say which service it is. A server accepts only clients with a certificate from that CA;
// a client accepts only servers with one.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace civicase::common {

// Paths of the PEM files one party uses.
struct TlsFiles {
  std::string ca_cert;  // the local CA's certificate
  std::string cert;     // this party's certificate chain
  std::string key;      // this party's private key
};

// The certificates of `name` ("store", "intake", "cli", ...) in the folder the set-up command
// wrote: <dir>/ca.crt, <dir>/<name>.crt, <dir>/<name>.key.
TlsFiles TlsFilesIn(const std::string& dir, const std::string& name);

// Server credentials requiring and verifying a client certificate. INVALID_ARGUMENT naming the
// file when one is missing or unreadable.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsCredentials(
    const TlsFiles& files);

// Channel to `address` (host:port) presenting our certificate and checking the server's.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::Channel>> TlsChannel(const std::string& address,
                                                                        const TlsFiles& files);

}  // namespace civicase::common
