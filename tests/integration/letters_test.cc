// Intakes that make several cases, on the real services (issue 6): a letter with mixed content
// registered as linked sibling cases (`civicase case register --split`), and a voter-contact
// meeting registered with the petitions collected at it (`civicase voter-meeting register`).
// A refused intake writes nothing.

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

class LettersTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(system_.Start()) << system_.error(); }

  json CliJson(const std::vector<std::string>& args) {
    return civicase::testing::CliJson(system_, args);
  }

  std::string WriteFile(const std::string& name, const json& content) {
    return WriteJsonFile(system_, name, content);
  }

  size_t CaseCount() { return CliJson({"case", "list"}).value("cases", json::array()).size(); }

  LocalSystem system_{LocalSystemOptions{.auth = false, .require_login = false}};
};

std::vector<std::string> MixedLetter() {
  return {"case",
          "register",
          "--kind",
          "complaint",
          "--channel",
          "post",
          "--unit",
          "hanoi.dongda.pc",
          "--received",
          "2026-03-02",
          "--filer-name",
          "Nguyễn Văn An",
          "--filer-id",
          "001085012345",
          "--respondent",
          "Chủ tịch UBND phường Đống Đa",
          "--respondent-position",
          "head",
          "--summary",
          "Khiếu nại quyết định thu hồi đất và tố cáo cán bộ địa chính",
          "--split",
          "complaint=Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND",
          "--split",
          "denunciation=Tố cáo cán bộ địa chính nhận tiền khi đo đạc"};
}

TEST_F(LettersTest, ALetterWithMixedContentBecomesLinkedCasesOnePerContent) {
  const json receipt = CliJson(MixedLetter());
  const std::string complaint = receipt.value("reference", "");
  ASSERT_THAT(complaint, HasSubstr("KN-2026-"));
  ASSERT_EQ(receipt["split_receipts"].size(), 1u) << receipt.dump(1);
  const std::string denunciation = receipt["split_receipts"][0].value("reference", "");
  EXPECT_THAT(denunciation, HasSubstr("TC-2026-"));
  EXPECT_FALSE(receipt["split_receipts"][0].value("tracking_pin", "").empty());

  const json first = CliJson({"case", "show", complaint});
  const json second = CliJson({"case", "show", denunciation});
  EXPECT_EQ(first["sibling_cases"], json::array({denunciation}));
  EXPECT_EQ(second["sibling_cases"], json::array({complaint}));
  EXPECT_EQ(first["registration"]["summary"], "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND");
  EXPECT_EQ(second["kind"], "DENUNCIATION");
  EXPECT_EQ(second["registration"]["channel"], "POST");
  // The denunciation's filer is sealed; the complaint's is not.
  EXPECT_EQ(second["identity_sealed"], true);
  EXPECT_FALSE(first.contains("identity_sealed"));
  EXPECT_EQ(first["state"], "PROCESSING");
  EXPECT_EQ(second["state"], "PROCESSING");

  CommandResult table = system_.Cli({"case", "show", denunciation});
  EXPECT_THAT(table.out, HasSubstr("Same letter"));
  EXPECT_THAT(table.out, HasSubstr(complaint));

  // One content only is not a split; a content without summary is named. Nothing is written.
  const size_t before = CaseCount();
  std::vector<std::string> single = MixedLetter();
  single.resize(single.size() - 2);
  CommandResult r = system_.Cli(single);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, HasSubstr("contents: a letter with mixed content"));
  std::vector<std::string> blank = MixedLetter();
  blank.back() = "petition=";
  r = system_.Cli(blank);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("contents[1].summary: required"));
  EXPECT_EQ(CaseCount(), before);
}

json Meeting() {
  json petition = {{"respondent",
                    {{"description", "UBND phường Đống Đa"},
                     {"unit", "hanoi.dongda.pc"},
                     {"position", "the_body"}}},
                   {"summary", "Cử tri kiến nghị sửa chữa đường ngõ 12 bị ngập"},
                   {"sector", "transport"}};
  json second = petition;
  second["summary"] = "Cử tri kiến nghị bố trí thêm điểm thu gom rác";
  second["sector"] = "environment";
  return {{"meeting",
           {{"receiving_unit", "hanoi.dongda.hdnd"},
            {"meeting_date", "2026-06-10"},
            {"place", "Nhà văn hóa tổ dân phố 5"},
            {"deputies", {"Nguyễn Thị Hoa", "Trần Văn Nam"}},
            {"fatherland_front_unit", "hanoi.dongda.mttq"},
            {"voter_count", 120}}},
          {"petitions", {petition, second}}};
}

