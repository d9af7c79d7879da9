#include "clients/cli/backlog_commands.h"

#include <cctype>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>

#include "civicase/v1/supervision.grpc.pb.h"
#include "clients/cli/calendar/calendar_publish.h"
#include "clients/cli/output.h"

namespace civicase::cli {
namespace {

struct BacklogFlags {
  std::string unit;
  bool subtree = false;
  bool overdue = false;
  std::string as_of;
  int long_pending_days = 0;
  int long_overdue_days = 0;
  Format format = Format::kTable;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void PrintBacklog(const v1::Backlog& b, const BacklogFlags& f) {
  std::cout << "Backlog of " << f.unit << (f.subtree ? " and the units below it" : "") << " as of "
            << b.as_of() << ": " << b.open() << " open, " << b.overdue() << " overdue, "
            << b.long_pending() << " long-pending (tồn đọng kéo dài)\n\n";
  if (b.entries().empty()) {
    std::cout << (f.overdue ? "No overdue cases.\n" : "No open cases.\n");
  } else {
    std::cout << Cell("REFERENCE", 16) << Cell("KIND", 14) << Cell("STATE", 12) << Cell("UNIT", 22)
              << Cell("CLOCK", 30) << Cell("DUE", 12) << Cell("OVERDUE", 9) << "LONG-PENDING\n";
    for (const v1::BacklogEntry& e : b.entries()) {
      std::string clock = e.next_due().rule_id();
      std::string due = e.next_due().due_date();
      if (clock.empty()) clock = e.suspended() ? "(paused: suspended)" : "-";
      if (due.empty()) due = "-";
      std::string overdue = e.days_overdue() > 0 ? std::to_string(e.days_overdue()) + " d" : "-";
      std::cout << Cell(e.reference(), 16) << Cell(Lower(v1::CaseKind_Name(e.kind())), 14)
                << Cell(Lower(v1::CaseState_Name(e.state())), 12) << Cell(e.unit(), 22)
                << Cell(clock, 30) << Cell(due, 12) << Cell(overdue, 9)
                << (e.long_pending() ? "YES: " + e.long_pending_reason() : "") << "\n";
    }
  }
  std::cout << "\nOpen cases by state:\n";
  for (const auto& [state, count] :
       std::map<std::string, int>(b.open_by_state().begin(), b.open_by_state().end())) {
    std::cout << "  " << Cell(Lower(state), 18) << count << "\n";
  }
}

void RunBacklog(Connection& connection, const BacklogFlags& f) {
  v1::GetBacklogRequest request;
  *request.mutable_context() = connection.Context();
  request.set_unit(f.unit);
  request.set_include_subtree(f.subtree);
  request.set_overdue_only(f.overdue);
  request.set_as_of(f.as_of);
  request.set_long_pending_days(f.long_pending_days);
  request.set_long_overdue_days(f.long_overdue_days);
  const v1::Backlog backlog =
      Call<v1::Supervision>(connection, "supervision", &v1::Supervision::Stub::GetBacklog, request);
  if (f.format == Format::kJson) {
    PrintJson(ToJson(backlog));
    return;
  }
  PrintBacklog(backlog, f);
}

}  // namespace

void AddBacklogCommands(CLI::App& app, Connection& connection) {
  auto f = std::make_shared<BacklogFlags>();
  CLI::App* backlog = app.add_subcommand(
      "backlog", "Open cases of a unit, overdue first, long-pending flagged (supervisors)");
  backlog->add_option("--unit", f->unit, "Directory code of the unit, e.g. hanoi.dongda.pc")
      ->required();
  backlog->add_flag("--subtree", f->subtree, "Include every unit below it");
  backlog->add_flag("--overdue", f->overdue, "Only cases past a due date");
  backlog->add_option("--as-of", f->as_of, "Date to assess on, YYYY-MM-DD (default today)");
  backlog->add_option("--long-pending-days", f->long_pending_days,
                      "Flag cases open longer than this many days (default 90)");
  backlog->add_option("--long-overdue-days", f->long_overdue_days,
                      "Flag cases past due by more than this many days (default 30)");
  AddOutputFlag(*backlog, f->format);
  backlog->callback([&connection, f] { RunBacklog(connection, *f); });

  AddCalendarPublishCommand(app, connection);
}

}  // namespace civicase::cli
