#pragma once

// Ed25519 signatures (OpenSSL EVP) for audit checkpoints.
//
// The signing key lives in a PEM file (PKCS#8 "PRIVATE KEY", unencrypted) of mode 0600,
// created on first use. The public key can be exported (WritePublicKey) so that an offline
// verifier, or an external witness, checks checkpoints without access to the private key.
//
// Thread safety: Ed25519Signer is immutable after LoadOrCreate; Sign and PublicKeyRaw may be
// called concurrently. Ed25519PublicKey likewise. The key is freed (and wiped by OpenSSL)
// with the object.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace civicase::storage {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

class Ed25519Signer {
 public:
  // Loads the key at `path`, or creates a new one there (mode 0600, durably) if none exists.
  // FAILED_PRECONDITION if the file is accessible by group or others; INVALID_ARGUMENT if it
  // is not a PEM Ed25519 private key (the message never quotes the file).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Ed25519Signer>> LoadOrCreate(
      const std::string& path);
  // A fresh key held only in memory (tests, and tools that sign with a throwaway key).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Ed25519Signer>> Generate();

  ~Ed25519Signer();
  Ed25519Signer(const Ed25519Signer&) = delete;
  Ed25519Signer& operator=(const Ed25519Signer&) = delete;

  // A 64-byte signature of `message`. INTERNAL only if OpenSSL fails (out of memory).
  [[nodiscard]] absl::StatusOr<std::string> Sign(std::string_view message) const;

  // The 32-byte raw public key (RFC 8032 encoding).
  std::string PublicKeyRaw() const;

  // Writes the public key as PEM ("PUBLIC KEY", SubjectPublicKeyInfo), mode 0644, replacing
  // the file atomically. Read it back with ReadPublicKeyFile.
  [[nodiscard]] absl::Status WritePublicKey(const std::string& path) const;

 private:
  explicit Ed25519Signer(EVP_PKEY* key) : key_(key) {}
  EVP_PKEY* key_;  // Owned.
};

// A public key for verifying many signatures (parsed once).
class Ed25519PublicKey {
 public:
  // INVALID_ARGUMENT unless `raw` is a 32-byte Ed25519 public key.
  [[nodiscard]] static absl::StatusOr<Ed25519PublicKey> FromRaw(std::string_view raw);

  Ed25519PublicKey(Ed25519PublicKey&& other) noexcept;
  Ed25519PublicKey& operator=(Ed25519PublicKey&& other) noexcept;
  Ed25519PublicKey(const Ed25519PublicKey&) = delete;
  Ed25519PublicKey& operator=(const Ed25519PublicKey&) = delete;
  ~Ed25519PublicKey();

  // True iff `signature` is a valid signature of `message` under this key.
  bool Verify(std::string_view message, std::string_view signature) const;

 private:
  explicit Ed25519PublicKey(EVP_PKEY* key) : key_(key) {}
  EVP_PKEY* key_;  // Owned.
};

// True iff `signature` is valid for `message` under `public_key_raw`; false for any malformed
// input (wrong key or signature length, invalid point).
bool Ed25519Verify(std::string_view public_key_raw, std::string_view message,
                   std::string_view signature);

// Reads a public key written by WritePublicKey: the 32 raw bytes. NOT_FOUND if missing;
// INVALID_ARGUMENT if it is not a PEM Ed25519 public key.
[[nodiscard]] absl::StatusOr<std::string> ReadPublicKeyFile(const std::string& path);

}  // namespace civicase::storage
