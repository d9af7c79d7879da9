#pragma once

// A MasterKeyProvider whose master keys live in a key file (a keyring) made by the set-up
// command. Suitable for a single-host deployment; a KMS-backed provider replaces it elsewhere.
//
// Key file format (text, version 1; one item per line, '#' lines are comments):
//   civicase-keyring v1                     <- must be the first line
//   key <id> <64 lowercase hex digits>      <- one or more; ids are unique
//   current <id>                            <- exactly one, naming a listed key
// Ids are 1-64 characters of [A-Za-z0-9._-]; generated ids are "mk-" + 16 random hex digits.
// The file must be mode 0600 (owner only); Open() refuses anything more permissive.
//
// Rotation (RotateKeyFile) adds a new key and makes it current; old keys stay so that data
// keys wrapped under them can still be unwrapped and Rewrap()ped. Retire an old key only
// after every wrapped data key has been rewrapped (and backups that hold old wrappings are
// gone). The file is read once by Open(): a running process must reopen to see a rotation.
//
// Thread safety: a provider is immutable after Open(); all methods are thread-safe. The static
// file functions serialise concurrent rotations through an exclusive "<path>.tmp".

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/crypto/master_key_provider.h"
#include "storage/crypto/static_master_key_provider.h"

namespace civicase::storage {

class FileMasterKeyProvider : public MasterKeyProvider {
 public:
  // Creates a key file with one fresh current key, mode 0600, durably.
  // ALREADY_EXISTS if `path` exists (never overwrites a keyring: that would destroy data).
  [[nodiscard]] static absl::Status CreateKeyFile(const std::string& path);

  // Reads and validates the key file.
  // NOT_FOUND if missing; FAILED_PRECONDITION if group or others have any access to it (with
  // the chmod that fixes it); INVALID_ARGUMENT if it is not a civicase keyring (first line) or
  // is of an unsupported version; DATA_LOSS naming the line and problem if it is malformed
  // (never quoting key material).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<FileMasterKeyProvider>> Open(
      const std::string& path);

  // Adds a new random key to the file and makes it current, keeping the old keys. Atomic and
  // durable (temp file, fsync, rename, fsync of the directory). Same errors as Open() for the
  // existing file; ABORTED if another rotation is running or a crashed one left "<path>.tmp".
  // Returns OK; the new id is current_key_id() of a provider opened afterwards.
  [[nodiscard]] static absl::Status RotateKeyFile(const std::string& path);

  std::string current_key_id() const override { return keys_->current_key_id(); }
  absl::StatusOr<WrappedKey> Wrap(const DataKey& key, std::string_view aad) const override {
    return keys_->Wrap(key, aad);
  }
  absl::StatusOr<DataKey> Unwrap(const WrappedKey& wrapped, std::string_view aad) const override {
    return keys_->Unwrap(wrapped, aad);
  }

 private:
  explicit FileMasterKeyProvider(std::unique_ptr<StaticMasterKeyProvider> keys)
      : keys_(std::move(keys)) {}

  std::unique_ptr<StaticMasterKeyProvider> keys_;
};

}  // namespace civicase::storage
