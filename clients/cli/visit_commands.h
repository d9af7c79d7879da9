#pragma once

// `civicase visit register ...` and `civicase visit list --unit U [--from D --to D]`: the
// reception register (sổ tiếp công dân) through the intake service. `register` takes the visit
// as flags, or `--file visit.json` holding a civicase.v1.RegisterVisitRequest in proto JSON
// ({"visit": {...}, "letters": [...]}); it prints the register number and a receipt per letter.
// `list` prints the register as a table. Both take -o json; a refusal exits 1 with the reason.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

// `connection` is borrowed and must outlive the parsed app.
void AddVisitCommands(CLI::App& root, Connection& connection);

// `civicase voter-meeting register --file meeting.json`: a voter-contact meeting and the
// petitions collected at it (RegisterVoterMeetingRequest in proto JSON), in one request.
void AddVoterMeetingCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
