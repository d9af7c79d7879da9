#include "services/auth/user_file.h"

#include <google/protobuf/util/json_util.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <optional>

#include "absl/strings/str_cat.h"
#include "storage/crypto/secure_file.h"

namespace civicase::auth {
namespace {

constexpr std::array<std::string_view, 8> kRoles = {
    "reception_clerk", "processing_officer", "resolver",     "verifier", "supervisor",
    "auditor",         "identity_custodian", "administrator"};

std::optional<domain::Date> ParseOptionalDate(const std::string& text, bool* ok) {
  *ok = true;
  if (text.empty()) return std::nullopt;
  auto date = domain::Date::Parse(text);
  if (!date) *ok = false;
  return date;
}

absl::StatusOr<v1::UserFile> Parse(const std::string& path, const std::string& json) {
  v1::UserFile file;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(json, &file, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a users file: ", std::string(status.message())));
  }
  return file;
}

}  // namespace

std::span<const std::string_view> AllRoles() { return kRoles; }

bool IsKnownRole(std::string_view role) {
  return std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end();
}

absl::Status ValidateUserName(std::string_view name) {
  auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), allowed) ||
      !std::isalnum(static_cast<unsigned char>(name[0]))) {
    return absl::InvalidArgumentError(
        "a user name is 1-64 characters a-z, 0-9, '.', '_' or '-', starting with a letter or "
        "digit");
  }
  return absl::OkStatus();
}

absl::Status ValidateGrant(const v1::RoleGrant& grant) {
  if (!IsKnownRole(grant.role())) {
    std::string known;
    for (std::string_view role : kRoles)
      absl::StrAppend(&known, known.empty() ? "" : ", ", std::string(role));
    return absl::InvalidArgumentError(
        absl::StrCat("unknown role \"", grant.role(), "\" (roles: ", known, ")"));
  }
  if (grant.unit().empty()) return absl::InvalidArgumentError("a role grant needs a unit");
  bool from_ok = false;
  bool to_ok = false;
  auto from = ParseOptionalDate(grant.valid_from(), &from_ok);
  auto to = ParseOptionalDate(grant.valid_to(), &to_ok);
  if (!from_ok) return absl::InvalidArgumentError("valid_from: not a YYYY-MM-DD date");
  if (!to_ok) return absl::InvalidArgumentError("valid_to: not a YYYY-MM-DD date");
  if (from && to && *to < *from) {
    return absl::InvalidArgumentError("valid_to is before valid_from");
  }
  return absl::OkStatus();
}

bool GrantNotEnded(const v1::RoleGrant& grant, domain::Date date) {
  if (grant.valid_to().empty()) return true;
  auto to = domain::Date::Parse(grant.valid_to());
  return to && date <= *to;
}

bool GrantInForce(const v1::RoleGrant& grant, domain::Date date) {
  if (!GrantNotEnded(grant, date)) return false;
  if (grant.valid_from().empty()) return true;
  auto from = domain::Date::Parse(grant.valid_from());
  return from && *from <= date;
}

absl::StatusOr<v1::UserFile> ReadUserFile(const std::string& path) {
  auto json = storage::ReadOwnerOnlyFile(path, "users file");
  if (absl::IsNotFound(json.status())) return v1::UserFile();
  if (!json.ok()) return json.status();
  auto file = Parse(path, *json);
  storage::CleanseString(*json);
  return file;
}

absl::Status UpdateUserFile(const std::string& path,
                            absl::FunctionRef<absl::Status(v1::UserFile&)> change) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent)) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create ", parent.string(), ": ", error.message()));
    }
    std::filesystem::permissions(parent, std::filesystem::perms::owner_all, error);
  }
  return storage::ReplaceFileDurably(path, S_IRUSR | S_IWUSR, [&]() -> absl::StatusOr<std::string> {
    auto file = ReadUserFile(path);
    if (!file.ok()) return file.status();
    if (absl::Status s = change(*file); !s.ok()) return s;
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    auto printed = google::protobuf::util::MessageToJsonString(*file, &json, options);
    if (!printed.ok()) {
      return absl::InternalError(
          absl::StrCat("cannot print the users file: ", std::string(printed.message())));
    }
    return json;
  });
}

const v1::UserRecord* FindUser(const v1::UserFile& file, std::string_view name) {
  for (const auto& user : file.users()) {
    if (user.name() == name) return &user;
  }
  return nullptr;
}

v1::UserRecord* FindUser(v1::UserFile& file, std::string_view name) {
  for (auto& user : *file.mutable_users()) {
    if (user.name() == name) return &user;
  }
  return nullptr;
}

}  // namespace civicase::auth
