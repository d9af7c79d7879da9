#include "services/domain/competence/directory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

const Date kBeforeReform(2025, 6, 15);
const Date kLastOldDay(2025, 6, 30);
const Date kReformDay(2025, 7, 1);

const Directory& Demo() {
  static const Directory* dir = [] {
    auto d = Directory::LoadDefault();
    EXPECT_TRUE(d.ok()) << d.status();
    return new Directory(*std::move(d));
  }();
  return *dir;
}

std::vector<std::string> Codes(const std::vector<const Unit*>& units) {
  std::vector<std::string> out;
  for (const Unit* u : units) out.push_back(u->code);
  return out;
}

TEST(DirectoryTest, DemoDataLoadsWithTheReformInIt) {
  const Directory& dir = Demo();
  EXPECT_GE(dir.units().size(), 25u);
  EXPECT_LE(dir.units().size(), 40u);
  const Unit* dongda = dir.Find("hanoi.dongda.pc", kReformDay);
  ASSERT_NE(dongda, nullptr);
  EXPECT_EQ(dongda->name, "Ủy ban nhân dân phường Đống Đa");
  EXPECT_EQ(dongda->level, UnitLevel::kCommune);
  EXPECT_EQ(dir.Parent(*dongda)->code, "hanoi.pc");
  EXPECT_EQ(dir.Find("hanoi.dongda.pc", kLastOldDay), nullptr);
  EXPECT_NE(dir.Find("hanoi.old.dongda.pc", kLastOldDay), nullptr);
  EXPECT_EQ(dir.Find("hanoi.old.dongda.pc", kReformDay), nullptr);
  EXPECT_EQ(dir.Find("nowhere.pc", kReformDay), nullptr);
  EXPECT_EQ(dir.HeadOf(*dongda)->code, "hanoi.dongda.pc.chair");
  EXPECT_EQ(dir.HeadOf(*dir.Find("gov", kReformDay))->name_en,
            "Prime Minister, Government (Prime Minister)");
}

TEST(DirectoryTest, FindValidTellsUnknownFromCeased) {
  const Directory& dir = Demo();
  EXPECT_THAT(dir.FindValid("hanoi.nowhere.pc", kReformDay),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("hanoi.nowhere.pc")));
  EXPECT_THAT(dir.FindValid("hanoi.old.dongda.pc", kReformDay),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("unit hanoi.old.dongda.pc ceased on 2025-06-30"),
                             HasSubstr("successors: hanoi.dongda.pc (0.24, approximate)"))));
  EXPECT_THAT(dir.FindValid("hanoi.old.dongda.inspectorate", kReformDay),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no successor")));
  EXPECT_THAT(
      dir.FindValid("hanoi.dongda.pc", kBeforeReform),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("established on 2025-07-01")));
  EXPECT_OK(dir.FindValid("hanoi.pc", kBeforeReform).status());
}

TEST(DirectoryTest, ListValidSwitchesOnReformDay) {
  auto before = Codes(Demo().ListValid(kLastOldDay));
  auto after = Codes(Demo().ListValid(kReformDay));
  EXPECT_THAT(before, Contains("hanoi.old.thinhquang.pc"));
  EXPECT_THAT(before, Not(Contains("hanoi.dongda.pc")));
  EXPECT_THAT(after, Contains("hanoi.dongda.pc"));
  EXPECT_THAT(after, Not(Contains("hanoi.old.dongda.pc")));
  EXPECT_THAT(after, Contains("hanoi.pc"));
  EXPECT_THAT(before, Contains("hanoi.pc"));
  for (const std::string& code : after) {
    EXPECT_EQ(code.find("hanoi.old."), std::string::npos) << code;
  }
}

TEST(DirectoryTest, SubtreeFollowsParentsOnTheDate) {
  auto before = Codes(Demo().SubtreeOf("hanoi.old.dongda.pc", kBeforeReform));
  EXPECT_THAT(before, Contains("hanoi.old.thinhquang.pc"));
  EXPECT_THAT(before, Contains("hanoi.old.dongda.tnmt"));
  EXPECT_EQ(before.front(), "hanoi.old.dongda.pc");
  EXPECT_TRUE(Demo().SubtreeOf("hanoi.old.dongda.pc", kReformDay).empty());
  auto hanoi = Codes(Demo().SubtreeOf("hanoi.pc", kReformDay));
  EXPECT_THAT(hanoi, Contains("hanoi.dongda.econ"));
  EXPECT_THAT(hanoi, Contains("hanoi.dept.nre.landreg"));
  EXPECT_THAT(hanoi, Not(Contains("dongnai.pc")));
  EXPECT_THAT(hanoi, Not(Contains("hanoi.hdnd")));  // elected body: not under the PC
}

TEST(DirectoryTest, SuccessorsCarryShares) {
  const Unit* thinh_quang = Demo().FindAnyDate("hanoi.old.thinhquang.pc");
  ASSERT_NE(thinh_quang, nullptr);
  auto succ = Demo().Successors(*thinh_quang);
  ASSERT_EQ(succ.size(), 1u);
  EXPECT_EQ(succ[0].first->code, "hanoi.dongda.pc");
  EXPECT_DOUBLE_EQ(succ[0].second, 1.0);
  const Unit* district = Demo().FindAnyDate("hanoi.old.dongda.pc");
  EXPECT_EQ(Demo().Successors(*district).size(), 5u);
  EXPECT_TRUE(district->shares_approximate);
}

