// The reception register (sổ tiếp công dân) on the real services (issue 6): `civicase visit
// register` records a visit, numbered per receiving unit and year, and registers the letters it
// brings as cases linked to it; `civicase visit list` prints the register. A refused visit
// writes nothing: no entry, no case, no number used.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/integration/cli_json.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class ReceptionTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(system_.Start()) << system_.error(); }

  json CliJson(const std::vector<std::string>& args) {
    return civicase::testing::CliJson(system_, args);
  }

  std::string WriteFile(const std::string& name, const json& content) {
    return WriteJsonFile(system_, name, content);
  }

  json Visits(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"visit", "list", "--unit", "hanoi.dongda.pc"};
    args.insert(args.end(), extra.begin(), extra.end());
    json listed = CliJson(args);
    return listed.value("visits", json::array());
  }

  LocalSystem system_{LocalSystemOptions{.auth = false, .require_login = false}};
};

std::vector<std::string> ComplaintVisit(const std::string& date) {
  return {"visit",
          "register",
          "--unit",
          "hanoi.dongda.pc",
          "--date",
          date,
          "--visitor-name",
          "Nguyễn Văn An",
          "--visitor-id",
          "001085012345",
          "--visitor-address",
          "12 Tôn Đức Thắng, Hà Nội",
          "--summary",
          "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND",
          "--prior-handling",
          "chưa được giải quyết",
          "--request",
          "Hủy quyết định thu hồi đất",
          "--class",
          "complaint",
          "--sector",
          "land",
          "--result",
          "letter_received",
          "--officer",
          "clerk1",
          "--letter-kind",
          "complaint",
          "--respondent",
          "Chủ tịch UBND phường Đống Đa",
          "--respondent-position",
          "head"};
}

TEST_F(ReceptionTest, VisitsAreNumberedPerUnitAndYearAndTheirLettersBecomeLinkedCases) {
  // A visit bringing a letter: the letter is a case linked to the register entry.
  const json first = CliJson(ComplaintVisit("2026-03-02"));
  ASSERT_TRUE(first.contains("visit")) << first.dump(1);
  EXPECT_EQ(first["visit"]["number"], "1");  // proto3 JSON prints int64 as a string
  const std::string visit_id = first["visit"].value("visit_id", "");
  EXPECT_EQ(visit_id, "hanoi.dongda.pc:2026:1");
  ASSERT_EQ(first["receipts"].size(), 1u);
  const std::string letter = first["receipts"][0].value("reference", "");
  EXPECT_THAT(letter, HasSubstr("KN-2026-"));
  EXPECT_FALSE(first["receipts"][0].value("tracking_pin", "").empty());
  EXPECT_EQ(first["visit"]["case_refs"], json::array({letter}));
  const json c = CliJson({"case", "show", letter});
  EXPECT_EQ(c["registration"]["reception_visit"], visit_id);
  EXPECT_EQ(c["registration"]["channel"], "IN_PERSON");
  EXPECT_EQ(c["registration"]["received_date"], "2026-03-02");
  EXPECT_EQ(c["state"], "PROCESSING");  // routed like any letter

  // A visit bringing no letter: guided orally.
  const json guided =
      CliJson({"visit",           "register",        "--unit",
               "hanoi.dongda.pc", "--date",          "2026-03-05",
               "--visitor-name",  "Lê Thị Cúc",      "--visitor-id",
               "001190054321",    "--summary",       "Hỏi về tranh chấp hợp đồng thuê nhà",
               "--class",         "question",        "--result",
               "guided",          "--result-detail", "Tòa án nhân dân khu vực",
               "--officer",       "clerk1"});
  EXPECT_EQ(guided["visit"]["number"], "2");
  EXPECT_FALSE(guided.contains("receipts"));

  // A group of 7 about a denunciation, from a file: visitors sealed like the denouncer.
  json file = {
      {"visit",
       {{"receiving_unit", "hanoi.dongda.pc"},
        {"visit_date", "2026-04-01"},
        {"visitors",
         {{{"full_name", "Trần Thị Bình"}, {"id_number", "079123456789"}, {"representative", true}},
          {{"full_name", "Phạm Văn Dũng"}, {"id_number", "079123456788"}}}},
        {"person_count", 7},
        {"content_summary", "Tố cáo cán bộ địa chính nhận tiền"},
        {"classification", "denunciation"},
        {"result", "letter_received"},
        {"officer", "clerk2"}}},
      {"letters",
       {{{"kind", "DENUNCIATION"},
         {"filers",
          {{{"full_name", "Trần Thị Bình"},
            {"id_number", "079123456789"},
            {"representative", true}}}},
         {"signatory_count", 7},
         {"respondent", {{"description", "Cán bộ địa chính"}, {"position", "official"}}},
         {"summary", "Tố cáo cán bộ địa chính nhận tiền khi cấp giấy chứng nhận"}}}}};
  const json sealed = CliJson({"visit", "register", "--file", WriteFile("visit.json", file)});
  EXPECT_EQ(sealed["visit"]["number"], "3");
  EXPECT_EQ(sealed["visit"]["identity_sealed"], true);
  ASSERT_EQ(sealed["visit"]["visitors"].size(), 2u);
  EXPECT_FALSE(sealed["visit"]["visitors"][0].contains("full_name"));
  EXPECT_FALSE(sealed["visit"]["visitors"][0].value("pseudonym", "").empty());
  EXPECT_EQ(sealed["visit"]["visitors"][0]["representative"], true);
  ASSERT_EQ(sealed["receipts"].size(), 1u);
  EXPECT_THAT(sealed["receipts"][0].value("reference", ""), HasSubstr("TC-2026-"));

  // Numbering restarts per unit and per year.
  std::vector<std::string> elsewhere = ComplaintVisit("2026-03-03");
  elsewhere[3] = "hanoi.kimlien.pc";
  EXPECT_EQ(CliJson(elsewhere)["visit"]["number"], "1");
  EXPECT_EQ(CliJson(ComplaintVisit("2025-12-30"))["visit"]["number"], "1");

  // The register, in date order, and over a date range.
  json all = Visits();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0]["visit_date"], "2025-12-30");
  EXPECT_EQ(all[1]["number"], "1");
  EXPECT_EQ(all[3]["number"], "3");
  json march = Visits({"--from", "2026-03-01", "--to", "2026-03-31"});
  ASSERT_EQ(march.size(), 2u);
  EXPECT_EQ(march[0]["visit_id"], visit_id);
  EXPECT_EQ(march[1]["result_detail"], "Tòa án nhân dân khu vực");

  CommandResult table = system_.Cli(
      {"visit", "list", "--unit", "hanoi.dongda.pc", "--from", "2026-03-01", "--to", "2026-03-31"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("NO."));
  EXPECT_THAT(table.out, HasSubstr("Nguyễn Văn An"));
  EXPECT_THAT(table.out, HasSubstr(letter));
  EXPECT_THAT(table.out, HasSubstr("guided"));
}

