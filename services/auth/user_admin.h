#pragma once

// Offline administration of the users file, behind the flags of civicase-auth (--add-user,
// --grant, --disable-user, --init-demo-users). Each operation is one read-modify-write of the
// file (see user_file.h); passwords are hashed before the file is touched.
//
// Thread-safe (the file's own lock serialises writers).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "civicase/v1/auth.pb.h"
#include "services/auth/password.h"

namespace civicase::auth {

struct NewUser {
  std::string name;
  std::string display_name;  // defaults to `name`
  std::string password;
  std::vector<v1::RoleGrant> grants;
};

// Adds a user. INVALID_ARGUMENT for a bad name, password or grant (or no grant);
// ALREADY_EXISTS if the name is taken (add roles with AddGrant).
[[nodiscard]] absl::Status AddUser(const std::string& users_file, const NewUser& user,
                                   const ScryptParams& params = {});

// Adds `grant` to an existing user (an identical grant is not added twice). NOT_FOUND for an
// unknown user; INVALID_ARGUMENT for a bad grant.
[[nodiscard]] absl::Status AddGrant(const std::string& users_file, std::string_view name,
                                    const v1::RoleGrant& grant);

// Disables or enables a user (a disabled user cannot log in; tokens already issued run until
// they expire unless revoked). NOT_FOUND for an unknown user.
[[nodiscard]] absl::Status SetDisabled(const std::string& users_file, std::string_view name,
                                       bool disabled);

// The demo users: one per role, and a clerk of the HĐND office (voter meetings), scoped to units
// of the demo directory around hanoi.dongda.pc. Their passwords are "<name>-demo". Listed in
// README.md.
struct DemoUser {
  std::string_view name;
  std::string_view display_name;
  std::string_view role;
  std::string_view unit;
  bool include_subtree;
};
std::span<const DemoUser> DemoUsers();

// Adds every demo user that does not exist yet (an existing user of that name is left alone).
// Returns how many were added. Idempotent.
[[nodiscard]] absl::StatusOr<int> InitDemoUsers(const std::string& users_file,
                                                const ScryptParams& params = {});

}  // namespace civicase::auth
