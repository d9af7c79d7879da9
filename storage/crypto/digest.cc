#include "storage/crypto/digest.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <cstdlib>

namespace civicase::storage {
namespace {

EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

}  // namespace

const EVP_MD* Sha256Algorithm() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return md;
}

std::string Sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, Sha256Algorithm(), nullptr) != 1) {
    std::abort();  // only on allocation failure or a broken OpenSSL installation
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

absl::StatusOr<HmacSha256> HmacSha256::Create(std::string_view key) {
  if (HmacAlgorithm() == nullptr) return absl::InternalError("OpenSSL has no HMAC");
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(HmacAlgorithm()));
  char digest[] = "SHA2-256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()),
                           key.size(), params) != 1) {
    return absl::InternalError("cannot key HMAC-SHA-256");
  }
  return HmacSha256(std::shared_ptr<const EVP_MAC_CTX>(ctx.release(), MacCtxDeleter()));
}

std::string HmacSha256::Mac(std::string_view message) const {
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_dup(keyed_.get()));
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t length = 0;
  if (!ctx ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      EVP_MAC_final(ctx.get(), mac, &length, sizeof mac) != 1) {
    std::abort();  // only on allocation failure: the context was keyed by Create
  }
  return std::string(reinterpret_cast<const char*>(mac), length);
}

}  // namespace civicase::storage
