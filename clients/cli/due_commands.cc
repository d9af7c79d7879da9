#include "clients/cli/due_commands.h"

#include <iomanip>
#include <iostream>
#include <memory>

#include "absl/strings/ascii.h"
#include "civicase/v1/deadlines.grpc.pb.h"
#include "clients/cli/output.h"

namespace civicase::cli {
namespace {

// Working days ahead a clock counts as due soon when neither --within nor --overdue is given.
constexpr int kDefaultWithin = 5;

struct DueFlags {
  std::string unit, as_of;
  bool subtree = false;
  bool overdue = false;
  int within = -1;  // -1: not given
  Format format = Format::kTable;
};

const char* LevelName(int level) {
  switch (level) {
    case 1:
      return "due soon";
    case 2:
      return "overdue: urge";
    case 3:
      return "overdue: report";
    default:
      return "";
  }
}

void RunDue(Connection& connection, const DueFlags& f) {
  if (f.overdue && f.within > 0) {
    Fail(absl::InvalidArgumentError("--within: not with --overdue (overdue only)"));
  }
  if (f.within < -1) Fail(absl::InvalidArgumentError("--within: must not be negative"));
  v1::ListDueRequest request;
  *request.mutable_context() = connection.Context();
  request.set_unit(f.unit);
  request.set_include_subtree(f.subtree);
  request.set_as_of(f.as_of);
  request.set_within_working_days(f.overdue ? 0 : (f.within < 0 ? kDefaultWithin : f.within));
  const v1::ListDueResponse response =
      Call<v1::Deadlines>(connection, "deadlines", &v1::Deadlines::Stub::ListDue, request);
  if (f.format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  std::cout << (f.overdue ? "Overdue" : "Overdue or due within ")
            << (f.overdue ? "" : std::to_string(request.within_working_days()) + " working days")
            << " at " << f.unit << (f.subtree ? " and below" : "") << " as of " << response.as_of()
            << "\n";
  if (response.items().empty()) {
    std::cout << "Nothing due.\n";
    return;
  }
  std::cout << std::left << std::setw(17) << "REFERENCE" << std::setw(20) << "UNIT" << std::setw(30)
            << "CLOCK" << std::setw(12) << "DUE" << std::setw(16) << "DAYS" << std::setw(17)
            << "LEVEL"
            << "SUPERIOR\n";
  for (const auto& item : response.items()) {
    const std::string days = item.working_days_overdue() > 0
                                 ? std::to_string(item.working_days_overdue()) + " wd overdue"
                                 : std::to_string(item.working_days_left()) + " wd left";
    std::cout << std::left << std::setw(17) << item.reference() << std::setw(20) << item.unit()
              << std::setw(30) << item.due().rule_id() << std::setw(12) << item.due().due_date()
              << std::setw(16) << days << std::setw(17) << LevelName(item.level())
              << item.superior_unit() << "\n";
  }
}

}  // namespace

void AddDueCommands(CLI::App& root, Connection& connection) {
  auto f = std::make_shared<DueFlags>();
  auto* due = root.add_subcommand(
      "due", "cases of a unit whose clocks are overdue or due soon, with the escalation level");
  due->add_option("--unit", f->unit, "unit code, e.g. hanoi.dongda.pc")->required();
  due->add_flag("--subtree", f->subtree, "include every unit below it");
  due->add_flag("--overdue", f->overdue, "only clocks past their due date");
  due->add_option("--within", f->within, "also clocks due within N working days (default: 5)");
  due->add_option("--as-of", f->as_of, "date to assess on, YYYY-MM-DD (default: today)");
  AddOutputFlag(*due, f->format);
  due->callback([&connection, f] { RunDue(connection, *f); });
}

}  // namespace civicase::cli
