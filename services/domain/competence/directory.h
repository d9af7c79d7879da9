#pragma once

// Directory: the units of the state apparatus and their positions, with validity dates, so
// that competence can be decided "as of" any date across the 2025 reform (district level
// abolished on 2025-07-01, wards merged). Loaded from JSON (data/units.json, compiled into the
// library) and validated on load.
//
// Contract:
//  - Load* validate everything: unique codes; known level/type/title; parents exist and are
//    valid whenever the child is; valid_from <= valid_to; successors exist, have shares in
//    (0, 1] summing to at most 1, only on units that end, and begin the day after; each unit
//    has exactly one head position. Errors are INVALID_ARGUMENT naming the file and the unit.
//  - Lookups never fail loudly: Find returns nullptr for unknown or not-valid-then codes;
//    FindValid says which (NOT_FOUND vs FAILED_PRECONDITION with the successors).
//  - Pointers returned stay valid for the Directory's lifetime. Immutable after load;
//    concurrent reads are safe.

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/domain/competence/unit.h"
#include "services/domain/date.h"

namespace civicase::domain {

class Directory {
 public:
  // The demo directory compiled into the library (data/units.json).
  [[nodiscard]] static absl::StatusOr<Directory> LoadDefault();
  // Parses and validates `json`; `file_name` is used in error messages.
  [[nodiscard]] static absl::StatusOr<Directory> FromJson(std::string_view json,
                                                          std::string_view file_name);

  // The unit with `code` if it exists on `at`; nullptr otherwise.
  const Unit* Find(std::string_view code, Date at) const;
  // As Find, but says why not: NOT_FOUND for an unknown code; FAILED_PRECONDITION for a unit
  // not yet established or ceased ("unit X ceased on 2025-06-30, successors: a (0.24), ...").
  [[nodiscard]] absl::StatusOr<const Unit*> FindValid(std::string_view code, Date at) const;
  // The unit with `code` at any date; nullptr if unknown.
  const Unit* FindAnyDate(std::string_view code) const;

  // Units valid on `at`, in file order.
  std::vector<const Unit*> ListValid(Date at) const;
  // The direct superior, or nullptr for a root.
  const Unit* Parent(const Unit& unit) const;
  // Successors with their shares, in file order.
  std::vector<std::pair<const Unit*, double>> Successors(const Unit& unit) const;
  // `code` and every unit valid on `at` below it (by parent links), in file order. Empty if
  // `code` is not valid on `at`.
  std::vector<const Unit*> SubtreeOf(std::string_view code, Date at) const;
  // The People's Committee (or the Government, for area "vn") serving `unit`'s area on `at`.
  const Unit* PeoplesCommitteeOfArea(const Unit& unit, Date at) const;

  // The position heading `unit` (chair, director or head); never nullptr after validation.
  const Position* HeadOf(const Unit& unit) const;
  std::vector<const Position*> PositionsOf(const Unit& unit) const;

  std::span<const Unit> units() const { return units_; }
  std::span<const Position> positions() const { return positions_; }

 private:
  absl::Status Validate(std::string_view file_name) const;

  std::vector<Unit> units_;
  std::vector<Position> positions_;
  std::unordered_map<std::string, size_t> unit_index_;
};

// Human-readable "unit X ceased on D, successors: a (0.24, approximate), b (0.22)".
std::string DescribeCessation(const Directory& directory, const Unit& unit);

}  // namespace civicase::domain
