#include "storage/crypto/static_master_key_provider.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/base/status_macros.h"
#include "storage/crypto/sealed_field.h"
#include "storage/crypto/secure_file.h"

namespace civicase::storage {
namespace {

std::string WrapAad(std::string_view key_id, std::string_view aad) {
  std::string out = "civicase-dek-wrap-v1";
  out.push_back(static_cast<char>((key_id.size() >> 8) & 0xff));
  out.push_back(static_cast<char>(key_id.size() & 0xff));
  out.append(key_id);
  out.append(aad);
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<StaticMasterKeyProvider>> StaticMasterKeyProvider::CreateRandom(
    std::string key_id) {
  ASSIGN_OR_RETURN(MasterKey key, MasterKey::Generate());
  return std::make_unique<StaticMasterKeyProvider>(std::move(key_id), std::move(key));
}

StaticMasterKeyProvider::StaticMasterKeyProvider(std::string current_key_id, MasterKey current_key)
    : current_key_id_(current_key_id) {
  keys_.emplace(std::move(current_key_id), std::move(current_key));
}

absl::Status StaticMasterKeyProvider::AddKey(std::string key_id, MasterKey key) {
  if (key_id.empty() || key_id.size() > 255) {
    return absl::InvalidArgumentError("master key id must be 1 to 255 bytes");
  }
  if (keys_.contains(key_id)) {
    return absl::AlreadyExistsError(absl::StrCat("master key '", key_id, "' already exists"));
  }
  keys_.emplace(std::move(key_id), std::move(key));
  return absl::OkStatus();
}

absl::Status StaticMasterKeyProvider::SetCurrent(std::string_view key_id) {
  if (!keys_.contains(key_id)) {
    return absl::NotFoundError(absl::StrCat("no master key '", std::string(key_id), "'"));
  }
  current_key_id_ = std::string(key_id);
  return absl::OkStatus();
}

absl::StatusOr<WrappedKey> StaticMasterKeyProvider::Wrap(const DataKey& key,
                                                         std::string_view aad) const {
  const MasterKey& master = keys_.find(current_key_id_)->second;
  WrappedKey wrapped;
  wrapped.key_id = current_key_id_;
  ASSIGN_OR_RETURN(wrapped.bytes, SealField(master, key.view(), WrapAad(current_key_id_, aad)));
  return wrapped;
}

absl::StatusOr<DataKey> StaticMasterKeyProvider::Unwrap(const WrappedKey& wrapped,
                                                        std::string_view aad) const {
  auto it = keys_.find(wrapped.key_id);
  if (it == keys_.end()) {
    return absl::NotFoundError(absl::StrCat("master key '", wrapped.key_id,
                                            "' is not in the keyring; it is needed to unwrap "
                                            "this data key"));
  }
  absl::StatusOr<std::string> raw =
      OpenField(it->second, wrapped.bytes, WrapAad(wrapped.key_id, aad));
  if (!raw.ok()) {
    return absl::DataLossError(absl::StrCat("cannot unwrap data key with master key '",
                                            wrapped.key_id, "': ", raw.status().message()));
  }
  absl::StatusOr<DataKey> key = DataKey::FromBytes(*raw);
  CleanseString(*raw);
  if (!key.ok()) return absl::DataLossError("unwrapped data key has the wrong length");
  return key;
}

}  // namespace civicase::storage
