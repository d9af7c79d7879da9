#pragma once

// SHA-256 and HMAC-SHA-256 over OpenSSL 3, with the algorithms fetched once per process.
// OpenSSL 3 looks an algorithm up again on every call that names it implicitly (EVP_sha256(),
// the one-shot HMAC()), which costs more than hashing a short message.
//
// Thread safety: Sha256 and HmacSha256::Mac may be called from any thread concurrently.

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace civicase::storage {

// The SHA-256 algorithm, fetched on first use; never null after a successful fetch.
const EVP_MD* Sha256Algorithm();

// The 32-byte SHA-256 digest of `bytes`.
std::string Sha256(std::string_view bytes);

// HMAC-SHA-256 under one key, keyed once: each Mac duplicates the keyed state instead of
// deriving it from the key again.
class HmacSha256 {
 public:
  [[nodiscard]] static absl::StatusOr<HmacSha256> Create(std::string_view key);

  // The 32-byte MAC of `message`.
  std::string Mac(std::string_view message) const;

 private:
  explicit HmacSha256(std::shared_ptr<const EVP_MAC_CTX> keyed) : keyed_(std::move(keyed)) {}
  std::shared_ptr<const EVP_MAC_CTX> keyed_;  // initialised with the key, then only duplicated
};

}  // namespace civicase::storage
