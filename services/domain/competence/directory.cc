#include "services/domain/competence/directory.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "absl/status/status.h"
#include "competence_data.h"
#include "services/domain/competence/internal/json_fields.h"
#include "services/domain/lifecycle/internal/text.h"
#include "storage/base/status_macros.h"

namespace civicase::domain {
namespace {

using internal::Cat;
using internal::JsonContext;

absl::StatusOr<Unit> ParseUnit(const nlohmann::json& j, std::string_view file, size_t index) {
  JsonContext ctx{file, Cat("unit #", index)};
  Unit u;
  ASSIGN_OR_RETURN(u.code, internal::RequiredString(j, "code", ctx));
  ctx.record = Cat("unit ", u.code);
  ASSIGN_OR_RETURN(u.name, internal::RequiredString(j, "name", ctx));
  ASSIGN_OR_RETURN(u.name_en, internal::RequiredString(j, "name_en", ctx));
  ASSIGN_OR_RETURN(std::string level, internal::RequiredString(j, "level", ctx));
  ASSIGN_OR_RETURN(std::string type, internal::RequiredString(j, "type", ctx));
  auto parsed_level = ParseUnitLevel(level);
  if (!parsed_level) return internal::FieldError(ctx, "level", Cat("unknown level ", level));
  auto parsed_type = ParseUnitType(type);
  if (!parsed_type) return internal::FieldError(ctx, "type", Cat("unknown type ", type));
  u.level = *parsed_level;
  u.type = *parsed_type;
  ASSIGN_OR_RETURN(u.parent, internal::OptionalString(j, "parent", ctx));
  ASSIGN_OR_RETURN(u.area, internal::RequiredString(j, "area", ctx));
  ASSIGN_OR_RETURN(u.valid_from, internal::OptionalDate(j, "valid_from", ctx));
  ASSIGN_OR_RETURN(u.valid_to, internal::OptionalDate(j, "valid_to", ctx));
  ASSIGN_OR_RETURN(u.remote, internal::OptionalBool(j, "remote", ctx));
  ASSIGN_OR_RETURN(u.shares_approximate, internal::OptionalBool(j, "shares_approximate", ctx));
  ASSIGN_OR_RETURN(u.note, internal::OptionalString(j, "note", ctx));
  if (j.contains("successors") && !j["successors"].is_null()) {
    if (!j["successors"].is_array()) return internal::FieldError(ctx, "successors", "not a list");
    for (const nlohmann::json& s : j["successors"]) {
      Successor succ;
      ASSIGN_OR_RETURN(succ.code, internal::RequiredString(s, "code", ctx));
      if (!s.contains("share") || !s["share"].is_number()) {
        return internal::FieldError(ctx, "successors.share", "missing or not a number");
      }
      succ.share = s["share"].get<double>();
      u.successors.push_back(std::move(succ));
    }
  }
  return u;
}

absl::StatusOr<Position> ParsePosition(const nlohmann::json& j, std::string_view file,
                                       size_t index) {
  JsonContext ctx{file, Cat("position #", index)};
  Position p;
  ASSIGN_OR_RETURN(p.code, internal::RequiredString(j, "code", ctx));
  ctx.record = Cat("position ", p.code);
  ASSIGN_OR_RETURN(p.unit, internal::RequiredString(j, "unit", ctx));
  ASSIGN_OR_RETURN(std::string title, internal::RequiredString(j, "title", ctx));
  auto parsed = ParsePositionTitle(title);
  if (!parsed) return internal::FieldError(ctx, "title", Cat("unknown title ", title));
  p.title = *parsed;
  ASSIGN_OR_RETURN(p.name_en, internal::RequiredString(j, "name_en", ctx));
  return p;
}

bool CodeIsWellFormed(std::string_view code) {
  if (code.empty() || code.front() == '.' || code.back() == '.') return false;
  if (code.find("..") != std::string_view::npos) return false;
  return code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._") == std::string_view::npos;
}

}  // namespace

absl::StatusOr<Directory> Directory::LoadDefault() {
  for (const EmbeddedFile& f : competence_data()) {
    if (f.name == "units.json") return FromJson(f.contents, f.name);
  }
  return absl::InternalError("units.json is not embedded in civicase_competence_data");
}

absl::StatusOr<Directory> Directory::FromJson(std::string_view json, std::string_view file_name) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError(Cat(file_name, ": not valid JSON"));
  }
  if (!doc.is_object() || !doc.contains("units") || !doc["units"].is_array()) {
    return absl::InvalidArgumentError(Cat(file_name, ": expected an object with a units list"));
  }
  Directory dir;
  size_t i = 0;
  for (const nlohmann::json& j : doc["units"]) {
    ASSIGN_OR_RETURN(Unit u, ParseUnit(j, file_name, i++));
    if (!dir.unit_index_.emplace(u.code, dir.units_.size()).second) {
      return absl::InvalidArgumentError(Cat(file_name, ": unit ", u.code, ": duplicate code"));
    }
    dir.units_.push_back(std::move(u));
  }
  if (doc.contains("positions")) {
    if (!doc["positions"].is_array()) {
      return absl::InvalidArgumentError(Cat(file_name, ": positions is not a list"));
    }
    i = 0;
    for (const nlohmann::json& j : doc["positions"]) {
      ASSIGN_OR_RETURN(Position p, ParsePosition(j, file_name, i++));
      dir.positions_.push_back(std::move(p));
    }
  }
  RETURN_IF_ERROR(dir.Validate(file_name));
  return dir;
}

