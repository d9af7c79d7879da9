#include "services/domain/competence/competence_rules.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/status/status.h"
#include "competence_data.h"
#include "services/domain/competence/internal/json_fields.h"
#include "services/domain/lifecycle/internal/text.h"
#include "storage/base/status_macros.h"

namespace civicase::domain {
namespace {

using internal::Cat;
using internal::JsonContext;

constexpr std::pair<ResolverKind, std::string_view> kResolverNames[] = {
    {ResolverKind::kHeadOfRespondentUnit, "head_of_respondent_unit"},
    {ResolverKind::kHeadOfDirectSuperior, "head_of_direct_superior"},
    {ResolverKind::kProvincialChair, "provincial_chair"},
    {ResolverKind::kPcOfRespondentArea, "pc_of_respondent_area"},
    {ResolverKind::kNone, "none"},
};

template <typename T>
bool ContainsOrEmpty(const std::vector<T>& list, T value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// Parses a list of enum names with `parse`; `field` names it in errors.
template <typename E, typename Parse>
absl::StatusOr<std::vector<E>> ParseEnumList(const nlohmann::json& obj, std::string_view field,
                                             const JsonContext& ctx, Parse parse) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, internal::OptionalStringList(obj, field, ctx));
  std::vector<E> out;
  for (const std::string& n : names) {
    std::optional<E> v = parse(n);
    if (!v) return internal::FieldError(ctx, field, Cat("unknown name ", n));
    out.push_back(*v);
  }
  return out;
}

absl::Status CheckValidity(const std::optional<Date>& from, const std::optional<Date>& to,
                           const JsonContext& ctx) {
  if (from && to && *to < *from) return internal::FieldError(ctx, "valid_to", "before valid_from");
  return absl::OkStatus();
}

bool Overlap(const std::optional<Date>& a_from, const std::optional<Date>& a_to,
             const std::optional<Date>& b_from, const std::optional<Date>& b_to) {
  const bool a_before_b = a_to && b_from && *a_to < *b_from;
  const bool b_before_a = b_to && a_from && *b_to < *a_from;
  return !a_before_b && !b_before_a;
}

absl::StatusOr<CompetenceRule> ParseRule(const nlohmann::json& j, std::string_view file,
                                         size_t index) {
  JsonContext ctx{file, Cat("rule #", index)};
  CompetenceRule r;
  ASSIGN_OR_RETURN(r.id, internal::RequiredString(j, "id", ctx));
  ASSIGN_OR_RETURN(r.version, internal::RequiredInt(j, "version", ctx));
  ctx.record = Cat("rule ", r.id, " v", r.version);
  if (r.version < 1) return internal::FieldError(ctx, "version", "must be >= 1");
  ASSIGN_OR_RETURN(std::vector<std::string> kinds, internal::OptionalStringList(j, "kind", ctx));
  if (kinds.empty()) return internal::FieldError(ctx, "kind", "missing");
  for (const std::string& k : kinds) {
    if (k == "any") {
      r.kinds.assign(AllCaseKinds().begin(), AllCaseKinds().end());
    } else if (auto kind = ParseCaseKind(k)) {
      r.kinds.push_back(*kind);
    } else {
      return internal::FieldError(ctx, "kind", Cat("unknown kind ", k));
    }
  }
  if (!j.contains("round")) return internal::FieldError(ctx, "round", "missing");
  const nlohmann::json& round = j["round"];
  if (round.is_string() && round.get<std::string>() == "any") {
    r.round = 0;
  } else if (round.is_number_integer() && (round.get<int>() == 1 || round.get<int>() == 2)) {
    r.round = round.get<int>();
  } else {
    return internal::FieldError(ctx, "round", "must be 1, 2 or \"any\"");
  }
  const bool only_complaints = std::all_of(r.kinds.begin(), r.kinds.end(),
                                           [](CaseKind k) { return k == CaseKind::kComplaint; });
  if (r.round != 0 && !only_complaints) {
    return internal::FieldError(ctx, "round", "only complaint rules have rounds");
  }
  const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json& resp = j.contains("respondent") ? j["respondent"] : empty;
  ASSIGN_OR_RETURN(r.respondent.levels,
                   ParseEnumList<UnitLevel>(resp, "levels", ctx, ParseUnitLevel));
  ASSIGN_OR_RETURN(r.respondent.types, ParseEnumList<UnitType>(resp, "types", ctx, ParseUnitType));
  ASSIGN_OR_RETURN(r.respondent.roles,
                   ParseEnumList<RespondentRole>(resp, "roles", ctx, ParseRespondentRole));
  ASSIGN_OR_RETURN(std::string resolver, internal::RequiredString(j, "resolver", ctx));
  auto parsed = ParseResolverKind(resolver);
  if (!parsed) return internal::FieldError(ctx, "resolver", Cat("unknown resolver ", resolver));
  r.resolver = *parsed;
  ASSIGN_OR_RETURN(r.legal_basis, internal::RequiredString(j, "legal_basis", ctx));
  ASSIGN_OR_RETURN(r.explanation, internal::RequiredString(j, "explanation", ctx));
  ASSIGN_OR_RETURN(r.valid_from, internal::OptionalDate(j, "valid_from", ctx));
  ASSIGN_OR_RETURN(r.valid_to, internal::OptionalDate(j, "valid_to", ctx));
  RETURN_IF_ERROR(CheckValidity(r.valid_from, r.valid_to, ctx));
  ASSIGN_OR_RETURN(r.self_review, internal::OptionalBool(j, "self_review", ctx));
  if (r.self_review &&
      (r.resolver != ResolverKind::kHeadOfRespondentUnit || !only_complaints || r.round != 1)) {
    return internal::FieldError(ctx, "self_review",
                                "only round-1 complaint rules resolved by the author's own "
                                "unit may be self-review");
  }
  return r;
}

absl::StatusOr<ForwardingRule> ParseForwarding(const nlohmann::json& j, std::string_view file,
                                               size_t index) {
  JsonContext ctx{file, Cat("forwarding rule #", index)};
  ForwardingRule f;
  ASSIGN_OR_RETURN(f.id, internal::RequiredString(j, "id", ctx));
  ASSIGN_OR_RETURN(f.version, internal::RequiredInt(j, "version", ctx));
  ctx.record = Cat("forwarding rule ", f.id, " v", f.version);
  ASSIGN_OR_RETURN(f.receiver_types,
                   ParseEnumList<UnitType>(j, "receiver_types", ctx, ParseUnitType));
  ASSIGN_OR_RETURN(f.legal_basis, internal::RequiredString(j, "legal_basis", ctx));
  ASSIGN_OR_RETURN(f.explanation, internal::RequiredString(j, "explanation", ctx));
  ASSIGN_OR_RETURN(f.valid_from, internal::OptionalDate(j, "valid_from", ctx));
  ASSIGN_OR_RETURN(f.valid_to, internal::OptionalDate(j, "valid_to", ctx));
  RETURN_IF_ERROR(CheckValidity(f.valid_from, f.valid_to, ctx));
  return f;
}

// Versions of one id must not overlap in time, and (id, version) is unique.
template <typename Rule>
absl::Status CheckVersions(std::span<const Rule> rules, std::string_view file) {
  std::map<std::string, std::vector<const Rule*>> by_id;
  for (const Rule& r : rules) by_id[r.id].push_back(&r);
  for (const auto& [id, versions] : by_id) {
    for (size_t a = 0; a < versions.size(); ++a) {
      for (size_t b = a + 1; b < versions.size(); ++b) {
        const Rule& x = *versions[a];
        const Rule& y = *versions[b];
        if (x.version == y.version) {
          return absl::InvalidArgumentError(
              Cat(file, ": rule ", id, " v", x.version, ": duplicate version"));
        }
        if (Overlap(x.valid_from, x.valid_to, y.valid_from, y.valid_to)) {
          return absl::InvalidArgumentError(Cat(file, ": rule ", id, ": versions ", x.version,
                                                " and ", y.version, " overlap in time"));
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view ToString(ResolverKind kind) {
  for (const auto& [k, n] : kResolverNames) {
    if (k == kind) return n;
  }
  return "invalid";
}

std::optional<ResolverKind> ParseResolverKind(std::string_view name) {
  for (const auto& [k, n] : kResolverNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

bool RespondentPattern::Matches(const Unit& unit, RespondentRole role) const {
  return ContainsOrEmpty(levels, unit.level) && ContainsOrEmpty(types, unit.type) &&
         ContainsOrEmpty(roles, role);
}

bool CompetenceRule::AppliesTo(CaseKind kind, int r) const {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end() && (round == 0 || round == r);
}

absl::StatusOr<CompetenceRules> CompetenceRules::LoadDefault() {
  for (const EmbeddedFile& f : competence_data()) {
    if (f.name == "competence_rules.json") return FromJson(f.contents, f.name);
  }
  return absl::InternalError("competence_rules.json is not embedded in civicase_competence_data");
}

absl::StatusOr<CompetenceRules> CompetenceRules::FromJson(std::string_view json,
                                                          std::string_view file_name) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return absl::InvalidArgumentError(Cat(file_name, ": not valid JSON"));
  if (!doc.is_object() || !doc.contains("rules") || !doc["rules"].is_array()) {
    return absl::InvalidArgumentError(Cat(file_name, ": expected an object with a rules list"));
  }
  CompetenceRules out;
  size_t i = 0;
  for (const nlohmann::json& j : doc["rules"]) {
    ASSIGN_OR_RETURN(CompetenceRule r, ParseRule(j, file_name, i++));
    out.rules_.push_back(std::move(r));
  }
  if (doc.contains("forwarding")) {
    if (!doc["forwarding"].is_array()) {
      return absl::InvalidArgumentError(Cat(file_name, ": forwarding is not a list"));
    }
    i = 0;
    for (const nlohmann::json& j : doc["forwarding"]) {
      ASSIGN_OR_RETURN(ForwardingRule f, ParseForwarding(j, file_name, i++));
      out.forwarding_.push_back(std::move(f));
    }
  }
  RETURN_IF_ERROR(CheckVersions<CompetenceRule>(out.rules_, file_name));
  RETURN_IF_ERROR(CheckVersions<ForwardingRule>(out.forwarding_, file_name));
  return out;
}

std::vector<const CompetenceRule*> CompetenceRules::Matching(CaseKind kind, int round,
                                                             const Unit& respondent,
                                                             RespondentRole role, Date at) const {
  std::vector<const CompetenceRule*> out;
  for (const CompetenceRule& r : rules_) {
    if (r.InForce(at) && r.AppliesTo(kind, round) && r.respondent.Matches(respondent, role)) {
      out.push_back(&r);
    }
  }
  return out;
}

const ForwardingRule* CompetenceRules::ForwardingFor(UnitType type, Date at) const {
  const ForwardingRule* fallback = nullptr;
  for (const ForwardingRule& f : forwarding_) {
    if (!f.InForce(at)) continue;
    if (f.receiver_types.empty()) {
      if (fallback == nullptr) fallback = &f;
    } else if (ContainsOrEmpty(f.receiver_types, type)) {
      return &f;
    }
  }
  return fallback;
}

}  // namespace civicase::domain
