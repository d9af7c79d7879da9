// Bad input (issue 4): oversized, malformed and out-of-range requests are refused with the
// right code, naming the field, and write nothing but the audit record of the refusal. For each
// request the case data (events, snapshots, indexes other than the audit index, idempotency
// records, sealed keys, cursors, and the case/sequence/reference counters) is compared before
// and after; exactly one audit record is added, with the failure as its outcome; the chain
// still verifies at the end.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "civicase/v1/audit.pb.h"
#include "services/store/store_keys.h"
#include "storage/base/status_matchers.h"
#include "storage/kv/key_encoding.h"
#include "tests/crash/store_home.h"

namespace civicase::store::testing {
namespace {

namespace fs = std::filesystem;
using ::civicase::testing::StatusIs;
using storage::Column;
using ::testing::HasSubstr;

// Everything a command may write, except the audit trail of the command itself.
using CaseData = std::map<std::string, std::map<std::string, std::string>>;

CaseData ReadCaseData(const storage::Kv& kv) {
  CaseData data;
  for (Column column : {Column::kEvents, Column::kSnapshots, Column::kIndexes, Column::kIdempotency,
                        Column::kCursors, Column::kSealedKeys}) {
    auto& out = data[std::string(storage::ColumnName(column))];
    EXPECT_OK(kv.ScanPrefix(column, "", [&](std::string_view k, std::string_view v) {
      // Per-case audit index entries belong to the audit record, which a refusal does write.
      auto parts = storage::SplitKey(k);
      const bool audit_index =
          column == Column::kIndexes && parts.ok() && !parts->empty() && (*parts)[0] == "audit";
      if (!audit_index) {
        out.emplace(k, v);
      }
      return true;
    }));
  }
  v1::StoreCounters counters;
  if (auto bytes = kv.Get(Column::kMeta, keys::kCounters); bytes.ok()) {
    EXPECT_TRUE(counters.ParseFromString(*bytes));
  }
  counters.clear_audit_sequence();
  counters.clear_audit_head();
  counters.clear_last_checkpoint_sequence();
  counters.clear_last_checkpoint_unix();
  data["meta"]["counters without audit"] = counters.DebugString();
  return data;
}

struct LastAudit {
  uint64_t sequence = 0;
  v1::AuditRecord record;
};

LastAudit ReadLastAudit(const storage::Kv& kv) {
  LastAudit last;
  auto found = kv.Last(Column::kAudit, keys::AuditRecordPrefix());
  EXPECT_OK(found.status());
  if (!found.ok() || !found->has_value()) return last;
  auto parts = storage::SplitKey((*found)->first);
  if (parts.ok() && parts->size() == 2) {
    last.sequence = storage::DecodeFixed64BE((*parts)[1]).value_or(0);
  }
  v1::AuditEntry entry;
  EXPECT_TRUE(entry.ParseFromString((*found)->second));
  EXPECT_TRUE(last.record.ParseFromString(entry.record()));
  return last;
}

class StoreBadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/civicase-badinput-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    home_dir_ = pattern;
    auto opened = OpenStoreHome(home_dir_);
    ASSERT_OK(opened.status());
    home_ = *std::move(opened);
    auto created = Create(CreateRequest(ValidRegistration(v1::COMPLAINT, "có sẵn"), "key-1"));
    ASSERT_OK(created.status());
    existing_ = created->snapshot();
    ASSERT_OK(Create(CreateRequest(ValidRegistration(v1::DENUNCIATION, "tố cáo có sẵn"))).status());
  }
  void TearDown() override {
    home_.reset();
    std::error_code ignored;
    fs::remove_all(home_dir_, ignored);
  }

  CaseStore& store() { return *home_->store; }
  absl::StatusOr<v1::CaseChange> Create(v1::CreateCaseRequest request) {
    return Await<v1::CaseChange>(
        [&](auto done) { store().CreateCase(std::move(request), std::move(done)); });
  }
  absl::StatusOr<v1::CaseChange> Append(v1::AppendEventRequest request) {
    return Await<v1::CaseChange>(
        [&](auto done) { store().AppendEvent(std::move(request), std::move(done)); });
  }

