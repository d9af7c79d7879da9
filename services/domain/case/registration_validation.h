#pragma once

// Checks a registration against what the law requires a letter to contain (Complaints Law
// Art. 8(2); Denunciations Law Art. 23(1), 25; Reception Law Art. 25) and against size limits.
// Pure; thread-safe.

#include <string_view>

#include "absl/status/status.h"
#include "civicase/v1/case.pb.h"

namespace civicase::domain {

// Size limits on free text, in bytes (UTF-8).
inline constexpr size_t kMaxNameBytes = 200;
inline constexpr size_t kMaxShortTextBytes = 1000;
inline constexpr size_t kMaxSummaryBytes = 20000;
inline constexpr int kMaxFilers = 1000;

// The registration fields a clerk may mark confidential (Registration.confidential_fields):
// sealed at rest and shown as kSealedPlaceholder, like a denouncer's identity.
inline constexpr std::string_view kConfidentialFields[] = {"filers", "summary", "request",
                                                           "attachments", "respondent.description"};
inline constexpr std::string_view kSealedPlaceholder = "[mật]";

// OK, or INVALID_ARGUMENT whose message starts with the offending field's path, e.g.
// "registration.filers[0].id_number: required". RESOURCE_EXHAUSTED for oversized fields.
[[nodiscard]] absl::Status ValidateRegistration(const civicase::v1::Registration& registration);

}  // namespace civicase::domain
