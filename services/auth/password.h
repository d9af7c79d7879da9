#pragma once

// Password hashing with scrypt (RFC 7914) through OpenSSL's EVP_PBE_scrypt: memory-hard, so a
// stolen users file costs an attacker 32 MiB and ~0.1 s per guess per core at the defaults.
//
// A hash records its algorithm, parameters and 16-byte random salt (v1::PasswordHash), so the
// parameters can be raised later and old hashes still verify. Verification compares in
// constant time (CRYPTO_memcmp).
//
// Thread safety: the functions are thread-safe. Each call uses up to 128 * r * (N + p + 2) bytes.

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "civicase/v1/auth.pb.h"

namespace civicase::auth {

struct ScryptParams {
  uint64_t n = uint64_t{1} << 15;  // CPU/memory cost; a power of two > 1. Default 2^15.
  uint32_t r = 8;                  // block size. Default 8.
  uint32_t p = 1;                  // parallelism. Default 1.
};

inline constexpr size_t kSaltSize = 16;
inline constexpr size_t kPasswordHashSize = 32;
// A password longer than this is refused (it could only slow the server down).
inline constexpr size_t kMaxPasswordSize = 1024;

// Hashes `password` with a fresh random salt. INVALID_ARGUMENT for an empty or overlong
// password or parameters out of range (see VerifyPassword); INTERNAL if OpenSSL fails.
[[nodiscard]] absl::StatusOr<v1::PasswordHash> HashPassword(std::string_view password,
                                                            const ScryptParams& params = {});

// True iff `password` hashes to `stored`. False, too, for a stored hash this code cannot use
// (another algorithm, a salt or hash of the wrong size, or parameters beyond N = 2^20, r = 32,
// p = 16, which would let a damaged file exhaust the server's memory).
[[nodiscard]] bool VerifyPassword(std::string_view password, const v1::PasswordHash& stored);

// Spends about the time of one VerifyPassword at the default parameters without any result.
// Called for an unknown user, so that timing does not tell which user names exist.
void BurnPasswordCheck(std::string_view password);

}  // namespace civicase::auth
