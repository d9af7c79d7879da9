#pragma once

// `civicase case ...`: register, show and list cases.

#include <CLI/CLI.hpp>

#include "clients/cli/connection.h"

namespace civicase::cli {

// `connection` is borrowed and must outlive the parsed app.
void AddCaseCommands(CLI::App& root, Connection& connection);

}  // namespace civicase::cli
