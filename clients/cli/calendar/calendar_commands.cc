#include "clients/cli/calendar/calendar_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/domain/calendar/calendar_json.h"
#include "services/domain/clock/clock_json.h"
#include "services/domain/clock/statutory_clock.h"

namespace civicase::cli {
namespace {

using domain::Date;

struct DueOptions {
  std::string rule;
  std::string from;
  bool complex = false;
  bool especially_complex = false;
  bool remote = false;
  bool several_sites = false;
  int extensions = 0;
  std::vector<std::string> suspended;
  std::string output = "text";
};

struct ShowOptions {
  int year = 0;
  std::string output = "text";
};

[[noreturn]] void Fail(std::ostream& err, std::string_view message) {
  err << "error: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void FailOn(std::ostream& err, const absl::Status& status) {
  if (!status.ok()) Fail(err, std::string(status.message()));
}

// Width of a UTF-8 string in code points (Vietnamese text is precomposed).
size_t DisplayWidth(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// `s` followed by spaces up to `width` display columns, and at least one space.
std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  const size_t w = DisplayWidth(s);
  out.append(w < width ? width - w : 1, ' ');
  return out;
}

CLI::App* Subcommand(CLI::App& parent, const std::string& name, const std::string& help) {
  for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  return parent.add_subcommand(name, help);
}

void AddOutputOption(CLI::App* cmd, std::string* output) {
  cmd->add_option("-o,--output", *output, "Output format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
}

domain::StatutoryClock DefaultClock(std::ostream& err) {
  auto clock = domain::StatutoryClock::Default();
  FailOn(err, clock.status());
  return *std::move(clock);
}

Date ParseDate(std::ostream& err, std::string_view flag, const std::string& text) {
  auto date = Date::Parse(text);
  if (!date) Fail(err, absl::StrCat(std::string(flag), ": '", text, "' is not a YYYY-MM-DD date"));
  return *date;
}

void RunDue(const DueOptions& o, std::ostream& out, std::ostream& err) {
  domain::DeadlineQuery q;
  q.rule_id = o.rule;
  q.trigger = ParseDate(err, "--from", o.from);
  q.complex = o.complex;
  q.especially_complex = o.especially_complex;
  q.remote = o.remote;
  q.several_sites = o.several_sites;
  q.extensions = o.extensions;
  for (const std::string& s : o.suspended) {
    const size_t colon = s.find(':');
    if (colon == std::string::npos) Fail(err, "--suspended: expected FROM:TO, got '" + s + "'");
    q.suspensions.push_back({ParseDate(err, "--suspended", s.substr(0, colon)),
                             ParseDate(err, "--suspended", s.substr(colon + 1))});
  }
  const domain::StatutoryClock clock = DefaultClock(err);
  auto due = clock.ComputeDueDate(q);
  FailOn(err, due.status());
  if (o.output == "json") {
    out << domain::ToJson(*due).dump(2) << "\n";
    return;
  }
  out << "Due date     " << due->due_date.ToString() << " (" << due->due_date.WeekdayName() << ")\n"
      << "Rule         " << due->rule_id << ", version " << due->version << "\n"
      << "Legal basis  " << due->legal_basis << "\n"
      << "Period       " << due->length << " "
      << (due->unit == domain::PeriodUnit::kWorkingDays ? "working days" : "calendar days") << " ("
      << due->variant;
  if (due->extensions > 0) out << ", " << due->extensions << " extension(s)";
  out << "), trigger " << due->trigger.ToString() << " (" << due->trigger.WeekdayName() << ")\n\n"
      << "Derivation\n"
      << "  " << Pad("DATE", 12) << Pad("DAY", 5) << Pad("STEP", 14) << "REASON\n";
  for (const domain::DerivationStep& s : due->steps) {
    out << "  " << Pad(s.date.ToString(), 12) << Pad(s.date.WeekdayName(), 5)
        << Pad(domain::StepKindName(s.kind), 14) << s.reason << "\n";
  }
}

void RunShow(const ShowOptions& o, std::ostream& out, std::ostream& err) {
  if (o.year < 1900 || o.year > 2199) Fail(err, "YEAR: must be within 1900..2199");
  auto calendar = domain::WorkingCalendar::Default();
  FailOn(err, calendar.status());
  if (o.output == "json") {
    out << domain::SpecialDaysJson(*calendar, o.year).dump(2) << "\n";
    return;
  }
  const bool official = calendar->IsOfficialYear(o.year);
  out << "Working calendar " << o.year << " ("
      << (official ? "official" : "PROJECTED: no official notice in the repository")
      << ")\nDays off other than plain Saturdays and Sundays, and make-up working days:\n\n"
      << Pad("DATE", 12) << Pad("DAY", 5) << Pad("WORKING", 9) << Pad("REASON", 62) << "SOURCE\n";
  for (const domain::DayInfo& d : calendar->SpecialDays(o.year)) {
    out << Pad(d.date.ToString(), 12) << Pad(d.date.WeekdayName(), 5)
        << Pad(d.working ? "yes" : "no", 9) << Pad(d.reason, 62) << d.source << "\n";
  }
}

void RunRulesList(const std::string& output, std::ostream& out, std::ostream& err) {
  auto rules = domain::RuleBook::Default();
  FailOn(err, rules.status());
  if (output == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const domain::Rule& r : rules->rules()) list.push_back(domain::ToJson(r));
    out << nlohmann::json{{"rules", std::move(list)}}.dump(2) << "\n";
    return;
  }
  // One block per rule version: id, version and validity; the length; the legal basis.
  for (const domain::Rule& r : rules->rules()) {
    out << r.id << "  (" << r.title << ")\n";
    for (const domain::RuleVersion& v : r.versions) {
      std::string length =
          absl::StrCat(v.length, v.unit == domain::PeriodUnit::kWorkingDays ? " working days"
                                                                            : " calendar days");
      for (const auto& [name, variant] : v.variants) {
        absl::StrAppend(&length, "; ", name, " ", variant.length);
        if (variant.extensions.max_count > 0) {
          absl::StrAppend(&length, " + up to ", variant.extensions.max_count, " extension(s) of ",
                          variant.extensions.length_each);
        }
      }
      out << "  v" << v.version << "  " << v.valid_from.ToString() << " .. "
          << (v.valid_to ? v.valid_to->ToString() : std::string("(in force)")) << "  from "
          << v.start_event << "\n"
          << "      " << length << "\n"
          << "      " << v.legal_basis << "\n";
      if (!v.note.empty()) out << "      note: " << v.note << "\n";
    }
  }
}

}  // namespace

void AddCalendarCommands(CLI::App& root, std::ostream& out, std::ostream& err) {
  CLI::App* calendar = Subcommand(root, "calendar", "Working calendar and statutory deadlines");
  calendar->require_subcommand(1);

  auto due_opts = std::make_shared<DueOptions>();
  CLI::App* due =
      calendar->add_subcommand("due", "Compute a statutory due date and show how it was derived");
  due->add_option("--rule", due_opts->rule, "Rule id, e.g. complaint.round1.resolution")
      ->required();
  due->add_option("--from", due_opts->from, "Trigger date YYYY-MM-DD (the start event)")
      ->required();
  due->add_flag("--complex", due_opts->complex, "Complex case (vụ việc phức tạp)");
  due->add_flag("--especially-complex", due_opts->especially_complex,
                "Especially complex case (requires --complex)");
  due->add_flag("--remote", due_opts->remote, "Remote area (vùng sâu, vùng xa)");
  due->add_flag("--several-sites", due_opts->several_sites, "Verification at several sites");
  due->add_option("--extensions", due_opts->extensions, "Extensions granted so far");
  due->add_option("--suspended", due_opts->suspended,
                  "Suspended interval FROM:TO (inclusive), repeatable");
  AddOutputOption(due, &due_opts->output);
  due->callback([due_opts, &out, &err] { RunDue(*due_opts, out, err); });

  auto show_opts = std::make_shared<ShowOptions>();
  CLI::App* show = calendar->add_subcommand(
      "show", "List a year's holidays, compensatory and swapped days, make-up days");
  show->add_option("YEAR", show_opts->year, "Year, e.g. 2026")->required();
  AddOutputOption(show, &show_opts->output);
  show->callback([show_opts, &out, &err] { RunShow(*show_opts, out, err); });

  CLI::App* rules = Subcommand(root, "rules", "Statutory rules as data");
  rules->require_subcommand(1);
  auto list_output = std::make_shared<std::string>("text");
  CLI::App* list = rules->add_subcommand("list", "Every deadline rule with basis and validity");
  AddOutputOption(list, list_output.get());
  list->callback([list_output, &out, &err] { RunRulesList(*list_output, out, err); });
}

}  // namespace civicase::cli
