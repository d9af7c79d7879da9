#include "services/domain/case/letter_split.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/domain/case/registration_validation.h"

namespace civicase::domain {
namespace {

absl::Status InContent(size_t index, const absl::Status& status) {
  std::string message(status.message());
  const std::string prefix = "registration.";
  if (absl::StartsWith(message, prefix)) message = message.substr(prefix.size());
  return absl::Status(status.code(), absl::StrCat("contents[", index, "].", message));
}

}  // namespace

absl::StatusOr<std::vector<civicase::v1::Registration>> SplitLetter(
    const civicase::v1::Registration& letter,
    std::span<const civicase::v1::LetterContent> contents) {
  if (contents.size() < 2) {
    return absl::InvalidArgumentError(
        "contents: a letter with mixed content is split into at least two contents (Law on "
        "Citizen Reception Art. 25(3)); register a single content as it is");
  }
  std::vector<civicase::v1::Registration> out;
  for (size_t i = 0; i < contents.size(); ++i) {
    const civicase::v1::LetterContent& content = contents[i];
    if (content.kind() == civicase::v1::CASE_KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("contents[", i,
                       "].kind: required (complaint, denunciation, petition or voter_petition)"));
    }
    if (absl::StripAsciiWhitespace(content.summary()).empty()) {
      return absl::InvalidArgumentError(absl::StrCat("contents[", i, "].summary: required"));
    }
    civicase::v1::Registration r = letter;
    r.set_kind(content.kind());
    r.set_summary(content.summary());
    if (!content.request().empty()) r.set_request(content.request());
    if (!content.sector().empty()) r.set_sector(content.sector());
    if (content.has_respondent()) *r.mutable_respondent() = content.respondent();
    if (r.kind() != civicase::v1::COMPLAINT) {
      r.set_round(0);
      r.clear_previous_case();
    }
    if (absl::Status s = ValidateRegistration(r); !s.ok()) return InContent(i, s);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace civicase::domain
