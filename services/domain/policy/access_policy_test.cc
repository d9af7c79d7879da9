#include "services/domain/policy/access_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;

const Date kToday(2026, 11, 28);

class AccessPolicyTest : public ::testing::Test {
 protected:
  AccessPolicy policy_ = *AccessPolicy::LoadDefault();
  Directory directory_ = *Directory::LoadDefault();
};

struct Row {
  const char* role;
  const char* method;
  bool allowed;  // on a case at the grant's own unit
};

// One row per role x method the policy data speaks of (need-to-know, Denunciations Law Art. 9).
TEST_F(AccessPolicyTest, RoleMethodMatrixInsideScope) {
  const Row rows[] = {
      {"reception_clerk", "CreateCase", true},
      {"reception_clerk", "GetCase", true},
      {"reception_clerk", "AppendEvent", false},
      {"reception_clerk", "ListAudit", false},
      {"processing_officer", "AppendEvent", true},
      {"processing_officer", "Backup", false},
      {"resolver", "AppendEvent", true},
      {"resolver", "CreateCase", false},
      {"verifier", "GetHistory", true},
      {"verifier", "ListCases", false},
      {"supervisor", "GetCase", true},
      {"supervisor", "AppendEvent", false},
      {"supervisor", "CreateCase", false},
      {"auditor", "ListAudit", true},
      {"auditor", "AppendEvent", false},
      {"identity_custodian", "GetCase", true},
      {"identity_custodian", "GetHistory", false},
      {"administrator", "Backup", true},
      {"administrator", "GetCase", false},
      {"administrator", "EraseIdentity", true},
  };
  for (const Row& row : rows) {
    const AccessGrant grant{.role = row.role, .unit = "hanoi.dongda.pc"};
    const std::vector<std::string> units = {"hanoi.dongda.pc"};
    absl::Status s = policy_.Check({&grant, 1}, row.method, units, kToday, directory_);
    EXPECT_EQ(s.ok(), row.allowed) << row.role << " " << row.method << ": " << s;
    if (!s.ok()) EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  }
}

TEST_F(AccessPolicyTest, CasesOutsideTheGrantUnitAreRefused) {
  const AccessGrant clerk{.role = "reception_clerk", .unit = "hanoi.dongda.pc"};
  const std::vector<std::string> other = {"hanoi.kimlien.pc"};
  EXPECT_THAT(
      policy_.Check({&clerk, 1}, "GetCase", other, kToday, directory_),
      StatusIs(absl::StatusCode::kPermissionDenied, ::testing::HasSubstr("outside your scope")));
}

TEST_F(AccessPolicyTest, SubtreeGrantsReachTheUnitsBelow) {
  const AccessGrant city_supervisor{
      .role = "supervisor", .unit = "hanoi.pc", .include_subtree = true};
  const std::vector<std::string> ward = {"hanoi.dongda.pc"};
  EXPECT_OK(policy_.Check({&city_supervisor, 1}, "GetCase", ward, kToday, directory_));
  AccessGrant no_subtree = city_supervisor;
  no_subtree.include_subtree = false;
  EXPECT_THAT(policy_.Check({&no_subtree, 1}, "GetCase", ward, kToday, directory_),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(AccessPolicyTest, ElectedBodiesSuperviseTheCommitteeOfTheirArea) {
  const AccessGrant hdnd{.role = "supervisor", .unit = "hanoi.dongda.hdnd"};
  const std::vector<std::string> own_area = {"hanoi.dongda.pc"};
  const std::vector<std::string> other_area = {"hanoi.kimlien.pc"};
  EXPECT_OK(policy_.Check({&hdnd, 1}, "GetCase", own_area, kToday, directory_));
  EXPECT_THAT(policy_.Check({&hdnd, 1}, "GetCase", other_area, kToday, directory_),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(AccessPolicyTest, GrantsOutsideTheirPeriodDoNotCount) {
  AccessGrant expired{.role = "reception_clerk", .unit = "hanoi.dongda.pc"};
  expired.valid_to = Date(2026, 6, 30);
  const std::vector<std::string> units = {"hanoi.dongda.pc"};
  EXPECT_THAT(policy_.Check({&expired, 1}, "GetCase", units, kToday, directory_),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(AccessPolicyTest, FeedAndCursorsAreForServicesOnly) {
  const AccessGrant admin{.role = "administrator", .unit = "hanoi.pc", .include_subtree = true};
  EXPECT_THAT(policy_.Check({&admin, 1}, "WatchEvents", {}, kToday, directory_),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace civicase::domain
