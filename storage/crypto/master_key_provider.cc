#include "storage/crypto/master_key_provider.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/base/status_macros.h"

namespace civicase::storage {
namespace {
constexpr uint8_t kWrappedKeyFormat = 1;
}  // namespace

std::string WrappedKey::Serialize() const {
  std::string out;
  out.reserve(3 + key_id.size() + bytes.size());
  out.push_back(static_cast<char>(kWrappedKeyFormat));
  out.push_back(static_cast<char>((key_id.size() >> 8) & 0xff));
  out.push_back(static_cast<char>(key_id.size() & 0xff));
  out.append(key_id);
  out.append(bytes);
  return out;
}

absl::StatusOr<WrappedKey> WrappedKey::Parse(std::string_view serialized) {
  if (serialized.size() < 3) {
    return absl::DataLossError(
        absl::StrCat("wrapped key is truncated: ", serialized.size(), " bytes"));
  }
  const auto* p = reinterpret_cast<const unsigned char*>(serialized.data());
  if (p[0] != kWrappedKeyFormat) {
    return absl::DataLossError(absl::StrCat("wrapped key has unknown format ", int{p[0]}));
  }
  const size_t id_size = (size_t{p[1]} << 8) | p[2];
  if (id_size == 0 || serialized.size() < 3 + id_size) {
    return absl::DataLossError("wrapped key has a missing or truncated key id");
  }
  WrappedKey wrapped;
  wrapped.key_id = std::string(serialized.substr(3, id_size));
  wrapped.bytes = std::string(serialized.substr(3 + id_size));
  return wrapped;
}

absl::StatusOr<WrappedKey> Rewrap(const MasterKeyProvider& provider, const WrappedKey& wrapped,
                                  std::string_view aad) {
  ASSIGN_OR_RETURN(DataKey key, provider.Unwrap(wrapped, aad));
  return provider.Wrap(key, aad);
}

}  // namespace civicase::storage
