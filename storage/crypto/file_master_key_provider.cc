#include "storage/crypto/file_master_key_provider.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "storage/base/status_macros.h"
#include "storage/crypto/secure_file.h"

namespace civicase::storage {
namespace {

constexpr char kHeader[] = "civicase-keyring v1";
constexpr char kHeaderPrefix[] = "civicase-keyring ";
constexpr char kWhat[] = "master key file";

// Debian's Abseil has its own string_view; parsing uses it, our helpers take std::.
std::string_view Std(absl::string_view s) { return {s.data(), s.size()}; }
constexpr mode_t kKeyFileMode = 0600;

struct Keyring {
  std::vector<std::pair<std::string, MasterKey>> keys;
  std::string current;
};

bool IsValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes 64 hex digits into a key. The error carries no message: never echo key material.
absl::StatusOr<MasterKey> KeyFromHex(std::string_view hex) {
  if (hex.size() != 2 * MasterKey::kSize) return absl::DataLossError("");
  std::array<char, MasterKey::kSize> raw{};
  for (size_t i = 0; i < raw.size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      OPENSSL_cleanse(raw.data(), raw.size());
      return absl::DataLossError("");
    }
    raw[i] = static_cast<char>((hi << 4) | lo);
  }
  absl::StatusOr<MasterKey> key = MasterKey::FromBytes({raw.data(), raw.size()});
  OPENSSL_cleanse(raw.data(), raw.size());
  return key;
}

std::string NewKeyId() {
  unsigned char nonce[8] = {};
  if (RAND_bytes(nonce, sizeof(nonce)) != 1) return "";
  std::string id = "mk-";
  constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char b : nonce) {
    id.push_back(kDigits[b >> 4]);
    id.push_back(kDigits[b & 0xf]);
  }
  return id;
}

absl::StatusOr<Keyring> ParseKeyFile(const std::string& path, std::string_view contents) {
  auto bad = [&path](size_t line_no, const std::string& problem) {
    return absl::DataLossError(absl::StrCat(kWhat, " ", path, " line ", line_no, ": ", problem));
  };
  if (contents.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is empty; it is not a civicase master key file"));
  }
  Keyring keyring;
  size_t line_no = 0;
  bool saw_current = false;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(contents.data(), contents.size()), '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line_no == 1) {
      if (line == kHeader) continue;
      if (absl::StartsWith(line, kHeaderPrefix)) {
        return absl::InvalidArgumentError(absl::StrCat(
            kWhat, " ", path, " has an unsupported version; this program reads '", kHeader, "'"));
      }
      return absl::InvalidArgumentError(absl::StrCat(
          path, " is not a civicase master key file: its first line must be '", kHeader, "'"));
    }
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words[0] == "key") {
      if (words.size() != 3) return bad(line_no, "expected 'key <id> <64 hex digits>'");
      if (!IsValidKeyId(Std(words[1]))) {
        return bad(line_no, "key id must be 1-64 characters of [A-Za-z0-9._-]");
      }
      for (const auto& [id, key] : keyring.keys) {
        if (id == words[1]) return bad(line_no, absl::StrCat("key '", id, "' appears twice"));
      }
      absl::StatusOr<MasterKey> key = KeyFromHex(Std(words[2]));
      if (!key.ok()) {
        return bad(line_no,
                   absl::StrCat("key '", words[1], "' is not 64 hex digits (the file is damaged)"));
      }
      keyring.keys.emplace_back(std::string(words[1]), *std::move(key));
    } else if (words[0] == "current") {
      if (words.size() != 2 || !IsValidKeyId(Std(words[1]))) {
        return bad(line_no, "expected 'current <id>'");
      }
      if (saw_current) return bad(line_no, "more than one 'current' line");
      saw_current = true;
      keyring.current = std::string(words[1]);
    } else {
      return bad(line_no, "expected 'key <id> <64 hex digits>' or 'current <id>'");
    }
  }
  if (keyring.keys.empty()) {
    return absl::DataLossError(absl::StrCat(kWhat, " ", path, " holds no keys"));
  }
  if (!saw_current) {
    return absl::DataLossError(absl::StrCat(kWhat, " ", path, " has no 'current <id>' line"));
  }
  bool current_listed = false;
  for (const auto& [id, key] : keyring.keys) current_listed |= id == keyring.current;
  if (!current_listed) {
    return absl::DataLossError(
        absl::StrCat(kWhat, " ", path, ": current key '", keyring.current, "' is not listed"));
  }
  return keyring;
}

