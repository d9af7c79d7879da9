#include "clients/cli/auth_commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "absl/time/time.h"
#include "civicase/v1/auth.grpc.pb.h"
#include "clients/cli/output.h"
#include "services/auth/password_prompt.h"
#include "storage/crypto/secure_file.h"

namespace civicase::cli {
namespace {

std::unique_ptr<v1::Auth::Stub> AuthStub(Connection& connection) {
  auto channel = connection.Channel("auth");
  if (!channel.ok()) Fail(channel.status());
  return v1::Auth::NewStub(*channel);
}

std::string FormatUnix(int64_t seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M %Ez", absl::FromUnixSeconds(seconds),
                          absl::LocalTimeZone());
}

std::string DescribeGrant(const v1::RoleGrant& g) {
  std::string text = g.role() + " at " + g.unit();
  if (g.include_subtree()) text += " and the units below it";
  if (!g.valid_from().empty()) text += ", from " + g.valid_from();
  if (!g.valid_to().empty()) text += ", until " + g.valid_to();
  return text;
}

void PrintIdentity(const std::string& user, const std::string& display_name, int64_t expires_at,
                   const google::protobuf::RepeatedPtrField<v1::RoleGrant>& grants) {
  std::cout << "user     " << user;
  if (!display_name.empty() && display_name != user) std::cout << " (" << display_name << ")";
  std::cout << "\nexpires  " << FormatUnix(expires_at) << "\nroles\n";
  for (const auto& g : grants) std::cout << "  " << DescribeGrant(g) << "\n";
}

absl::Status SaveToken(const std::string& path, const std::string& token) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (std::error_code error; !parent.empty() && !std::filesystem::exists(parent)) {
    std::filesystem::create_directories(parent, error);
    if (error) return absl::FailedPreconditionError("cannot create " + parent.string());
  }
  return storage::ReplaceFileDurably(path, S_IRUSR | S_IWUSR,
                                     [&]() -> absl::StatusOr<std::string> { return token + "\n"; });
}

void RunLogin(Connection& connection, std::string user, bool password_stdin, Format format) {
  if (user.empty()) user = connection.user();
  auto password = password_stdin ? auth::ReadPasswordFromStdin()
                                 : auth::ReadPasswordFromTerminal("Password for " + user + ": ");
  if (!password.ok()) Fail(password.status());
  v1::LoginRequest request;
  request.set_user(user);
  request.set_password(*password);
  storage::CleanseString(*password);
  v1::LoginResponse response;
  grpc::Status s =
      AuthStub(connection)->Login(connection.NewCallContext().get(), request, &response);
  storage::CleanseString(*request.mutable_password());
  if (!s.ok()) Fail(s);
  const std::string path = connection.TokenFile();
  if (auto saved = SaveToken(path, response.token()); !saved.ok()) Fail(saved);
  connection.ForgetToken();
  if (format == Format::kJson) {
    nlohmann::json out = ToJson(response);
    out.erase("token");
    out["token_file"] = path;
    PrintJson(out);
    return;
  }
  std::cout << "Logged in. Token kept in " << path << "\n";
  PrintIdentity(response.user(), response.display_name(), response.expires_at(), response.grants());
}

void RunLogout(Connection& connection) {
  auto token = connection.Token();
  if (absl::IsUnauthenticated(token.status())) {
    std::cout << "Not logged in." << std::endl;
    return;
  }
  if (!token.ok()) Fail(token.status());
  v1::LogoutRequest request;
  request.set_token(*token);
  v1::LogoutResponse response;
  grpc::Status s =
      AuthStub(connection)->Logout(connection.NewCallContext().get(), request, &response);
  // A token the auth service does not recognise is worthless: forget it all the same. Any
  // other failure keeps it, so that the logout can be retried and the token really revoked.
  if (!s.ok() && s.error_code() != grpc::StatusCode::UNAUTHENTICATED) Fail(s);
  std::error_code error;
  std::filesystem::remove(connection.TokenFile(), error);
  if (error) Fail(absl::FailedPreconditionError("cannot delete " + connection.TokenFile()));
  connection.ForgetToken();
  std::cout << "Logged out." << std::endl;
}

void RunWhoAmI(Connection& connection, Format format) {
  auto token = connection.Token();
  if (!token.ok()) Fail(token.status());
  v1::WhoAmIRequest request;
  v1::WhoAmIResponse response;
  grpc::Status s =
      AuthStub(connection)->WhoAmI(connection.NewCallContext().get(), request, &response);
  if (!s.ok()) Fail(s);
  const v1::Token& claims = response.claims();
  if (format == Format::kJson) {
    PrintJson(ToJson(claims));
    return;
  }
  PrintIdentity(claims.user(), claims.display_name(), claims.expires_at(), claims.grants());
}

}  // namespace

void AddAuthCommands(CLI::App& root, Connection& connection) {
  struct LoginArgs {
    std::string user;
    bool password_stdin = false;
    Format format = Format::kTable;
  };
  auto login_args = std::make_shared<LoginArgs>();
  auto* login = root.add_subcommand("login", "log in and keep the token for later commands");
  login->add_option("--user", login_args->user, "user name (default: --user of the command)");
  login->add_flag("--password-stdin", login_args->password_stdin,
                  "read the password from the first line of standard input");
  AddOutputFlag(*login, login_args->format);
  login->callback([&connection, login_args] {
    RunLogin(connection, login_args->user, login_args->password_stdin, login_args->format);
  });

  auto* logout = root.add_subcommand("logout", "revoke the stored token and forget it");
  logout->callback([&connection] { RunLogout(connection); });

  auto whoami_format = std::make_shared<Format>(Format::kTable);
  auto* whoami = root.add_subcommand("whoami", "who you are logged in as, with your roles");
  AddOutputFlag(*whoami, *whoami_format);
  whoami->callback([&connection, whoami_format] { RunWhoAmI(connection, *whoami_format); });
}

}  // namespace civicase::cli
