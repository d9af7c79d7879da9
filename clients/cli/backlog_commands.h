#pragma once

// `civicase backlog`: the open cases of a unit (and its subtree) as a supervisor reads them,
// overdue first, long-pending cases (tồn đọng kéo dài) flagged, totals per state; and
// `civicase calendar publish FILE` (clients/cli/calendar/calendar_publish.h), which needs the
// system too.
//
//   civicase backlog --unit UNIT [--subtree] [--overdue] [--as-of DATE]
//                    [--long-pending-days N] [--long-overdue-days N] [-o json]
//
// -o json prints the Backlog message (supervision.proto) in proto3 JSON. Exit codes as every
// command (output.h).

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

void AddBacklogCommands(CLI::App& app, Connection& connection);

}  // namespace civicase::cli
