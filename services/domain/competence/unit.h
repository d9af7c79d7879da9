#pragma once

// Units (cơ quan, đơn vị) and positions of the state apparatus, as the competence rules see
// them: a level, a type, a parent, a validity range, and for abolished units the successors
// that took their territory (the 2025 reform abolished the district level and merged wards).
// Plain value types; parse/print helpers use the snake_case names beside each enumerator.
// Parse* returns nullopt for anything else. Thread-compatible.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/domain/date.h"

namespace civicase::domain {

enum class UnitLevel {
  kCentral,   // "central"
  kProvince,  // "province"  (tỉnh, thành phố trực thuộc trung ương)
  kDistrict,  // "district"  (huyện, quận; abolished 2025-07-01)
  kCommune,   // "commune"   (xã, phường, đặc khu)
};

enum class UnitType {
  kGovernment,         // "government": Chính phủ / Prime Minister
  kMinistry,           // "ministry": bộ, cơ quan ngang bộ
  kPeoplesCommittee,   // "peoples_committee": UBND
  kPeoplesCouncil,     // "peoples_council": HĐND (elected; never resolves)
  kFatherlandFront,    // "fatherland_front": MTTQ (never resolves)
  kInspectorate,       // "inspectorate": thanh tra
  kDepartment,         // "department": sở (provincial specialised agency)
  kSpecialisedOffice,  // "specialised_office": phòng (district, or commune since 2025)
  kPublicUnit,         // "public_unit": đơn vị sự nghiệp công lập
  kPolice,             // "police": công an
  kProcuracy,          // "procuracy": viện kiểm sát
  kCourt,              // "court": tòa án
  kParty,              // "party": Party committee (cấp ủy)
};

enum class PositionTitle {
  kChair,       // "chair": chủ tịch (PC, HĐND, MTTQ)
  kViceChair,   // "vice_chair"
  kDirector,    // "director": giám đốc (sở, police, public unit)
  kHead,        // "head": người đứng đầu (PM, minister, chief inspector, trưởng phòng)
  kDeputyHead,  // "deputy_head"
  kOfficial,    // "official": cán bộ, công chức, viên chức
};

// Who a complaint or denunciation is about, relative to the respondent unit.
enum class RespondentRole {
  kOfficial,    // "official": a civil servant managed by the unit
  kHead,        // "head": the head of the unit (chair, director, ...)
  kDeputyHead,  // "deputy_head": a deputy head (vice chair, deputy director, ...)
  kTheBody,     // "the_body": the unit itself
};

std::string_view ToString(UnitLevel level);
std::string_view ToString(UnitType type);
std::string_view ToString(PositionTitle title);
std::string_view ToString(RespondentRole role);
std::optional<UnitLevel> ParseUnitLevel(std::string_view name);
std::optional<UnitType> ParseUnitType(std::string_view name);
std::optional<PositionTitle> ParsePositionTitle(std::string_view name);
std::optional<RespondentRole> ParseRespondentRole(std::string_view name);

// True for titles that head a unit (chair, director, head).
bool IsHeadTitle(PositionTitle title);
bool IsDeputyTitle(PositionTitle title);

struct Successor {
  std::string code;
  double share = 0;  // fraction of the predecessor's territory, in (0, 1]
};

struct Unit {
  std::string code;  // lowercase dotted, stable: "hanoi.dongda.pc"
  std::string name;  // Vietnamese, UTF-8
  std::string name_en;
  UnitLevel level = UnitLevel::kCommune;
  UnitType type = UnitType::kPeoplesCommittee;
  std::string parent;  // code of the direct superior; empty for none
  std::string area;    // administrative area it serves ("hanoi.dongda"); its PC shares it
  std::optional<Date> valid_from;  // nullopt: since before the directory's horizon
  std::optional<Date> valid_to;    // nullopt: open; otherwise the last day it existed
  std::vector<Successor> successors;
  bool shares_approximate = false;  // successor shares are estimates
  bool remote = false;              // vùng sâu, vùng xa (longer statutory periods)
  std::string note;

  bool ValidOn(Date d) const {
    return (!valid_from || *valid_from <= d) && (!valid_to || d <= *valid_to);
  }
};

struct Position {
  std::string code;  // "hanoi.pc.chair"
  std::string unit;  // unit code
  PositionTitle title = PositionTitle::kOfficial;
  std::string name_en;
};

}  // namespace civicase::domain