TEST_F(LettersTest, AVoterMeetingAndItsPetitionsAreRegisteredInOneGo) {
  const json registered =
      CliJson({"voter-meeting", "register", "--file", WriteFile("meeting.json", Meeting())});
  const json& meeting = registered["meeting"];
  EXPECT_EQ(meeting["number"], "1");
  const std::string meeting_id = meeting.value("meeting_id", "");
  EXPECT_EQ(meeting_id, "hanoi.dongda.hdnd:2026:1");
  ASSERT_EQ(registered["receipts"].size(), 2u) << registered.dump(1);
  const std::string first = registered["receipts"][0].value("reference", "");
  const std::string second = registered["receipts"][1].value("reference", "");
  EXPECT_THAT(first, HasSubstr("CT-2026-"));
  EXPECT_EQ(meeting["case_refs"], json::array({first, second}));

  const json petition = CliJson({"case", "show", second});
  EXPECT_EQ(petition["kind"], "VOTER_PETITION");
  EXPECT_EQ(petition["registration"]["voter_meeting"], meeting_id);
  EXPECT_EQ(petition["registration"]["channel"], "FORWARDED");
  EXPECT_EQ(petition["registration"]["received_date"], "2026-06-10");
  EXPECT_EQ(petition["registration"]["summary"], "Cử tri kiến nghị bố trí thêm điểm thu gom rác");
  EXPECT_THAT(petition["registration"]["forwarding"].value("forwarder", ""),
              HasSubstr("Nguyễn Thị Hoa"));

  // The next meeting of the unit that year is number 2.
  EXPECT_EQ(CliJson({"voter-meeting", "register", "--file",
                     WriteFile("meeting2.json", Meeting())})["meeting"]["number"],
            "2");

  // Refused meetings write nothing: no deputy; a petition without summary.
  const size_t before = CaseCount();
  json no_deputy = Meeting();
  no_deputy["meeting"].erase("deputies");
  CommandResult r =
      system_.Cli({"voter-meeting", "register", "--file", WriteFile("bad1.json", no_deputy)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("meeting.deputies: at least one deputy"));
  json no_summary = Meeting();
  no_summary["petitions"][1].erase("summary");
  r = system_.Cli({"voter-meeting", "register", "--file", WriteFile("bad2.json", no_summary)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("petitions[1].summary: required"));
  EXPECT_EQ(CaseCount(), before);
  EXPECT_EQ(CliJson({"voter-meeting", "register", "--file",
                     WriteFile("meeting3.json", Meeting())})["meeting"]["number"],
            "3");
}

TEST_F(LettersTest, AUnitsVoterMeetingsAreListedWithTheirPetitions) {
  const json june = CliJson(
      {"voter-meeting", "register", "--file", WriteFile("june.json", Meeting())})["meeting"];
  json july_file = Meeting();
  july_file["meeting"]["meeting_date"] = "2026-07-01";
  july_file["meeting"]["place"] = "Nhà văn hóa tổ dân phố 9";
  const json july = CliJson(
      {"voter-meeting", "register", "--file", WriteFile("july.json", july_file)})["meeting"];

  const json all = CliJson({"voter-meeting", "list", "--unit", "hanoi.dongda.hdnd"});
  ASSERT_EQ(all.value("meetings", json::array()).size(), 2u) << all.dump(1);
  EXPECT_EQ(all["meetings"][0]["meeting_id"], june["meeting_id"]);
  EXPECT_EQ(all["meetings"][0]["case_refs"], june["case_refs"]);
  EXPECT_EQ(all["meetings"][1]["place"], "Nhà văn hóa tổ dân phố 9");
  EXPECT_EQ(all["meetings"][1]["case_refs"].size(), 2u);

  const json from_july =
      CliJson({"voter-meeting", "list", "--unit", "hanoi.dongda.hdnd", "--from", "2026-07-01"});
  ASSERT_EQ(from_july.value("meetings", json::array()).size(), 1u);
  EXPECT_EQ(from_july["meetings"][0]["meeting_id"], july["meeting_id"]);
  const json first_page =
      CliJson({"voter-meeting", "list", "--unit", "hanoi.dongda.hdnd", "--limit", "1"});
  EXPECT_EQ(first_page.value("meetings", json::array()).size(), 1u);
  EXPECT_FALSE(first_page.value("next_page_token", "").empty());
  EXPECT_TRUE(CliJson({"voter-meeting", "list", "--unit", "hanoi.dongda.pc"})
                  .value("meetings", json::array())
                  .empty());

  CommandResult table = system_.Cli({"voter-meeting", "list", "--unit", "hanoi.dongda.hdnd"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out,
              HasSubstr("Voter-contact meetings (tiếp xúc cử tri) of hanoi.dongda.hdnd"));
  EXPECT_THAT(table.out, HasSubstr("Nguyễn Thị Hoa, Trần Văn Nam"));
  CommandResult bad =
      system_.Cli({"voter-meeting", "list", "--unit", "hanoi.dongda.hdnd", "--from", "2026-13-01"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("from: '2026-13-01' is not a YYYY-MM-DD date"));
}

TEST_F(LettersTest, AVoterMeetingFileWithAKeyIsRecordedOnceHoweverOftenItIsRun) {
  json file = Meeting();
  file["idempotencyKey"] = "hdnd-dongda-2026-06-10";
  const std::string path = WriteFile("keyed.json", file);
  const json first = CliJson({"voter-meeting", "register", "--file", path});
  const json again = CliJson({"voter-meeting", "register", "--file", path});
  EXPECT_EQ(again["meeting"], first["meeting"]);
  EXPECT_EQ(again["receipts"].size(), 2u);
  EXPECT_EQ(CaseCount(), 2u);
  EXPECT_EQ(CliJson({"voter-meeting", "register", "--file",
                     WriteFile("unkeyed.json", Meeting())})["meeting"]["number"],
            "2");
}

TEST_F(LettersTest, AMultiPersonLetterNamesRepresentativesAmongItsFilers) {
  // Six signatures: a multi-person letter; the filer named represents the others.
  const json receipt =
      CliJson({"case", "register", "--kind", "complaint", "--unit", "hanoi.dongda.pc",
               "--filer-name", "Nguyễn Văn An", "--filer-id", "001085012345", "--signatories", "6",
               "--respondent", "Chủ tịch UBND phường", "--summary", "Khiếu nại của 6 hộ dân"});
  const json c = CliJson({"case", "show", receipt.value("reference", "")});
  EXPECT_EQ(c["registration"]["signatory_count"], 6);
  EXPECT_EQ(c["registration"]["filers"][0]["representative"], true);

  // Seven signatures and no representative among the filers (Reception Law Art. 29): refused,
  // the letter named by its place in the visit, nothing written.
  const size_t before = CaseCount();
  json visit = {{"visit",
                 {{"receiving_unit", "hanoi.dongda.pc"},
                  {"visitors",
                   {{{"full_name", "Trần Thị Bình"},
                     {"id_number", "079123456789"},
                     {"representative", true}}}},
                  {"person_count", 7},
                  {"content_summary", "Khiếu nại của nhiều hộ dân"},
                  {"classification", "complaint"},
                  {"result", "letter_received"},
                  {"officer", "clerk1"}}},
                {"letters",
                 {{{"kind", "COMPLAINT"},
                   {"filers", {{{"full_name", "Trần Thị Bình"}, {"id_number", "079123456789"}}}},
                   {"signatory_count", 7},
                   {"respondent", {{"description", "Chủ tịch UBND phường"}}},
                   {"summary", "Khiếu nại quyết định thu hồi đất của 7 hộ"}}}}};
  CommandResult r = system_.Cli({"visit", "register", "--file", WriteFile("group.json", visit)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, HasSubstr("letters[0].filers: a group of 7 persons names 1 to 2 "
                               "representatives among themselves, not 0"));
  EXPECT_EQ(CaseCount(), before);
  visit["letters"][0]["filers"][0]["representative"] = true;
  EXPECT_EQ(
      CliJson({"visit", "register", "--file", WriteFile("group2.json", visit)})["receipts"].size(),
      1u);
}

TEST_F(LettersTest, AnAnonymousLetterIsRecordedAsInformationNotADenunciation) {
  std::vector<std::string> anonymous = {"case",
                                        "register",
                                        "--kind",
                                        "denunciation",
                                        "--unit",
                                        "hanoi.dongda.pc",
                                        "--anonymous",
                                        "--respondent",
                                        "Cán bộ địa chính",
                                        "--summary",
                                        "Thư không ký tên tố cáo cán bộ địa chính nhận tiền"};
  CommandResult r = system_.Cli(anonymous);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("registration.anonymous: an anonymous letter is not processed as "
                               "a complaint or denunciation"));
  EXPECT_EQ(CaseCount(), 0u);

  anonymous[3] = "petition";  // Law on Denunciations Art. 25: kept as information
  const json receipt = CliJson(anonymous);
  EXPECT_THAT(receipt.value("reference", ""), HasSubstr("PA-2026-"));
  const json c = CliJson({"case", "show", receipt.value("reference", "")});
  EXPECT_EQ(c["registration"]["anonymous"], true);
  EXPECT_EQ(c["kind"], "PETITION");
}

}  // namespace
}  // namespace civicase::testing
