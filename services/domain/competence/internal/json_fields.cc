#include "services/domain/competence/internal/json_fields.h"

#include "absl/status/status.h"
#include "services/domain/lifecycle/internal/text.h"

namespace civicase::domain::internal {
namespace {

const nlohmann::json* Member(const nlohmann::json& obj, std::string_view field) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(field));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

absl::Status FieldError(const JsonContext& ctx, std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(Cat(ctx.file, ": ", ctx.record, ": field ", field, ": ", what));
}

absl::StatusOr<std::string> RequiredString(const nlohmann::json& obj, std::string_view field,
                                           const JsonContext& ctx) {
  const nlohmann::json* v = Member(obj, field);
  if (v == nullptr) return FieldError(ctx, field, "missing");
  if (!v->is_string()) return FieldError(ctx, field, "not a string");
  std::string s = v->get<std::string>();
  if (s.empty()) return FieldError(ctx, field, "empty");
  return s;
}

absl::StatusOr<std::string> OptionalString(const nlohmann::json& obj, std::string_view field,
                                           const JsonContext& ctx) {
  const nlohmann::json* v = Member(obj, field);
  if (v == nullptr) return std::string();
  if (!v->is_string()) return FieldError(ctx, field, "not a string");
  return v->get<std::string>();
}

absl::StatusOr<std::optional<Date>> OptionalDate(const nlohmann::json& obj, std::string_view field,
                                                 const JsonContext& ctx) {
  const nlohmann::json* v = Member(obj, field);
  if (v == nullptr) return std::optional<Date>();
  if (!v->is_string()) return FieldError(ctx, field, "not a YYYY-MM-DD date");
  std::optional<Date> d = Date::Parse(v->get<std::string>());
  if (!d) return FieldError(ctx, field, Cat("not a YYYY-MM-DD date: ", v->get<std::string>()));
  return d;
}

absl::StatusOr<bool> OptionalBool(const nlohmann::json& obj, std::string_view field,
                                  const JsonContext& ctx) {
  const nlohmann::json* v = Member(obj, field);
  if (v == nullptr) return false;
  if (!v->is_boolean()) return FieldError(ctx, field, "not a boolean");
  return v->get<bool>();
}

absl::StatusOr<int> RequiredInt(const nlohmann::json& obj, std::string_view field,
                                const JsonContext& ctx) {
  const nlohmann::json* v = Member(obj, field);
  if (v == nullptr) return FieldError(ctx, field, "missing");
  if (!v->is_number_integer()) return FieldError(ctx, field, "not an integer");
  return v->get<int>();
}

absl::StatusOr<std::vector<std::string>> OptionalStringList(const nlohmann::json& obj,
                                                            std::string_view field,
                                                            const JsonContext& ctx) {
  std::vector<std::string> out;
  const nlohmann::json* v = Member(obj, field);
  if (v == nullptr) return out;
  if (v->is_string()) {
    out.push_back(v->get<std::string>());
    return out;
  }
  if (!v->is_array()) return FieldError(ctx, field, "not a list of strings");
  for (const nlohmann::json& e : *v) {
    if (!e.is_string()) return FieldError(ctx, field, "not a list of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace civicase::domain::internal
