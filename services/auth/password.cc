#include "services/auth/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace civicase::auth {
namespace {

constexpr char kAlgorithm[] = "scrypt";
constexpr uint64_t kMaxN = uint64_t{1} << 20;
constexpr uint32_t kMaxR = 32;
constexpr uint32_t kMaxP = 16;

bool ParamsInRange(uint64_t n, uint32_t r, uint32_t p) {
  return n > 1 && n <= kMaxN && (n & (n - 1)) == 0 && r >= 1 && r <= kMaxR && p >= 1 && p <= kMaxP;
}

// scrypt of `password` with `salt` into `out` (kPasswordHashSize bytes).
bool Scrypt(std::string_view password, std::string_view salt, uint64_t n, uint32_t r, uint32_t p,
            unsigned char* out) {
  // OpenSSL refuses work above `maxmem`; allow what the parameters need, with room to spare.
  const uint64_t maxmem = 128 * uint64_t{r} * (n + p + 2) + (uint64_t{1} << 20);
  return EVP_PBE_scrypt(password.data(), password.size(),
                        reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), n, r, p,
                        maxmem, out, kPasswordHashSize) == 1;
}

}  // namespace

absl::StatusOr<v1::PasswordHash> HashPassword(std::string_view password,
                                              const ScryptParams& params) {
  if (password.empty()) return absl::InvalidArgumentError("the password is empty");
  if (password.size() > kMaxPasswordSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("the password is longer than ", kMaxPasswordSize, " bytes"));
  }
  if (!ParamsInRange(params.n, params.r, params.p)) {
    return absl::InvalidArgumentError("scrypt parameters out of range");
  }
  unsigned char salt[kSaltSize];
  if (RAND_bytes(salt, sizeof salt) != 1) return absl::InternalError("RAND_bytes failed");
  unsigned char hash[kPasswordHashSize];
  const std::string_view salt_view(reinterpret_cast<const char*>(salt), sizeof salt);
  if (!Scrypt(password, salt_view, params.n, params.r, params.p, hash)) {
    return absl::InternalError("scrypt failed (out of memory?)");
  }
  v1::PasswordHash result;
  result.set_algorithm(kAlgorithm);
  result.set_n(params.n);
  result.set_r(params.r);
  result.set_p(params.p);
  result.set_salt(std::string(salt_view));
  result.set_hash(std::string(reinterpret_cast<const char*>(hash), sizeof hash));
  OPENSSL_cleanse(hash, sizeof hash);
  return result;
}

bool VerifyPassword(std::string_view password, const v1::PasswordHash& stored) {
  if (password.empty() || password.size() > kMaxPasswordSize) return false;
  if (stored.algorithm() != kAlgorithm || stored.salt().size() != kSaltSize ||
      stored.hash().size() != kPasswordHashSize ||
      !ParamsInRange(stored.n(), stored.r(), stored.p())) {
    return false;
  }
  unsigned char hash[kPasswordHashSize];
  if (!Scrypt(password, stored.salt(), stored.n(), stored.r(), stored.p(), hash)) return false;
  const bool equal = CRYPTO_memcmp(hash, stored.hash().data(), kPasswordHashSize) == 0;
  OPENSSL_cleanse(hash, sizeof hash);
  return equal;
}

void BurnPasswordCheck(std::string_view password) {
  static const std::string kSalt(kSaltSize, '\0');
  const ScryptParams defaults;
  unsigned char hash[kPasswordHashSize];
  (void)Scrypt(password.substr(0, kMaxPasswordSize), kSalt, defaults.n, defaults.r, defaults.p,
               hash);
  OPENSSL_cleanse(hash, sizeof hash);
}

}  // namespace civicase::auth
