#include "services/domain/case/registration_validation.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/case/reception_validation.h"
#include "services/domain/date.h"

namespace civicase::domain {
namespace {

using civicase::v1::Registration;

absl::Status Invalid(const std::string& field, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("registration.", field, ": ", problem));
}

bool Blank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }

absl::Status CheckText(const std::string& field, const std::string& value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("registration.", field, ": longer than ", max_bytes, " bytes"));
  }
  return absl::OkStatus();
}

// Citizen ID (12 digits), old ID card (9 digits) or a passport number (a letter and 7-8 digits).
bool PlausibleIdNumber(const std::string& id) {
  if (id.size() < 8 || id.size() > 12) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status CheckDate(const std::string& field, const std::string& value, bool required) {
  if (value.empty()) return required ? Invalid(field, "required") : absl::OkStatus();
  if (!Date::Parse(value))
    return Invalid(field, absl::StrCat("'", value, "' is not a YYYY-MM-DD date"));
  return absl::OkStatus();
}

absl::Status CheckConfidentialFields(const Registration& r) {
  if (!r.sealed_fields().empty()) return Invalid("sealed_fields", "set by the store only");
  for (int i = 0; i < r.confidential_fields_size(); ++i) {
    const std::string& field = r.confidential_fields(i);
    const std::string path = absl::StrCat("confidential_fields[", i, "]");
    if (std::find(std::begin(kConfidentialFields), std::end(kConfidentialFields), field) ==
        std::end(kConfidentialFields)) {
      std::string allowed;
      for (std::string_view name : kConfidentialFields) {
        allowed += (allowed.empty() ? "" : ", ") + std::string(name);
      }
      return Invalid(path,
                     absl::StrCat("'", field.substr(0, 64),
                                  "' cannot be marked confidential (allowed: ", allowed, ")"));
    }
    for (int j = 0; j < i; ++j) {
      if (r.confidential_fields(j) == field) return Invalid(path, "'" + field + "' listed twice");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRegistration(const Registration& r) {
  if (r.kind() == civicase::v1::CASE_KIND_UNSPECIFIED ||
      !civicase::v1::CaseKind_IsValid(r.kind())) {
    return Invalid("kind", "required (complaint, denunciation, petition or voter_petition)");
  }
  if (r.channel() == civicase::v1::CHANNEL_UNSPECIFIED ||
      !civicase::v1::Channel_IsValid(r.channel())) {
    return Invalid("channel", "required");
  }
  if (Blank(r.receiving_unit())) return Invalid("receiving_unit", "required");
  if (auto s = CheckDate("received_date", r.received_date(), false); !s.ok()) return s;

  if (r.anonymous()) {
    if (r.kind() == civicase::v1::DENUNCIATION || r.kind() == civicase::v1::COMPLAINT) {
      return Invalid("anonymous",
                     "an anonymous letter is not processed as a complaint or denunciation "
                     "(Denunciations Law Art. 25; Complaints Law Art. 11(5)): register it as a "
                     "petition (information)");
    }
  } else if (r.filers().empty()) {
    return Invalid("filers", "at least one filer is required");
  }
  if (r.filers_size() > kMaxFilers) {
    return absl::ResourceExhaustedError(
        absl::StrCat("registration.filers: more than ", kMaxFilers, " filers"));
  }
  for (int i = 0; i < r.filers_size(); ++i) {
    const auto& p = r.filers(i);
    const std::string f = absl::StrCat("filers[", i, "]");
    if (Blank(p.full_name())) return Invalid(f + ".full_name", "required");
    if (auto s = CheckText(f + ".full_name", p.full_name(), kMaxNameBytes); !s.ok()) return s;
    if (p.id_number().empty()) return Invalid(f + ".id_number", "required");
    if (!PlausibleIdNumber(p.id_number())) {
      return Invalid(f + ".id_number",
                     "must be a 12-digit citizen ID, a 9-digit ID card or a passport number");
    }
    for (const auto* text : {&p.address(), &p.phone(), &p.email()}) {
      if (auto s = CheckText(f, *text, kMaxShortTextBytes); !s.ok()) return s;
    }
  }
  if (r.signatory_count() < 0) return Invalid("signatory_count", "must not be negative");
  // Several signatories: >= 5 signatures make a multi-person letter (Circular 07/2014/TT-TTCP
  // Art. 6(4)), whose representatives are among its filers, as many as Reception Law Art. 29
  // allows (representatives are marked on the filers, so they are filers by construction).
  if (r.signatory_count() > 0 && r.signatory_count() < r.filers_size()) {
    return Invalid("signatory_count", absl::StrCat(r.signatory_count(), " is fewer than the ",
                                                   r.filers_size(), " filers listed"));
  }
  int representatives = 0;
  for (const auto& p : r.filers()) representatives += p.representative() ? 1 : 0;
  if (auto s = CheckRepresentatives("registration.filers", representatives,
                                    std::max(r.signatory_count(), r.filers_size()));
      !s.ok()) {
    return s;
  }

  if (Blank(r.respondent().description())) return Invalid("respondent.description", "required");
  if (auto s =
          CheckText("respondent.description", r.respondent().description(), kMaxShortTextBytes);
      !s.ok()) {
    return s;
  }
  if (Blank(r.summary())) return Invalid("summary", "required");
  if (auto s = CheckText("summary", r.summary(), kMaxSummaryBytes); !s.ok()) return s;
  if (auto s = CheckText("request", r.request(), kMaxSummaryBytes); !s.ok()) return s;

  if (r.channel() == civicase::v1::FORWARDED) {
    if (Blank(r.forwarding().forwarder()))
      return Invalid("forwarding.forwarder", "required when forwarded");
    if (Blank(r.forwarding().document_number())) {
      return Invalid("forwarding.document_number", "required when forwarded");
    }
    if (auto s = CheckDate("forwarding.document_date", r.forwarding().document_date(), true);
        !s.ok()) {
      return s;
    }
  }
  if (r.round() < 0 || r.round() > 2) return Invalid("round", "must be 1 or 2");
  if (r.round() == 2) {
    if (r.kind() != civicase::v1::COMPLAINT)
      return Invalid("round", "only complaints have a second round");
    if (Blank(r.previous_case())) {
      return Invalid("previous_case", "a second-round complaint must name its round-1 case");
    }
  }
  return CheckConfidentialFields(r);
}

}  // namespace civicase::domain
