#include "services/auth/token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "storage/base/status_matchers.h"

namespace civicase::auth {
namespace {

using ::civicase::testing::StatusIs;
using ::testing::HasSubstr;

constexpr int64_t kIssuedAt = 1'780'000'000;  // 2026-05-28

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto signer = storage::Ed25519Signer::Generate();
    ASSERT_TRUE(signer.ok());
    signer_ = *std::move(signer);
    auto verifier = TokenVerifier::FromPublicKeyRaw(signer_->PublicKeyRaw());
    ASSERT_TRUE(verifier.ok());
    verifier_.emplace(*std::move(verifier));
  }

  static v1::Token Claims() {
    v1::Token token;
    token.set_token_id(NewTokenId());
    token.set_user("clerk");
    token.set_display_name("Nguyễn Thị Lan");
    auto* grant = token.add_grants();
    grant->set_role("reception_clerk");
    grant->set_unit("hanoi.dongda.pc");
    grant->set_include_subtree(true);
    grant->set_valid_from("2026-01-01");
    token.set_issued_at(kIssuedAt);
    token.set_expires_at(kIssuedAt + 8 * 3600);
    return token;
  }

  std::string Issue(const v1::Token& token) {
    auto wire = IssueToken(*signer_, token);
    EXPECT_TRUE(wire.ok()) << wire.status();
    return wire.value_or("");
  }

  std::unique_ptr<storage::Ed25519Signer> signer_;
  std::optional<TokenVerifier> verifier_;
};

TEST_F(TokenTest, IssuedTokenVerifiesWithItsClaims) {
  const v1::Token claims = Claims();
  const std::string wire = Issue(claims);
  EXPECT_EQ(std::count(wire.begin(), wire.end(), '.'), 1);
  EXPECT_EQ(wire.find_first_of("+/="), std::string::npos) << "base64url without padding";
  auto token = verifier_->Verify(wire, kIssuedAt + 60);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(token->SerializeAsString(), claims.SerializeAsString());
  EXPECT_EQ(token->grants(0).unit(), "hanoi.dongda.pc");
}

TEST_F(TokenTest, TokenIdsAreRandomHex) {
  const std::string a = NewTokenId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, NewTokenId());
}

TEST_F(TokenTest, ExpiredTokenIsRefused) {
  const std::string wire = Issue(Claims());
  EXPECT_TRUE(verifier_->Verify(wire, kIssuedAt + 8 * 3600 - 1).ok());
  EXPECT_THAT(verifier_->Verify(wire, kIssuedAt + 8 * 3600),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
  // Logout still recognises it.
  EXPECT_TRUE(verifier_->VerifyIgnoringExpiry(wire).ok());
}

TEST_F(TokenTest, TokenFromTheFutureIsRefused) {
  const std::string wire = Issue(Claims());
  EXPECT_TRUE(verifier_->Verify(wire, kIssuedAt - kMaxClockSkewSeconds).ok());
  EXPECT_THAT(verifier_->Verify(wire, kIssuedAt - kMaxClockSkewSeconds - 1),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("not valid yet")));
}

