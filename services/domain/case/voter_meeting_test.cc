#include "services/domain/case/voter_meeting.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "services/domain/case/registration_validation.h"
#include "storage/base/status_matchers.h"

namespace civicase::domain {
namespace {

using civicase::testing::StatusIs;
using civicase::v1::VoterMeeting;
using ::testing::HasSubstr;

VoterMeeting Valid() {
  VoterMeeting m;
  m.set_receiving_unit("hanoi.dongda.hdnd");
  m.set_meeting_date("2026-06-10");
  m.set_place("Nhà văn hóa phường Đống Đa");
  m.add_deputies("Nguyễn Thị Hoa");
  m.set_fatherland_front_unit("hanoi.dongda.mttq");
  m.set_voter_count(120);
  return m;
}

TEST(VoterMeetingTest, MeetingsAreCheckedFieldByField) {
  struct Row {
    std::string name;
    std::function<void(VoterMeeting&)> change;
    std::string error;
  };
  const std::vector<Row> table = {
      {"valid", [](VoterMeeting&) {}, ""},
      {"no unit", [](VoterMeeting& m) { m.clear_receiving_unit(); },
       "meeting.receiving_unit: required"},
      {"no date", [](VoterMeeting& m) { m.clear_meeting_date(); },
       "meeting.meeting_date: required"},
      {"bad date", [](VoterMeeting& m) { m.set_meeting_date("10/6/2026"); },
       "meeting.meeting_date: '10/6/2026'"},
      {"no place", [](VoterMeeting& m) { m.clear_place(); }, "meeting.place: required"},
      {"no deputy", [](VoterMeeting& m) { m.clear_deputies(); }, "meeting.deputies: at least"},
      {"blank deputy", [](VoterMeeting& m) { m.add_deputies(" "); }, "meeting.deputies[1]"},
      {"no MTTQ", [](VoterMeeting& m) { m.clear_fatherland_front_unit(); },
       "meeting.fatherland_front_unit: required"},
      {"negative voters", [](VoterMeeting& m) { m.set_voter_count(-1); },
       "meeting.voter_count: must not be negative"},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.name);
    VoterMeeting m = Valid();
    row.change(m);
    if (row.error.empty()) {
      EXPECT_OK(ValidateVoterMeeting(m));
    } else {
      EXPECT_THAT(ValidateVoterMeeting(m),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(row.error)));
    }
  }
}

TEST(VoterMeetingTest, APetitionCollectedAtTheMeetingIsAForwardedVoterPetition) {
  VoterMeeting m = Valid();
  m.set_meeting_id("hanoi.dongda.hdnd:2026:3");
  civicase::v1::Registration p;
  p.set_kind(civicase::v1::PETITION);  // the meeting decides the kind
  p.mutable_respondent()->set_description("UBND phường Đống Đa");
  p.set_summary("Cử tri kiến nghị sửa chữa đường ngõ 12");
  auto r = PetitionFromMeeting(m, p);
  EXPECT_EQ(r.kind(), civicase::v1::VOTER_PETITION);
  EXPECT_EQ(r.channel(), civicase::v1::FORWARDED);
  EXPECT_EQ(r.receiving_unit(), "hanoi.dongda.hdnd");
  EXPECT_EQ(r.received_date(), "2026-06-10");
  EXPECT_TRUE(r.anonymous());
  EXPECT_THAT(r.forwarding().forwarder(), HasSubstr("Nguyễn Thị Hoa"));
  EXPECT_EQ(r.forwarding().document_number(), "voter meeting hanoi.dongda.hdnd:2026:3");
  EXPECT_EQ(r.forwarding().document_date(), "2026-06-10");
  EXPECT_OK(ValidateRegistration(r));
}

}  // namespace
}  // namespace civicase::domain