// A clerk whose command timed out runs it again with the same key: the first visit comes back
// and nothing is recorded twice; the same key for another visit is refused.
TEST_F(ReceptionTest, ARetriedVisitIsRecordedOnce) {
  std::vector<std::string> args = ComplaintVisit("2026-03-02");
  args.insert(args.end(), {"--idempotency-key", "desk1-20260302-0001"});
  const json first = CliJson(args);
  const json retried = CliJson(args);
  EXPECT_EQ(retried["visit"], first["visit"]);
  ASSERT_EQ(retried["receipts"].size(), 1u);
  EXPECT_EQ(retried["receipts"][0]["reference"], first["receipts"][0]["reference"]);
  EXPECT_EQ(Visits().size(), 1u);
  EXPECT_EQ(CliJson({"case", "list"}).value("cases", json::array()).size(), 1u);

  std::vector<std::string> other = ComplaintVisit("2026-03-03");
  other.insert(other.end(), {"--idempotency-key", "desk1-20260302-0001"});
  CommandResult r = system_.Cli(other);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("idempotency_key: already used for a different request"));
  EXPECT_EQ(Visits().size(), 1u);
  // Without a key each command is a new visit.
  EXPECT_EQ(CliJson(ComplaintVisit("2026-03-02"))["visit"]["number"], "2");
}

TEST_F(ReceptionTest, ARefusedVisitWritesNothing) {
  ASSERT_EQ(CliJson(ComplaintVisit("2026-03-02"))["visit"]["number"], "1");
  const json cases_before = CliJson({"case", "list"});

  // No letter, yet "letter received".
  std::vector<std::string> no_letter = ComplaintVisit("2026-03-03");
  no_letter.resize(no_letter.size() - 6);  // drop --letter-kind and the respondent
  CommandResult r = system_.Cli(no_letter);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, HasSubstr("visit.result: letter_received, but no letter"));

  // A group of 7 naming no representative (Reception Law Art. 29).
  json file = {{"visit",
                {{"receiving_unit", "hanoi.dongda.pc"},
                 {"visitors", {{{"full_name", "Trần Thị Bình"}, {"id_number", "079123456789"}}}},
                 {"person_count", 7},
                 {"content_summary", "Tố cáo"},
                 {"classification", "denunciation"},
                 {"result", "answered"},
                 {"officer", "clerk2"}}}};
  r = system_.Cli({"visit", "register", "--file", WriteFile("group.json", file)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("visit.visitors: a group of 7 persons names 1 to 2"));

  // A malformed letter: named by its index, and the visit is not recorded either.
  file["visit"]["visitors"][0]["representative"] = true;
  file["visit"]["result"] = "letter_received";
  file["letters"] = {{{"kind", "DENUNCIATION"},
                      {"filers", {{{"full_name", "Trần Thị Bình"}, {"id_number", "079123456789"}}}},
                      {"respondent", {{"description", "Cán bộ địa chính"}}}}};
  r = system_.Cli({"visit", "register", "--file", WriteFile("bad_letter.json", file)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("letters[0].summary: required"));

  EXPECT_EQ(Visits().size(), 1u);
  EXPECT_EQ(CliJson({"case", "list"}), cases_before);
  // No number was used by the refusals.
  EXPECT_EQ(CliJson(ComplaintVisit("2026-03-04"))["visit"]["number"], "2");
}

}  // namespace
}  // namespace civicase::testing
