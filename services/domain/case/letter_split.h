#pragma once

// A letter with mixed content (nội dung hỗn hợp: e.g. a complaint about a decision and a
// denunciation of the official who made it) becomes one case per content, linked as siblings:
// the law has the citizen guided to split it (Law on Citizen Reception Art. 25(3)); the register
// keeps one intake and N cases. Each content has its own kind, summary and, when it differs,
// respondent; everything else (filers, channel, unit, dates, forwarding) is the letter's.
//
// Pure; thread-safe.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "civicase/v1/case.pb.h"
#include "civicase/v1/intake.pb.h"

namespace civicase::domain {

// The registrations of the cases `letter` splits into, one per content, in order.
// INVALID_ARGUMENT naming the field: fewer than two contents ("contents: ..."), a content
// without kind or summary ("contents[1].summary: required"), or a resulting registration that
// ValidateRegistration refuses ("contents[1].<field>: ...").
[[nodiscard]] absl::StatusOr<std::vector<civicase::v1::Registration>> SplitLetter(
    const civicase::v1::Registration& letter,
    std::span<const civicase::v1::LetterContent> contents);

}  // namespace civicase::domain
