#pragma once

// Tokens revoked by a logout, kept until they would have expired anyway: in memory for
// IsRevoked, and in a small file (<home>/auth/revoked.json, v1::RevokedTokenFile as proto3
// JSON, mode 0600) so that a logout survives a restart of the auth service. Expired entries are
// dropped when the file is loaded and whenever it is rewritten.
//
// Thread-safe. Revoke writes the file before it returns (durably, atomically), so an
// acknowledged logout is never forgotten.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace civicase::auth {

class RevocationList {
 public:
  // Loads `path` (absent = nothing revoked). FAILED_PRECONDITION if group or others may access
  // it; INVALID_ARGUMENT if damaged.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RevocationList>> Open(const std::string& path,
                                                                            int64_t now_unix);

  // Records `token_id` as revoked until `expires_at`, then rewrites the file. Idempotent.
  // The in-memory list is updated only if the file was written.
  [[nodiscard]] absl::Status Revoke(std::string_view token_id, int64_t expires_at,
                                    int64_t now_unix);

  bool IsRevoked(std::string_view token_id) const;

  size_t size() const;

 private:
  explicit RevocationList(std::string path) : path_(std::move(path)) {}

  const std::string path_;
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, int64_t> revoked_ ABSL_GUARDED_BY(mutex_);  // id -> expiry
};

}  // namespace civicase::auth
