#pragma once

// Output and failure conventions shared by every `civicase` command:
//   * every command takes `-o table|json` (table by default);
//   * on failure the reason goes to stderr and the command exits non-zero
//     (1 for a refused or failed call, 2 for bad usage).

#include <grpcpp/support/status.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace civicase::cli {

enum class Format { kTable, kJson };

// Adds `-o,--output` to a command.
void AddOutputFlag(CLI::App& command, Format& format);

// Prints the reason to stderr and ends the command with exit code 1.
[[noreturn]] void Fail(const absl::Status& status);
[[noreturn]] void Fail(const grpc::Status& status);

// A proto message in proto3 JSON (field names as in the .proto, enums as names).
nlohmann::json ToJson(const google::protobuf::Message& message);

void PrintJson(const nlohmann::json& value);

// A table cell: `s` cut to `width` - 1 code points (never inside a UTF-8 character; Vietnamese
// text is precomposed) and padded with spaces to `width`, so columns stay one space apart.
// REQUIRES: width >= 1.
std::string Cell(const std::string& s, size_t width);

}  // namespace civicase::cli
