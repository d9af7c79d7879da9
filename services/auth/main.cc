// civicase-auth: users, passwords, login and signed tokens.
//
// Files: <home>/auth/users.json (users, password hashes and role grants; 0600),
// <home>/auth/revoked.json (tokens revoked by logout until they expire; 0600),
// <home>/keys/token-signing.key (Ed25519, 0600, created on first start) and
// <home>/keys/token-signing.pub (written at every start, for the services that verify tokens).
//
// Offline administration (the service may be running; it re-reads users.json at each login):
//   civicase-auth --init-keys                     create the token signing key, then exit
//   civicase-auth --init-demo-users               the demo users (README.md), idempotent
//   civicase-auth --add-user NAME --role ROLE --unit UNIT [--subtree] [--display-name D]
//                 [--valid-from DATE] [--valid-to DATE] [--password-stdin]
//   civicase-auth --grant NAME --role ROLE --unit UNIT [--subtree] [--valid-from/--valid-to]
//   civicase-auth --disable-user NAME | --enable-user NAME
//   civicase-auth --list-users

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "services/auth/auth_service.h"
#include "services/auth/password_prompt.h"
#include "services/auth/user_admin.h"
#include "services/auth/user_file.h"
#include "services/common/server.h"
#include "services/domain/competence/directory.h"

