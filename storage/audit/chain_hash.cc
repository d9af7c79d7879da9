#include "storage/audit/chain_hash.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "absl/status/status.h"
#include "storage/crypto/digest.h"

namespace civicase::storage {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Hash ChainHash(const Hash& previous, std::string_view record_bytes) {
  unsigned char length[8];
  uint64_t n = record_bytes.size();
  for (int i = 7; i >= 0; --i, n >>= 8) length[i] = static_cast<unsigned char>(n & 0xff);

  Hash out{};
  unsigned int out_len = 0;
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || Sha256Algorithm() == nullptr ||
      EVP_DigestInit_ex2(ctx.get(), Sha256Algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), previous.data(), previous.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), length, sizeof(length)) != 1 ||
      EVP_DigestUpdate(ctx.get(), record_bytes.data(), record_bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &out_len) != 1 || out_len != out.size()) {
    // Only on allocation failure or a broken OpenSSL install. Returning a wrong hash would
    // silently corrupt the chain or fail verification of a good one: stop instead.
    std::abort();
  }
  return out;
}

std::string HashToHex(const Hash& hash) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (uint8_t b : hash) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0xf]);
  }
  return hex;
}

absl::StatusOr<Hash> HashFromHex(std::string_view hex) {
  if (hex.size() != 64) {
    return absl::InvalidArgumentError("a chain hash is 64 hex digits");
  }
  Hash hash{};
  for (size_t i = 0; i < hash.size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return absl::InvalidArgumentError("a chain hash is 64 hex digits");
    hash[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
  return hash;
}

}  // namespace civicase::storage
