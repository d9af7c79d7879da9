// CaseStore command bodies of the reception register (sổ tiếp công dân): recording a visit with
// the letters it brought, and listing a unit's register; and listing a unit's voter-contact
// meetings, a register kept the same way (letter_batches.cc records them). A visit and its
// letters' cases are written by one command, so they commit in the same batch or not at all.
// Visitors' identities follow the letters' sealing rule
// (services/domain/case/reception_validation.h).

#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/time_util.h"
#include "services/domain/case/reception_validation.h"
#include "services/domain/case/registration_validation.h"
#include "services/domain/date.h"
#include "services/store/case_store.h"
#include "services/store/store_keys.h"
#include "storage/base/status_macros.h"

namespace civicase::store {
namespace {

constexpr int kDefaultRegisterPage = 100;
constexpr int kMaxRegisterPage = 500;

// A letter's validation error with its path inside the request ("letters[1].summary: ...").
absl::Status InLetter(int index, const absl::Status& status) {
  std::string message(status.message());
  const std::string prefix = "registration.";
  if (absl::StartsWith(message, prefix)) message = message.substr(prefix.size());
  return absl::Status(status.code(), absl::StrCat("letters[", index, "].", message));
}

// Page tokens are "YYYY-MM-DD/number" of the last entry returned.
std::tuple<std::string, int64_t> ParseToken(const std::string& token) {
  std::vector<std::string> parts = absl::StrSplit(token, '/');
  int64_t number = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &number)) return {"", 0};
  return {parts[0], number};
}

// A register query: a unit, and an optional range of YYYY-MM-DD dates.
absl::Status CheckRegisterQuery(const std::string& unit, const std::string& from,
                                const std::string& to) {
  if (unit.empty()) return absl::InvalidArgumentError("unit: required");
  for (const auto& [field, value] : {std::pair{"from", &from}, {"to", &to}}) {
    if (!value->empty() && !domain::Date::Parse(*value)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": '", *value, "' is not a YYYY-MM-DD date"));
    }
  }
  if (!from.empty() && !to.empty() && to < from) {
    return absl::InvalidArgumentError("to: before from");
  }
  return absl::OkStatus();
}

