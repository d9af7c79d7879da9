#include "storage/kv/key_encoding.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/base/status_matchers.h"

namespace civicase::storage {
namespace {

using ::civicase::testing::IsOkAndHolds;
using ::civicase::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using namespace std::string_literals;

TEST(KvKeyEncodingTest, Fixed64BERoundTripsAndIsBigEndian) {
  EXPECT_EQ(EncodeFixed64BE(0x0102030405060708ULL), "\x01\x02\x03\x04\x05\x06\x07\x08"s);
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{255}, uint64_t{256}, ~uint64_t{0}}) {
    std::string buf = "x";
    PutFixed64BE(&buf, v);
    ASSERT_EQ(buf.size(), 9u);
    EXPECT_EQ(DecodeFixed64BE(buf.data() + 1), v);
    EXPECT_THAT(DecodeFixed64BE(std::string_view(buf).substr(1)), IsOkAndHolds(v));
  }
}

TEST(KvKeyEncodingTest, Fixed64BEOrdersLikeTheNumbers) {
  std::vector<uint64_t> numbers = {10, 2, 0, 1ULL << 40, 255, 256, ~uint64_t{0}, 65535};
  std::vector<std::string> keys;
  for (uint64_t n : numbers) keys.push_back(EncodeFixed64BE(n));
  std::sort(numbers.begin(), numbers.end());
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < numbers.size(); ++i)
    EXPECT_EQ(DecodeFixed64BE(keys[i].data()), numbers[i]);
}

TEST(KvKeyEncodingTest, DecodeFixed64BERejectsWrongLength) {
  EXPECT_THAT(DecodeFixed64BE(std::string_view("1234567")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeFixed64BE(std::string_view("123456789")),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(KvKeyEncodingTest, JoinKeyRoundTripsBinaryParts) {
  const std::vector<std::string> parts = {"case",       ""s,         "\x00"s,
                                          "a\x00\xff"s, "\xff\xff"s, EncodeFixed64BE(7)};
  const std::string key = JoinKey(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  EXPECT_THAT(SplitKey(key), IsOkAndHolds(parts));
  EXPECT_THAT(SplitKey(""), IsOkAndHolds(IsEmpty()));
}

TEST(KvKeyEncodingTest, JoinKeyOrdersLikeTheTuples) {
  // Tuples listed in lexicographic order of their parts; the joined keys must sort the same way,
  // which a plain separator ("a|b") gets wrong: ("a", "b") vs ("a|", "") or ("a", "") vs ("a\x01").
  const std::vector<std::vector<std::string>> tuples = {
      {""},       {"", ""}, {"\x00"s}, {"\x00"s, ""}, {"\x00\x00"s},   {"\x00\x01"s},
      {"\x01"s},  {"a"},    {"a", ""}, {"a", "b"},    {"a", "b\x00"s}, {"a\x00"s},
      {"a\x01"s}, {"ab"},   {"a|"},    {"\xff"s},     {"\xff\x00"s},   {"\xff\xff"s},
  };
  std::vector<std::string> keys;
  for (const auto& tuple : tuples) {
    std::string key;
    for (const auto& part : tuple) AppendKeyPart(&key, part);
    keys.push_back(key);
  }
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    EXPECT_LT(keys[i], keys[i + 1]) << "tuple " << i << " vs " << i + 1;
  }
}

TEST(KvKeyEncodingTest, JoinedPrefixMatchesOnlyWholeLeadingParts) {
  const std::string prefix = JoinKey("case", "42");
  EXPECT_TRUE(JoinKey("case", "42", EncodeFixed64BE(1)).starts_with(prefix));
  EXPECT_FALSE(JoinKey("case", "420", EncodeFixed64BE(1)).starts_with(prefix));
  EXPECT_FALSE(JoinKey("cases", "42").starts_with(JoinKey("case")));
}

TEST(KvKeyEncodingTest, SplitKeyRejectsMalformedKeys) {
  EXPECT_THAT(SplitKey("abc"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(SplitKey("abc\x00"s), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(SplitKey("abc\x00\x02"s), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(KvKeyEncodingTest, PrefixSuccessor) {
  EXPECT_EQ(PrefixSuccessor("abc"), "abd");
  EXPECT_EQ(PrefixSuccessor("a\xff\xff"s), "b");
  EXPECT_EQ(PrefixSuccessor("\x00"s), "\x01"s);
  EXPECT_EQ(PrefixSuccessor("\xff\xff"s), "");
  EXPECT_EQ(PrefixSuccessor(""), "");
}

}  // namespace
}  // namespace civicase::storage