absl::Status Directory::Validate(std::string_view file) const {
  auto error = [&](const Unit& u, std::string_view what) {
    return absl::InvalidArgumentError(Cat(file, ": unit ", u.code, ": ", what));
  };
  for (const Unit& u : units_) {
    if (!CodeIsWellFormed(u.code)) return error(u, "code must be lowercase dotted");
    if (u.valid_from && u.valid_to && *u.valid_to < *u.valid_from) {
      return error(u, Cat("valid_to ", u.valid_to->ToString(), " is before valid_from ",
                          u.valid_from->ToString()));
    }
    if (!u.parent.empty()) {
      const Unit* parent = FindAnyDate(u.parent);
      if (parent == nullptr) return error(u, Cat("parent ", u.parent, " does not exist"));
      if (parent == &u) return error(u, "is its own parent");
      const bool starts_ok =
          !parent->valid_from || (u.valid_from && *parent->valid_from <= *u.valid_from);
      const bool ends_ok = !parent->valid_to || (u.valid_to && *u.valid_to <= *parent->valid_to);
      if (!starts_ok || !ends_ok) {
        return error(u, Cat("parent ", u.parent, " is not valid for the whole life of the unit"));
      }
    }
    // Parent chains must end (no cycles).
    const Unit* p = &u;
    for (size_t depth = 0; p != nullptr; ++depth) {
      if (depth > units_.size()) return error(u, "parent links form a cycle");
      p = Parent(*p);
    }
    if (!u.successors.empty() && !u.valid_to) {
      return error(u, "has successors but no valid_to");
    }
    double total = 0;
    std::set<std::string> seen;
    for (const Successor& s : u.successors) {
      const Unit* succ = FindAnyDate(s.code);
      if (succ == nullptr) return error(u, Cat("successor ", s.code, " does not exist"));
      if (!seen.insert(s.code).second) return error(u, Cat("successor ", s.code, " listed twice"));
      if (!(s.share > 0 && s.share <= 1)) {
        return error(u, Cat("successor ", s.code, " share must be in (0, 1]"));
      }
      if (!succ->ValidOn(u.valid_to->NextDay())) {
        return error(
            u, Cat("successor ", s.code, " is not valid on ", u.valid_to->NextDay().ToString()));
      }
      total += s.share;
    }
    if (total > 1 + 1e-9) return error(u, "successor shares sum to more than 1");
    int heads = 0;
    for (const Position* pos : PositionsOf(u)) heads += IsHeadTitle(pos->title) ? 1 : 0;
    if (heads != 1) return error(u, Cat("needs exactly one head position, has ", heads));
  }
  std::set<std::string> position_codes;
  for (const Position& p : positions_) {
    if (!position_codes.insert(p.code).second) {
      return absl::InvalidArgumentError(Cat(file, ": position ", p.code, ": duplicate code"));
    }
    if (FindAnyDate(p.unit) == nullptr) {
      return absl::InvalidArgumentError(
          Cat(file, ": position ", p.code, ": unit ", p.unit, " does not exist"));
    }
  }
  return absl::OkStatus();
}

