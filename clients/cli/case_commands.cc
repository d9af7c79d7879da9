#include "clients/cli/case_commands.h"

#include <iomanip>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "civicase/v1/intake.grpc.pb.h"
#include "civicase/v1/store.grpc.pb.h"
#include "clients/cli/output.h"
#include "google/protobuf/util/time_util.h"

namespace civicase::cli {
namespace {

struct RegisterFlags {
  Format format = Format::kTable;
  std::string kind, unit, channel = "in_person", received;
  std::string filer_name, filer_id, filer_address, filer_phone;
  std::string respondent, respondent_unit, respondent_position = "official";
  std::string summary, request, sector;
  std::string forwarder, forward_doc, forward_date;
  int round = 0;
  int signatories = 0;
  std::string previous_case;
  std::vector<std::string> confidential;
  bool anonymous = false;
  bool new_facts = false;
  std::vector<std::string> split;  // KIND=SUMMARY, one per content of a mixed letter
  std::string idempotency_key;
};

template <typename Enum>
Enum ParseEnum(const std::string& flag, const std::string& value,
               bool (*parse)(const std::string&, Enum*), const std::string& choices) {
  Enum out{};
  if (!parse(absl::AsciiStrToUpper(value), &out)) {
    Fail(absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": '", value, "' is not one of ", choices)));
  }
  return out;
}

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

std::string When(const google::protobuf::Timestamp& t) {
  return google::protobuf::util::TimeUtil::ToString(t).substr(0, 19);
}

// One line describing an event for the history table.
std::string Describe(const v1::CaseEvent& e) {
  switch (e.payload_case()) {
    case v1::CaseEvent::kRegistered:
      return absl::StrCat("registered as ", e.registered().reference());
    case v1::CaseEvent::kRoutingProposed: {
      const auto& c = e.routing_proposed().competence();
      return absl::StrCat("competent body proposed: ", c.resolver_unit(), " (",
                          c.resolver_position(), ") by rule ", c.rule_id());
    }
    case v1::CaseEvent::kDeadlineSet: {
      const auto& d = e.deadline_set().due();
      return absl::StrCat("clock ", d.rule_id(), ": due ", d.due_date());
    }
    case v1::CaseEvent::kSiblingsLinked:
      return absl::StrCat("split from one letter with ",
                          absl::StrJoin(e.siblings_linked().cases(), ", "));
    case v1::CaseEvent::kIdentityErased:
      return absl::StrCat("identity erased: ", e.identity_erased().reason());
    case v1::CaseEvent::kDisclosureRequested:
      return absl::StrCat("identity disclosure ", e.disclosure_requested().request_id(),
                          " requested: ", e.disclosure_requested().reason());
    case v1::CaseEvent::kDisclosureDecided:
      return absl::StrCat("identity disclosure ", e.disclosure_decided().request_id(),
                          e.disclosure_decided().approved() ? " approved: " : " refused: ",
                          e.disclosure_decided().reason());
    case v1::CaseEvent::kStateChanged:
      return absl::StrCat(Lower(v1::CaseState_Name(e.state_changed().from())), " -> ",
                          Lower(v1::CaseState_Name(e.state_changed().to())), " (",
                          e.state_changed().action(),
                          e.state_changed().linked_case().empty()
                              ? ""
                              : absl::StrCat(" ", e.state_changed().linked_case()),
                          ")");
    default:
      return "event";
  }
}

