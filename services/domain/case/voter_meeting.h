#pragma once

// Voter-contact meetings (tiếp xúc cử tri): deputies of the National Assembly or the People's
// Council meet voters together with the Fatherland Front (MTTQ), which organises the meeting;
// the petitions voters raise are collected and handled as voter petitions (kiến nghị cử tri),
// a channel of their own (Joint Resolution 72/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN; Law on the
// Fatherland Front Art. 15). One request records the meeting and its petitions.
//
// Pure; thread-safe.

#include "absl/status/status.h"
#include "civicase/v1/case.pb.h"
#include "civicase/v1/reception.pb.h"

namespace civicase::domain {

inline constexpr char kVoterMeetingBasis[] =
    "Joint Resolution 72/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN (voter-contact meetings)";

// OK, or INVALID_ARGUMENT naming the field ("meeting.deputies: at least one deputy", ...).
[[nodiscard]] absl::Status ValidateVoterMeeting(const civicase::v1::VoterMeeting& meeting);

// A petition collected at `meeting` as it is registered: kind VOTER_PETITION, forwarded by the
// deputies (the forwarding names them, the meeting and its date), received by the meeting's
// unit on the meeting's date, unsigned voters allowed. Fields already set are kept, except the
// kind and channel, which the meeting decides.
civicase::v1::Registration PetitionFromMeeting(const civicase::v1::VoterMeeting& meeting,
                                               civicase::v1::Registration petition);

}  // namespace civicase::domain
