#pragma once

// `civicase login --user NAME [--password-stdin]`: logs in at the auth service and keeps the
// token in the token file (Connection::TokenFile(), mode 0600) for the following commands.
// The password is read from the terminal without echo, or from the first line of stdin.
// `civicase logout`: revokes the token at the auth service, then deletes the token file.
// `civicase whoami`: who the stored token says you are, and your roles and their units.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

void AddAuthCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