void PrintCase(const v1::Case& c, const v1::CaseHistory& history) {
  const auto& r = c.registration();
  auto row = [](const char* label, const std::string& value) {
    if (!value.empty()) std::cout << std::left << std::setw(18) << label << value << "\n";
  };
  row("Reference", absl::StrCat(c.reference(), "   (case ", c.case_id(), ")"));
  row("Kind", absl::StrCat(Lower(v1::CaseKind_Name(c.kind())),
                           c.kind() == v1::COMPLAINT ? absl::StrCat(", round ", r.round()) : ""));
  row("State", Lower(v1::CaseState_Name(c.state())));
  row("Merged into",
      c.merged_into().empty() ? "" : absl::StrCat(c.merged_into(), " (not worked separately)"));
  for (const auto& merged : c.merged_cases()) row("Merged in", merged);
  for (const auto& sibling : c.sibling_cases()) row("Same letter", sibling);
  row("Visit", r.reception_visit());
  row("Voter meeting", r.voter_meeting());
  row("Received", absl::StrCat(r.received_date(), " at ", r.receiving_unit(), " (",
                               Lower(v1::Channel_Name(r.channel())), ")"));
  for (const auto& filer : r.filers()) {
    row("Filer", filer.pseudonym().empty() ? filer.full_name()
                                           : absl::StrCat(filer.pseudonym(), " (identity sealed)"));
  }
  row("Respondent", r.respondent().description());
  row("Summary", r.summary());
  const auto& comp = c.proposed_competence();
  if (!comp.resolver_unit().empty()) {
    row("Competent body", absl::StrCat(comp.resolver_unit_name(), " [", comp.resolver_unit(), "], ",
                                       comp.resolver_position(), " (proposed)"));
    row("  rule",
        absl::StrCat(comp.rule_id(), " v", comp.rule_version(), ": ", comp.legal_basis()));
    row("  why", comp.explanation());
  }
  for (const auto& clock : c.clocks()) {
    row(clock.rule_id() == "complaint.acceptance" || clock.rule_id() == "denunciation.processing" ||
                clock.rule_id() == "petition.processing_notice"
            ? "Acceptance due"
            : "Due",
        absl::StrCat(clock.due_date(), "  (", clock.rule_id(), " v", clock.rule_version(), ", ",
                     clock.length(), " ", clock.unit() == "working_days" ? "working days" : "days",
                     " from ", clock.start_date(), "; ", clock.legal_basis(), ")"));
  }
  std::cout << "History\n";
  for (const auto& e : history.events()) {
    std::cout << "  " << std::setw(3) << e.version() << "  " << When(e.recorded_at()) << "  "
              << std::left << std::setw(14)
              << (e.actor().user().empty() ? "system" : e.actor().user()) << " " << Describe(e)
              << "\n";
  }
}

void RunRegister(Connection& connection, const RegisterFlags& f) {
  v1::RegisterCaseRequest request;
  *request.mutable_context() = connection.Context();
  request.set_idempotency_key(f.idempotency_key.empty() ? NewIdempotencyKey() : f.idempotency_key);
  request.set_new_facts_stated(f.new_facts);
  for (const std::string& content : f.split) {
    const size_t eq = content.find('=');
    v1::LetterContent* c = request.add_contents();
    c->set_kind(ParseEnum<v1::CaseKind>("split", content.substr(0, eq), v1::CaseKind_Parse,
                                        "complaint, denunciation, petition, voter_petition"));
    if (eq != std::string::npos) c->set_summary(content.substr(eq + 1));
  }
  auto* r = request.mutable_registration();
  r->set_kind(ParseEnum<v1::CaseKind>("kind", f.kind, v1::CaseKind_Parse,
                                      "complaint, denunciation, petition, voter_petition"));
  r->set_channel(ParseEnum<v1::Channel>("channel", f.channel, v1::Channel_Parse,
                                        "in_person, post, online, suggestion_box, forwarded"));
  r->set_receiving_unit(f.unit);
  r->set_received_date(f.received);
  r->set_anonymous(f.anonymous);
  if (!f.filer_name.empty() || !f.filer_id.empty()) {
    auto* p = r->add_filers();
    p->set_full_name(f.filer_name);
    p->set_id_number(f.filer_id);
    p->set_address(f.filer_address);
    p->set_phone(f.filer_phone);
    // The one filer named on the command line represents a multi-person letter's signatories.
    p->set_representative(f.signatories >= 5);
  }
  r->set_signatory_count(f.signatories);
  r->mutable_respondent()->set_description(f.respondent);
  r->mutable_respondent()->set_unit(f.respondent_unit.empty() ? f.unit : f.respondent_unit);
  r->mutable_respondent()->set_position(f.respondent_position);
  r->set_summary(f.summary);
  r->set_request(f.request);
  r->set_sector(f.sector);
  r->set_round(f.round);
  r->set_previous_case(f.previous_case);
  for (const auto& field : f.confidential) r->add_confidential_fields(field);
  if (!f.forwarder.empty() || !f.forward_doc.empty()) {
    r->mutable_forwarding()->set_forwarder(f.forwarder);
    r->mutable_forwarding()->set_document_number(f.forward_doc);
    r->mutable_forwarding()->set_document_date(f.forward_date);
  }
  auto channel = connection.Channel("intake");
  if (!channel.ok()) Fail(channel.status());
  v1::Receipt receipt;
  grpc::Status s = v1::Intake::NewStub(*channel)->RegisterCase(connection.NewCallContext().get(),
                                                               request, &receipt);
  if (!s.ok()) Fail(s);
  if (f.format == Format::kJson) {
    PrintJson(ToJson(receipt));
    return;
  }
  std::cout << receipt.reference() << "\n"
            << "Tracking PIN:    " << receipt.tracking_pin() << "\n"
            << "Received:        " << receipt.received_date() << " at " << receipt.receiving_unit()
            << "\n";
  if (!receipt.proposed_competence().resolver_unit().empty()) {
    std::cout << "Competent body:  " << receipt.proposed_competence().resolver_unit_name() << " ["
              << receipt.proposed_competence().resolver_unit() << "] (proposed)\n";
  }
  if (!receipt.acceptance_due().due_date().empty()) {
    std::cout << "Acceptance due:  " << receipt.acceptance_due().due_date() << " ("
              << receipt.acceptance_due().legal_basis() << ")\n";
  }
  if (!receipt.related_cases().empty()) {
    std::cout << "Already on file for this filer (link instead of re-registering?):\n";
    for (const auto& related : receipt.related_cases()) {
      std::cout << "  " << std::left << std::setw(16) << related.reference() << std::setw(13)
                << (related.same_matter() ? "same matter" : "same filer") << std::setw(12)
                << Lower(v1::CaseState_Name(related.state())) << related.current_unit() << "  "
                << related.received_date() << "\n";
    }
  }
  for (const auto& sibling : receipt.split_receipts()) {
    std::cout << "Also registered: " << sibling.reference() << " ("
              << Lower(v1::CaseKind_Name(sibling.kind())) << ", same letter; tracking PIN "
              << sibling.tracking_pin() << ")\n";
  }
  if (receipt.has_repeat_proposal()) {
    const auto& p = receipt.repeat_proposal();
    std::cout << "Repeat letter:   propose " << p.proposed_outcome() << " (" << p.legal_basis()
              << "): " << p.explanation() << "\n";
  }
}

