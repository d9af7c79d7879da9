#include "services/domain/case/repeat_rules.h"

#include "absl/strings/str_cat.h"

namespace civicase::domain {
namespace {

using civicase::v1::Case;

// Round 2 decided: the decision exists whatever happened after it.
bool FinallyDecided(const Case& c) {
  if (c.kind() != civicase::v1::COMPLAINT || c.registration().round() != 2) return false;
  switch (c.state()) {
    case civicase::v1::DECIDED:
    case civicase::v1::EFFECTIVE:
    case civicase::v1::ENFORCING:
    case civicase::v1::CLOSED:
    case civicase::v1::LAWSUIT:
      return true;
    default:
      return false;
  }
}

bool Guided(const Case& c) {
  return c.kind() == civicase::v1::COMPLAINT && c.state() == civicase::v1::GUIDED;
}

}  // namespace

std::optional<RepeatProposal> ProposeForRepeat(civicase::v1::CaseKind kind,
                                               std::span<const Case> same_matter,
                                               bool new_facts_stated) {
  if (kind != civicase::v1::COMPLAINT) return std::nullopt;
  if (!new_facts_stated) {
    for (const Case& c : same_matter) {
      if (!FinallyDecided(c)) continue;
      return RepeatProposal{
          .outcome = "refuse",
          .prior_case = c.reference(),
          .legal_basis = "Law on Complaints Art. 11(7)",
          .explanation =
              absl::StrCat("the matter was decided in the second round in ", c.reference(),
                           " and no new facts are stated: propose not to accept"),
      };
    }
  }
  for (const Case& c : same_matter) {
    if (!Guided(c)) continue;
    return RepeatProposal{
        .outcome = "file_away",
        .prior_case = c.reference(),
        .legal_basis = "Circular 07/2014/TT-TTCP Art. 8 (guided once; Circular 05/2021/TT-TTCP)",
        .explanation = absl::StrCat("the complainant was already guided on this matter in ",
                                    c.reference(), ": not guided again, propose filing it away"),
    };
  }
  return std::nullopt;
}

}  // namespace civicase::domain
