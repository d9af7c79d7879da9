#pragma once

// One place that converts between absl::Status and grpc::Status. The codes are numerically the
// same (absl's canonical codes are gRPC's); UNKNOWN never leaves a service: an error without a
// code becomes INTERNAL.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace civicase::common {

inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  if (code == grpc::StatusCode::UNKNOWN) code = grpc::StatusCode::INTERNAL;
  return grpc::Status(code, std::string(status.message()));
}

inline absl::Status ToAbslStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace civicase::common
