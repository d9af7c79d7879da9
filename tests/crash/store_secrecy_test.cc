// Secrecy test (issue 4): a denouncer's identity never reaches the disk in clear. Denunciations
// with distinctive names, ID numbers, addresses, phones and e-mails are registered, read back
// (GetCase, GetHistory, ListCases), backed up; then every file under the data folder and the
// backup (SST, WAL *.log, MANIFEST, OPTIONS, LOG) is scanned byte by byte: none of them holds
// any of it. The scan is shown able to fail: a complaint filer's name (not sealed by law) is
// found in clear. Reads show pseudonyms, and the sealer recovers the identity with the key.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "services/store/txn.h"
#include "storage/base/status_matchers.h"
#include "tests/crash/store_home.h"

namespace civicase::store::testing {
namespace {

namespace fs = std::filesystem;
using ::civicase::testing::StatusIs;

struct Identity {
  std::string name;
  std::string id_number;
  std::string address;
  std::string phone;
  std::string email;
};

const std::vector<Identity>& Denouncers() {
  static const auto* denouncers = new std::vector<Identity>{
      {"Trần Thị Bí Mật 4821", "079123456789", "Số 17 ngõ Kín Đáo, phường Láng Thượng",
       "0912348821", "bimat4821@example.vn"},
      {"Phạm Văn Giấu Tên 3307", "B7654321", "Thôn Ẩn Danh, xã Tân Lập", "0987653307",
       "giauten3307@example.vn"},
      {"Hoàng Thị Thầm Lặng 9164", "031290009164", "Tổ 9 khu Yên Tĩnh", "0904449164",
       "thamlang9164@example.vn"},
  };
  return *denouncers;
}
// A denunciation refused as malformed: its filer must not reach the disk either (audit record).
const Identity kRefusedDenouncer{"Đỗ Văn Bị Từ Chối 5150", "044095005150", "", "", ""};
// A complainant: not sealed by law, so the scan must find this name (the scan can fail).
const Identity kComplainant{"Lê Văn Công Khai 7302", "001199007302", "", "", ""};

v1::Registration RegistrationOf(v1::CaseKind kind, const Identity& who,
                                const std::string& summary) {
  v1::Registration r = ValidRegistration(kind, summary, who.name, who.id_number);
  r.mutable_filers(0)->set_address(who.address);
  r.mutable_filers(0)->set_phone(who.phone);
  r.mutable_filers(0)->set_email(who.email);
  return r;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every regular file under `dirs` whose bytes contain `needle`.
std::vector<std::string> FilesContaining(const std::vector<std::string>& dirs,
                                         const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& dir : dirs) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      if (ReadFile(entry.path()).find(needle) != std::string::npos) {
        found.push_back(entry.path().string());
      }
    }
  }
  return found;
}

class StoreSecrecyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/civicase-secrecy-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    home_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(home_, ignored);
  }

  absl::StatusOr<v1::CaseChange> Register(CaseStore& store, v1::Registration registration) {
    return Await<v1::CaseChange>([&](auto done) {
      store.CreateCase(CreateRequest(std::move(registration)), std::move(done));
    });
  }

  std::string home_;
};

