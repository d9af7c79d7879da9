#include "clients/cli/visit_commands.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "civicase/v1/intake.grpc.pb.h"
#include "clients/cli/output.h"

namespace civicase::cli {
namespace {

struct VisitFlags {
  std::string file;
  std::string unit, date, name, id, address, summary, prior, request, classification, sector;
  std::string result, result_detail, officer;
  int persons = 0;
  // One letter from the visit itself: its kind and respondent (the visitor files it).
  std::string letter_kind, respondent, respondent_unit, respondent_position = "official";
  std::string idempotency_key;
  Format format = Format::kTable;
};

struct ListFlags {
  std::string unit, from, to;
  int limit = 100;
  Format format = Format::kTable;
};

v1::RegisterVisitRequest FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) Fail(absl::NotFoundError(absl::StrCat("--file: cannot read ", path)));
  std::stringstream text;
  text << in.rdbuf();
  v1::RegisterVisitRequest request;
  auto parsed = google::protobuf::util::JsonStringToMessage(text.str(), &request);
  if (!parsed.ok()) {
    Fail(absl::InvalidArgumentError(
        absl::StrCat("--file: not a RegisterVisitRequest in proto JSON: ", parsed.ToString())));
  }
  return request;
}

v1::RegisterVisitRequest FromFlags(const VisitFlags& f) {
  v1::RegisterVisitRequest request;
  v1::ReceptionVisit& v = *request.mutable_visit();
  v.set_receiving_unit(f.unit);
  v.set_visit_date(f.date);
  if (!f.name.empty() || !f.id.empty()) {
    v1::Person& p = *v.add_visitors();
    p.set_full_name(f.name);
    p.set_id_number(f.id);
    p.set_address(f.address);
    p.set_representative(f.persons >= 5);
  }
  v.set_person_count(f.persons);
  v.set_content_summary(f.summary);
  v.set_prior_handling(f.prior);
  v.set_request(f.request);
  v.set_classification(f.classification);
  v.set_sector(f.sector);
  v.set_result(f.result);
  v.set_result_detail(f.result_detail);
  v.set_officer(f.officer);
  if (!f.letter_kind.empty()) {
    v1::Registration& r = *request.add_letters();
    v1::CaseKind kind{};
    if (!v1::CaseKind_Parse(absl::AsciiStrToUpper(f.letter_kind), &kind)) {
      Fail(absl::InvalidArgumentError(
          absl::StrCat("--letter-kind: '", f.letter_kind,
                       "' is not one of complaint, denunciation, petition, voter_petition")));
    }
    r.set_kind(kind);
    *r.add_filers() = v.visitors().empty() ? v1::Person() : v.visitors(0);
    r.set_signatory_count(f.persons);
    r.mutable_respondent()->set_description(f.respondent);
    r.mutable_respondent()->set_unit(f.respondent_unit.empty() ? f.unit : f.respondent_unit);
    r.mutable_respondent()->set_position(f.respondent_position);
    r.set_summary(f.summary);
    r.set_request(f.request);
    r.set_sector(f.sector);
  }
  return request;
}

std::string Visitors(const v1::ReceptionVisit& v) {
  std::vector<std::string> names;
  for (const auto& p : v.visitors()) {
    names.push_back(p.pseudonym().empty() ? p.full_name() : p.pseudonym() + " (sealed)");
  }
  return absl::StrJoin(names, ", ");
}

