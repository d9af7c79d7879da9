#pragma once

// Runs the civicase CLI against a LocalSystem with `-o json` and parses what it prints, for
// integration tests. A non-zero exit is a test failure (EXPECT) naming the command and its
// stderr; the result is then whatever JSON was printed ({} when nothing).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/local_system.h"

namespace civicase::testing {

inline nlohmann::json CliJson(const LocalSystem& system, const std::vector<std::string>& args) {
  std::vector<std::string> with_output = args;
  with_output.insert(with_output.end(), {"-o", "json"});
  CommandResult r = system.Cli(with_output);
  EXPECT_EQ(r.exit_code, 0) << "civicase " << ::testing::PrintToString(args) << ": " << r.err;
  return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
}

// Writes `content` as JSON to `name` in the system's home folder and returns the file's path
// (for the CLI's --file options).
inline std::string WriteJsonFile(const LocalSystem& system, const std::string& name,
                                 const nlohmann::json& content) {
  const std::string path = system.home() + "/" + name;
  std::ofstream(path) << content.dump(1);
  return path;
}

}  // namespace civicase::testing
