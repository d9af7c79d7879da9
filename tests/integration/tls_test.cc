// Mutual TLS between the services (issue 5, item 1): plaintext, a certificate from another CA,
// and a service calling a method it has no business calling are all refused; the refusal is
// audited.

#include "services/common/tls.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "civicase/v1/store.grpc.pb.h"
#include "tests/integration/local_system.h"

namespace civicase::testing {
namespace {

using ::testing::HasSubstr;

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(system_.Start()) << system_.error();
    ASSERT_TRUE(system_.Login("auditor")) << system_.error();
  }

  std::string StoreAddress() const {
    std::ifstream in(system_.home() + "/system.json");
    return nlohmann::json::parse(in)["store"].get<std::string>();
  }

  grpc::Status ListCases(std::shared_ptr<grpc::Channel> channel) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::ListCasesRequest request;
    v1::ListCasesResponse response;
    return v1::CaseStore::NewStub(channel)->ListCases(&context, request, &response);
  }

  LocalSystem system_;
};

TEST_F(TlsTest, PlaintextIsRefused) {
  auto channel = grpc::CreateChannel(StoreAddress(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(ListCases(channel).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, CertificateFromAnotherAuthorityIsRefused) {
  const std::string other = system_.home() + "/other-ca";
  CommandResult made = civicase::testing::Run(
      {"/bin/bash", CIVICASE_SOURCE_DIR "/deploy/local/make-certs.sh", other});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  // Our client certificate from a foreign CA, trusting the real CA: the server refuses us.
  common::TlsFiles files = common::TlsFilesIn(other, "cli");
  files.ca_cert = system_.home() + "/certs/ca.crt";
  auto channel = common::TlsChannel(StoreAddress(), files);
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ(ListCases(*channel).error_code(), grpc::StatusCode::UNAVAILABLE);
  // The real certificate works.
  auto good =
      common::TlsChannel(StoreAddress(), common::TlsFilesIn(system_.home() + "/certs", "cli"));
  ASSERT_TRUE(good.ok());
  // The handshake passes; then the store wants to know which person is calling.
  EXPECT_EQ(ListCases(*good).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TlsTest, ServiceCallingAMethodItHasNoBusinessWithIsRefusedAndAudited) {
  // The supervision service reads cases; it never writes them.
  auto channel = common::TlsChannel(StoreAddress(),
                                    common::TlsFilesIn(system_.home() + "/certs", "supervision"));
  ASSERT_TRUE(channel.ok());
  EXPECT_TRUE(ListCases(*channel).ok());
  grpc::ClientContext context;
  v1::AppendEventRequest append;
  append.set_case_ref("KN-2026-000001");
  append.mutable_event()->mutable_deadline_set();
  v1::CaseChange change;
  grpc::Status s = v1::CaseStore::NewStub(*channel)->AppendEvent(&context, append, &change);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("supervision"));

  // The refusal is answered at once and audited right after (the audit append is queued, not
  // waited for): look for it for a few seconds.
  bool audited = false;
  CommandResult log;
  for (int attempt = 0; attempt < 50 && !audited; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    log = system_.Cli({"audit", "log", "--limit", "1000", "-o", "json"});
    ASSERT_EQ(log.exit_code, 0) << log.err;
    const nlohmann::json records = nlohmann::json::parse(log.out)["records"];
    for (const auto& record : records) {
      audited |= record.value("outcome", "") == "PERMISSION_DENIED" &&
                 record["actor"].value("calling_service", "") == "supervision" &&
                 record.value("method", "") == "/civicase.v1.CaseStore/AppendEvent";
    }
  }
  EXPECT_TRUE(audited) << log.out;
  CommandResult verify = system_.Cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

}  // namespace
}  // namespace civicase::testing
