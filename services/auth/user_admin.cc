#include "services/auth/user_admin.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "services/auth/user_file.h"

namespace civicase::auth {
namespace {

// One per role, and a clerk of the HĐND office, who records its deputies' voter meetings.
constexpr std::array<DemoUser, 9> kDemoUsers = {{
    {"clerk", "Nguyễn Thị Lan (tiếp công dân)", "reception_clerk", "hanoi.dongda.pc", false},
    {"clerk.hdnd", "Ngô Thị Thu (văn phòng HĐND phường Đống Đa)", "reception_clerk",
     "hanoi.dongda.hdnd", false},
    {"officer", "Trần Văn Bình (xử lý đơn)", "processing_officer", "hanoi.dongda.pc", true},
    {"resolver", "Lê Minh Châu (Chủ tịch UBND phường Đống Đa)", "resolver", "hanoi.dongda.pc",
     true},
    {"verifier", "Phạm Quốc Dũng (xác minh)", "verifier", "hanoi.dongda.pc", true},
    {"supervisor", "Hoàng Thị Hà (HĐND phường Đống Đa)", "supervisor", "hanoi.dongda.hdnd", false},
    {"auditor", "Vũ Đức Khang (kiểm toán nhật ký)", "auditor", "hanoi.dongda.pc", true},
    {"custodian", "Đặng Thu Mai (bảo vệ danh tính)", "identity_custodian", "hanoi.dongda.pc", true},
    {"admin", "Bùi Văn Nam (quản trị hệ thống)", "administrator", "hanoi.pc", true},
}};

absl::Status ValidateNewUser(const NewUser& user) {
  if (auto s = ValidateUserName(user.name); !s.ok()) return s;
  if (user.grants.empty()) return absl::InvalidArgumentError("a user needs at least one role");
  for (const auto& grant : user.grants) {
    if (auto s = ValidateGrant(grant); !s.ok()) return s;
  }
  return absl::OkStatus();
}

bool SameGrant(const v1::RoleGrant& a, const v1::RoleGrant& b) {
  return a.role() == b.role() && a.unit() == b.unit() &&
         a.include_subtree() == b.include_subtree() && a.valid_from() == b.valid_from() &&
         a.valid_to() == b.valid_to();
}

absl::StatusOr<v1::UserRecord> MakeRecord(const NewUser& user, const ScryptParams& params) {
  if (auto s = ValidateNewUser(user); !s.ok()) return s;
  auto hash = HashPassword(user.password, params);
  if (!hash.ok()) return hash.status();
  v1::UserRecord record;
  record.set_name(user.name);
  record.set_display_name(user.display_name.empty() ? user.name : user.display_name);
  *record.mutable_password() = *std::move(hash);
  for (const auto& grant : user.grants) *record.add_grants() = grant;
  return record;
}

}  // namespace

absl::Status AddUser(const std::string& users_file, const NewUser& user,
                     const ScryptParams& params) {
  auto record = MakeRecord(user, params);
  if (!record.ok()) return record.status();
  return UpdateUserFile(users_file, [&](v1::UserFile& file) -> absl::Status {
    if (FindUser(file, user.name) != nullptr) {
      return absl::AlreadyExistsError(absl::StrCat(
          "user ", user.name, " already exists (add a role with --grant ", user.name, ")"));
    }
    *file.add_users() = *record;
    return absl::OkStatus();
  });
}

absl::Status AddGrant(const std::string& users_file, std::string_view name,
                      const v1::RoleGrant& grant) {
  if (auto s = ValidateGrant(grant); !s.ok()) return s;
  return UpdateUserFile(users_file, [&](v1::UserFile& file) -> absl::Status {
    v1::UserRecord* user = FindUser(file, name);
    if (user == nullptr) {
      return absl::NotFoundError(absl::StrCat("no user ", std::string(name)));
    }
    for (const auto& existing : user->grants()) {
      if (SameGrant(existing, grant)) return absl::OkStatus();
    }
    *user->add_grants() = grant;
    return absl::OkStatus();
  });
}

absl::Status SetDisabled(const std::string& users_file, std::string_view name, bool disabled) {
  return UpdateUserFile(users_file, [&](v1::UserFile& file) -> absl::Status {
    v1::UserRecord* user = FindUser(file, name);
    if (user == nullptr) {
      return absl::NotFoundError(absl::StrCat("no user ", std::string(name)));
    }
    user->set_disabled(disabled);
    return absl::OkStatus();
  });
}

std::span<const DemoUser> DemoUsers() { return kDemoUsers; }

absl::StatusOr<int> InitDemoUsers(const std::string& users_file, const ScryptParams& params) {
  auto existing = ReadUserFile(users_file);
  if (!existing.ok()) return existing.status();
  std::vector<v1::UserRecord> missing;
  for (const DemoUser& demo : kDemoUsers) {
    if (FindUser(*existing, demo.name) != nullptr) continue;
    NewUser user{.name = std::string(demo.name),
                 .display_name = std::string(demo.display_name),
                 .password = absl::StrCat(std::string(demo.name), "-demo"),
                 .grants = {}};
    v1::RoleGrant grant;
    grant.set_role(std::string(demo.role));
    grant.set_unit(std::string(demo.unit));
    grant.set_include_subtree(demo.include_subtree);
    user.grants.push_back(grant);
    auto record = MakeRecord(user, params);
    if (!record.ok()) return record.status();
    missing.push_back(*std::move(record));
  }
  if (missing.empty()) return 0;
  int added = 0;
  auto status = UpdateUserFile(users_file, [&](v1::UserFile& file) -> absl::Status {
    added = 0;
    for (const auto& record : missing) {
      if (FindUser(file, record.name()) != nullptr) continue;  // added meanwhile
      *file.add_users() = record;
      ++added;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return added;
}

}  // namespace civicase::auth
