#pragma once

// `civicase audit ...` and `civicase backup`: check the audit chain, read who did what to a
// case, and take an online backup of the store.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

void AddAuditCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
