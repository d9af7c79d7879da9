#pragma once

// IdentitySealer: keeps a denouncer's identity secret at rest (Denunciations Law Art. 8(3), 9,
// 47, 56). Each sealed case gets its own AES-256 data key, wrapped by the master key and stored
// in the sealed_keys column; each filer's identity fields (name, ID number, address, phone,
// email) are encrypted under it and the plain fields cleared, leaving a stable pseudonym.
// Destroying the wrapped data key erases the person; the case stays, anonymised.
//
// Thread-safe: holds no mutable state.

#include <string>

#include "absl/status/status.h"
#include "civicase/v1/case.pb.h"
#include "services/store/txn.h"
#include "storage/crypto/master_key_provider.h"

namespace civicase::store {

class IdentitySealer {
 public:
  // `master_keys` is borrowed and must outlive the sealer.
  explicit IdentitySealer(const storage::MasterKeyProvider& master_keys)
      : master_keys_(master_keys) {}

  // Whether a registration's filers must be sealed: every denunciation.
  static bool MustSeal(const v1::Registration& registration);

  // Seals every filer of `registration` for case `case_id`: creates the case's data key, writes it
  // wrapped into `txn`, replaces identity fields by a sealed blob and a pseudonym.
  [[nodiscard]] absl::Status Seal(const std::string& case_id, v1::Registration& registration,
                                  Txn& txn) const;

  // The identity of a sealed person. NOT_FOUND when the case's key was destroyed (erased).
  [[nodiscard]] absl::StatusOr<v1::Person> Unseal(const std::string& case_id, int filer_index,
                                                  const v1::Person& sealed, const Txn& txn) const;

  // Re-wraps every case's data key under the master provider's current key (after a master key
  // rotation), without touching case data. Returns how many keys were re-wrapped.
  // REQUIRES: no store is running on `kv`.
  [[nodiscard]] absl::StatusOr<int> RewrapDataKeys(storage::Kv& kv) const;

  // Pseudonym shown instead of the i-th (0-based) filer of a sealed case.
  static std::string Pseudonym(int filer_index);

  // The associated data binding a wrapped key to its slot in the sealed_keys column.
  static std::string DataKeyAad(std::string_view case_id);

  const storage::MasterKeyProvider& master_keys() const { return master_keys_; }

 private:
  static std::string Aad(const std::string& case_id, int filer_index);
  const storage::MasterKeyProvider& master_keys_;
};

}  // namespace civicase::store
