#include "services/domain/policy/access_policy.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "access_policy_data.h"

namespace civicase::domain {
namespace {

// A grant covers its unit, the units below it when it includes the subtree, and, for a grant at
// an elected or front body (HĐND, MTTQ) that supervises but never resolves, the People's
// Committee of the same area.
bool InScope(const AccessGrant& grant, const std::string& unit, Date today,
             const Directory& directory) {
  if (unit == grant.unit) return true;
  const Unit* granted = directory.Find(grant.unit, today);
  if (granted != nullptr &&
      (granted->type == UnitType::kPeoplesCouncil || granted->type == UnitType::kFatherlandFront)) {
    const Unit* committee = directory.PeoplesCommitteeOfArea(*granted, today);
    if (committee != nullptr && committee->code == unit) return true;
  }
  if (!grant.include_subtree) return false;
  for (const Unit* u : directory.SubtreeOf(grant.unit, today)) {
    if (u->code == unit) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<AccessPolicy> AccessPolicy::LoadDefault() {
  return FromJson(access_policy_data()[0].contents);
}

absl::StatusOr<AccessPolicy> AccessPolicy::FromJson(std::string_view json) {
  AccessPolicy policy;
  try {
    const nlohmann::json data = nlohmann::json::parse(json);
    for (const auto& rule : data.at("methods")) {
      const std::string method = rule.at("method").get<std::string>();
      if (policy.roles_.contains(method)) {
        return absl::InvalidArgumentError(
            absl::StrCat("access_policy.json: method ", method, " is listed twice"));
      }
      auto& roles = policy.roles_[method];
      for (const auto& role : rule.at("roles")) roles.insert(role.get<std::string>());
      if (rule.at("case_scoped").get<bool>()) policy.case_scoped_.insert(method);
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("access_policy.json: ", e.what()));
  }
  return policy;
}

absl::Status AccessPolicy::Check(std::span<const AccessGrant> grants, const std::string& method,
                                 std::span<const std::string> case_units, Date today,
                                 const Directory& directory) const {
  auto rule = roles_.find(method);
  if (rule == roles_.end() || rule->second.empty()) {
    return absl::PermissionDeniedError(absl::StrCat("no user role may call ", method));
  }
  std::vector<const AccessGrant*> usable;
  for (const AccessGrant& grant : grants) {
    if (!rule->second.contains(grant.role)) continue;
    if (grant.valid_from && today < *grant.valid_from) continue;
    if (grant.valid_to && today > *grant.valid_to) continue;
    usable.push_back(&grant);
  }
  if (usable.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(method, " needs one of the roles ",
                                                    absl::StrJoin(rule->second, ", "),
                                                    ", valid on ", today.ToString()));
  }
  if (!case_scoped_.contains(method)) return absl::OkStatus();
  if (case_units.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(method, ": name a unit within your scope"));
  }
  for (const std::string& unit : case_units) {
    bool covered = false;
    for (const AccessGrant* grant : usable) covered |= InScope(*grant, unit, today, directory);
    if (!covered) {
      return absl::PermissionDeniedError(
          absl::StrCat(method, ": unit ", unit, " is outside your scope"));
    }
  }
  return absl::OkStatus();
}

}  // namespace civicase::domain
