#include "clients/cli/action_commands.h"

#include <iostream>
#include <map>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "civicase/v1/routing.grpc.pb.h"
#include "clients/cli/output.h"

namespace civicase::cli {
namespace {

struct ActionFlags {
  Format format = Format::kTable;
  std::string ref, action, outcome, to, reason, legal_basis;
  std::string decision_number, decision_date, signed_by, complexity, linked_case;
  std::string from, on, note, to_kind;
  std::vector<std::string> contents;
  bool period_expired = false, violation_signs = false;
  int64_t expected_version = 0;
};

// `process --outcome`: the letter-processing outcomes (Circular 05/2021) and the actions that
// record them. "accept" here is the processing slip's proposal; the head's acceptance decision
// is `civicase case accept`.
const std::map<std::string, std::string>& ProcessOutcomes() {
  static const auto* kOutcomes = new std::map<std::string, std::string>{
      {"accept", "propose_acceptance"},  {"guide", "guide"},         {"transfer", "transfer"},
      {"return", "return_to_forwarder"}, {"file", "file_away"},      {"urge", "urge"},
      {"not_accepted", "refuse"},        {"to_police", "to_police"},
  };
  return *kOutcomes;
}

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

v1::ApplyActionRequest RequestFrom(const Connection& connection, const ActionFlags& f) {
  v1::ApplyActionRequest r;
  *r.mutable_context() = connection.Context();
  r.set_case_ref(f.ref);
  r.set_action(f.action);
  r.set_reason(f.reason);
  r.set_legal_basis(f.legal_basis);
  r.set_to_unit(f.to);
  if (!f.decision_number.empty() || !f.decision_date.empty() || !f.signed_by.empty()) {
    r.mutable_document()->set_number(f.decision_number);
    r.mutable_document()->set_date(f.decision_date);
    r.mutable_document()->set_signed_by(f.signed_by);
  }
  if (!f.from.empty()) r.mutable_suspension()->set_from(f.from);
  if (!f.on.empty()) r.mutable_suspension()->set_to(f.on);
  r.set_complexity(f.complexity);
  for (const auto& c : f.contents) r.add_contents(c);
  r.set_linked_case(f.linked_case);
  r.set_outcome(f.outcome);
  r.set_expected_version(f.expected_version);
  r.set_period_expired_unresolved(f.period_expired);
  r.set_violation_signs(f.violation_signs);
  r.set_note(f.note);
  v1::CaseKind to_kind = v1::CASE_KIND_UNSPECIFIED;
  if (!f.to_kind.empty() && !v1::CaseKind_Parse(absl::AsciiStrToUpper(f.to_kind), &to_kind)) {
    Fail(absl::InvalidArgumentError(absl::StrCat(
        "--as: '", f.to_kind, "' is not complaint, denunciation, petition or voter_petition")));
  }
  r.set_to_kind(to_kind);
  return r;
}

void PrintChange(const v1::CaseChange& change) {
  const v1::StateChanged& s = change.event().state_changed();
  const v1::Case& c = change.snapshot();
  std::cout << c.reference() << ": " << Lower(v1::CaseState_Name(s.from())) << " -> "
            << Lower(v1::CaseState_Name(s.to())) << " (" << s.action() << ")\n";
  auto row = [](const char* label, const std::string& value) {
    if (!value.empty()) std::cout << "  " << label << value << "\n";
  };
  row("State:        ", Lower(v1::CaseState_Name(c.state())));
  row("Held by:      ", c.current_unit());
  row("Legal basis:  ", s.legal_basis());
  row("Reason:       ", s.reason());
  if (s.action() == "transfer" || s.action() == "urge") row("To:           ", s.to_unit());
  if (s.action() == "reject_transfer") row("Back to:      ", s.to_unit());
  if (!s.document().number().empty()) {
    row("Document:     ",
        absl::StrCat(s.document().kind(), " ", s.document().number(),
                     s.document().date().empty() ? "" : absl::StrCat(" of ", s.document().date())));
  }
  row("Outcome:      ", s.outcome());
  if (s.action() == "extend" || s.action() == "accept") row("Complexity:   ", s.complexity());
  if (!s.contents().empty()) row("Contents:     ", absl::StrJoin(s.contents(), ", "));
  if (!s.suspension().from().empty()) {
    row("Suspension:   ",
        absl::StrCat("from ", s.suspension().from(),
                     s.suspension().to().empty() ? "" : absl::StrCat(" to ", s.suspension().to())));
  }
  row("Linked case:  ", s.linked_case());
  row("Note:         ", change.event().note());
  std::cout << "  Version:      " << c.version() << "\n";
}

void RunAction(Connection& connection, const ActionFlags& f) {
  auto channel = connection.Channel("routing");
  if (!channel.ok()) Fail(channel.status());
  v1::CaseChange change;
  grpc::Status s = v1::Routing::NewStub(*channel)->ApplyAction(connection.NewCallContext().get(),
                                                               RequestFrom(connection, f), &change);
  if (!s.ok()) Fail(s);
  if (f.format == Format::kJson) {
    PrintJson(ToJson(change));
    return;
  }
  PrintChange(change);
}

void RunTransfers(Connection& connection, const std::string& ref, Format format) {
  v1::ListTransfersRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(ref);
  const v1::ListTransfersResponse response =
      Call<v1::Routing>(connection, "routing", &v1::Routing::Stub::ListTransfers, request);
  if (format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  std::cout << response.count() << " transfer(s)\n";
  for (const auto& t : response.transfers()) {
    std::cout << "  " << t.sent_at() << "  " << t.from_unit() << " -> " << t.to_unit() << "  "
              << t.status() << absl::StrCat(" after ", absl::SixDigits(t.days()), " day(s)")
              << (t.answer_reason().empty() ? "" : absl::StrCat(": ", t.answer_reason())) << "\n";
  }
}

// Every action command: REF, --expected-version, --note, --legal-basis, -o.
CLI::App* AddActionCommand(CLI::App& cases, Connection& connection, const std::string& name,
                           const std::string& help, const std::string& action,
                           std::shared_ptr<ActionFlags> f,
                           std::function<void(ActionFlags&)> before_run = {}) {
  auto* cmd = cases.add_subcommand(name, help);
  cmd->add_option("REF", f->ref, "reference number (e.g. KN-2026-000001) or case id")->required();
  cmd->add_option("--expected-version", f->expected_version,
                  "refuse if the case is no longer at this version (default: current)");
  cmd->add_option("--note", f->note, "free text for the record");
  cmd->add_option("--legal-basis", f->legal_basis, "article relied on, added to the rule's");
  AddOutputFlag(*cmd, f->format);
  cmd->callback([&connection, f, action, before_run] {
    if (!action.empty()) f->action = action;
    if (before_run) before_run(*f);
    RunAction(connection, *f);
  });
  return cmd;
}

void AddDocumentFlags(CLI::App& cmd, ActionFlags& f) {
  cmd.add_option("--decision-number", f.decision_number, "document number, e.g. 12/QĐ-UBND");
  cmd.add_option("--decision-date", f.decision_date, "document date YYYY-MM-DD");
  cmd.add_option("--signed-by", f.signed_by, "who signed the document");
}

}  // namespace

void AddActionCommands(CLI::App& root, Connection& connection) {
  CLI::App* cases = nullptr;
  try {
    cases = root.get_subcommand("case");
  } catch (const CLI::OptionNotFound&) {
    cases = root.add_subcommand("case", "cases");
  }

  {
    auto f = std::make_shared<ActionFlags>();
    std::vector<std::string> names;
    for (const auto& [outcome, action] : ProcessOutcomes()) names.push_back(outcome);
    auto* cmd = AddActionCommand(
        *cases, connection, "process",
        "record the letter-processing outcome (processing slip, Circular 05/2021)", "", f,
        [](ActionFlags& flags) { flags.action = ProcessOutcomes().at(flags.outcome); });
    cmd->add_option("--outcome", f->outcome, absl::StrJoin(names, "|"))
        ->required()
        ->check(CLI::IsMember(names));
    cmd->add_option("--to", f->to, "transfer/urge: the receiving unit code");
    cmd->add_option("--reason", f->reason, "why (required for return, file, not_accepted)");
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd =
        AddActionCommand(*cases, connection, "transfer",
                         "transfer the case to the competent body (it must accept)", "transfer", f);
    cmd->add_option("--to", f->to, "receiving unit code")->required();
    cmd->add_option("--reason", f->reason, "why it is sent there");
  }
  {
    auto f = std::make_shared<ActionFlags>();
    AddActionCommand(*cases, connection, "accept-transfer",
                     "the receiving unit takes over a case transferred to it", "accept_transfer",
                     f);
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(
        *cases, connection, "reclassify",
        "the letter is of another kind than registered (Circular 05/2021); identity stays sealed",
        "reclassify", f);
    cmd->add_option("--as", f->to_kind, "complaint, denunciation, petition or voter_petition")
        ->required();
    cmd->add_option("--reason", f->reason, "why it is of that kind")->required();
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(*cases, connection, "reject-transfer",
                                 "the receiving unit sends a transferred case back, with reason",
                                 "reject_transfer", f);
    cmd->add_option("--reason", f->reason, "why it is not ours")->required();
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(*cases, connection, "accept",
                                 "accept the case for resolution (thụ lý)", "accept", f);
    AddDocumentFlags(*cmd, *f);
    cmd->add_option("--complexity", f->complexity, "normal, complex or especially_complex");
    cmd->add_option("--content", f->contents, "a content (nội dung) accepted; repeat");
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(*cases, connection, "decide",
                                 "issue the complaint's resolution decision", "decide", f);
    AddDocumentFlags(*cmd, *f);
    cmd->get_option("--decision-number")->required();
    cmd->add_option("--outcome", f->outcome, "right|partly_right|wrong")
        ->check(CLI::IsMember({"right", "partly_right", "wrong"}));
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(*cases, connection, "withdraw",
                                 "record a withdrawal, whole or of some contents", "withdraw", f);
    cmd->add_option("--part", f->contents, "a content withdrawn (partial withdrawal); repeat");
    cmd->add_flag("--violation-signs", f->violation_signs,
                  "denunciation: still resolved (signs of violation, Art. 33)");
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(*cases, connection, "suspend",
                                 "suspend the resolution (its time is not counted)", "suspend", f);
    cmd->add_option("--reason", f->reason, "the ground for suspension")->required();
    cmd->add_option("--from", f->from, "first day suspended YYYY-MM-DD (default: today)");
    AddDocumentFlags(*cmd, *f);
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(*cases, connection, "resume", "resume a suspended resolution",
                                 "resume", f);
    cmd->add_option("--on", f->on, "continuation date YYYY-MM-DD (default: today)");
    AddDocumentFlags(*cmd, *f);
  }
  {
    auto f = std::make_shared<ActionFlags>();
    auto* cmd = AddActionCommand(
        *cases, connection, "act",
        "apply any lifecycle action (start_verification, hold_dialogue, dispatch, conclude, "
        "extend, handle, publish, answer, second_complaint, terminate, ...)",
        "", f);
    cmd->add_option("--action", f->action, "the action's name")->required();
    cmd->add_option("--to", f->to, "receiving unit code");
    cmd->add_option("--reason", f->reason, "reason");
    AddDocumentFlags(*cmd, *f);
    cmd->add_option("--outcome", f->outcome, "e.g. right, partly_right, wrong, answered");
    cmd->add_option("--complexity", f->complexity, "normal, complex or especially_complex");
    cmd->add_option("--content", f->contents, "a content; repeat");
    cmd->add_option("--from", f->from, "suspension start YYYY-MM-DD");
    cmd->add_option("--on", f->on, "resumption date YYYY-MM-DD");
    cmd->add_option("--linked-case", f->linked_case, "a related case reference");
    cmd->add_flag("--period-expired", f->period_expired,
                  "the resolution period expired unresolved");
    cmd->add_flag("--violation-signs", f->violation_signs,
                  "withdrawn denunciation still resolved (Art. 33)");
  }
  {
    auto ref = std::make_shared<std::string>();
    auto format = std::make_shared<Format>(Format::kTable);
    auto* cmd = cases->add_subcommand("transfers", "a case's transfers and how long each took");
    cmd->add_option("REF", *ref, "reference number or case id")->required();
    AddOutputFlag(*cmd, *format);
    cmd->callback([&connection, ref, format] { RunTransfers(connection, *ref, *format); });
  }
}

}  // namespace civicase::cli
