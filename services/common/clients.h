#pragma once

// Outbound calls from one civicase service to another: mutual-TLS channels presenting the
// calling service's certificate, and client contexts that carry the incoming call's deadline and
// cancellation (or a default deadline).

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace civicase::common {

// A channel to `address` authenticated as `self` with the certificates in `certs_dir`.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelAs(const std::string& self,
                                                                       const std::string& certs_dir,
                                                                       const std::string& address);

// A context for a call made while serving `incoming`: deadline and cancellation propagated (at
// most `timeout` when the incoming call has no deadline), and the caller's bearer token passed
// on, so the store authorises the user the call is made for.
std::unique_ptr<grpc::ClientContext> ChildContext(
    const grpc::CallbackServerContext& incoming,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A context for a step a service takes on its own after serving `incoming` (routing and the
// first clock after a registration the user was allowed to make): deadline and cancellation
// propagated like ChildContext, but no bearer token, so the callee's peer policy governs the call,
// not the user's roles.
std::unique_ptr<grpc::ClientContext> ServiceContext(
    const grpc::CallbackServerContext& incoming,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace civicase::common