TEST_F(StoreSecrecyTest, DenouncersIdentitiesAreInNoFileOfTheDataFolder) {
  auto opened = OpenStoreHome(home_);
  ASSERT_OK(opened.status());
  StoreHome& home = **opened;
  CaseStore& store = *home.store;

  std::vector<std::string> case_ids;
  for (size_t i = 0; i < Denouncers().size(); ++i) {
    auto created = Register(
        store, RegistrationOf(v1::DENUNCIATION, Denouncers()[i], absl::StrCat("tố cáo số ", i)));
    ASSERT_OK(created.status());
    case_ids.push_back(created->snapshot().case_id());
  }
  auto complaint = Register(store, RegistrationOf(v1::COMPLAINT, kComplainant, "khiếu nại"));
  ASSERT_OK(complaint.status());
  v1::Registration refused = RegistrationOf(v1::DENUNCIATION, kRefusedDenouncer, "tố cáo");
  refused.mutable_respondent()->clear_description();
  EXPECT_THAT(Register(store, refused), StatusIs(absl::StatusCode::kInvalidArgument));

  // Reads see pseudonyms only; the sealer, with the case's data key, recovers the identity.
  for (size_t i = 0; i < case_ids.size(); ++i) {
    auto got = Await<v1::Case>(
        [&](auto done) { store.GetCase(GetRequest(case_ids[i]), std::move(done)); });
    ASSERT_OK(got.status());
    EXPECT_TRUE(got->identity_sealed());
    const v1::Person& filer = got->registration().filers(0);
    EXPECT_EQ(filer.pseudonym(), IdentitySealer::Pseudonym(0));
    EXPECT_EQ(filer.full_name(), "");
    EXPECT_EQ(filer.id_number(), "");
    EXPECT_EQ(filer.address(), "");
    EXPECT_FALSE(filer.sealed_identity().empty());
    Txn read(*home.kv, nullptr);
    auto identity = home.sealer->Unseal(case_ids[i], 0, filer, read);
    ASSERT_OK(identity.status());
    EXPECT_EQ(identity->full_name(), Denouncers()[i].name);
    EXPECT_EQ(identity->id_number(), Denouncers()[i].id_number);
    EXPECT_EQ(identity->address(), Denouncers()[i].address);
    EXPECT_EQ(identity->phone(), Denouncers()[i].phone);
    EXPECT_EQ(identity->email(), Denouncers()[i].email);

    auto history = Await<v1::CaseHistory>(
        [&](auto done) { store.GetHistory(GetRequest(case_ids[i]), std::move(done)); });
    ASSERT_OK(history.status());
    ASSERT_GE(history->events_size(), 1);
    EXPECT_EQ(history->events(0).registered().registration().filers(0).full_name(), "");
  }
  v1::ListCasesRequest list;
  *list.mutable_context() = TestContext();
  auto listed =
      Await<v1::ListCasesResponse>([&](auto done) { store.ListCases(list, std::move(done)); });
  ASSERT_OK(listed.status());
  ASSERT_EQ(listed->cases_size(), 4);
  for (const v1::Case& c : listed->cases()) {
    if (c.kind() == v1::DENUNCIATION) {
      EXPECT_EQ(c.registration().filers(0).full_name(), "");
    }
  }

  // A backup flushes the memtables into SST files; what follows stays in the WAL only.
  v1::BackupRequest backup;
  *backup.mutable_context() = TestContext();
  backup.set_directory(home_ + "/backup");
  ASSERT_OK(store.Backup(backup).status());
  ASSERT_OK(Register(store, RegistrationOf(v1::DENUNCIATION, Denouncers()[0], "lần hai")).status());
  ASSERT_OK(Register(store, RegistrationOf(v1::COMPLAINT, kComplainant, "lần hai")).status());
  home.Close();

  const std::vector<std::string> dirs = {StoreDir(home_), home_ + "/backup"};
  bool saw_sst = false, saw_wal = false, saw_manifest = false, saw_log = false;
  for (const auto& dir : dirs) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      saw_sst |= name.ends_with(".sst");
      saw_wal |= name.ends_with(".log");
      saw_manifest |= name.starts_with("MANIFEST");
      saw_log |= name == "LOG";
    }
  }
  EXPECT_TRUE(saw_sst && saw_wal && saw_manifest && saw_log)
      << "the scan must cover SST, WAL, MANIFEST and LOG files";

  // The control: an unsealed name is found, in a table file and in a write-ahead log.
  const std::vector<std::string> complainant = FilesContaining(dirs, kComplainant.name);
  EXPECT_THAT(complainant, ::testing::Contains(::testing::EndsWith(".log")))
      << "the scan cannot see plain text in the WAL";
  EXPECT_THAT(complainant, ::testing::Contains(::testing::EndsWith(".sst")))
      << "the scan cannot see plain text in SST files";

  std::vector<Identity> secrets = Denouncers();
  secrets.push_back(kRefusedDenouncer);
  for (const Identity& who : secrets) {
    for (const std::string* secret :
         {&who.name, &who.id_number, &who.address, &who.phone, &who.email}) {
      if (secret->empty()) continue;
      EXPECT_THAT(FilesContaining(dirs, *secret), ::testing::IsEmpty())
          << "a denouncer's identity in clear: " << *secret;
    }
  }
}

