#include "services/common/clients.h"

#include "services/common/tls.h"

namespace civicase::common {

absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelAs(const std::string& self,
                                                         const std::string& certs_dir,
                                                         const std::string& address) {
  return TlsChannel(address, TlsFilesIn(certs_dir, self));
}

std::unique_ptr<grpc::ClientContext> ServiceContext(const grpc::CallbackServerContext& incoming,
                                                    std::chrono::milliseconds timeout) {
  auto context = grpc::ClientContext::FromCallbackServerContext(incoming);
  const auto limit = std::chrono::system_clock::now() + timeout;
  if (incoming.deadline() > limit) context->set_deadline(limit);
  return context;
}

std::unique_ptr<grpc::ClientContext> ChildContext(const grpc::CallbackServerContext& incoming,
                                                  std::chrono::milliseconds timeout) {
  auto context = ServiceContext(incoming, timeout);
  const auto& metadata = incoming.client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    context->AddMetadata("authorization", std::string(it->second.data(), it->second.size()));
  }
  return context;
}

}  // namespace civicase::common
