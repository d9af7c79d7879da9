#include "clients/cli/disclosure_commands.h"

#include <cmath>
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "civicase/v1/store.grpc.pb.h"
#include "clients/cli/output.h"
#include "google/protobuf/util/time_util.h"

namespace civicase::cli {
namespace {

using google::protobuf::util::TimeUtil;

std::unique_ptr<v1::CaseStore::Stub> Store(Connection& connection) {
  auto channel = connection.Channel("store");
  if (!channel.ok()) Fail(channel.status());
  return v1::CaseStore::NewStub(*channel);
}

std::string When(const google::protobuf::Timestamp& t) { return TimeUtil::ToString(t); }

CLI::App* Subcommand(CLI::App& root, const std::string& name, const std::string& help) {
  try {
    return root.get_subcommand(name);
  } catch (const CLI::OptionNotFound&) {
    auto* command = root.add_subcommand(name, help);
    command->require_subcommand(1);
    return command;
  }
}

struct DiscloseFlags {
  std::string ref, request_id, reason, purpose;
  double valid_hours = 0;
  Format format = Format::kTable;
};

void RunDisclose(Connection& connection, const DiscloseFlags& f) {
  v1::RequestDisclosureRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(f.ref);
  request.set_reason(f.reason);
  v1::CaseChange change;
  if (auto s =
          Store(connection)->RequestDisclosure(connection.NewCallContext().get(), request, &change);
      !s.ok()) {
    Fail(s);
  }
  if (f.format == Format::kJson) {
    PrintJson(ToJson(change));
    return;
  }
  const auto& requested = change.event().disclosure_requested();
  std::cout << requested.request_id() << "\n";
  std::cerr << "disclosure " << requested.request_id() << " of " << change.snapshot().reference()
            << " requested; an identity custodian must approve it before you can see the "
               "identity (civicase case reveal "
            << change.snapshot().reference() << " " << requested.request_id() << ")\n";
}

void RunDecide(Connection& connection, const DiscloseFlags& f, bool approve) {
  v1::DecideDisclosureRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(f.ref);
  request.set_request_id(f.request_id);
  request.set_decision(approve ? v1::DISCLOSURE_APPROVE : v1::DISCLOSURE_REFUSE);
  request.set_reason(f.reason);
  if (f.valid_hours < 0) Fail(absl::InvalidArgumentError("--valid-hours: must be positive"));
  if (f.valid_hours > 0) {
    request.set_valid_seconds(std::max<int64_t>(1, std::llround(f.valid_hours * 3600)));
  }
  v1::CaseChange change;
  if (auto s =
          Store(connection)->DecideDisclosure(connection.NewCallContext().get(), request, &change);
      !s.ok()) {
    Fail(s);
  }
  if (f.format == Format::kJson) {
    PrintJson(ToJson(change));
    return;
  }
  const auto& decided = change.event().disclosure_decided();
  std::cout << "disclosure " << decided.request_id() << " of " << change.snapshot().reference()
            << (decided.approved() ? " approved" : " refused");
  if (decided.approved()) std::cout << " until " << When(decided.expires_at());
  std::cout << "\n";
}

void RunReveal(Connection& connection, const DiscloseFlags& f) {
  v1::RevealIdentityRequest request;
  *request.mutable_context() = connection.Context();
  request.mutable_context()->set_purpose(f.purpose);
  request.set_case_ref(f.ref);
  request.set_request_id(f.request_id);
  request.set_purpose(f.purpose);
  v1::RevealIdentityResponse response;
  if (auto s =
          Store(connection)->RevealIdentity(connection.NewCallContext().get(), request, &response);
      !s.ok()) {
    Fail(s);
  }
  if (f.format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  std::cout << "Identity in " << response.reference() << " (disclosure " << response.request_id()
            << ", valid until " << When(response.expires_at())
            << "). Secret by law (Denunciations Law Art. 8(3)): do not pass it on.\n";
  for (const auto& p : response.filers()) {
    std::cout << "  " << p.pseudonym() << ": " << p.full_name();
    if (!p.id_number().empty()) std::cout << ", ID " << p.id_number();
    if (!p.address().empty()) std::cout << ", " << p.address();
    if (!p.phone().empty()) std::cout << ", phone " << p.phone();
    if (!p.email().empty()) std::cout << ", " << p.email();
    std::cout << "\n";
  }
  const v1::Registration& sealed = response.confidential_fields();
  if (!sealed.summary().empty()) std::cout << "  summary: " << sealed.summary() << "\n";
  if (!sealed.request().empty()) std::cout << "  request: " << sealed.request() << "\n";
  if (!sealed.respondent().description().empty()) {
    std::cout << "  respondent: " << sealed.respondent().description() << "\n";
  }
  for (const auto& name : sealed.attachments()) std::cout << "  attachment: " << name << "\n";
}

std::string StatusWord(v1::DisclosureStatus status) {
  switch (status) {
    case v1::DISCLOSURE_PENDING:
      return "pending";
    case v1::DISCLOSURE_APPROVED:
      return "approved";
    case v1::DISCLOSURE_REFUSED:
      return "refused";
    default:
      return "unknown";
  }
}

void RunWhoSaw(Connection& connection, const std::string& ref, Format format) {
  v1::ListDisclosuresRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(ref);
  v1::ListDisclosuresResponse response;
  if (auto s =
          Store(connection)->ListDisclosures(connection.NewCallContext().get(), request, &response);
      !s.ok()) {
    Fail(s);
  }
  if (format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  if (response.reveals().empty()) {
    std::cout << "No one has seen the identity of " << response.reference() << ".\n";
  } else {
    std::cout << "The identity of " << response.reference() << " was seen "
              << response.reveals_size() << " time(s):\n";
    for (const auto& r : response.reveals()) {
      std::cout << "  " << When(r.at()) << "  " << r.user() << " (disclosure " << r.request_id()
                << ", audit record " << r.audit_sequence() << "): " << r.purpose() << "\n";
    }
  }
  if (!response.disclosures().empty()) {
    std::cout << "Disclosure requests:\n";
    for (const auto& d : response.disclosures()) {
      std::cout << "  " << d.request_id() << "  " << StatusWord(d.status()) << "  requested by "
                << d.requested_by() << " at " << When(d.requested_at()) << ": " << d.reason()
                << "\n";
      if (d.status() != v1::DISCLOSURE_PENDING) {
        std::cout << "      " << StatusWord(d.status()) << " by " << d.decided_by() << " at "
                  << When(d.decided_at()) << ": " << d.decision_reason();
        if (d.status() == v1::DISCLOSURE_APPROVED) {
          std::cout << " (valid until " << When(d.expires_at()) << ")";
        }
        std::cout << "\n";
      }
    }
  }
}

}  // namespace

void AddDisclosureCommands(CLI::App& root, Connection& connection) {
  CLI::App* cases = Subcommand(root, "case", "cases");
  CLI::App* audit = Subcommand(root, "audit", "the audit trail");

  auto ask = std::make_shared<DiscloseFlags>();
  auto* disclose = cases->add_subcommand(
      "disclose", "ask to see a denouncer's sealed identity (an identity custodian decides)");
  disclose->add_option("REF", ask->ref, "reference number or case id")->required();
  disclose->add_option("--reason", ask->reason, "why you need the identity")->required();
  AddOutputFlag(*disclose, ask->format);
  disclose->callback([&connection, ask] { RunDisclose(connection, *ask); });

  auto* disclosure = cases->add_subcommand(
      "disclosure", "an identity custodian approves or refuses a disclosure request");
  disclosure->require_subcommand(1);
  for (const bool approve : {true, false}) {
    auto f = std::make_shared<DiscloseFlags>();
    auto* decide = disclosure->add_subcommand(
        approve ? "approve" : "refuse",
        approve ? "let the requester see the identity for a while" : "refuse the request");
    decide->add_option("REF", f->ref, "reference number or case id")->required();
    decide->add_option("REQUEST_ID", f->request_id, "the request, e.g. D1")->required();
    decide->add_option("--reason", f->reason, "why")->required();
    if (approve) {
      decide->add_option("--valid-hours", f->valid_hours,
                         "how long the requester may see it (default: the store's, 24 hours; "
                         "fractions allowed)");
    }
    AddOutputFlag(*decide, f->format);
    decide->callback([&connection, f, approve] { RunDecide(connection, *f, approve); });
  }

  auto see = std::make_shared<DiscloseFlags>();
  auto* reveal = cases->add_subcommand(
      "reveal", "see the identity under your approved disclosure request (audited)");
  reveal->add_option("REF", see->ref, "reference number or case id")->required();
  reveal->add_option("REQUEST_ID", see->request_id, "your approved request, e.g. D1")->required();
  reveal->add_option("--purpose", see->purpose, "what you use it for now")->required();
  AddOutputFlag(*reveal, see->format);
  reveal->callback([&connection, see] { RunReveal(connection, *see); });

  auto who = std::make_shared<DiscloseFlags>();
  auto* who_saw = audit->add_subcommand(
      "who-saw", "every disclosure request, decision and reveal of a case's sealed identity");
  who_saw->add_option("REF", who->ref, "reference number or case id")->required();
  AddOutputFlag(*who_saw, who->format);
  who_saw->callback([&connection, who] { RunWhoSaw(connection, who->ref, who->format); });
}

}  // namespace civicase::cli
