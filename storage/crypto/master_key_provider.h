#pragma once

// Envelope encryption: a MasterKeyProvider wraps (encrypts) per-case data keys with a master
// key that never leaves it. The store keeps only wrapped data keys next to the case data.
//
//  - Master key rotation: the provider gets a new current key and keeps the old ones for
//    unwrapping; Rewrap() moves each wrapped data key to the current master key. Case data
//    sealed under the data keys is not touched.
//  - Erasure (crypto-shredding): the store deletes every copy of a wrapped data key (and any
//    backup that holds it). The fields sealed under it can then never be opened again; the
//    case record stays, anonymised. Nothing in this layer erases; it is the store's job.
//
// The interface is pure so that a KMS/HSM client can replace the key file implementation.
// Thread safety: implementations must make all methods safe to call concurrently.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/crypto/data_key.h"

namespace civicase::storage {

// A data key wrapped by master key `key_id`. `bytes` is opaque to the store.
struct WrappedKey {
  std::string key_id;
  std::string bytes;

  // One string: 0x01 | key_id length (u16 big-endian) | key_id | bytes.
  // REQUIRES: key_id.size() <= 65535.
  std::string Serialize() const;
  // DATA_LOSS naming the problem if `serialized` is not a Serialize() output.
  [[nodiscard]] static absl::StatusOr<WrappedKey> Parse(std::string_view serialized);

  friend bool operator==(const WrappedKey&, const WrappedKey&) = default;
};

class MasterKeyProvider {
 public:
  virtual ~MasterKeyProvider() = default;

  // The id of the master key that Wrap() uses now.
  virtual std::string current_key_id() const = 0;

  // Wraps `key` with the current master key, bound to `aad` (e.g. the case id), so a wrapped
  // key cannot be moved to another case.
  [[nodiscard]] virtual absl::StatusOr<WrappedKey> Wrap(const DataKey& key,
                                                        std::string_view aad) const = 0;

  // Unwraps with master key `wrapped.key_id` (current or retired).
  // NOT_FOUND if the provider does not hold that master key; DATA_LOSS if the wrapped bytes
  // were altered or `aad` differs from the one used to wrap.
  [[nodiscard]] virtual absl::StatusOr<DataKey> Unwrap(const WrappedKey& wrapped,
                                                       std::string_view aad) const = 0;
};

// Unwraps `wrapped` with whichever master key made it and wraps the data key again with the
// provider's current key (a fresh wrapping even if it already is current; callers making a
// rotation pass can skip keys whose key_id == provider.current_key_id()). Errors as Unwrap.
[[nodiscard]] absl::StatusOr<WrappedKey> Rewrap(const MasterKeyProvider& provider,
                                                const WrappedKey& wrapped, std::string_view aad);

}  // namespace civicase::storage
