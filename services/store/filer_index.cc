#include "services/store/filer_index.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/store/identity_sealer.h"
#include "storage/base/status_macros.h"

namespace civicase::store {
namespace {

std::string NormalizeId(const std::string& id) {
  std::string out;
  for (char c : id) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) out += absl::ascii_toupper(c);
  }
  return out;
}

// Lower-case ASCII letters and collapse whitespace; other bytes (Vietnamese letters) are kept.
std::string NormalizeText(const std::string& text) {
  std::vector<std::string> words =
      absl::StrSplit(absl::AsciiStrToLower(text), absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

}  // namespace

absl::StatusOr<FilerIndex> FilerIndex::LoadOrCreate(storage::Kv& kv,
                                                    const storage::MasterKeyProvider& master_keys) {
  const std::string aad = IdentitySealer::DataKeyAad(kIndexKeyName);
  auto stored = kv.Get(storage::Column::kSealedKeys, kIndexKeyName);
  if (stored.ok()) {
    ASSIGN_OR_RETURN(auto wrapped, storage::WrappedKey::Parse(*stored));
    ASSIGN_OR_RETURN(auto key, master_keys.Unwrap(wrapped, aad));
    ASSIGN_OR_RETURN(auto mac, storage::HmacSha256::Create(key.view()));
    return FilerIndex(std::move(mac));
  }
  if (!absl::IsNotFound(stored.status())) return stored.status();
  ASSIGN_OR_RETURN(auto key, storage::DataKey::Generate());
  ASSIGN_OR_RETURN(auto wrapped, master_keys.Wrap(key, aad));
  RETURN_IF_ERROR(kv.Put(storage::Column::kSealedKeys, kIndexKeyName, wrapped.Serialize()));
  ASSIGN_OR_RETURN(auto mac, storage::HmacSha256::Create(key.view()));
  return FilerIndex(std::move(mac));
}

std::string FilerIndex::Mac(std::string_view message) const {
  const std::string mac = mac_.Mac(message);
  return absl::BytesToHexString(absl::string_view(mac.data(), 16));  // 128 bits: plenty to match
}

std::vector<std::string> FilerIndex::FilerKeys(const v1::Registration& registration) const {
  std::vector<std::string> keys;
  for (const auto& filer : registration.filers()) {
    if (!filer.id_number().empty()) keys.push_back(Mac("filer\n" + NormalizeId(filer.id_number())));
  }
  return keys;
}

std::string FilerIndex::MatterKey(const v1::Registration& registration) const {
  if (registration.filers().empty() || registration.filers(0).id_number().empty()) return "";
  const auto& respondent = registration.respondent();
  const std::string who = respondent.unit().empty()
                              ? NormalizeText(respondent.description())
                              : respondent.unit() + "/" + respondent.position();
  return Mac(absl::StrCat("matter\n", NormalizeId(registration.filers(0).id_number()), "\n", who,
                          "\n", NormalizeText(registration.sector())));
}

}  // namespace civicase::store
