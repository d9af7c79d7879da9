#include "clients/cli/calendar/calendar_publish.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "civicase/v1/deadlines.grpc.pb.h"
#include "clients/cli/output.h"

namespace civicase::cli {
namespace {

struct PublishFlags {
  std::string file;
  Format format = Format::kTable;
};

void RunPublish(Connection& connection, const PublishFlags& f) {
  std::ifstream in(f.file);
  if (!in) Fail(absl::NotFoundError(absl::StrCat("FILE: cannot read '", f.file, "'")));
  std::stringstream text;
  text << in.rdbuf();
  auto channel = connection.Channel("deadlines");
  if (!channel.ok()) Fail(channel.status());
  v1::PublishCalendarRequest request;
  *request.mutable_context() = connection.Context();
  request.set_year_table_json(text.str());
  v1::PublishCalendarResponse response;
  auto call = connection.NewCallContext();
  // Recomputing every open case takes longer than a lookup.
  call->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  if (auto s = v1::Deadlines::NewStub(*channel)->PublishCalendar(call.get(), request, &response);
      !s.ok()) {
    Fail(s);
  }
  if (f.format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  std::cout << "Official calendar " << response.year() << " published. "
            << response.clocks_checked() << " running clock(s) recomputed, "
            << response.moved_size() << " moved.\n";
  for (const v1::MovedClock& m : response.moved()) {
    std::cout << "\n"
              << m.reference() << "  " << m.rule_id() << "  " << m.old_due() << " -> "
              << m.new_due() << "\n";
    for (const std::string& r : m.reasons()) std::cout << "    " << r << "\n";
  }
}

CLI::App* Subcommand(CLI::App& parent, const std::string& name, const std::string& help) {
  for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  return parent.add_subcommand(name, help);
}

}  // namespace

void AddCalendarPublishCommand(CLI::App& root, Connection& connection) {
  CLI::App* calendar = Subcommand(root, "calendar", "Working calendar and statutory deadlines");
  auto f = std::make_shared<PublishFlags>();
  CLI::App* publish = calendar->add_subcommand(
      "publish", "Publish an official year table; open clocks are recomputed and explained");
  publish
      ->add_option("FILE", f->file, "Year table JSON (see `civicase calendar show YEAR -o json`)")
      ->required();
  AddOutputFlag(*publish, f->format);
  publish->callback([&connection, f] { RunPublish(connection, *f); });
}

}  // namespace civicase::cli
