#include "clients/cli/output.h"

#include <google/protobuf/util/json_util.h>

#include <iostream>

#include "absl/strings/ascii.h"
#include "clients/cli/connection.h"
#include "services/common/status.h"

namespace civicase::cli {

void AddOutputFlag(CLI::App& command, Format& format) {
  command.add_option("-o,--output", format, "output format: table or json")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Format>{{"table", Format::kTable}, {"json", Format::kJson}},
          CLI::ignore_case));
}

void Fail(const absl::Status& status) {
  std::string code = absl::StatusCodeToString(status.code());
  std::cerr << "error: " << std::string(status.message()) << " (" << code << ")" << std::endl;
  // Whatever refused us for want of a valid token, say how to get one.
  if (status.code() == absl::StatusCode::kUnauthenticated &&
      status.message().find("civicase login") == absl::string_view::npos) {
    std::cerr << "hint: " << kLoginHint << std::endl;
  }
  throw CLI::RuntimeError(1);
}

void Fail(const grpc::Status& status) {
  absl::Status s = common::ToAbslStatus(status);
  if (s.code() == absl::StatusCode::kUnavailable) {
    std::cerr << "error: the civicase system is not reachable (" << std::string(s.message())
              << "). Is it running? Start it with deploy/local/run.sh." << std::endl;
    throw CLI::RuntimeError(1);
  }
  Fail(s);
}

nlohmann::json ToJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) return nlohmann::json::object();
  return nlohmann::json::parse(out);
}

void PrintJson(const nlohmann::json& value) { std::cout << value.dump(2) << std::endl; }

namespace {

// Width of a UTF-8 string in code points.
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

std::string Cell(const std::string& s, size_t width) {
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++n > width - 1) break;
    out += s[i];
  }
  out.append(width - Width(out), ' ');
  return out;
}

}  // namespace civicase::cli
