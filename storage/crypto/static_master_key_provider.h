#pragma once

// A MasterKeyProvider holding its keys in memory: for unit tests, and the engine behind
// FileMasterKeyProvider.
//
// Wrapping format: WrappedKey.bytes is a sealed field (see sealed_field.h) of the 32 data-key
// bytes under the master key, with AAD = "civicase-dek-wrap-v1" | u16 BE len(key_id) |
// key_id | caller's aad. Binding the key id stops a wrapped key being relabelled.
//
// Thread safety: Wrap/Unwrap/current_key_id are thread-safe. AddKey/SetCurrent are not: call
// them only before the provider is shared.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/crypto/data_key.h"
#include "storage/crypto/master_key_provider.h"

namespace civicase::storage {

class StaticMasterKeyProvider : public MasterKeyProvider {
 public:
  // A provider with one fresh random key, id `key_id`, current. INTERNAL if RNG fails.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<StaticMasterKeyProvider>> CreateRandom(
      std::string key_id);

  StaticMasterKeyProvider(std::string current_key_id, MasterKey current_key);

  // Adds a (retired) key. ALREADY_EXISTS if the id is taken; INVALID_ARGUMENT if the id is
  // empty or longer than 255 bytes.
  [[nodiscard]] absl::Status AddKey(std::string key_id, MasterKey key);
  // NOT_FOUND if no key has that id.
  [[nodiscard]] absl::Status SetCurrent(std::string_view key_id);

  std::string current_key_id() const override { return current_key_id_; }
  absl::StatusOr<WrappedKey> Wrap(const DataKey& key, std::string_view aad) const override;
  absl::StatusOr<DataKey> Unwrap(const WrappedKey& wrapped, std::string_view aad) const override;

 private:
  std::map<std::string, MasterKey, std::less<>> keys_;
  std::string current_key_id_;
};

}  // namespace civicase::storage
