#pragma once

// What the store keeps for itself and never answers with.
//
// Sealed blobs (Person.sealed_identity, Registration.sealed_fields) are ciphertext only the store
// opens, inside an audited disclosure. Filer and matter keys (Case and CaseRegistered
// filer_keys, matter_key) are keyed hashes of filers' ID numbers: stable across cases, so in a
// caller's hands they would link a denouncer's letters to one another. Duplicate detection uses
// them inside the store (FindRelated answers with the related cases, not the keys).

#include "google/protobuf/message.h"

namespace civicase::store {

// Clears every store-internal field anywhere inside `answer` (nested and repeated messages too).
void RedactStoreInternals(google::protobuf::Message& answer);

}  // namespace civicase::store
