#pragma once

// FilerIndex: keyed hashes (HMAC-SHA256) that let the store find the cases of one filer, or of
// one matter (filer x respondent x subject), across units, without keeping identities in clear:
// the hashes are useless without the index key, itself wrapped by the master key and kept in the
// sealed_keys column. Plain SHA-256 of a 12-digit ID number could be reversed by trying them all.
//
// Thread-safe after LoadOrCreate (immutable).

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "civicase/v1/case.pb.h"
#include "storage/crypto/digest.h"
#include "storage/crypto/master_key_provider.h"
#include "storage/kv/kv.h"

namespace civicase::store {

class FilerIndex {
 public:
  // Where the wrapped index key lives in the sealed_keys column (never a case id).
  static constexpr std::string_view kIndexKeyName = "!index-key";

  // Loads the index key from `kv`, creating and durably storing it on first use.
  [[nodiscard]] static absl::StatusOr<FilerIndex> LoadOrCreate(
      storage::Kv& kv, const storage::MasterKeyProvider& master_keys);

  // One key per filer with an ID number, in filer order.
  std::vector<std::string> FilerKeys(const v1::Registration& registration) const;
  // The matter of the first filer (empty for an anonymous letter).
  std::string MatterKey(const v1::Registration& registration) const;

 private:
  explicit FilerIndex(storage::HmacSha256 mac) : mac_(std::move(mac)) {}
  std::string Mac(std::string_view message) const;
  storage::HmacSha256 mac_;  // keyed with the index key
};

}  // namespace civicase::store
