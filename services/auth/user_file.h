#pragma once

// The users of the auth service and their role grants: <home>/auth/users.json, proto3 JSON of
// v1::UserFile (proto/civicase/v1/auth.proto), mode 0600 because it holds password hashes.
//
// Writes are read-modify-write under storage::ReplaceFileDurably: the file is replaced
// atomically and durably, and two concurrent writers cannot lose each other's change (the
// second gets ABORTED). The auth service re-reads the file on every login, so a user added or
// disabled offline (civicase-auth --add-user, --disable-user) counts from the next login.
//
// Thread safety: the functions are thread-safe; they share no state.

#include <span>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "civicase/v1/auth.pb.h"
#include "services/domain/date.h"

namespace civicase::auth {

// The role names of auth.proto, in the order the issue lists them.
std::span<const std::string_view> AllRoles();
bool IsKnownRole(std::string_view role);

// OK iff `name` is 1-64 characters of [a-z0-9._-] starting with a letter or digit.
[[nodiscard]] absl::Status ValidateUserName(std::string_view name);

// OK iff the grant names a known role and a non-empty unit, and its dates are YYYY-MM-DD with
// valid_from <= valid_to. INVALID_ARGUMENT saying which field is wrong. (Whether the unit
// exists in the directory is the caller's check.)
[[nodiscard]] absl::Status ValidateGrant(const v1::RoleGrant& grant);

// Whether `grant` is in force on `date` (valid_from <= date <= valid_to, empty = open).
bool GrantInForce(const v1::RoleGrant& grant, domain::Date date);
// Whether `grant` has not ended by `date` (date <= valid_to): in force now or later.
bool GrantNotEnded(const v1::RoleGrant& grant, domain::Date date);

// Reads the users file. An absent file is no users. FAILED_PRECONDITION if group or others
// have any permission on it (the message says how to fix it); INVALID_ARGUMENT if it is not a
// users file.
[[nodiscard]] absl::StatusOr<v1::UserFile> ReadUserFile(const std::string& path);

// Reads the file (absent = no users), lets `change` edit it, and replaces it (mode 0600) if
// `change` returns OK; otherwise returns what `change` returned and leaves the file as it was.
// ABORTED if another writer holds "<path>.tmp". Creates the parent folder (mode 0700) if needed.
[[nodiscard]] absl::Status UpdateUserFile(const std::string& path,
                                          absl::FunctionRef<absl::Status(v1::UserFile&)> change);

// The user called `name`, or nullptr.
const v1::UserRecord* FindUser(const v1::UserFile& file, std::string_view name);
v1::UserRecord* FindUser(v1::UserFile& file, std::string_view name);

}  // namespace civicase::auth
