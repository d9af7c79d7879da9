#pragma once

// `civicase calendar publish FILE [-o json]`: sends an official year table (the JSON of
// services/domain/calendar/year_table.h) to the deadlines service, which replaces the
// projection, recomputes every open clock and records each moved due date with its reason.
// Prints what moved and why (-o json: the PublishCalendarResponse of deadlines.proto).
// Registered by AddBacklogCommands (it needs the system; the other calendar commands do not).

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

// Adds `publish` under the root's "calendar" command (creating it if absent).
void AddCalendarPublishCommand(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
