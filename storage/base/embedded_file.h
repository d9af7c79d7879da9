#pragma once

#include <string_view>

namespace civicase {

// A data file compiled into the binary by civicase_embed_files() (cmake/CivicaseHelpers.cmake).
struct EmbeddedFile {
  std::string_view name;      // file name without directory, e.g. "2026.json"
  std::string_view contents;  // the file's bytes
};

}  // namespace civicase
