#pragma once

// Test utilities: a temporary folder removed with everything in it when the object dies, and
// reading a whole file. For tests only (aborts nothing, reports nothing: a missing file reads as
// empty).

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace civicase::testing {

class TempDir {
 public:
  // A new folder under gtest's temporary folder, named `prefix` + a random suffix.
  explicit TempDir(std::string_view prefix = "civicase_") {
    std::string pattern = ::testing::TempDir() + std::string(prefix) + "XXXXXX";
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `name` inside the folder.
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

// The whole content of the file at `path` (empty if it cannot be read).
inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace civicase::testing
