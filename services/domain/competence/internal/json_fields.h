#pragma once

// Internal: typed, non-throwing access to fields of the competence JSON data. Every error is
// INVALID_ARGUMENT and names the file, the record and the field, e.g.
// "units.json: unit hanoi.pc: field valid_to: not a YYYY-MM-DD date".

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/date.h"

namespace civicase::domain::internal {

// Where a field lives, for error messages.
struct JsonContext {
  std::string_view file;  // "units.json"
  std::string record;     // "unit hanoi.pc"
};

absl::Status FieldError(const JsonContext& ctx, std::string_view field, std::string_view what);

// A required non-empty string.
absl::StatusOr<std::string> RequiredString(const nlohmann::json& obj, std::string_view field,
                                           const JsonContext& ctx);
// A string, or "" when absent or null.
absl::StatusOr<std::string> OptionalString(const nlohmann::json& obj, std::string_view field,
                                           const JsonContext& ctx);
// A YYYY-MM-DD date, or nullopt when absent or null.
absl::StatusOr<std::optional<Date>> OptionalDate(const nlohmann::json& obj, std::string_view field,
                                                 const JsonContext& ctx);
absl::StatusOr<bool> OptionalBool(const nlohmann::json& obj, std::string_view field,
                                  const JsonContext& ctx);
absl::StatusOr<int> RequiredInt(const nlohmann::json& obj, std::string_view field,
                                const JsonContext& ctx);
// A list of strings; empty when absent.
absl::StatusOr<std::vector<std::string>> OptionalStringList(const nlohmann::json& obj,
                                                            std::string_view field,
                                                            const JsonContext& ctx);

}  // namespace civicase::domain::internal
