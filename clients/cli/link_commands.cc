#include "clients/cli/link_commands.h"

#include <iostream>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "civicase/v1/store.grpc.pb.h"
#include "clients/cli/output.h"

namespace civicase::cli {
namespace {

struct MergeFlags {
  std::string ref, into, reason;
  bool unmerge = false;
  Format format = Format::kTable;
};

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

void PrintLinks(const v1::Case& c) {
  std::cout << "  " << c.reference() << " (" << Lower(v1::CaseState_Name(c.state())) << ", v"
            << c.version() << ")";
  if (!c.merged_into().empty()) std::cout << "  merged into " << c.merged_into();
  if (!c.merged_cases().empty()) {
    std::cout << "  merged in: " << absl::StrJoin(c.merged_cases(), ", ");
  }
  std::cout << "\n";
}

void RunMerge(Connection& connection, const MergeFlags& f) {
  v1::MergeCasesRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(f.ref);
  request.set_into_ref(f.into);
  request.set_reason(f.reason);
  request.set_unmerge(f.unmerge);
  const v1::MergeCasesResponse response =
      Call<v1::CaseStore>(connection, "store", &v1::CaseStore::Stub::MergeCases, request);
  if (f.format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  const v1::StateChanged& change = response.merged().event().state_changed();
  std::cout << response.merged().snapshot().reference()
            << (f.unmerge ? " unmerged from " : " merged into ")
            << response.into().snapshot().reference() << "\n";
  std::cout << "  Legal basis:  " << change.legal_basis() << "\n"
            << "  Reason:       " << change.reason() << "\n";
  PrintLinks(response.merged().snapshot());
  PrintLinks(response.into().snapshot());
}

}  // namespace

void AddLinkCommands(CLI::App& root, Connection& connection) {
  CLI::App* cases = nullptr;
  try {
    cases = root.get_subcommand("case");
  } catch (const CLI::OptionNotFound&) {
    cases = root.add_subcommand("case", "cases");
  }
  {
    auto f = std::make_shared<MergeFlags>();
    auto* cmd = cases->add_subcommand(
        "merge", "merge a duplicate into the case it repeats (reversible with unmerge)");
    cmd->add_option("REF", f->ref, "the duplicate: reference number or case id")->required();
    cmd->add_option("--into", f->into, "the case on file it repeats")->required();
    cmd->add_option("--reason", f->reason, "why it is the same matter")->required();
    AddOutputFlag(*cmd, f->format);
    cmd->callback([&connection, f] { RunMerge(connection, *f); });
  }
  {
    auto f = std::make_shared<MergeFlags>();
    f->unmerge = true;
    auto* cmd = cases->add_subcommand(
        "unmerge", "take a merged case out again: it is worked separately in its former state");
    cmd->add_option("REF", f->ref, "the merged case: reference number or case id")->required();
    cmd->add_option("--from", f->into, "the case it is merged into (default: as recorded)");
    cmd->add_option("--reason", f->reason, "why it is a separate matter")->required();
    AddOutputFlag(*cmd, f->format);
    cmd->callback([&connection, f] { RunMerge(connection, *f); });
  }
}

}  // namespace civicase::cli
