#pragma once

// Key encodings for the KV layer: byte strings whose bytewise order (the order of every Kv
// column, see kv.h) matches the order of the values they encode.
//
//   std::string key = JoinKey("case", case_id, EncodeFixed64BE(sequence));
//   kv.ScanPrefix(Column::kEvents, JoinKey("case", case_id), visit);  // all events of one case
//
// Fixed64BE: an unsigned 64-bit integer as 8 big-endian bytes, so 2 < 10 as keys too (decimal
// text would sort "10" before "2").
//
// JoinKey: an order-preserving tuple encoding. Each part is written with every 0x00 byte escaped
// as 0x00 0xFF, then terminated by 0x00 0x01. Because the terminator sorts below every byte an
// unfinished part can continue with (0x01..0xFF, or the escape 0x00 0xFF), comparing two joined
// keys bytewise compares their parts one by one, and a shorter part sorts before any longer part
// that it is a prefix of. Consequences worth knowing:
//   * JoinKey(a, b) is a byte prefix of JoinKey(a, b, c), so a scan by that prefix finds exactly
//     the keys whose leading parts are (a, b); JoinKey("cas") is not a prefix of JoinKey("case").
//   * Parts may hold any bytes, including 0x00 and 0xFF (binary ids, Fixed64BE numbers).
//   * The encoding is injective: SplitKey() recovers the parts.
// Same scheme as Bigtable's "ordered code" for strings.
//
// All functions are pure and thread-safe.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace civicase::storage {

// Appends `value` to `*dst` as 8 big-endian bytes.
void PutFixed64BE(std::string* dst, uint64_t value);

// Returns `value` as 8 big-endian bytes.
std::string EncodeFixed64BE(uint64_t value);

// Decodes 8 big-endian bytes.
// REQUIRES: `p` points at 8 readable bytes.
uint64_t DecodeFixed64BE(const char* p);

// Decodes `bytes`, which must be exactly 8 bytes long; INVALID_ARGUMENT otherwise.
[[nodiscard]] absl::StatusOr<uint64_t> DecodeFixed64BE(std::string_view bytes);

// Appends one part of a joined key (escaped and terminated, see the file comment) to `*dst`.
void AppendKeyPart(std::string* dst, std::string_view part);

// Joins `parts` in order. JoinKeyParts({}) is the empty string.
std::string JoinKeyParts(std::initializer_list<std::string_view> parts);

// JoinKey("a", some_string, EncodeFixed64BE(7)): every argument must convert to std::string_view.
template <typename... Parts>
std::string JoinKey(const Parts&... parts) {
  return JoinKeyParts({std::string_view(parts)...});
}

// Splits a key made by JoinKey back into its parts. INVALID_ARGUMENT if `key` is not such a key
// (an unterminated part or an unknown escape).
[[nodiscard]] absl::StatusOr<std::vector<std::string>> SplitKey(std::string_view key);

// The smallest key greater than every key that starts with `prefix`: `prefix` with its trailing
// 0xFF bytes removed and its last byte incremented. Returns "" when there is no such key
// (`prefix` empty or all 0xFF), which Kv::Scan reads as "to the end of the column".
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace civicase::storage
