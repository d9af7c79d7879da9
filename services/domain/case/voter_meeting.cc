#include "services/domain/case/voter_meeting.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/domain/date.h"

namespace civicase::domain {
namespace {

absl::Status Invalid(const std::string& field, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("meeting.", field, ": ", problem));
}

bool Blank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }

}  // namespace

absl::Status ValidateVoterMeeting(const civicase::v1::VoterMeeting& m) {
  if (Blank(m.receiving_unit())) return Invalid("receiving_unit", "required");
  if (m.meeting_date().empty()) return Invalid("meeting_date", "required");
  if (!Date::Parse(m.meeting_date())) {
    return Invalid("meeting_date",
                   absl::StrCat("'", m.meeting_date(), "' is not a YYYY-MM-DD date"));
  }
  if (Blank(m.place())) return Invalid("place", "required");
  if (m.deputies().empty()) return Invalid("deputies", "at least one deputy met the voters");
  for (int i = 0; i < m.deputies_size(); ++i) {
    if (Blank(m.deputies(i))) return Invalid(absl::StrCat("deputies[", i, "]"), "empty name");
  }
  if (Blank(m.fatherland_front_unit())) {
    return Invalid("fatherland_front_unit",
                   "required (the Fatherland Front committee that organised the meeting)");
  }
  if (m.voter_count() < 0) return Invalid("voter_count", "must not be negative");
  return absl::OkStatus();
}

civicase::v1::Registration PetitionFromMeeting(const civicase::v1::VoterMeeting& meeting,
                                               civicase::v1::Registration petition) {
  petition.set_kind(civicase::v1::VOTER_PETITION);
  petition.set_channel(civicase::v1::FORWARDED);
  if (petition.receiving_unit().empty()) petition.set_receiving_unit(meeting.receiving_unit());
  if (petition.received_date().empty()) petition.set_received_date(meeting.meeting_date());
  if (petition.filers().empty()) petition.set_anonymous(true);  // raised by voters at large
  auto* forwarding = petition.mutable_forwarding();
  if (forwarding->forwarder().empty()) {
    forwarding->set_forwarder(absl::StrCat("Đại biểu ", absl::StrJoin(meeting.deputies(), ", "),
                                           " (tiếp xúc cử tri, ", meeting.place(), ")"));
  }
  if (forwarding->document_number().empty()) {
    forwarding->set_document_number(meeting.meeting_id().empty()
                                        ? std::string("voter meeting")
                                        : absl::StrCat("voter meeting ", meeting.meeting_id()));
  }
  if (forwarding->document_date().empty()) forwarding->set_document_date(meeting.meeting_date());
  return petition;
}

}  // namespace civicase::domain