TEST(DirectoryTest, RemoteAndAreas) {
  const Unit* minh_chau = Demo().Find("hanoi.minhchau.pc", kReformDay);
  ASSERT_NE(minh_chau, nullptr);
  EXPECT_TRUE(minh_chau->remote);
  EXPECT_FALSE(Demo().Find("hanoi.dongda.pc", kReformDay)->remote);
  const Unit* hdnd = Demo().Find("hanoi.dongda.hdnd", kReformDay);
  EXPECT_EQ(Demo().PeoplesCommitteeOfArea(*hdnd, kReformDay)->code, "hanoi.dongda.pc");
  EXPECT_EQ(
      Demo().PeoplesCommitteeOfArea(*Demo().Find("gov.inspectorate", kReformDay), kReformDay)->code,
      "gov");
}

// Every unit of the old district ended on 2025-06-30; the wards and the district PC have
// successors valid the next day.
TEST(DirectoryTest, ReformDataIsConsistent) {
  for (const Unit& u : Demo().units()) {
    if (u.code.rfind("hanoi.old.", 0) == 0) {
      ASSERT_TRUE(u.valid_to.has_value()) << u.code;
      EXPECT_EQ(*u.valid_to, kLastOldDay) << u.code;
      if (u.type == UnitType::kPeoplesCommittee) {
        EXPECT_FALSE(u.successors.empty()) << u.code;
      }
    }
    EXPECT_FALSE(u.name.empty());
    EXPECT_FALSE(u.name_en.empty());
  }
}

// --- validation of broken data: each error names the file and the unit -------------------

std::string UnitJson(std::string_view code, std::string_view extra = "") {
  return std::string(R"({"code": ")") + std::string(code) +
         R"(", "name": "n", "name_en": "n", "level": "province", "type": "peoples_committee",
            "area": ")" +
         std::string(code) + "\"" + std::string(extra) + "}";
}
std::string HeadJson(std::string_view unit) {
  return std::string(R"({"code": ")") + std::string(unit) + R"(.chair", "unit": ")" +
         std::string(unit) + R"(", "title": "chair", "name_en": "Chair"})";
}
std::string Doc(std::vector<std::string> units, std::vector<std::string> positions) {
  std::string u, p;
  for (auto& s : units) u += (u.empty() ? "" : ",") + s;
  for (auto& s : positions) p += (p.empty() ? "" : ",") + s;
  return R"({"units": [)" + u + R"(], "positions": [)" + p + "]}";
}

TEST(DirectoryValidationTest, AcceptsAMinimalDirectory) {
  EXPECT_OK(Directory::FromJson(Doc({UnitJson("a.pc")}, {HeadJson("a.pc")}), "t.json").status());
}

TEST(DirectoryValidationTest, RejectsBrokenData) {
  struct Case {
    std::string json;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"{not json", "t.json: not valid JSON"},
      {Doc({UnitJson("a.pc"), UnitJson("a.pc")}, {HeadJson("a.pc")}), "unit a.pc: duplicate code"},
      {Doc({UnitJson("a.pc", R"(, "parent": "b.pc")")}, {HeadJson("a.pc")}),
       "unit a.pc: parent b.pc does not exist"},
      {Doc({UnitJson("a.pc", R"(, "valid_from": "2025-07-01", "valid_to": "2025-06-30")")},
           {HeadJson("a.pc")}),
       "unit a.pc: valid_to 2025-06-30 is before valid_from"},
      {Doc({UnitJson("a.pc", R"(, "valid_to": "2025-13-01")")}, {HeadJson("a.pc")}),
       "unit a.pc: field valid_to: not a YYYY-MM-DD date"},
      {Doc({UnitJson(
               "a.pc",
               R"(, "valid_to": "2025-06-30", "successors": [{"code": "b.pc", "share": 1}])")},
           {HeadJson("a.pc")}),
       "unit a.pc: successor b.pc does not exist"},
      {Doc({UnitJson(
                "a.pc",
                R"(, "valid_to": "2025-06-30", "successors": [{"code": "b.pc", "share": 1.5}])"),
            UnitJson("b.pc")},
           {HeadJson("a.pc"), HeadJson("b.pc")}),
       "unit a.pc: successor b.pc share must be in (0, 1]"},
      {Doc({UnitJson("a.pc",
                     R"(, "valid_to": "2025-06-30", "successors": [{"code": "b.pc", "share": 1}])"),
            UnitJson("b.pc", R"(, "valid_from": "2025-08-01")")},
           {HeadJson("a.pc"), HeadJson("b.pc")}),
       "unit a.pc: successor b.pc is not valid on 2025-07-01"},
      {Doc({UnitJson("a.pc", R"(, "successors": [{"code": "a.pc", "share": 1}])")},
           {HeadJson("a.pc")}),
       "unit a.pc: has successors but no valid_to"},
      {Doc({UnitJson("a.pc")}, {}), "unit a.pc: needs exactly one head position, has 0"},
      {Doc({UnitJson("A.PC")}, {HeadJson("A.PC")}), "unit A.PC: code must be lowercase dotted"},
      {Doc({R"({"code": "a.pc", "name": "n", "name_en": "n", "level": "county", "type": "peoples_committee", "area": "a"})"},
           {HeadJson("a.pc")}),
       "unit a.pc: field level: unknown level county"},
      {Doc({R"({"code": "a.pc", "name_en": "n", "level": "province", "type": "peoples_committee", "area": "a"})"},
           {HeadJson("a.pc")}),
       "unit a.pc: field name: missing"},
      {Doc({UnitJson("a.pc", R"(, "parent": "b.pc")"), UnitJson("b.pc", R"(, "parent": "a.pc")")},
           {HeadJson("a.pc"), HeadJson("b.pc")}),
       "parent links form a cycle"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(Directory::FromJson(c.json, "t.json"),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.json;
  }
}

}  // namespace
}  // namespace civicase::domain
