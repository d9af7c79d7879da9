#include "storage/kv/key_encoding.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace civicase::storage {
namespace {

constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xff';
constexpr char kTerminator = '\x01';

}  // namespace

void PutFixed64BE(std::string* dst, uint64_t value) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  dst->append(buf, sizeof(buf));
}

std::string EncodeFixed64BE(uint64_t value) {
  std::string out;
  PutFixed64BE(&out, value);
  return out;
}

uint64_t DecodeFixed64BE(const char* p) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<unsigned char>(p[i]);
  }
  return value;
}

absl::StatusOr<uint64_t> DecodeFixed64BE(std::string_view bytes) {
  if (bytes.size() != 8) {
    return absl::InvalidArgumentError(absl::StrCat("fixed64 needs 8 bytes, got ", bytes.size()));
  }
  return DecodeFixed64BE(bytes.data());
}

void AppendKeyPart(std::string* dst, std::string_view part) {
  for (char c : part) {
    dst->push_back(c);
    if (c == kEscape) dst->push_back(kEscapedZero);
  }
  dst->push_back(kEscape);
  dst->push_back(kTerminator);
}

std::string JoinKeyParts(std::initializer_list<std::string_view> parts) {
  size_t size = 0;
  for (std::string_view part : parts) size += part.size() + 2;
  std::string out;
  out.reserve(size);
  for (std::string_view part : parts) AppendKeyPart(&out, part);
  return out;
}

absl::StatusOr<std::vector<std::string>> SplitKey(std::string_view key) {
  std::vector<std::string> parts;
  std::string current;
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] != kEscape) {
      current.push_back(key[i]);
      continue;
    }
    if (i + 1 == key.size()) {
      return absl::InvalidArgumentError("joined key ends inside an escape");
    }
    const char next = key[++i];
    if (next == kEscapedZero) {
      current.push_back(kEscape);
    } else if (next == kTerminator) {
      parts.push_back(std::move(current));
      current.clear();
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("joined key has an unknown escape at byte ", i));
    }
  }
  if (!current.empty()) {
    return absl::InvalidArgumentError("joined key ends with an unterminated part");
  }
  return parts;
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty() && static_cast<unsigned char>(out.back()) == 0xff) out.pop_back();
  if (!out.empty()) out.back() = static_cast<char>(static_cast<unsigned char>(out.back()) + 1);
  return out;
}

}  // namespace civicase::storage
