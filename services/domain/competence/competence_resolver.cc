#include "services/domain/competence/competence_resolver.h"

#include <cstdio>

#include "absl/status/status.h"
#include "services/domain/lifecycle/internal/text.h"
#include "storage/base/status_macros.h"

namespace civicase::domain {
namespace {

using internal::Cat;

std::string Share(double share) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.2f", share);
  return buf;
}

std::string Describe(const Unit& u) {
  return Cat(u.name_en, " (", u.code, "; ", ToString(u.type), ", ", ToString(u.level), ")");
}

bool NeverResolves(const Unit& u) {
  return u.type == UnitType::kPeoplesCouncil || u.type == UnitType::kFatherlandFront;
}

std::string RoleText(RespondentRole role) {
  switch (role) {
    case RespondentRole::kOfficial:
      return "an official of";
    case RespondentRole::kHead:
      return "the head of";
    case RespondentRole::kDeputyHead:
      return "a deputy head of";
    case RespondentRole::kTheBody:
      return "the body";
  }
  return "";
}

}  // namespace

absl::StatusOr<CompetenceResolver> CompetenceResolver::LoadDefault() {
  ASSIGN_OR_RETURN(Directory directory, Directory::LoadDefault());
  ASSIGN_OR_RETURN(CompetenceRules rules, CompetenceRules::LoadDefault());
  return CompetenceResolver(std::move(directory), std::move(rules));
}

absl::StatusOr<const Unit*> CompetenceResolver::RespondentOn(const std::string& code, Date at,
                                                             std::string& note) const {
  const Unit* u = directory_.FindAnyDate(code);
  if (u == nullptr) return absl::NotFoundError(Cat("unknown respondent unit ", code));
  for (int hops = 0; !u->ValidOn(at); ++hops) {
    if (u->valid_from && at < *u->valid_from) {
      return absl::FailedPreconditionError(Cat("respondent unit ", u->code, " was established on ",
                                               u->valid_from->ToString(), ", after ",
                                               at.ToString()));
    }
    auto successors = directory_.Successors(*u);
    if (successors.empty() || hops > 8) {
      return absl::FailedPreconditionError(Cat(DescribeCessation(directory_, *u),
                                               "; nothing to resolve the case against on ",
                                               at.ToString()));
    }
    auto largest = successors.front();
    for (const auto& s : successors) {
      if (s.second > largest.second) largest = s;
    }
    note += Cat("Respondent unit ", u->code, " ceased on ", u->valid_to->ToString(),
                "; the case is resolved against its successor with the largest share of "
                "territory, ",
                largest.first->code, " (share ", Share(largest.second),
                u->shares_approximate ? ", approximate" : "", "). ");
    u = largest.first;
  }
  return u;
}

absl::StatusOr<const Unit*> CompetenceResolver::ResolverUnit(const CompetenceRule& rule,
                                                             const Unit& respondent,
                                                             Date at) const {
  const Unit* out = nullptr;
  switch (rule.resolver) {
    case ResolverKind::kHeadOfRespondentUnit:
      out = &respondent;
      break;
    case ResolverKind::kHeadOfDirectSuperior:
      out = directory_.Parent(respondent);
      break;
    case ResolverKind::kProvincialChair:
      for (out = directory_.Parent(respondent); out != nullptr; out = directory_.Parent(*out)) {
        if (out->level == UnitLevel::kProvince && out->type == UnitType::kPeoplesCommittee) break;
      }
      break;
    case ResolverKind::kPcOfRespondentArea:
      out = directory_.PeoplesCommitteeOfArea(respondent, at);
      break;
    case ResolverKind::kNone:
      return absl::FailedPreconditionError(Cat("rule ", rule.id, " v", rule.version, " (",
                                               rule.legal_basis, "): ", rule.explanation));
  }
  if (out == nullptr || !out->ValidOn(at)) {
    return absl::FailedPreconditionError(
        Cat("rule ", rule.id, " v", rule.version, " needs the ", ToString(rule.resolver), " of ",
            respondent.code, ", but the directory has none valid on ", at.ToString()));
  }
  if (NeverResolves(*out)) {
    return absl::InternalError(Cat("rule ", rule.id, " v", rule.version, " would make ", out->code,
                                   " a resolver; HĐND and MTTQ never resolve"));
  }
  return out;
}

