#include "services/store/identity_sealer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/domain/case/registration_validation.h"
#include "services/store/store_keys.h"
#include "storage/base/status_macros.h"
#include "storage/crypto/sealed_field.h"
#include "storage/crypto/secure_file.h"

namespace civicase::store {

namespace {

bool Marked(const v1::Registration& registration, std::string_view field) {
  const auto& marked = registration.confidential_fields();
  return std::find(marked.begin(), marked.end(), field) != marked.end();
}

bool SealsFilers(const v1::Registration& registration) {
  return registration.kind() == v1::DENUNCIATION || Marked(registration, "filers");
}

// Moves the marked text fields of `from` into a Registration of their own, leaving the
// placeholder behind.
v1::Registration TakeMarkedFields(v1::Registration& from) {
  const std::string placeholder(domain::kSealedPlaceholder);
  v1::Registration taken;
  if (Marked(from, "summary")) {
    taken.set_summary(from.summary());
    from.set_summary(placeholder);
  }
  if (Marked(from, "request") && !from.request().empty()) {
    taken.set_request(from.request());
    from.set_request(placeholder);
  }
  if (Marked(from, "attachments")) {
    *taken.mutable_attachments() = from.attachments();
    for (auto& name : *from.mutable_attachments()) name = placeholder;
  }
  if (Marked(from, "respondent.description")) {
    taken.mutable_respondent()->set_description(from.respondent().description());
    from.mutable_respondent()->set_description(placeholder);
  }
  return taken;
}

}  // namespace

bool IdentitySealer::MustSeal(const v1::Registration& registration) {
  return registration.kind() == v1::DENUNCIATION || !registration.confidential_fields().empty();
}

std::string IdentitySealer::Pseudonym(int filer_index, v1::CaseKind kind) {
  return absl::StrCat(kind == v1::DENUNCIATION ? "Người tố cáo #" : "Người gửi đơn #",
                      filer_index + 1);
}

std::string IdentitySealer::Aad(const std::string& case_id, int filer_index) {
  return absl::StrCat("civicase/v1/case/", case_id, "/filers/", filer_index, "/identity");
}

std::string IdentitySealer::FieldsAad(const std::string& case_id) {
  return absl::StrCat("civicase/v1/case/", case_id, "/confidential-fields");
}

std::string IdentitySealer::DataKeyAad(std::string_view case_id) {
  return absl::StrCat("civicase/v1/case/", std::string(case_id), "/data-key");
}

absl::StatusOr<int> IdentitySealer::RewrapDataKeys(storage::Kv& kv) const {
  storage::WriteBatch batch;
  absl::Status failed = absl::OkStatus();
  RETURN_IF_ERROR(
      kv.ScanPrefix(Column::kSealedKeys, "", [&](std::string_view case_id, std::string_view value) {
        auto wrapped = storage::WrappedKey::Parse(value);
        if (!wrapped.ok()) {
          failed = wrapped.status();
          return false;
        }
        auto rewrapped = storage::Rewrap(master_keys_, *wrapped, DataKeyAad(case_id));
        if (!rewrapped.ok()) {
          failed = rewrapped.status();
          return false;
        }
        batch.Put(Column::kSealedKeys, case_id, rewrapped->Serialize());
        return true;
      }));
  RETURN_IF_ERROR(failed);
  RETURN_IF_ERROR(kv.Write(batch, {.sync = true}));
  return static_cast<int>(batch.size());
}

absl::Status IdentitySealer::Seal(const std::string& case_id, v1::Registration& registration,
                                  Txn& txn) const {
  ASSIGN_OR_RETURN(auto data_key, storage::DataKey::Generate());
  ASSIGN_OR_RETURN(auto wrapped, master_keys_.Wrap(data_key, DataKeyAad(case_id)));
  txn.Put(Column::kSealedKeys, keys::DataKey(case_id), wrapped.Serialize());

  v1::Registration marked = TakeMarkedFields(registration);
  if (marked.ByteSizeLong() > 0) {
    std::string plain = marked.SerializeAsString();
    auto sealed = storage::SealField(data_key, plain, FieldsAad(case_id));
    storage::CleanseString(plain);
    if (!sealed.ok()) return sealed.status();
    registration.set_sealed_fields(*std::move(sealed));
  }
  for (int i = 0; SealsFilers(registration) && i < registration.filers_size(); ++i) {
    v1::Person* person = registration.mutable_filers(i);
    v1::Person identity;
    identity.set_full_name(person->full_name());
    identity.set_id_number(person->id_number());
    identity.set_address(person->address());
    identity.set_phone(person->phone());
    identity.set_email(person->email());
    std::string plain = identity.SerializeAsString();
    auto sealed = storage::SealField(data_key, plain, Aad(case_id, i));
    storage::CleanseString(plain);
    if (!sealed.ok()) return sealed.status();
    bool representative = person->representative();
    person->Clear();
    person->set_representative(representative);
    person->set_pseudonym(Pseudonym(i, registration.kind()));
    person->set_sealed_identity(*std::move(sealed));
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::DataKey> IdentitySealer::CaseKey(const std::string& case_id,
                                                         const Txn& txn) const {
  auto wrapped_bytes = txn.Get(Column::kSealedKeys, keys::DataKey(case_id));
  if (absl::IsNotFound(wrapped_bytes.status())) {
    return absl::NotFoundError(absl::StrCat("the identity in case ", case_id, " was erased"));
  }
  RETURN_IF_ERROR(wrapped_bytes.status());
  ASSIGN_OR_RETURN(auto wrapped, storage::WrappedKey::Parse(*wrapped_bytes));
  return master_keys_.Unwrap(wrapped, DataKeyAad(case_id));
}

absl::StatusOr<v1::Registration> IdentitySealer::UnsealFields(const std::string& case_id,
                                                              const v1::Registration& sealed,
                                                              const Txn& txn) const {
  v1::Registration fields;
  if (sealed.sealed_fields().empty()) return fields;
  ASSIGN_OR_RETURN(auto data_key, CaseKey(case_id, txn));
  ASSIGN_OR_RETURN(std::string plain,
                   storage::OpenField(data_key, sealed.sealed_fields(), FieldsAad(case_id)));
  const bool parsed = fields.ParseFromString(plain);
  storage::CleanseString(plain);
  if (!parsed) return absl::DataLossError("sealed fields do not parse");
  return fields;
}

absl::StatusOr<v1::Person> IdentitySealer::Unseal(const std::string& case_id, int filer_index,
                                                  const v1::Person& sealed, const Txn& txn) const {
  ASSIGN_OR_RETURN(auto data_key, CaseKey(case_id, txn));
  ASSIGN_OR_RETURN(std::string plain, storage::OpenField(data_key, sealed.sealed_identity(),
                                                         Aad(case_id, filer_index)));
  v1::Person person;
  const bool parsed = person.ParseFromString(plain);
  storage::CleanseString(plain);
  if (!parsed) return absl::DataLossError("sealed identity does not parse");
  person.set_representative(sealed.representative());
  person.set_pseudonym(sealed.pseudonym());
  return person;
}

}  // namespace civicase::store
