#include "services/domain/case/reception_validation.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/domain/case/registration_validation.h"
#include "services/domain/date.h"

namespace civicase::domain {
namespace {

constexpr const char* kClassifications[] = {"complaint", "denunciation", "petition", "feedback",
                                            "question"};
constexpr const char* kResults[] = {"answered", "guided", "letter_received", "documents_receipted"};

absl::Status Invalid(const std::string& field, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("visit.", field, ": ", problem));
}

bool Blank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }

template <size_t N>
bool OneOf(const std::string& value, const char* const (&choices)[N]) {
  return std::any_of(std::begin(choices), std::end(choices),
                     [&](const char* c) { return value == c; });
}

template <size_t N>
std::string Choices(const char* const (&choices)[N]) {
  return absl::StrJoin(std::begin(choices), std::end(choices), ", ");
}

}  // namespace

absl::Status CheckRepresentatives(const std::string& field, int representatives, int person_count) {
  if (person_count < 5) {
    if (representatives > person_count) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": more representatives than persons"));
    }
    return absl::OkStatus();
  }
  const int max = person_count <= 10 ? 2 : 5;
  if (representatives < 1 || representatives > max) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": a group of ", person_count, " persons names 1 to ", max,
                     " representatives among themselves, not ", representatives,
                     " (Law on Citizen Reception Art. 29)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateVisit(const civicase::v1::ReceptionVisit& v, int letter_count) {
  if (Blank(v.receiving_unit())) return Invalid("receiving_unit", "required");
  if (!v.visit_date().empty() && !Date::Parse(v.visit_date())) {
    return Invalid("visit_date", absl::StrCat("'", v.visit_date(), "' is not a YYYY-MM-DD date"));
  }
  if (v.visitors().empty()) {
    return Invalid("visitors", "at least one visitor (name, address, ID) is required");
  }
  int representatives = 0;
  for (int i = 0; i < v.visitors_size(); ++i) {
    const auto& p = v.visitors(i);
    const std::string f = absl::StrCat("visitors[", i, "]");
    if (Blank(p.full_name())) return Invalid(f + ".full_name", "required");
    if (p.full_name().size() > kMaxNameBytes) {
      return Invalid(f + ".full_name", absl::StrCat("longer than ", kMaxNameBytes, " bytes"));
    }
    // Identity is checked at reception (Reception Law Art. 25(1)).
    if (Blank(p.id_number())) return Invalid(f + ".id_number", "required");
    if (p.representative()) ++representatives;
  }
  if (v.person_count() < 0) return Invalid("person_count", "must not be negative");
  const int persons = std::max(v.person_count(), v.visitors_size());
  if (v.person_count() > 0 && v.person_count() < v.visitors_size()) {
    return Invalid("person_count", absl::StrCat(v.person_count(), " is fewer than the ",
                                                v.visitors_size(), " visitors listed"));
  }
  if (auto s = CheckRepresentatives("visit.visitors", representatives, persons); !s.ok()) {
    return s;
  }
  if (Blank(v.content_summary())) return Invalid("content_summary", "required");
  if (v.content_summary().size() > kMaxSummaryBytes) {
    return Invalid("content_summary", absl::StrCat("longer than ", kMaxSummaryBytes, " bytes"));
  }
  if (!OneOf(v.classification(), kClassifications)) {
    return Invalid("classification", absl::StrCat("'", v.classification(), "' is not one of ",
                                                  Choices(kClassifications)));
  }
  if (!OneOf(v.result(), kResults)) {
    return Invalid("result", absl::StrCat("'", v.result(), "' is not one of ", Choices(kResults)));
  }
  if (v.result() == "guided" && Blank(v.result_detail())) {
    return Invalid("result_detail", "required when guided (the body the visitors were sent to)");
  }
  if (v.result() == "letter_received" && letter_count == 0) {
    return Invalid("result", "letter_received, but no letter is registered with the visit");
  }
  if (Blank(v.officer())) return Invalid("officer", "required (the officer who received them)");
  return absl::OkStatus();
}

bool MustSealVisitors(const civicase::v1::ReceptionVisit& visit, bool brings_denunciation) {
  return brings_denunciation || visit.classification() == "denunciation";
}

}  // namespace civicase::domain
