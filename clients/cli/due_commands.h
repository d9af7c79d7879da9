#pragma once

// `civicase due --unit U [--subtree] [--overdue] [--within N] [--as-of D]`: the running clocks
// of a unit's cases that are overdue or due within N working days, overdue first, with the
// escalation level each has reached (the deadlines service's ListDue). -o json prints the
// ListDueResponse; a refusal exits 1 with the reason on stderr.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

// `connection` is borrowed and must outlive the parsed app.
void AddDueCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
