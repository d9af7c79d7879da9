#include "storage/crypto/data_key.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace civicase::storage {

absl::StatusOr<Aes256Key> Aes256Key::Generate() {
  Aes256Key key;
  if (RAND_bytes(key.bytes_.data(), static_cast<int>(key.bytes_.size())) != 1) {
    return absl::InternalError("RAND_bytes failed to generate a key");
  }
  return key;
}

absl::StatusOr<Aes256Key> Aes256Key::FromBytes(std::string_view bytes) {
  if (bytes.size() != kSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("an AES-256 key is 32 bytes, got ", bytes.size()));
  }
  Aes256Key key;
  std::memcpy(key.bytes_.data(), bytes.data(), kSize);
  return key;
}

Aes256Key::Aes256Key(Aes256Key&& other) noexcept : bytes_(other.bytes_) {
  OPENSSL_cleanse(other.bytes_.data(), other.bytes_.size());
}

Aes256Key& Aes256Key::operator=(Aes256Key&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    OPENSSL_cleanse(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}

Aes256Key::~Aes256Key() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

}  // namespace civicase::storage