TEST_F(StoreSecrecyTest, FieldsMarkedConfidentialAreSealedAndInNoFile) {
  auto opened = OpenStoreHome(home_);
  ASSERT_OK(opened.status());
  StoreHome& home = **opened;
  CaseStore& store = *home.store;
  const Identity petitioner{"Vũ Thị Kín Tiếng 6618", "036188006618", "", "", ""};
  // Needles are short: SST blocks are compressed, and a long text may not survive as one run.
  const std::string secret_summary = "Nội dung mật về khu đất 6618";
  const std::string secret_request = "Yêu cầu giữ kín 6618";
  auto marked = [&](const std::string& summary) {
    v1::Registration r = RegistrationOf(v1::COMPLAINT, petitioner, summary);
    r.set_request(secret_request);
    for (const char* field : {"filers", "summary", "request"}) r.add_confidential_fields(field);
    return r;
  };
  auto created = Register(store, marked(secret_summary));
  ASSERT_OK(created.status());
  const std::string case_id = created->snapshot().case_id();
  // The control: a plain complaint's summary is found by the scan below.
  const std::string open_summary = "Lối đi chung 2205";
  ASSERT_OK(Register(store, RegistrationOf(v1::COMPLAINT, kComplainant, open_summary)).status());

  auto got =
      Await<v1::Case>([&](auto done) { store.GetCase(GetRequest(case_id), std::move(done)); });
  ASSERT_OK(got.status());
  EXPECT_TRUE(got->identity_sealed());
  EXPECT_EQ(got->registration().summary(), "[mật]");
  EXPECT_EQ(got->registration().request(), "[mật]");
  EXPECT_EQ(got->registration().filers(0).full_name(), "");
  EXPECT_FALSE(got->registration().filers(0).pseudonym().empty());
  Txn read(*home.kv, nullptr);
  auto fields = home.sealer->UnsealFields(case_id, got->registration(), read);
  ASSERT_OK(fields.status());
  EXPECT_EQ(fields->summary(), secret_summary);
  EXPECT_EQ(fields->request(), secret_request);
  auto identity = home.sealer->Unseal(case_id, 0, got->registration().filers(0), read);
  ASSERT_OK(identity.status());
  EXPECT_EQ(identity->full_name(), petitioner.name);

  v1::BackupRequest backup;
  *backup.mutable_context() = TestContext();
  backup.set_directory(home_ + "/backup");
  ASSERT_OK(store.Backup(backup).status());  // SST files now; the next write stays in the WAL
  ASSERT_OK(Register(store, marked(secret_summary)).status());
  ASSERT_OK(Register(store, RegistrationOf(v1::COMPLAINT, kComplainant, open_summary)).status());
  home.Close();

  const std::vector<std::string> dirs = {StoreDir(home_), home_ + "/backup"};
  // Every SST is flushed from writes that went through the WAL first, and the WAL is not
  // compressed: the control must be found there (SST blocks may split it when compressed).
  EXPECT_THAT(FilesContaining(dirs, open_summary),
              ::testing::Contains(::testing::EndsWith(".log")));
  for (const std::string& secret :
       {secret_summary, secret_request, petitioner.name, petitioner.id_number}) {
    EXPECT_THAT(FilesContaining(dirs, secret), ::testing::IsEmpty())
        << "a confidential field in clear: " << secret;
  }
}

}  // namespace
}  // namespace civicase::store::testing
