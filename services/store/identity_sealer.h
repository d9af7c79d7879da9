#pragma once

// IdentitySealer: keeps a denouncer's identity secret at rest (Denunciations Law Art. 8(3), 9,
// 47, 56). Each sealed case gets its own AES-256 data key, wrapped by the master key and stored
// in the sealed_keys column; each filer's identity fields (name, ID number, address, phone,
// email) are encrypted under it and the plain fields cleared, leaving a stable pseudonym.
// Destroying the wrapped data key erases the person; the case stays, anonymised.
// Fields the clerk marked confidential (Registration.confidential_fields) are sealed under the
// same key: "filers" seals every filer's identity as for a denunciation; the text fields are
// kept, sealed, in Registration.sealed_fields and shown as domain::kSealedPlaceholder.
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

  // Whether a registration holds anything to seal: every denunciation (its filers), and any
  // registration with a field marked confidential.
  static bool MustSeal(const v1::Registration& registration);

  // Seals `registration` for case `case_id`: creates the case's data key and writes it wrapped
  // into `txn`; replaces each sealed filer's identity by a sealed blob and a pseudonym, and each
  // marked text field by the placeholder (its value going into sealed_fields).
  [[nodiscard]] absl::Status Seal(const std::string& case_id, v1::Registration& registration,
                                  Txn& txn) const;

  // The identity of a sealed person. NOT_FOUND when the case's key was destroyed (erased).
  [[nodiscard]] absl::StatusOr<v1::Person> Unseal(const std::string& case_id, int filer_index,
                                                  const v1::Person& sealed, const Txn& txn) const;

  // The original values of the marked fields of a sealed registration (a Registration holding
  // only those). NOT_FOUND when the case's key was destroyed (erased).
  [[nodiscard]] absl::StatusOr<v1::Registration> UnsealFields(const std::string& case_id,
                                                              const v1::Registration& sealed,
                                                              const Txn& txn) const;

  // Re-wraps every case's data key under the master provider's current key (after a master key
  // rotation), without touching case data. Returns how many keys were re-wrapped.
  // REQUIRES: no store is running on `kv`.
  [[nodiscard]] absl::StatusOr<int> RewrapDataKeys(storage::Kv& kv) const;

  // Pseudonym shown instead of the i-th (0-based) filer of a sealed case of `kind`.
  static std::string Pseudonym(int filer_index, v1::CaseKind kind = v1::DENUNCIATION);

  // The associated data binding a wrapped key to its slot in the sealed_keys column.
  static std::string DataKeyAad(std::string_view case_id);

  const storage::MasterKeyProvider& master_keys() const { return master_keys_; }

 private:
  static std::string Aad(const std::string& case_id, int filer_index);
  static std::string FieldsAad(const std::string& case_id);
  // The case's data key, unwrapped. NOT_FOUND when it was destroyed.
  [[nodiscard]] absl::StatusOr<storage::DataKey> CaseKey(const std::string& case_id,
                                                         const Txn& txn) const;
  const storage::MasterKeyProvider& master_keys_;
};

}  // namespace civicase::store
