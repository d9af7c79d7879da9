#pragma once

// `civicase case merge REF --into REF2 --reason TEXT` and `civicase case unmerge REF --reason
// TEXT`: a duplicate caught at registration joins the case it repeats, reversibly (the store's
// MergeCases; rules in services/domain/case/case_merge.h). Each prints both cases' links (or,
// with -o json, the MergeCasesResponse); a refusal exits 1 with the reason on stderr and changes
// nothing.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

// Adds the commands under `case` (created if absent). `connection` is borrowed and must outlive
// the parsed app.
void AddLinkCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
