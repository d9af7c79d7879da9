#pragma once

// Disclosure of a denouncer's sealed identity from the command line:
//   civicase case disclose REF --reason TEXT                      ask (prints the request id)
//   civicase case disclosure approve|refuse REF REQUEST_ID --reason TEXT [--valid-hours N]
//   civicase case reveal REF REQUEST_ID --purpose TEXT            see it (the requester only)
//   civicase audit who-saw REF                                    every request, decision, reveal
// Each takes `-o json`; a refusal exits 1 with the reason on stderr.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

// Adds the commands under `case` and `audit` (created if absent). `connection` is borrowed and
// must outlive the parsed app.
void AddDisclosureCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
