#pragma once

// Files that hold secrets (master key files, signing keys) and the durable writes that create
// and replace them. Shared by storage/crypto and storage/audit.
//
// Durability: every write goes to a temporary file next to the target, is fsynced, moved into
// place with link() (create) or rename() (replace), and the directory is fsynced, so after a
// crash the target holds either the old or the new contents, never a mixture.
//
// Thread safety: the functions are thread-safe; concurrent writers of the same path are
// serialised by the exclusive temporary file (see ReplaceFileDurably).

#include <sys/types.h>

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace civicase::storage {

// Overwrites every byte `s` has allocated (its whole capacity) with OPENSSL_cleanse, then
// clears it. Use on strings that held key material before they are destroyed.
void CleanseString(std::string& s);

// Reads a file that holds secrets. `what` names it in messages ("master key file").
// Errors: NOT_FOUND if it does not exist; FAILED_PRECONDITION if it is not a regular file or
// if group or others have any permission on it (the message says which mode and how to fix
// it); INVALID_ARGUMENT if it is larger than 1 MiB. The caller owns the returned secret and
// should CleanseString() it.
[[nodiscard]] absl::StatusOr<std::string> ReadOwnerOnlyFile(const std::string& path,
                                                            std::string_view what);

// Creates `path` with `contents` and permissions exactly `mode`, atomically: ALREADY_EXISTS
// if `path` exists (checked by link(), so two concurrent creators cannot both win).
[[nodiscard]] absl::Status CreateFileDurably(const std::string& path, std::string_view contents,
                                             mode_t mode);

// Read-modify-write of an existing or new file under a lock: creates "<path>.tmp" exclusively
// (mode `mode`), then calls `produce` (which may read `path`), writes its result to the
// temporary file, fsyncs it and renames it over `path`. The returned contents are cleansed
// after writing. If "<path>.tmp" already exists, another writer is running or one crashed:
// ABORTED, naming the file to delete once no other writer is running.
[[nodiscard]] absl::Status ReplaceFileDurably(
    const std::string& path, mode_t mode, absl::FunctionRef<absl::StatusOr<std::string>()> produce);

}  // namespace civicase::storage