// The file contents; secret: the caller cleanses it.
std::string SerializeKeyring(const Keyring& keyring) {
  // Reserved up front so that no reallocation leaves an uncleansed copy of key material.
  std::string out;
  out.reserve(512 + 160 * keyring.keys.size());
  absl::StrAppend(
      &out, kHeader,
      "\n# civicase master keys (secret; keep mode 0600). Older keys stay so that data keys\n"
      "# wrapped under them can be unwrapped and rewrapped. Do not edit by hand.\n");
  constexpr char kDigits[] = "0123456789abcdef";
  for (const auto& [id, key] : keyring.keys) {
    absl::StrAppend(&out, "key ", id, " ");
    for (uint8_t b : key.bytes()) {
      out.push_back(kDigits[b >> 4]);
      out.push_back(kDigits[b & 0xf]);
    }
    out.push_back('\n');
  }
  absl::StrAppend(&out, "current ", keyring.current, "\n");
  return out;
}

absl::StatusOr<Keyring> ReadKeyFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string contents, ReadOwnerOnlyFile(path, kWhat));
  absl::StatusOr<Keyring> keyring = ParseKeyFile(path, contents);
  CleanseString(contents);
  return keyring;
}

absl::Status AddNewCurrentKey(Keyring& keyring) {
  ASSIGN_OR_RETURN(MasterKey key, MasterKey::Generate());
  std::string id = NewKeyId();
  if (id.empty()) return absl::InternalError("RAND_bytes failed to generate a key id");
  for (const auto& [existing, unused] : keyring.keys) {
    if (existing == id) return absl::InternalError("generated key id collides; retry");
  }
  keyring.current = id;
  keyring.keys.emplace_back(std::move(id), std::move(key));
  return absl::OkStatus();
}

}  // namespace

absl::Status FileMasterKeyProvider::CreateKeyFile(const std::string& path) {
  Keyring keyring;
  RETURN_IF_ERROR(AddNewCurrentKey(keyring));
  std::string contents = SerializeKeyring(keyring);
  absl::Status status = CreateFileDurably(path, contents, kKeyFileMode);
  CleanseString(contents);
  return status;
}

absl::StatusOr<std::unique_ptr<FileMasterKeyProvider>> FileMasterKeyProvider::Open(
    const std::string& path) {
  ASSIGN_OR_RETURN(Keyring keyring, ReadKeyFile(path));
  std::unique_ptr<StaticMasterKeyProvider> keys;
  for (auto& [id, key] : keyring.keys) {
    if (!keys) {
      keys = std::make_unique<StaticMasterKeyProvider>(id, std::move(key));
    } else {
      RETURN_IF_ERROR(keys->AddKey(id, std::move(key)));
    }
  }
  RETURN_IF_ERROR(keys->SetCurrent(keyring.current));
  return std::unique_ptr<FileMasterKeyProvider>(new FileMasterKeyProvider(std::move(keys)));
}

absl::Status FileMasterKeyProvider::RotateKeyFile(const std::string& path) {
  // The file is read inside ReplaceFileDurably, under its exclusive temp-file lock, so two
  // concurrent rotations cannot each drop the other's new key.
  return ReplaceFileDurably(path, kKeyFileMode, [&path]() -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(Keyring keyring, ReadKeyFile(path));
    RETURN_IF_ERROR(AddNewCurrentKey(keyring));
    return SerializeKeyring(keyring);
  });
}

}  // namespace civicase::storage
