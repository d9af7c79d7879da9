#pragma once

// The law's repeat rules, applied when a letter arrives that repeats a matter already on file
// (the same filer, respondent and subject: Case.matter_key). With their conditions:
//  - A complaint on a matter whose complainant was already guided (hướng dẫn) to the competent
//    body is not guided again: the processing slip proposes filing it away (a complainant is
//    guided once: Circular 07/2014/TT-TTCP Art. 8, carried into Circular 05/2021/TT-TTCP).
//  - A complaint on a matter already decided in the second round (finally decided) is proposed
//    not accepted (Law on Complaints Art. 11(7)), unless the filer states new facts.
// Other kinds and first letters get no proposal: they are processed as usual. A proposal is
// advice to the processing officer, never a refusal: intake shows it on the receipt
// (Receipt.repeat_proposal) and routing notes it on the processing slip (the event's note).
//
// Pure, stateless, thread-safe.

#include <optional>
#include <span>
#include <string>

#include "civicase/v1/case.pb.h"

namespace civicase::domain {

struct RepeatProposal {
  std::string outcome;     // the processing outcome proposed: "file_away" or "refuse"
  std::string prior_case;  // reference of the case on file that triggers the rule
  std::string legal_basis;
  std::string explanation;  // for the receipt and the processing slip
};

// The proposal for a new letter of `kind` given the cases on file for the same matter
// (`same_matter`, any order), or nullopt when no repeat rule applies.
std::optional<RepeatProposal> ProposeForRepeat(civicase::v1::CaseKind kind,
                                               std::span<const civicase::v1::Case> same_matter,
                                               bool new_facts_stated);

}  // namespace civicase::domain
