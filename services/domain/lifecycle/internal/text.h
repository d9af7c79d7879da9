#pragma once

// Internal: string building for messages in the domain libraries. Debian's Abseil (20220623)
// has its own absl::string_view, so absl::StrCat/StrJoin do not take std::string_view; these
// helpers do. Not part of any public API.

#include <concepts>
#include <string>
#include <string_view>

namespace civicase::domain::internal {

template <typename T>
void AppendPiece(std::string& out, const T& piece) {
  if constexpr (std::is_same_v<T, bool>) {
    out += piece ? "true" : "false";
  } else if constexpr (std::integral<T> || std::floating_point<T>) {
    out += std::to_string(piece);
  } else {
    out += std::string_view(piece);
  }
}

// Concatenates strings, string_views, C strings and integers.
template <typename... Pieces>
std::string Cat(const Pieces&... pieces) {
  std::string out;
  (AppendPiece(out, pieces), ...);
  return out;
}

// Joins a range of string-like elements with `sep`.
template <typename Range>
std::string Join(const Range& range, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& item : range) {
    if (!first) out += sep;
    first = false;
    AppendPiece(out, item);
  }
  return out;
}

}  // namespace civicase::domain::internal