namespace {

using namespace civicase;

struct AdminFlags {
  bool init_keys = false;
  bool init_demo_users = false;
  bool list_users = false;
  std::string add_user;
  std::string grant_user;
  std::string disable_user;
  std::string enable_user;
  std::string display_name;
  bool password_stdin = false;
  v1::RoleGrant grant;
};

bool AnyAdminFlag(const AdminFlags& a) {
  return a.init_keys || a.init_demo_users || a.list_users || !a.add_user.empty() ||
         !a.grant_user.empty() || !a.disable_user.empty() || !a.enable_user.empty();
}

int Report(const absl::Status& status) {
  if (status.ok()) return 0;
  std::cerr << "civicase-auth: " << status.ToString() << std::endl;
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

// The grant from the flags, checked against the demo directory (the unit must exist).
absl::StatusOr<v1::RoleGrant> GrantFromFlags(const AdminFlags& a) {
  if (a.grant.role().empty() || a.grant.unit().empty()) {
    return absl::InvalidArgumentError("--role and --unit are required");
  }
  if (auto s = auth::ValidateGrant(a.grant); !s.ok()) return s;
  auto directory = domain::Directory::LoadDefault();
  if (!directory.ok()) return directory.status();
  if (directory->FindAnyDate(a.grant.unit()) == nullptr) {
    return absl::InvalidArgumentError("unknown unit " + a.grant.unit() +
                                      " (`civicase units` lists the codes)");
  }
  return a.grant;
}

absl::Status CreateKeysFolder(const std::string& home) {
  std::error_code error;
  std::filesystem::create_directories(home + "/keys", error);
  if (error) return absl::FailedPreconditionError("cannot create " + home + "/keys");
  std::filesystem::permissions(home + "/keys", std::filesystem::perms::owner_all, error);
  return absl::OkStatus();
}

absl::Status Administer(const std::string& home, const std::string& users_file,
                        const AdminFlags& a) {
  if (a.init_keys) {
    if (auto s = CreateKeysFolder(home); !s.ok()) return s;
    auto signer =
        storage::Ed25519Signer::LoadOrCreate(home + "/keys/" + auth::kTokenSigningKeyFile);
    if (!signer.ok()) return signer.status();
    if (auto s = (*signer)->WritePublicKey(home + "/keys/" + auth::kTokenPublicKeyFile); !s.ok()) {
      return s;
    }
  }
  if (a.init_demo_users) {
    auto added = auth::InitDemoUsers(users_file);
    if (!added.ok()) return added.status();
    std::cout << "demo users: " << *added << " added (" << auth::DemoUsers().size() - *added
              << " already there)" << std::endl;
  }
  if (!a.add_user.empty()) {
    auto grant = GrantFromFlags(a);
    if (!grant.ok()) return grant.status();
    if (auto s = auth::ValidateUserName(a.add_user); !s.ok()) return s;
    auto password = a.password_stdin
                        ? auth::ReadPasswordFromStdin()
                        : auth::ReadPasswordFromTerminal("Password for " + a.add_user + ": ");
    if (!password.ok()) return password.status();
    if (!a.password_stdin) {
      auto again = auth::ReadPasswordFromTerminal("Again: ");
      if (!again.ok()) return again.status();
      if (*again != *password) return absl::InvalidArgumentError("the passwords differ");
    }
    auth::NewUser user{.name = a.add_user,
                       .display_name = a.display_name,
                       .password = *password,
                       .grants = {*grant}};
    if (auto s = auth::AddUser(users_file, user); !s.ok()) return s;
    std::cout << "user " << a.add_user << " added" << std::endl;
  }
  if (!a.grant_user.empty()) {
    auto grant = GrantFromFlags(a);
    if (!grant.ok()) return grant.status();
    if (auto s = auth::AddGrant(users_file, a.grant_user, *grant); !s.ok()) return s;
    std::cout << "user " << a.grant_user << ": " << grant->role() << " at " << grant->unit()
              << " granted" << std::endl;
  }
  if (!a.disable_user.empty()) {
    if (auto s = auth::SetDisabled(users_file, a.disable_user, true); !s.ok()) return s;
    std::cout << "user " << a.disable_user << " disabled" << std::endl;
  }
  if (!a.enable_user.empty()) {
    if (auto s = auth::SetDisabled(users_file, a.enable_user, false); !s.ok()) return s;
    std::cout << "user " << a.enable_user << " enabled" << std::endl;
  }
  if (a.list_users) {
    auto file = auth::ReadUserFile(users_file);
    if (!file.ok()) return file.status();
    for (const auto& user : file->users()) {
      std::cout << user.name() << (user.disabled() ? " (disabled)" : "") << "  "
                << user.display_name() << "\n";
      for (const auto& g : user.grants()) {
        std::cout << "    " << g.role() << " at " << g.unit() << (g.include_subtree() ? "/**" : "")
                  << (g.valid_from().empty() ? "" : " from " + g.valid_from())
                  << (g.valid_to().empty() ? "" : " to " + g.valid_to()) << "\n";
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace civicase;
  common::BlockStopSignals();
  common::ServerFlags flags{.name = "auth", .listen = "127.0.0.1:7406"};
  std::string users_file;
  int64_t lifetime_seconds = 8 * 3600;
  AdminFlags admin;
  CLI::App app{"civicase-auth: users, passwords, login and signed tokens"};
  common::AddServerFlags(app, flags);
  app.add_option("--users", users_file, "users file (default: HOME/auth/users.json)");
  app.add_option("--token-lifetime-seconds", lifetime_seconds, "how long a token is valid")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{60}, int64_t{7 * 24 * 3600}));
  auto* ops = app.add_option_group("Administration", "offline operations; each exits when done");
  ops->add_flag("--init-keys", admin.init_keys, "create the token signing key if missing");
  ops->add_flag("--init-demo-users", admin.init_demo_users,
                "add the demo users (one per role, see README.md) if missing");
  ops->add_option("--add-user", admin.add_user, "add a user with one role (--role, --unit)");
  ops->add_option("--grant", admin.grant_user, "give an existing user a role (--role, --unit)");
  ops->add_option("--disable-user", admin.disable_user, "refuse this user's logins");
  ops->add_option("--enable-user", admin.enable_user, "allow this user's logins again");
  ops->add_flag("--list-users", admin.list_users, "print users and their grants");
  auto* grant = app.add_option_group("Grant", "the role given by --add-user or --grant");
  grant->add_option_function<std::string>(
      "--role", [&](const std::string& v) { admin.grant.set_role(v); },
      "role name, e.g. reception_clerk");
  grant->add_option_function<std::string>(
      "--unit", [&](const std::string& v) { admin.grant.set_unit(v); },
      "unit code, e.g. hanoi.dongda.pc");
  grant->add_flag_function(
      "--subtree", [&](int64_t) { admin.grant.set_include_subtree(true); },
      "also the units below it");
  grant->add_option_function<std::string>(
      "--valid-from", [&](const std::string& v) { admin.grant.set_valid_from(v); },
      "first day (YYYY-MM-DD)");
  grant->add_option_function<std::string>(
      "--valid-to", [&](const std::string& v) { admin.grant.set_valid_to(v); },
      "last day (YYYY-MM-DD)");
  grant->add_option("--display-name", admin.display_name, "full name shown to others");
  grant->add_flag("--password-stdin", admin.password_stdin,
                  "read the new user's password from the first line of standard input");
  CLI11_PARSE(app, argc, argv);
  if (users_file.empty()) users_file = flags.home + "/auth/users.json";
  common::InitLogging("auth");

  if (AnyAdminFlag(admin)) return Report(Administer(flags.home, users_file, admin));

  if (auto s = CreateKeysFolder(flags.home); !s.ok()) {
    spdlog::critical("cannot start: {}", s.ToString());
    return 2;
  }
  const std::string key_path = flags.home + "/keys/" + auth::kTokenSigningKeyFile;
  auto signer = storage::Ed25519Signer::LoadOrCreate(key_path);
  if (!signer.ok()) {
    spdlog::critical("cannot start: token signing key: {}", signer.status().ToString());
    return 2;
  }
  const std::string public_path = flags.home + "/keys/" + auth::kTokenPublicKeyFile;
  if (auto s = (*signer)->WritePublicKey(public_path); !s.ok()) {
    spdlog::critical("cannot start: cannot write {}: {}", public_path, s.ToString());
    return 2;
  }
  auto verifier = auth::TokenVerifier::FromPublicKeyRaw((*signer)->PublicKeyRaw());
  if (!verifier.ok()) {
    spdlog::critical("cannot start: {}", verifier.status().ToString());
    return 2;
  }
  if (auto users = auth::ReadUserFile(users_file); !users.ok()) {
    spdlog::critical("cannot start: {}", users.status().ToString());
    return 2;
  } else if (users->users().empty()) {
    spdlog::warn("no users in {}: add some with --add-user or --init-demo-users", users_file);
  } else {
    spdlog::info("{} users in {}", users->users_size(), users_file);
  }
  auto revoked = auth::RevocationList::Open(flags.home + "/auth/revoked.json",
                                            absl::ToUnixSeconds(absl::Now()));
  if (!revoked.ok()) {
    spdlog::critical("cannot start: {}", revoked.status().ToString());
    return 2;
  }
  auth::AuthService service(
      {.users_file = users_file, .token_lifetime = absl::Seconds(lifetime_seconds)}, **signer,
      *std::move(verifier), **revoked);
  return common::RunServer(flags, {&service});
}
