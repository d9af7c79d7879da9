#pragma once

// The audit chain's link function. Each audit record stores
//   h_seq = ChainHash(h_{seq-1}, record_bytes)
// where ChainHash(p, r) = SHA-256( p (32 bytes) || u64 big-endian len(r) || r ).
// The length prefix makes the encoding unambiguous. The first record (seq 1 by convention of
// ChainVerifier) links to kGenesisHash, 32 zero bytes. The head of the chain (the last h)
// commits to every record before it, so changing, deleting or reordering any record changes
// every later hash and every checkpoint that signed one of them.
//
// Thread safety: all functions are thread-safe (SHA-256 is fetched once per process).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace civicase::storage {

using Hash = std::array<uint8_t, 32>;

inline constexpr Hash kGenesisHash{};

Hash ChainHash(const Hash& previous, std::string_view record_bytes);

// 64 lowercase hex digits.
std::string HashToHex(const Hash& hash);
// INVALID_ARGUMENT unless `hex` is exactly 64 hex digits (either case).
[[nodiscard]] absl::StatusOr<Hash> HashFromHex(std::string_view hex);

// The 32 bytes as a string_view (for hashing or signing).
inline std::string_view HashBytes(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

}  // namespace civicase::storage
