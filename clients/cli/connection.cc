#include "clients/cli/connection.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/server.h"
#include "services/common/tls.h"
#include "storage/crypto/secure_file.h"

namespace civicase::cli {
namespace {

const char* const kServices[] = {"store", "intake", "routing", "deadlines", "supervision", "auth"};

}  // namespace

std::string NewIdempotencyKey() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  std::string out = "cli-";
  for (unsigned char b : bytes) absl::StrAppend(&out, absl::Hex(b, absl::kZeroPad2));
  return out;
}

absl::Status NotLoggedIn(const std::string& why) {
  return absl::UnauthenticatedError(
      absl::StrCat(why.empty() ? "not logged in" : why, ": ", kLoginHint));
}

void AddConnectionFlags(CLI::App& app, ConnectionFlags& flags) {
  flags.home = common::DefaultHome();
  if (const char* user = std::getenv("CIVICASE_USER"); user && *user) {
    flags.user = user;
  } else if (const char* login = std::getenv("USER"); login && *login) {
    flags.user = login;
  } else {
    flags.user = "clerk";
  }
  auto* group = app.add_option_group("Connection",
                                     "where the system is (found by itself "
                                     "on this machine)");
  group->add_option("--home", flags.home, "folder of the local system")->envname("CIVICASE_HOME");
  group->add_option("--certs", flags.certs, "certificate folder (default: HOME/certs)")
      ->envname("CIVICASE_CERTS");
  for (const char* service : kServices) {
    std::string upper = absl::AsciiStrToUpper(service);
    group
        ->add_option(absl::StrCat("--", service), flags.addresses[service],
                     absl::StrCat(service, " address host:port"))
        ->envname(absl::StrCat("CIVICASE_", upper));
  }
  group->add_option("--timeout", flags.timeout_seconds, "seconds to wait for an answer")
      ->capture_default_str();
  auto* who = app.add_option_group("Identity", "who is acting (recorded in the audit trail)");
  who->add_option("--user", flags.user, "user name")->envname("CIVICASE_USER");
  who->add_option("--role", flags.role, "role")->envname("CIVICASE_ROLE");
  who->add_option("--acting-unit", flags.unit, "unit you act for")->envname("CIVICASE_UNIT");
  who->add_option("--purpose", flags.purpose, "why you are looking (audited)");
}

absl::Status Connection::LoadSystemFile() {
  if (loaded_) return absl::OkStatus();
  loaded_ = true;
  const std::string path = flags_.home + "/system.json";
  std::ifstream in(path);
  if (!in) return absl::OkStatus();
  try {
    nlohmann::json system = nlohmann::json::parse(in);
    for (auto& [key, value] : system.items()) {
      if (value.is_string()) system_[key] = value.get<std::string>();
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is damaged: ", e.what()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Connection::Channel(const std::string& service) {
  if (auto s = LoadSystemFile(); !s.ok()) return s;
  std::string address;
  if (auto it = flags_.addresses.find(service);
      it != flags_.addresses.end() && !it->second.empty()) {
    address = it->second;
  } else if (auto it = system_.find(service); it != system_.end()) {
    address = it->second;
  } else {
    return absl::FailedPreconditionError(
        absl::StrCat("no civicase system found at ", flags_.home,
                     " (start it with deploy/local/run.sh, or pass --home or --", service, ")"));
  }
  std::string certs = flags_.certs;
  if (certs.empty()) certs = system_.contains("certs") ? system_["certs"] : flags_.home + "/certs";
  return common::TlsChannel(address, common::TlsFilesIn(certs, "cli"));
}

v1::RequestContext Connection::Context() const {
  v1::RequestContext context;
  context.set_user(flags_.user);
  context.set_role(flags_.role);
  context.set_unit(flags_.unit);
  context.set_purpose(flags_.purpose);
  return context;
}

std::string Connection::TokenFile() const {
  if (const char* path = std::getenv("CIVICASE_TOKEN_FILE"); path && *path) return path;
  return flags_.home + "/token";
}

absl::StatusOr<std::string> Connection::Token() const {
  if (!token_loaded_) {
    token_loaded_ = true;
    const std::string path = TokenFile();
    auto contents = storage::ReadOwnerOnlyFile(path, "token file");
    if (absl::IsNotFound(contents.status())) {
      token_ = NotLoggedIn();
    } else if (!contents.ok()) {
      token_ = contents.status();
    } else {
      std::string token(absl::StripAsciiWhitespace(*contents));
      storage::CleanseString(*contents);
      token_ = token.empty() ? NotLoggedIn() : absl::StatusOr<std::string>(std::move(token));
    }
  }
  return token_;
}

std::unique_ptr<grpc::ClientContext> Connection::NewCallContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(flags_.timeout_seconds));
  auto token = Token();
  if (token.ok()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", *token));
  } else if (!absl::IsUnauthenticated(token.status()) && !token_warned_) {
    token_warned_ = true;
    std::cerr << "warning: not using the stored token: " << std::string(token.status().message())
              << std::endl;
  }
  return context;
}

}  // namespace civicase::cli