const Unit* Directory::FindAnyDate(std::string_view code) const {
  auto it = unit_index_.find(std::string(code));
  return it == unit_index_.end() ? nullptr : &units_[it->second];
}

const Unit* Directory::Find(std::string_view code, Date at) const {
  const Unit* u = FindAnyDate(code);
  return u != nullptr && u->ValidOn(at) ? u : nullptr;
}

absl::StatusOr<const Unit*> Directory::FindValid(std::string_view code, Date at) const {
  const Unit* u = FindAnyDate(code);
  if (u == nullptr) return absl::NotFoundError(Cat("unknown unit ", code));
  if (u->ValidOn(at)) return u;
  if (u->valid_from && at < *u->valid_from) {
    return absl::FailedPreconditionError(Cat("unit ", code, " was established on ",
                                             u->valid_from->ToString(), ", after ", at.ToString()));
  }
  return absl::FailedPreconditionError(DescribeCessation(*this, *u));
}

std::vector<const Unit*> Directory::ListValid(Date at) const {
  std::vector<const Unit*> out;
  for (const Unit& u : units_) {
    if (u.ValidOn(at)) out.push_back(&u);
  }
  return out;
}

const Unit* Directory::Parent(const Unit& unit) const {
  return unit.parent.empty() ? nullptr : FindAnyDate(unit.parent);
}

std::vector<std::pair<const Unit*, double>> Directory::Successors(const Unit& unit) const {
  std::vector<std::pair<const Unit*, double>> out;
  for (const Successor& s : unit.successors) {
    if (const Unit* u = FindAnyDate(s.code)) out.emplace_back(u, s.share);
  }
  return out;
}

std::vector<const Unit*> Directory::SubtreeOf(std::string_view code, Date at) const {
  std::vector<const Unit*> out;
  const Unit* root = Find(code, at);
  if (root == nullptr) return out;
  for (const Unit& u : units_) {
    if (!u.ValidOn(at)) continue;
    for (const Unit* p = &u; p != nullptr; p = Parent(*p)) {
      if (p == root) {
        out.push_back(&u);
        break;
      }
    }
  }
  return out;
}

const Unit* Directory::PeoplesCommitteeOfArea(const Unit& unit, Date at) const {
  for (const Unit& u : units_) {
    if (u.area == unit.area && u.ValidOn(at) &&
        (u.type == UnitType::kPeoplesCommittee || u.type == UnitType::kGovernment)) {
      return &u;
    }
  }
  return nullptr;
}

const Position* Directory::HeadOf(const Unit& unit) const {
  for (const Position& p : positions_) {
    if (p.unit == unit.code && IsHeadTitle(p.title)) return &p;
  }
  return nullptr;
}

std::vector<const Position*> Directory::PositionsOf(const Unit& unit) const {
  std::vector<const Position*> out;
  for (const Position& p : positions_) {
    if (p.unit == unit.code) out.push_back(&p);
  }
  return out;
}

std::string DescribeCessation(const Directory& directory, const Unit& unit) {
  std::string out = Cat("unit ", unit.code, " ceased on ",
                        unit.valid_to ? unit.valid_to->ToString() : std::string("?"));
  auto successors = directory.Successors(unit);
  if (successors.empty()) return out + ", no successor";
  out += ", successors: ";
  bool first = true;
  for (const auto& [succ, share] : successors) {
    if (!first) out += ", ";
    first = false;
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%.2f", share);
    out += Cat(succ->code, " (", std::string_view(buf),
               unit.shares_approximate ? ", approximate)" : ")");
  }
  return out;
}

}  // namespace civicase::domain
