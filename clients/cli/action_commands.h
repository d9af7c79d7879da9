#pragma once

// `civicase case process|transfer|accept-transfer|reject-transfer|accept|decide|withdraw|
// suspend|resume|act|transfers`: letter processing and resolution, through the routing
// service's ApplyAction. Each prints the case's new state and what changed (or, with -o json,
// the CaseChange); a refusal exits 1 with the reason on stderr and changes nothing.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

// Adds the commands under `case` (created if absent). `connection` is borrowed and must outlive
// the parsed app.
void AddActionCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