absl::StatusOr<CompetenceAnswer> CompetenceResolver::Resolve(const CompetenceQuery& q) const {
  int round = q.round;
  if (q.kind == CaseKind::kComplaint) {
    if (round != 1 && round != 2) {
      return absl::InvalidArgumentError(Cat("a complaint has round 1 or 2, not ", round));
    }
  } else if (round == 0 || round == 1) {
    round = 1;
  } else {
    return absl::InvalidArgumentError(Cat("a ", ToString(q.kind), " has only one round"));
  }
  if (q.receiving_unit.empty()) return absl::InvalidArgumentError("receiving_unit is required");
  ASSIGN_OR_RETURN(const Unit* receiving, directory_.FindValid(q.receiving_unit, q.at));

  std::string respondent_code = q.respondent_unit;
  RespondentRole role = q.respondent_role;
  if (respondent_code.empty()) {
    if (q.kind == CaseKind::kComplaint || q.kind == CaseKind::kDenunciation) {
      return absl::InvalidArgumentError(Cat("a ", ToString(q.kind), " needs the respondent unit"));
    }
    respondent_code = receiving->code;
    role = RespondentRole::kTheBody;
  }
  std::string succession_note;
  ASSIGN_OR_RETURN(const Unit* respondent, RespondentOn(respondent_code, q.at, succession_note));

  std::vector<const CompetenceRule*> matches =
      rules_.Matching(q.kind, round, *respondent, role, q.at);
  const std::string subject =
      Cat("a ", ToString(q.kind), q.kind == CaseKind::kComplaint ? Cat(" (round ", round, ")") : "",
          " about ", RoleText(role), " ", Describe(*respondent), " on ", q.at.ToString());
  if (matches.empty()) {
    return absl::FailedPreconditionError(Cat("no competence rule covers ", subject));
  }
  if (matches.size() > 1) {
    std::string ids;
    for (const CompetenceRule* r : matches)
      ids += Cat(ids.empty() ? "" : ", ", r->id, " v", r->version);
    return absl::InternalError(Cat("ambiguous competence rules for ", subject, ": ", ids));
  }
  const CompetenceRule& rule = *matches.front();
  ASSIGN_OR_RETURN(const Unit* resolver, ResolverUnit(rule, *respondent, q.at));
  const bool about_resolver_himself = resolver == respondent && role == RespondentRole::kHead;
  if (about_resolver_himself && !rule.self_review) {
    return absl::InternalError(Cat("rule ", rule.id, " v", rule.version, " would have the head of ",
                                   respondent->code, " resolve a case about himself"));
  }
  const Position* head = directory_.HeadOf(*resolver);
  if (head == nullptr) {
    return absl::InternalError(Cat("unit ", resolver->code, " has no head position"));
  }

  CompetenceAnswer a;
  a.resolver_unit = resolver->code;
  a.resolver_position = head->title;
  a.resolver_position_code = head->code;
  a.rule_id = rule.id;
  a.rule_version = rule.version;
  a.legal_basis = rule.legal_basis;
  a.respondent_unit = respondent->code;
  a.explanation = Cat(succession_note, "Rule ", rule.id, " v", rule.version, " (", rule.legal_basis,
                      ") applies to ", subject, ": ", rule.explanation,
                      " Resolver: ", head->name_en, " (", head->code, ").");
  if (about_resolver_himself) {
    a.explanation += " The author of the decision reviews it first; a second complaint goes up.";
  }
  if (receiving != resolver) {
    a.forward_from = receiving->code;
    if (const ForwardingRule* f = rules_.ForwardingFor(receiving->type, q.at)) {
      a.forward_rule_id = f->id;
      a.forward_legal_basis = f->legal_basis;
      a.explanation += Cat(" Received by ", Describe(*receiving), ": ", f->explanation, " (rule ",
                           f->id, " v", f->version, "; ", f->legal_basis, ").");
    } else {
      a.explanation += Cat(" Received by ", Describe(*receiving), ", which forwards it.");
    }
  }
  return a;
}

}  // namespace civicase::domain