void RunRegister(Connection& connection, const VisitFlags& f) {
  v1::RegisterVisitRequest request = f.file.empty() ? FromFlags(f) : FromFile(f.file);
  *request.mutable_context() = connection.Context();
  if (!f.idempotency_key.empty()) request.set_idempotency_key(f.idempotency_key);
  if (request.idempotency_key().empty()) request.set_idempotency_key(NewIdempotencyKey());
  const v1::RegisterVisitResponse response =
      Call<v1::Intake>(connection, "intake", &v1::Intake::Stub::RegisterVisit, request);
  if (f.format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  const v1::ReceptionVisit& v = response.visit();
  std::cout << "Visit no. " << v.number() << "/" << v.visit_date().substr(0, 4) << " at "
            << v.receiving_unit() << " on " << v.visit_date() << "  (" << v.visit_id() << ")\n"
            << "Visitors:        " << Visitors(v) << "\n"
            << "Result:          " << v.result()
            << (v.result_detail().empty() ? "" : ": " + v.result_detail()) << "\n";
  if (response.receipts().empty()) std::cout << "No letter registered.\n";
  for (const auto& receipt : response.receipts()) {
    std::cout << "Letter:          " << receipt.reference() << "  tracking PIN "
              << receipt.tracking_pin() << "\n";
    for (const auto& related : receipt.related_cases()) {
      std::cout << "  already on file: " << related.reference()
                << (related.same_matter() ? " (same matter)" : " (same filer)") << "\n";
    }
  }
}

// A register listing's request (ListVisitsRequest, ListVoterMeetingsRequest) from the flags.
template <typename Request>
Request RegisterQuery(Connection& connection, const ListFlags& f) {
  Request request;
  *request.mutable_context() = connection.Context();
  request.set_unit(f.unit);
  request.set_from(f.from);
  request.set_to(f.to);
  request.mutable_page()->set_page_size(f.limit);
  return request;
}

// The title line of a register listing.
void PrintRegisterTitle(const std::string& title, const ListFlags& f) {
  std::cout << title << " of " << f.unit;
  if (!f.from.empty() || !f.to.empty()) std::cout << ", " << f.from << " .. " << f.to;
  std::cout << "\n";
}

void RunList(Connection& connection, const ListFlags& f) {
  const v1::ListVisitsResponse response =
      Call<v1::Intake>(connection, "intake", &v1::Intake::Stub::ListVisits,
                       RegisterQuery<v1::ListVisitsRequest>(connection, f));
  if (f.format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  PrintRegisterTitle("Reception register (sổ tiếp công dân)", f);
  if (response.visits().empty()) {
    std::cout << "No visits.\n";
    return;
  }
  std::cout << Cell("NO.", 6) << Cell("DATE", 12) << Cell("VISITORS", 26) << Cell("PERS.", 6)
            << Cell("CLASS", 13) << Cell("SUMMARY", 32) << Cell("RESULT", 20) << Cell("OFFICER", 12)
            << "CASES\n";
  for (const auto& v : response.visits()) {
    std::cout << Cell(std::to_string(v.number()), 6) << Cell(v.visit_date(), 12)
              << Cell(Visitors(v), 26)
              << Cell(std::to_string(std::max(v.person_count(), v.visitors_size())), 6)
              << Cell(v.classification(), 13) << Cell(v.content_summary(), 32)
              << Cell(v.result(), 20) << Cell(v.officer(), 12) << absl::StrJoin(v.case_refs(), " ")
              << "\n";
  }
  if (!response.next_page_token().empty()) std::cout << "(more: use --limit)\n";
}

void RunMeetingList(Connection& connection, const ListFlags& f) {
  const v1::ListVoterMeetingsResponse response =
      Call<v1::Intake>(connection, "intake", &v1::Intake::Stub::ListVoterMeetings,
                       RegisterQuery<v1::ListVoterMeetingsRequest>(connection, f));
  if (f.format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  PrintRegisterTitle("Voter-contact meetings (tiếp xúc cử tri)", f);
  if (response.meetings().empty()) {
    std::cout << "No meetings.\n";
    return;
  }
  std::cout << Cell("NO.", 6) << Cell("DATE", 12) << Cell("PLACE", 26) << Cell("DEPUTIES", 30)
            << Cell("ORGANISED BY", 24) << Cell("VOTERS", 8) << "PETITIONS\n";
  for (const auto& m : response.meetings()) {
    std::cout << Cell(std::to_string(m.number()), 6) << Cell(m.meeting_date(), 12)
              << Cell(m.place(), 26) << Cell(absl::StrJoin(m.deputies(), ", "), 30)
              << Cell(m.fatherland_front_unit(), 24) << Cell(std::to_string(m.voter_count()), 8)
              << absl::StrJoin(m.case_refs(), " ") << "\n";
  }
  if (!response.next_page_token().empty()) std::cout << "(more: use --limit)\n";
}

// The flags of a register listing (`visit list`, `voter-meeting list`).
void AddListFlags(CLI::App& list, ListFlags& l, const std::string& unit_help) {
  list.add_option("--unit", l.unit, unit_help)->required();
  list.add_option("--from", l.from, "first date YYYY-MM-DD");
  list.add_option("--to", l.to, "last date YYYY-MM-DD");
  list.add_option("--limit", l.limit, "at most this many")->capture_default_str();
  AddOutputFlag(list, l.format);
}

void RunVoterMeeting(Connection& connection, const std::string& path, Format format) {
  std::ifstream in(path);
  if (!in) Fail(absl::NotFoundError(absl::StrCat("--file: cannot read ", path)));
  std::stringstream text;
  text << in.rdbuf();
  v1::RegisterVoterMeetingRequest request;
  if (auto parsed = google::protobuf::util::JsonStringToMessage(text.str(), &request);
      !parsed.ok()) {
    Fail(absl::InvalidArgumentError(absl::StrCat(
        "--file: not a RegisterVoterMeetingRequest in proto JSON: ", parsed.ToString())));
  }
  *request.mutable_context() = connection.Context();
  if (request.idempotency_key().empty()) request.set_idempotency_key(NewIdempotencyKey());
  const v1::RegisterVoterMeetingResponse response =
      Call<v1::Intake>(connection, "intake", &v1::Intake::Stub::RegisterVoterMeeting, request);
  if (format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  const v1::VoterMeeting& m = response.meeting();
  std::cout << "Voter meeting no. " << m.number() << "/" << m.meeting_date().substr(0, 4) << " of "
            << m.receiving_unit() << " on " << m.meeting_date() << " at " << m.place() << "  ("
            << m.meeting_id() << ")\n"
            << "Deputies:        " << absl::StrJoin(m.deputies(), ", ") << "\n"
            << "Organised by:    " << m.fatherland_front_unit() << ", " << m.voter_count()
            << " voters\n";
  for (const auto& receipt : response.receipts()) {
    std::cout << "Petition:        " << receipt.reference() << "\n";
  }
}

}  // namespace

void AddVoterMeetingCommands(CLI::App& root, Connection& connection) {
  auto* meeting = root.add_subcommand(
      "voter-meeting", "voter-contact meetings (tiếp xúc cử tri) and their petitions");
  meeting->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto format = std::make_shared<Format>(Format::kTable);
  auto* reg = meeting->add_subcommand(
      "register", "record a meeting and register the petitions collected at it, in one go");
  reg->add_option("--file", *file,
                  "civicase.v1.RegisterVoterMeetingRequest in proto JSON: "
                  "{\"meeting\": {...}, \"petitions\": [...]}; with an \"idempotencyKey\" "
                  "in it, running the same file again records nothing new")
      ->required();
  AddOutputFlag(*reg, *format);
  reg->callback([&connection, file, format] { RunVoterMeeting(connection, *file, *format); });

  auto l = std::make_shared<ListFlags>();
  auto* list = meeting->add_subcommand(
      "list", "print a unit's voter-contact meetings with their petitions' references");
  AddListFlags(*list, *l, "the body whose deputies met voters (e.g. the HĐND's unit code)");
  list->callback([&connection, l] { RunMeetingList(connection, *l); });
}

void AddVisitCommands(CLI::App& root, Connection& connection) {
  auto* visit =
      root.add_subcommand("visit", "the reception register (sổ tiếp công dân): visits and letters");
  visit->require_subcommand(1);

  auto f = std::make_shared<VisitFlags>();
  auto* reg = visit->add_subcommand(
      "register", "record a visit in the register, with the letter(s) it brought");
  reg->add_option("--file", f->file,
                  "the whole request as proto JSON: {\"visit\": {...}, \"letters\": [...]}");
  reg->add_option("--unit", f->unit, "receiving unit code");
  reg->add_option("--date", f->date, "visit date YYYY-MM-DD (default: today)");
  reg->add_option("--visitor-name", f->name, "visitor's full name");
  reg->add_option("--visitor-id", f->id, "visitor's citizen ID or passport number");
  reg->add_option("--visitor-address", f->address, "visitor's address");
  reg->add_option("--persons", f->persons, "number of persons who came (default: 1)");
  reg->add_option("--summary", f->summary, "content summary");
  reg->add_option("--prior-handling", f->prior, "what bodies have already done");
  reg->add_option("--request", f->request, "what the visitors ask for");
  reg->add_option("--class", f->classification,
                  "complaint, denunciation, petition, feedback or question");
  reg->add_option("--sector", f->sector, "sector, e.g. land");
  reg->add_option("--result", f->result,
                  "answered, guided, letter_received or documents_receipted");
  reg->add_option("--result-detail", f->result_detail, "e.g. the body the visitors were guided to");
  reg->add_option("--officer", f->officer, "the receiving officer");
  reg->add_option("--letter-kind", f->letter_kind,
                  "register the visitor's letter as a case of this kind (complaint, ...)");
  reg->add_option("--respondent", f->respondent, "the letter's respondent");
  reg->add_option("--respondent-unit", f->respondent_unit, "respondent's unit (default: --unit)");
  reg->add_option("--respondent-position", f->respondent_position,
                  "official, head, deputy_head or the_body")
      ->capture_default_str();
  reg->add_option("--idempotency-key", f->idempotency_key,
                  "retry key: the same key again returns the first visit instead of recording "
                  "another (default: the file's, else a new one per command)");
  AddOutputFlag(*reg, f->format);
  reg->callback([&connection, f] { RunRegister(connection, *f); });

  auto l = std::make_shared<ListFlags>();
  auto* list = visit->add_subcommand("list", "print a unit's reception register");
  AddListFlags(*list, *l, "receiving unit code");
  list->callback([&connection, l] { RunList(connection, *l); });
}

}  // namespace civicase::cli