  // Runs `call`, which the store must refuse with `code` and a message containing `field`;
  // checks that it wrote nothing but one audit record of the refusal by `method`.
  void ExpectRefused(const std::string& what, absl::StatusCode code, const std::string& field,
                     const std::string& method, const std::function<absl::Status()>& call) {
    SCOPED_TRACE(what);
    const CaseData before = ReadCaseData(*home_->kv);
    const LastAudit audit_before = ReadLastAudit(*home_->kv);
    EXPECT_THAT(call(), StatusIs(code, HasSubstr(field)));
    EXPECT_EQ(ReadCaseData(*home_->kv), before) << "a refused request changed case data";
    const LastAudit audit_after = ReadLastAudit(*home_->kv);
    EXPECT_EQ(audit_after.sequence, audit_before.sequence + 1) << "one audit record per refusal";
    EXPECT_EQ(audit_after.record.outcome(), absl::StatusCodeToString(code));
    EXPECT_THAT(audit_after.record.method(), HasSubstr(method));
    EXPECT_EQ(audit_after.record.actor().user(), TestContext().user());
  }

  v1::CreateCaseRequest CreateWith(const std::function<void(v1::Registration&)>& change,
                                   v1::CaseKind kind = v1::COMPLAINT) {
    v1::Registration r = ValidRegistration(kind, "đơn thử");
    change(r);
    return CreateRequest(std::move(r));
  }
  void ExpectCreateRefused(const std::string& what, absl::StatusCode code, const std::string& field,
                           v1::CreateCaseRequest request) {
    ExpectRefused(what, code, field, "CreateCase", [&] { return Create(request).status(); });
  }
  void ExpectAppendRefused(const std::string& what, absl::StatusCode code, const std::string& field,
                           v1::AppendEventRequest request) {
    ExpectRefused(what, code, field, "AppendEvent", [&] { return Append(request).status(); });
  }

  std::string home_dir_;
  std::unique_ptr<StoreHome> home_;
  v1::Case existing_;
};

TEST_F(StoreBadInputTest, OversizedRegistrationsAreResourceExhaustedAndWriteNothing) {
  using Code = absl::StatusCode;
  ExpectCreateRefused("summary over the limit", Code::kResourceExhausted, "registration.summary",
                      CreateWith([](auto& r) { r.set_summary(std::string(20001, 'x')); }));
  ExpectCreateRefused("request over the limit", Code::kResourceExhausted, "registration.request",
                      CreateWith([](auto& r) { r.set_request(std::string(20001, 'x')); }));
  ExpectCreateRefused("too many filers", Code::kResourceExhausted, "registration.filers",
                      CreateWith([](auto& r) {
                        for (int i = 0; i < 1001; ++i) *r.add_filers() = r.filers(0);
                      }));
  ExpectCreateRefused(
      "a name over the limit", Code::kResourceExhausted, "registration.filers[0].full_name",
      CreateWith([](auto& r) { r.mutable_filers(0)->set_full_name(std::string(201, 'a')); },
                 v1::DENUNCIATION));
}

TEST_F(StoreBadInputTest, MalformedRegistrationsNameTheFieldAndWriteNothing) {
  using Code = absl::StatusCode;
  const Code invalid = Code::kInvalidArgument;
  ExpectCreateRefused("no kind", invalid, "registration.kind",
                      CreateWith([](auto& r) { r.clear_kind(); }));
  ExpectCreateRefused("unknown kind", invalid, "registration.kind",
                      CreateWith([](auto& r) { r.set_kind(static_cast<v1::CaseKind>(99)); }));
  ExpectCreateRefused("no channel", invalid, "registration.channel",
                      CreateWith([](auto& r) { r.clear_channel(); }));
  ExpectCreateRefused("no receiving unit", invalid, "registration.receiving_unit",
                      CreateWith([](auto& r) { r.set_receiving_unit("  "); }));
  ExpectCreateRefused("bad date", invalid, "registration.received_date",
                      CreateWith([](auto& r) { r.set_received_date("2026-13-45"); }));
  ExpectCreateRefused("no filers", invalid, "registration.filers",
                      CreateWith([](auto& r) { r.clear_filers(); }));
  ExpectCreateRefused(
      "filer without ID", invalid, "registration.filers[0].id_number",
      CreateWith([](auto& r) { r.mutable_filers(0)->clear_id_number(); }, v1::DENUNCIATION));
  ExpectCreateRefused("filer with a bad ID", invalid, "registration.filers[0].id_number",
                      CreateWith([](auto& r) { r.mutable_filers(0)->set_id_number("12-34"); }));
  ExpectCreateRefused("no respondent", invalid, "registration.respondent.description",
                      CreateWith([](auto& r) { r.clear_respondent(); }, v1::DENUNCIATION));
  ExpectCreateRefused("blank summary", invalid, "registration.summary",
                      CreateWith([](auto& r) { r.set_summary(" \t"); }));
  ExpectCreateRefused("anonymous denunciation", invalid, "registration.anonymous",
                      CreateWith([](auto& r) { r.set_anonymous(true); }, v1::DENUNCIATION));
  ExpectCreateRefused("forwarded without forwarder", invalid, "registration.forwarding.forwarder",
                      CreateWith([](auto& r) { r.set_channel(v1::FORWARDED); }));
}

