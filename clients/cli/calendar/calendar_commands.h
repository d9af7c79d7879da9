#pragma once

// The `civicase calendar ...` and `civicase rules ...` commands: deadlines, the working
// calendar and the deadline rules from the command line, computed by the linked domain
// library (no service needed), so they agree with what the deadlines service computes.
//
//   calendar due --rule ID --from YYYY-MM-DD [--complex] [--especially-complex] [--remote]
//                [--several-sites] [--extensions N] [--suspended FROM:TO]... [-o json]
//   calendar show YEAR [-o json]
//   rules list [-o json]
//
// Text output is a table for a clerk; `-o json` is for programs (due: the ToJson(DueDate) of
// services/domain/clock/clock_json.h; show: {"year", "official", "days": [...]}; rules:
// {"rules": [...]}). On failure the reason goes to `err` and the callback throws
// CLI::RuntimeError(1) (the main program turns it into the exit code via app.exit).

#include <iostream>

#include "CLI/CLI.hpp"

namespace civicase::cli {

// Adds the commands to `root` (re-using "calendar" / "rules" subcommands if they exist).
// `out` and `err` must outlive `root`'s parsing.
void AddCalendarCommands(CLI::App& root, std::ostream& out = std::cout,
                         std::ostream& err = std::cerr);

}  // namespace civicase::cli
