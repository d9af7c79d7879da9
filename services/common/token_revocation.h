#pragma once

// RevocationCache: whether a token was revoked by a logout before it expired. A token's
// signature and expiry are checked offline (services/auth/token.h); only the auth service knows
// about logouts, so a service asks it (Auth.IsRevoked over mutual TLS) and remembers the answer
// for a short while:
//   * an answer is reused for `ttl` (default 10 s), so a logout takes effect everywhere within
//     ttl and a busy service asks the auth service at most once per token per ttl;
//   * when the auth service cannot answer, the check fails closed with UNAVAILABLE (a logged-out
//     token must not pass because the auth service is down);
//   * at most `max_entries` answers are kept (default 10000); when full, expired ones are dropped
//     and, if still full, the whole cache.
//
// Thread-safe. Asking blocks the caller for at most the lookup's own deadline (2 s for the
// gRPC lookup); concurrent first lookups of one token may each ask.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace civicase::common {

class RevocationCache {
 public:
  // Whether `token_id` is revoked, as the auth service says (or a failure).
  using Lookup = std::function<absl::StatusOr<bool>(const std::string& token_id)>;

  struct Options {
    absl::Duration ttl = absl::Seconds(10);
    size_t max_entries = 10000;
    std::function<absl::Time()> now = [] { return absl::Now(); };
  };

  RevocationCache(Lookup lookup, Options options);
  explicit RevocationCache(Lookup lookup) : RevocationCache(std::move(lookup), Options()) {}

  // A lookup that calls Auth.IsRevoked on `auth` with a 2 s deadline. UNAVAILABLE (saying the
  // auth service could not be asked) on any failure.
  static Lookup AskAuthService(std::shared_ptr<grpc::Channel> auth);

  // Whether `token_id` was revoked: cached, or asked now. UNAVAILABLE when it cannot be known.
  [[nodiscard]] absl::StatusOr<bool> IsRevoked(const std::string& token_id);

 private:
  struct Entry {
    bool revoked;
    absl::Time until;
  };
  Lookup lookup_;
  Options options_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace civicase::common
