#include "services/common/tls.h"

#include <fstream>
#include <sstream>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace civicase::common {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read the ", what, " at ", path,
                     " (run deploy/local/make-certs.sh, or pass the --certs folder)"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Pems {
  std::string ca, cert, key;
};

absl::StatusOr<Pems> ReadPems(const TlsFiles& files) {
  Pems pems;
  for (auto [target, path, what] : {std::tuple{&pems.ca, &files.ca_cert, "CA certificate"},
                                    {&pems.cert, &files.cert, "certificate"},
                                    {&pems.key, &files.key, "private key"}}) {
    auto pem = ReadPem(*path, what);
    if (!pem.ok()) return pem.status();
    *target = *std::move(pem);
  }
  return pems;
}

}  // namespace

TlsFiles TlsFilesIn(const std::string& dir, const std::string& name) {
  return {.ca_cert = dir + "/ca.crt",
          .cert = dir + "/" + name + ".crt",
          .key = dir + "/" + name + ".key"};
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsCredentials(
    const TlsFiles& files) {
  auto pems = ReadPems(files);
  if (!pems.ok()) return pems.status();
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = pems->ca;
  options.pem_key_cert_pairs.push_back({pems->key, pems->cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> TlsChannel(const std::string& address,
                                                          const TlsFiles& files) {
  auto pems = ReadPems(files);
  if (!pems.ok()) return pems.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pems->ca;
  options.pem_private_key = pems->key;
  options.pem_cert_chain = pems->cert;
  grpc::ChannelArguments args;
  // Every service certificate names "localhost"; we dial loopback addresses.
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(options), args);
}

}  // namespace civicase::common
