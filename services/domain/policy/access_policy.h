#pragma once

// AccessPolicy: which role may call which store method on which cases, as data
// (data/access_policy.json, compiled in). A user's roles are grants scoped to a unit of the
// directory (and, where the grant says so, the units below it) for a period. A method marked
// case_scoped is allowed only when every case it touches sits at a unit inside one grant that
// carries a permitted role and is valid on the day. Services acting on their own (the deadlines
// clock) are governed by the peer policy instead (services/common/peer_policy.h).
//
// Pure and immutable after Load; thread-safe.

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/competence/directory.h"
#include "services/domain/date.h"

namespace civicase::domain {

struct AccessGrant {
  std::string role;  // reception_clerk, processing_officer, resolver, verifier,
                     // supervisor, auditor, identity_custodian, administrator
  std::string unit;  // directory code
  bool include_subtree = false;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
};

class AccessPolicy {
 public:
  [[nodiscard]] static absl::StatusOr<AccessPolicy> LoadDefault();
  [[nodiscard]] static absl::StatusOr<AccessPolicy> FromJson(std::string_view json);

  // OK, or PERMISSION_DENIED saying why (no role may call the method; no grant of a permitted
  // role valid on `today`; a case outside every such grant's units).
  // `case_units` are the units of the cases touched (for CreateCase: the receiving unit; for
  // ListCases: the unit listed). An empty list for a case-scoped method is refused.
  [[nodiscard]] absl::Status Check(std::span<const AccessGrant> grants, const std::string& method,
                                   std::span<const std::string> case_units, Date today,
                                   const Directory& directory) const;

  // Every method the policy names, and the roles allowed for it.
  const std::map<std::string, std::set<std::string>>& roles_by_method() const { return roles_; }
  bool case_scoped(const std::string& method) const { return case_scoped_.contains(method); }

 private:
  std::map<std::string, std::set<std::string>> roles_;
  std::set<std::string> case_scoped_;
};

}  // namespace civicase::domain