void RunShow(Connection& connection, const std::string& ref, Format format) {
  auto channel = connection.Channel("store");
  if (!channel.ok()) Fail(channel.status());
  auto stub = v1::CaseStore::NewStub(*channel);
  v1::GetCaseRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(ref);
  v1::Case c;
  if (auto s = stub->GetCase(connection.NewCallContext().get(), request, &c); !s.ok()) Fail(s);
  v1::CaseHistory history;
  if (auto s = stub->GetHistory(connection.NewCallContext().get(), request, &history); !s.ok()) {
    Fail(s);
  }
  if (format == Format::kJson) {
    nlohmann::json out = ToJson(c);
    out["history"] = ToJson(history).value("events", nlohmann::json::array());
    PrintJson(out);
    return;
  }
  PrintCase(c, history);
}

void RunList(Connection& connection, const std::string& unit, const std::string& state, int limit,
             Format format) {
  v1::ListCasesRequest request;
  *request.mutable_context() = connection.Context();
  request.set_unit(unit);
  if (!state.empty()) {
    request.set_state(ParseEnum<v1::CaseState>("state", state, v1::CaseState_Parse,
                                               "received, processing, accepted, ..."));
  }
  request.mutable_page()->set_page_size(limit);
  const v1::ListCasesResponse response =
      Call<v1::CaseStore>(connection, "store", &v1::CaseStore::Stub::ListCases, request);
  if (format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  if (response.cases().empty()) {
    std::cout << "No cases.\n";
    return;
  }
  std::cout << std::left << std::setw(18) << "REFERENCE" << std::setw(14) << "KIND" << std::setw(12)
            << "STATE" << std::setw(12) << "RECEIVED" << std::setw(20) << "UNIT"
            << "SUMMARY\n";
  for (const auto& c : response.cases()) {
    std::string summary = c.registration().summary();
    if (summary.size() > 40) {
      size_t cut = 37;
      while (cut > 0 && (static_cast<unsigned char>(summary[cut]) & 0xC0) == 0x80) --cut;
      summary = summary.substr(0, cut) + "...";  // never split a UTF-8 character
    }
    std::cout << std::left << std::setw(18) << c.reference() << std::setw(14)
              << Lower(v1::CaseKind_Name(c.kind())) << std::setw(12)
              << Lower(v1::CaseState_Name(c.state())) << std::setw(12)
              << c.registration().received_date() << std::setw(20) << c.current_unit() << summary
              << "\n";
  }
  if (!response.next_page_token().empty()) std::cout << "(more: use --limit)\n";
}

void RunEraseIdentity(Connection& connection, const std::string& ref, const std::string& reason,
                      Format format) {
  v1::EraseIdentityRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(ref);
  request.set_reason(reason);
  const v1::CaseChange change =
      Call<v1::CaseStore>(connection, "store", &v1::CaseStore::Stub::EraseIdentity, request);
  if (format == Format::kJson) {
    PrintJson(ToJson(change));
    return;
  }
  std::cout << "identity in " << change.snapshot().reference()
            << " erased: its data key is destroyed; the case stays, anonymised\n";
}

}  // namespace

