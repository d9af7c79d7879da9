#pragma once

// `civicase health`: is every service of the system up and serving (gRPC health checking)?
// `civicase units`: the directory of units and their codes (works without the system running).

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

void AddSystemCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