TEST_F(StoreBadInputTest, OutOfRangeRequestsAreRefusedAndWriteNothing) {
  using Code = absl::StatusCode;
  const Code invalid = Code::kInvalidArgument;
  ExpectCreateRefused("round 3", invalid, "registration.round",
                      CreateWith([](auto& r) { r.set_round(3); }));
  ExpectCreateRefused("round 2 without its round-1 case", invalid, "registration.previous_case",
                      CreateWith([](auto& r) { r.set_round(2); }));
  ExpectCreateRefused("negative signatory count", invalid, "registration.signatory_count",
                      CreateWith([](auto& r) { r.set_signatory_count(-1); }));
  ExpectCreateRefused(
      "idempotency key over 128 bytes", invalid, "idempotency_key",
      CreateRequest(ValidRegistration(v1::COMPLAINT, "đơn"), std::string(129, 'k')));
  ExpectCreateRefused("idempotency key reused for another registration", Code::kAlreadyExists,
                      "idempotency_key",
                      CreateRequest(ValidRegistration(v1::COMPLAINT, "khác"), "key-1"));

  const std::string ref = existing_.reference();
  ExpectAppendRefused("expected_version mismatch", Code::kAborted, "version",
                      AppendRequest(ref, existing_.version() + 5, DeadlineSetEvent("2026-03-16")));
  ExpectAppendRefused("unknown case", Code::kNotFound, "KN-2026-999999",
                      AppendRequest("KN-2026-999999", 1, DeadlineSetEvent("2026-03-16")));
  ExpectAppendRefused("no case_ref", invalid, "case_ref",
                      AppendRequest("", 1, DeadlineSetEvent("2026-03-16")));
  ExpectAppendRefused("case_ref over 64 bytes", invalid, "case_ref",
                      AppendRequest(std::string(65, 'K'), 1, DeadlineSetEvent("2026-03-16")));
  ExpectAppendRefused("no payload", invalid, "event", AppendRequest(ref, 1, v1::CaseEvent()));
  v1::CaseEvent second_registration;
  second_registration.mutable_registered()->set_reference("KN-2026-000777");
  ExpectAppendRefused("a second registration", invalid, "event.registered",
                      AppendRequest(ref, 1, second_registration));
  v1::CaseEvent huge = DeadlineSetEvent("2026-03-16");
  huge.set_note(std::string(65 * 1024, 'n'));
  ExpectAppendRefused("event over 64 KiB", Code::kResourceExhausted, "event",
                      AppendRequest(ref, 1, huge));
  ExpectAppendRefused("idempotency key over 128 bytes", invalid, "idempotency_key",
                      AppendRequest(ref, 1, DeadlineSetEvent("2026-03-16"), std::string(129, 'k')));
  v1::CaseEvent wrong_state = StartProcessingEvent();
  wrong_state.mutable_state_changed()->set_from(v1::VERIFYING);
  ExpectAppendRefused("transition from a state the case is not in", Code::kFailedPrecondition,
                      "received", AppendRequest(ref, 1, wrong_state));

  ExpectRefused("GetCase of an unknown case", Code::kNotFound, "0000009999", "GetCase", [&] {
    return Await<v1::Case>(
               [&](auto done) { store().GetCase(GetRequest("0000009999"), std::move(done)); })
        .status();
  });
  ExpectRefused("ListCases of an unknown state", invalid, "state", "ListCases", [&] {
    v1::ListCasesRequest list;
    *list.mutable_context() = TestContext();
    list.set_state(static_cast<v1::CaseState>(999));
    return Await<v1::ListCasesResponse>(
               [&](auto done) { store().ListCases(list, std::move(done)); })
        .status();
  });
  ExpectRefused(
      "change feed from a negative sequence", invalid, "from_sequence", "WatchEvents", [&] {
        v1::WatchEventsRequest watch;
        *watch.mutable_context() = TestContext();
        watch.set_from_sequence(-1);
        return Await<int64_t>([&](auto done) { store().OpenFeed(watch, std::move(done)); })
            .status();
      });

  // The refusals are in the chain, which still verifies, and a good request still succeeds.
  auto report = store().VerifyAudit();
  ASSERT_OK(report.status());
  EXPECT_TRUE(report->ok()) << report->problem();
  EXPECT_OK(
      Append(AppendRequest(ref, existing_.version(), DeadlineSetEvent("2026-03-16"))).status());
}

}  // namespace
}  // namespace civicase::store::testing