// One page of a register (`name`, for errors) whose entries (ReceptionVisit, VoterMeeting) are
// stored under `prefix` in date and number order; `date_of` gives an entry's date. Entries from
// `from` to `to` (inclusive, empty = open), after the page token's entry; `next_page_token` is set
// when more follow.
template <typename Entry, typename DateOf>
absl::Status ListRegister(const storage::Kv& kv, const char* name, const std::string& prefix,
                          const std::string& from, const std::string& to,
                          const v1::PageRequest& page, DateOf date_of,
                          google::protobuf::RepeatedPtrField<Entry>& entries,
                          std::string& next_page_token) {
  const int limit =
      page.page_size() <= 0 ? kDefaultRegisterPage : std::min(page.page_size(), kMaxRegisterPage);
  const auto [after_date, after_number] = ParseToken(page.page_token());
  bool damaged = false;
  bool more = false;
  RETURN_IF_ERROR(
      kv.ScanPrefix(Column::kIndexes, prefix, [&](std::string_view, std::string_view value) {
        Entry entry;
        if (!entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          damaged = true;
          return false;
        }
        const std::string& date = date_of(entry);
        if (!from.empty() && date < from) return true;
        if (!to.empty() && date > to) return false;
        if (!after_date.empty() &&
            std::make_pair(date, entry.number()) <= std::make_pair(after_date, after_number)) {
          return true;
        }
        if (entries.size() == limit) {
          more = true;
          return false;
        }
        *entries.Add() = std::move(entry);
        return true;
      }));
  if (damaged) return absl::DataLossError(absl::StrCat(name, ": an entry is damaged"));
  if (more) {
    const Entry& last = entries[entries.size() - 1];
    next_page_token = absl::StrCat(date_of(last), "/", last.number());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::RecordVisitResponse> CaseStore::DoRecordVisit(
    Txn& txn, const v1::RecordVisitRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "RecordVisit", "reception_register");
  const std::string fingerprint = KeyedFingerprint(request);
  v1::RecordVisitResponse response;
  ASSIGN_OR_RETURN(bool retried, RecallCasesAnswer(txn, "RecordVisit", request.idempotency_key(),
                                                   fingerprint, audit, response));
  if (retried) return response;

  v1::ReceptionVisit visit = request.visit();
  visit.clear_visit_id();
  visit.clear_number();
  visit.clear_case_refs();
  visit.clear_identity_sealed();
  visit.clear_recorded_at();
  const absl::Time now = options_.now();
  if (visit.visit_date().empty()) {
    visit.set_visit_date(domain::ToVietnamDate(absl::ToUnixSeconds(now)).ToString());
  }
  RETURN_IF_ERROR(domain::ValidateVisit(visit, request.letters_size()));
  RETURN_IF_ERROR(Authorize(principal, "RecordVisit", {visit.receiving_unit()}));

  // Every letter is checked before anything is written.
  std::vector<v1::Registration> letters;
  bool brings_denunciation = false;
  for (int i = 0; i < request.letters_size(); ++i) {
    v1::Registration letter = request.letters(i);
    if (letter.receiving_unit().empty()) letter.set_receiving_unit(visit.receiving_unit());
    if (letter.received_date().empty()) letter.set_received_date(visit.visit_date());
    if (letter.channel() == v1::CHANNEL_UNSPECIFIED) letter.set_channel(v1::IN_PERSON);
    if (letter.receiving_unit() != visit.receiving_unit()) {
      return absl::InvalidArgumentError(
          absl::StrCat("letters[", i, "].receiving_unit: ", letter.receiving_unit(),
                       " is not the visit's unit ", visit.receiving_unit()));
    }
    if (absl::Status s = domain::ValidateRegistration(letter); !s.ok()) return InLetter(i, s);
    brings_denunciation |= letter.kind() == v1::DENUNCIATION;
    letters.push_back(std::move(letter));
  }

  const std::string year = visit.visit_date().substr(0, 4);
  const uint64_t number =
      ++(*counters_
              .mutable_last_reference())[absl::StrCat("visit/", visit.receiving_unit(), "/", year)];
  const std::string visit_id = absl::StrCat(visit.receiving_unit(), ":", year, ":", number);
  visit.set_visit_id(visit_id);
  visit.set_number(static_cast<int64_t>(number));
  *visit.mutable_recorded_at() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
  audit.set_detail(absl::StrCat("visit ", visit_id, " with ", letters.size(), " letter(s)"));

  for (v1::Registration& letter : letters) {
    letter.set_reception_visit(visit_id);
    v1::CreateCaseRequest create;
    *create.mutable_context() = request.context();
    *create.mutable_registration() = std::move(letter);
    v1::AuditRecord letter_audit;  // the visit's record names every case
    ASSIGN_OR_RETURN(v1::CaseChange change,
                     DoCreateCase(txn, create, principal, CheckCreate(create), letter_audit));
    audit.add_case_ids(change.snapshot().case_id());
    visit.add_case_refs(change.snapshot().reference());
    *response.add_cases() = std::move(change);
  }

  if (domain::MustSealVisitors(visit, brings_denunciation)) {
    v1::Registration holder;  // the visitors, sealed as a letter's filers marked confidential
    holder.set_kind(brings_denunciation ? v1::DENUNCIATION : v1::PETITION);
    holder.add_confidential_fields("filers");
    *holder.mutable_filers() = visit.visitors();
    RETURN_IF_ERROR(options_.sealer->Seal(keys::VisitDataKeySlot(visit_id), holder, txn));
    *visit.mutable_visitors() = holder.filers();
    visit.set_identity_sealed(true);
  }
  txn.Put(Column::kIndexes, keys::Visit(visit.receiving_unit(), visit.visit_date(), number),
          visit.SerializeAsString());
  *response.mutable_visit() = std::move(visit);
  RememberAnswer(txn, "RecordVisit", request.idempotency_key(), fingerprint, response);
  return response;
}

absl::StatusOr<v1::ListVisitsResponse> CaseStore::DoListVisits(Txn&,
                                                               const v1::ListVisitsRequest& request,
                                                               const Principal& principal,
                                                               v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "ListVisits", "reception_register");
  RETURN_IF_ERROR(CheckRegisterQuery(request.unit(), request.from(), request.to()));
  RETURN_IF_ERROR(Authorize(principal, "ListVisits", {request.unit()}));
  v1::ListVisitsResponse response;
  RETURN_IF_ERROR(ListRegister(
      kv_, "reception register", keys::VisitsOfUnit(request.unit()), request.from(), request.to(),
      request.page(),
      [](const v1::ReceptionVisit& visit) -> const std::string& { return visit.visit_date(); },
      *response.mutable_visits(), *response.mutable_next_page_token()));
  audit.set_detail(absl::StrCat(response.visits_size(), " visit(s) of ", request.unit()));
  return response;
}

absl::StatusOr<v1::ListVoterMeetingsResponse> CaseStore::DoListVoterMeetings(
    Txn&, const v1::ListVoterMeetingsRequest& request, const Principal& principal,
    v1::AuditRecord& audit) {
  BeginAudit(audit, request.context(), "ListVoterMeetings", "voter_meetings");
  RETURN_IF_ERROR(CheckRegisterQuery(request.unit(), request.from(), request.to()));
  RETURN_IF_ERROR(Authorize(principal, "ListVoterMeetings", {request.unit()}));
  v1::ListVoterMeetingsResponse response;
  RETURN_IF_ERROR(ListRegister(
      kv_, "voter meetings", keys::VoterMeetingsOfUnit(request.unit()), request.from(),
      request.to(), request.page(),
      [](const v1::VoterMeeting& meeting) -> const std::string& { return meeting.meeting_date(); },
      *response.mutable_meetings(), *response.mutable_next_page_token()));
  audit.set_detail(absl::StrCat(response.meetings_size(), " voter meeting(s) of ", request.unit()));
  return response;
}

}  // namespace civicase::store
