#pragma once

// A 256-bit AES key held in memory: per-case data keys (DEKs) and the master keys that wrap
// them (key-encryption keys) have the same shape, so both are Aes256Key.
//
// Ownership: move-only; the bytes live inside the object (no heap copy) and are wiped with
// OPENSSL_cleanse when the object is destroyed or moved from. A moved-from key is all zeros
// and must not be used.
// Thread safety: const methods may be called concurrently.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"

namespace civicase::storage {

class Aes256Key {
 public:
  static constexpr size_t kSize = 32;

  // 32 bytes from the OpenSSL CSPRNG (RAND_bytes). INTERNAL if the generator fails.
  [[nodiscard]] static absl::StatusOr<Aes256Key> Generate();
  // INVALID_ARGUMENT unless `bytes` is exactly 32 bytes. The caller remains responsible for
  // wiping its own copy.
  [[nodiscard]] static absl::StatusOr<Aes256Key> FromBytes(std::string_view bytes);

  Aes256Key(Aes256Key&& other) noexcept;
  Aes256Key& operator=(Aes256Key&& other) noexcept;
  Aes256Key(const Aes256Key&) = delete;
  Aes256Key& operator=(const Aes256Key&) = delete;
  ~Aes256Key();

  std::span<const uint8_t, kSize> bytes() const { return bytes_; }
  // The same bytes as a string_view, for APIs that take one. Never log it.
  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

 private:
  Aes256Key() = default;
  std::array<uint8_t, kSize> bytes_{};
};

// A per-case (or per-person) data key: encrypts sealed fields. Destroying every wrapped copy
// of it erases the fields it sealed (crypto-shredding).
using DataKey = Aes256Key;
// A key-encryption key held by a MasterKeyProvider: wraps data keys, never touches fields.
using MasterKey = Aes256Key;

}  // namespace civicase::storage
