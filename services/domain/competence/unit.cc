#include "services/domain/competence/unit.h"

#include <span>
#include <utility>

namespace civicase::domain {
namespace {

constexpr std::pair<UnitLevel, std::string_view> kLevels[] = {
    {UnitLevel::kCentral, "central"},
    {UnitLevel::kProvince, "province"},
    {UnitLevel::kDistrict, "district"},
    {UnitLevel::kCommune, "commune"},
};
constexpr std::pair<UnitType, std::string_view> kTypes[] = {
    {UnitType::kGovernment, "government"},
    {UnitType::kMinistry, "ministry"},
    {UnitType::kPeoplesCommittee, "peoples_committee"},
    {UnitType::kPeoplesCouncil, "peoples_council"},
    {UnitType::kFatherlandFront, "fatherland_front"},
    {UnitType::kInspectorate, "inspectorate"},
    {UnitType::kDepartment, "department"},
    {UnitType::kSpecialisedOffice, "specialised_office"},
    {UnitType::kPublicUnit, "public_unit"},
    {UnitType::kPolice, "police"},
    {UnitType::kProcuracy, "procuracy"},
    {UnitType::kCourt, "court"},
    {UnitType::kParty, "party"},
};
constexpr std::pair<PositionTitle, std::string_view> kTitles[] = {
    {PositionTitle::kChair, "chair"},
    {PositionTitle::kViceChair, "vice_chair"},
    {PositionTitle::kDirector, "director"},
    {PositionTitle::kHead, "head"},
    {PositionTitle::kDeputyHead, "deputy_head"},
    {PositionTitle::kOfficial, "official"},
};
constexpr std::pair<RespondentRole, std::string_view> kRoles[] = {
    {RespondentRole::kOfficial, "official"},
    {RespondentRole::kHead, "head"},
    {RespondentRole::kDeputyHead, "deputy_head"},
    {RespondentRole::kTheBody, "the_body"},
};

template <typename E>
std::string_view NameOf(std::span<const std::pair<E, std::string_view>> t, E v) {
  for (const auto& [e, n] : t) {
    if (e == v) return n;
  }
  return "invalid";
}
template <typename E>
std::optional<E> ValueOf(std::span<const std::pair<E, std::string_view>> t, std::string_view n) {
  for (const auto& [e, name] : t) {
    if (name == n) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(UnitLevel v) { return NameOf<UnitLevel>(kLevels, v); }
std::string_view ToString(UnitType v) { return NameOf<UnitType>(kTypes, v); }
std::string_view ToString(PositionTitle v) { return NameOf<PositionTitle>(kTitles, v); }
std::string_view ToString(RespondentRole v) { return NameOf<RespondentRole>(kRoles, v); }
std::optional<UnitLevel> ParseUnitLevel(std::string_view n) {
  return ValueOf<UnitLevel>(kLevels, n);
}
std::optional<UnitType> ParseUnitType(std::string_view n) { return ValueOf<UnitType>(kTypes, n); }
std::optional<PositionTitle> ParsePositionTitle(std::string_view n) {
  return ValueOf<PositionTitle>(kTitles, n);
}
std::optional<RespondentRole> ParseRespondentRole(std::string_view n) {
  return ValueOf<RespondentRole>(kRoles, n);
}

bool IsHeadTitle(PositionTitle t) {
  return t == PositionTitle::kChair || t == PositionTitle::kDirector || t == PositionTitle::kHead;
}
bool IsDeputyTitle(PositionTitle t) {
  return t == PositionTitle::kViceChair || t == PositionTitle::kDeputyHead;
}

}  // namespace civicase::domain