TEST_F(TokenTest, TamperedClaimsAreRefused) {
  const std::string wire = Issue(Claims());
  std::vector<std::string> parts = absl::StrSplit(wire, '.');
  // Grant the clerk a role they do not have, keep the signature.
  std::string payload;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[0], &payload));
  v1::Token token;
  ASSERT_TRUE(token.ParseFromString(payload));
  token.mutable_grants(0)->set_role("identity_custodian");
  std::string forged = absl::WebSafeBase64Escape(token.SerializeAsString()) + "." + parts[1];
  EXPECT_THAT(verifier_->Verify(forged, kIssuedAt + 60),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature is not valid")));
  // Extend the expiry instead.
  token = Claims();
  ASSERT_TRUE(token.ParseFromString(payload));
  token.set_expires_at(token.expires_at() + 86400);
  forged = absl::WebSafeBase64Escape(token.SerializeAsString()) + "." + parts[1];
  EXPECT_THAT(verifier_->Verify(forged, kIssuedAt + 60),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(TokenTest, EveryFlippedBitIsRefused) {
  const std::string wire = Issue(Claims());
  const size_t dot = wire.find('.');
  for (size_t i = 0; i < wire.size(); ++i) {
    if (i == dot) continue;
    std::string bad = wire;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    if (bad == wire) continue;
    EXPECT_THAT(verifier_->Verify(bad, kIssuedAt + 60),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << "position " << i;
  }
}

TEST_F(TokenTest, TamperedSignatureIsRefused) {
  const std::string wire = Issue(Claims());
  std::vector<std::string> parts = absl::StrSplit(wire, '.');
  std::string signature;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &signature));
  signature[10] ^= 0x01;
  EXPECT_THAT(
      verifier_->Verify(parts[0] + "." + absl::WebSafeBase64Escape(signature), kIssuedAt + 60),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature is not valid")));
}

TEST_F(TokenTest, TokenSignedWithAnotherKeyIsRefused) {
  auto other = storage::Ed25519Signer::Generate();
  ASSERT_TRUE(other.ok());
  auto wire = IssueToken(**other, Claims());
  ASSERT_TRUE(wire.ok());
  EXPECT_THAT(verifier_->Verify(*wire, kIssuedAt + 60),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature is not valid")));
}

TEST_F(TokenTest, MalformedTokensAreRefused) {
  const std::string wire = Issue(Claims());
  const std::string payload = wire.substr(0, wire.find('.'));
  const std::string signature = wire.substr(wire.find('.') + 1);
  for (const std::string& bad :
       {std::string(), std::string("."), std::string("abc"), payload, payload + ".",
        "." + signature, wire + ".x", payload + "." + signature + "=", payload + "==." + signature,
        payload + "." + signature.substr(4), std::string("!!!.???"),
        std::string(kMaxTokenWireSize + 1, 'A')}) {
    EXPECT_THAT(verifier_->Verify(bad, kIssuedAt + 60),
                StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("malformed")))
        << "token: " << bad.substr(0, 80);
  }
}

TEST_F(TokenTest, SignedGarbageIsMalformedNotAccepted) {
  // A validly signed payload that is not a Token with the required claims.
  auto signature = signer_->Sign(std::string("civicase.v1.Token\n") + "\xff\xff\xff");
  ASSERT_TRUE(signature.ok());
  const std::string wire =
      absl::WebSafeBase64Escape("\xff\xff\xff") + "." + absl::WebSafeBase64Escape(*signature);
  EXPECT_THAT(verifier_->Verify(wire, kIssuedAt + 60),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("malformed")));
}

TEST_F(TokenTest, SignatureOverBarePayloadIsRefused) {
  // A signature made by the same key over the payload without the token context prefix (what
  // another use of the key type would sign) does not make a token.
  v1::Token claims = Claims();
  const std::string payload = claims.SerializeAsString();
  auto signature = signer_->Sign(payload);
  ASSERT_TRUE(signature.ok());
  const std::string wire =
      absl::WebSafeBase64Escape(payload) + "." + absl::WebSafeBase64Escape(*signature);
  EXPECT_THAT(verifier_->Verify(wire, kIssuedAt + 60),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(TokenTest, IssueRefusesIncompleteClaims) {
  v1::Token token = Claims();
  token.clear_token_id();
  EXPECT_THAT(IssueToken(*signer_, token), StatusIs(absl::StatusCode::kInvalidArgument));
  token = Claims();
  token.clear_user();
  EXPECT_THAT(IssueToken(*signer_, token), StatusIs(absl::StatusCode::kInvalidArgument));
  token = Claims();
  token.set_expires_at(token.issued_at());
  EXPECT_THAT(IssueToken(*signer_, token), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(TokenTest, PublicKeyFileRoundTrip) {
  const std::string path = ::testing::TempDir() + "/token-test.pub";
  ASSERT_TRUE(signer_->WritePublicKey(path).ok());
  auto verifier = TokenVerifier::FromPublicKeyFile(path);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE(verifier->Verify(Issue(Claims()), kIssuedAt + 60).ok());
  EXPECT_THAT(TokenVerifier::FromPublicKeyFile(path + ".missing"),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace civicase::auth
