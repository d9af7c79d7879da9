// civicase: the command line for reception clerks, officials, supervisors and operators.
//
//   civicase login --user clerk
//   civicase case register --kind complaint --unit hanoi.dongda.pc ...
//   civicase case show KN-2026-000001
//   civicase calendar due --rule complaint.acceptance --from 2026-02-12
//
// Exit codes: 0 success; 1 the system refused or failed (reason on stderr); 2 bad usage.

#include <CLI/CLI.hpp>
#include <iostream>

#include "clients/cli/action_commands.h"
#include "clients/cli/audit_commands.h"
#include "clients/cli/auth_commands.h"
#include "clients/cli/backlog_commands.h"
#include "clients/cli/calendar/calendar_commands.h"
#include "clients/cli/case_commands.h"
#include "clients/cli/connection.h"
#include "clients/cli/disclosure_commands.h"
#include "clients/cli/due_commands.h"
#include "clients/cli/link_commands.h"
#include "clients/cli/system_commands.h"
#include "clients/cli/visit_commands.h"

int main(int argc, char** argv) {
  using namespace civicase::cli;
  CLI::App app{"civicase: citizens' complaints, denunciations and petitions"};
  app.require_subcommand(1);
  ConnectionFlags flags;
  AddConnectionFlags(app, flags);
  Connection connection(flags);
  AddCaseCommands(app, connection);
  AddActionCommands(app, connection);
  AddLinkCommands(app, connection);
  AddVisitCommands(app, connection);
  AddVoterMeetingCommands(app, connection);
  AddDueCommands(app, connection);
  AddSystemCommands(app, connection);
  AddCalendarCommands(app);
  AddAuditCommands(app, connection);
  AddDisclosureCommands(app, connection);
  AddBacklogCommands(app, connection);
  AddAuthCommands(app, connection);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return 0;
}