void AddCaseCommands(CLI::App& root, Connection& connection) {
  auto* cases = root.add_subcommand("case", "register, show and list cases");
  cases->require_subcommand(1);

  auto f = std::make_shared<RegisterFlags>();
  auto* reg = cases->add_subcommand("register", "register a letter and print its reference number");
  reg->add_option("--kind", f->kind, "complaint, denunciation, petition or voter_petition")
      ->required();
  reg->add_option("--unit", f->unit, "receiving unit code (see `civicase units`)")->required();
  reg->add_option("--channel", f->channel, "in_person, post, online, suggestion_box, forwarded")
      ->capture_default_str();
  reg->add_option("--received", f->received, "date received YYYY-MM-DD (default: today)");
  reg->add_option("--filer-name", f->filer_name, "filer's full name");
  reg->add_option("--filer-id", f->filer_id, "filer's citizen ID or passport number");
  reg->add_option("--filer-address", f->filer_address, "filer's address");
  reg->add_option("--filer-phone", f->filer_phone, "filer's phone");
  reg->add_flag("--anonymous", f->anonymous, "the letter is unsigned (recorded as information)");
  reg->add_option("--split", f->split,
                  "a letter with mixed content: KIND=SUMMARY per content, one case each; repeat");
  reg->add_flag("--new-facts", f->new_facts,
                "the filer states new facts (a finally decided complaint is then processed)");
  reg->add_option("--signatories", f->signatories, "number of signatures on the letter");
  reg->add_option("--respondent", f->respondent, "who or what the letter is about")->required();
  reg->add_option("--respondent-unit", f->respondent_unit,
                  "unit code of the respondent (default: --unit)");
  reg->add_option("--respondent-position", f->respondent_position,
                  "official, head, deputy_head or the_body")
      ->capture_default_str();
  reg->add_option("--summary", f->summary, "content summary")->required();
  reg->add_option("--request", f->request, "what the filer asks for");
  reg->add_option("--sector", f->sector, "sector, e.g. land");
  reg->add_option("--round", f->round, "complaint round (1 or 2)");
  reg->add_option("--previous-case", f->previous_case, "round 2: the round-1 case reference");
  reg->add_option("--forwarder", f->forwarder, "body that forwarded the letter");
  reg->add_option("--forward-doc", f->forward_doc, "forwarding document number");
  reg->add_option("--forward-date", f->forward_date, "forwarding document date YYYY-MM-DD");
  reg->add_option("--confidential", f->confidential,
                  "fields to seal: filers, summary, request, attachments, respondent.description")
      ->delimiter(',');
  reg->add_option("--idempotency-key", f->idempotency_key,
                  "retry key (default: a new one per command)");
  AddOutputFlag(*reg, f->format);
  reg->callback([&connection, f] { RunRegister(connection, *f); });

  auto ref = std::make_shared<std::string>();
  auto show_format = std::make_shared<Format>(Format::kTable);
  auto* show =
      cases->add_subcommand("show", "show a case: state, competent body, due dates, history");
  show->add_option("REF", *ref, "reference number (e.g. KN-2026-000001) or case id")->required();
  AddOutputFlag(*show, *show_format);
  show->callback([&connection, ref, show_format] { RunShow(connection, *ref, *show_format); });

  struct ListFlags {
    std::string unit, state;
    int limit = 50;
    Format format = Format::kTable;
  };
  auto l = std::make_shared<ListFlags>();
  auto* list = cases->add_subcommand("list", "list cases in registration order");
  list->add_option("--unit", l->unit, "only cases at this unit");
  list->add_option("--state", l->state, "only cases in this state (e.g. processing)");
  list->add_option("--limit", l->limit, "at most this many")->capture_default_str();
  AddOutputFlag(*list, l->format);
  list->callback([&connection, l] { RunList(connection, l->unit, l->state, l->limit, l->format); });

  struct EraseFlags {
    std::string ref, reason;
    Format format = Format::kTable;
  };
  auto e = std::make_shared<EraseFlags>();
  auto* erase = cases->add_subcommand(
      "erase-identity", "destroy a sealed identity's data key (the case stays, anonymised)");
  erase->add_option("REF", e->ref, "reference number or case id")->required();
  erase->add_option("--reason", e->reason, "why (e.g. the decision ordering it)")->required();
  AddOutputFlag(*erase, e->format);
  erase->callback([&connection, e] { RunEraseIdentity(connection, e->ref, e->reason, e->format); });
}

}  // namespace civicase::cli
