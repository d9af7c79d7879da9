#pragma once

// Sealed fields: AES-256-GCM authenticated encryption of one field value under a data key,
// bound to its place by associated data (AAD).
//
// Blob format (self-describing, version 1):
//   byte 0        format version, 0x01
//   bytes 1..12   IV, 12 random bytes (RAND_bytes), fresh for every seal
//   bytes 13..    ciphertext, same length as the plaintext
//   last 16 bytes GCM tag
// So a sealed field is plaintext.size() + 29 bytes. The version byte is authenticated too
// (it is prepended to the caller's AAD inside the cipher).
//
// AAD is the caller's binding of the value to its place, e.g. case id | field name | key
// version. Opening with a different AAD fails, so ciphertexts cannot be moved between records
// or fields. The AAD is not secret and is not stored in the blob.
//
// IV budget: random 96-bit IVs allow 2^32 seals per key (NIST SP 800-38D); per-case data keys
// stay far below that.
//
// Thread safety: both functions are thread-safe. The cipher is fetched once per process.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/crypto/data_key.h"

namespace civicase::storage {

inline constexpr uint8_t kSealedFieldVersion = 1;
inline constexpr size_t kSealedFieldIvSize = 12;
inline constexpr size_t kSealedFieldTagSize = 16;
inline constexpr size_t kSealedFieldOverhead = 1 + kSealedFieldIvSize + kSealedFieldTagSize;

// Encrypts `plaintext` under `key`, bound to `aad`. INTERNAL only if OpenSSL fails.
[[nodiscard]] absl::StatusOr<std::string> SealField(const DataKey& key, std::string_view plaintext,
                                                    std::string_view aad);

// Decrypts a blob made by SealField with the same key and AAD.
// Errors, all DATA_LOSS (the stored value cannot be trusted: it was altered, truncated, moved
// from another record, or the wrong key was supplied; these cases are indistinguishable by
// design, and the message never contains key or plaintext bytes):
//   - shorter than 29 bytes ("truncated"), unknown version byte,
//   - tag check failed (wrong key, wrong AAD, any changed byte).
// We chose DATA_LOSS over PERMISSION_DENIED because the caller is authorised; it is the stored
// bytes or the key configuration that are wrong, and that must raise an alarm, not a 403.
// INTERNAL only if OpenSSL fails for another reason.
[[nodiscard]] absl::StatusOr<std::string> OpenField(const DataKey& key, std::string_view sealed,
                                                    std::string_view aad);

}  // namespace civicase::storage
