#include "storage/crypto/sealed_field.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/crypto/secure_file.h"

namespace civicase::storage {
namespace {

// Fetched once: implicit fetching on every EVP_EncryptInit_ex contends on a global lock in
// OpenSSL 3.0. The EVP_CIPHER is immutable and safe to share between threads.
const EVP_CIPHER* Aes256Gcm() {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

absl::Status OpenSslError(std::string_view what) {
  return absl::InternalError(absl::StrCat("OpenSSL AES-256-GCM failure: ", std::string(what)));
}

// OpenSSL takes int lengths; field values are far smaller, but refuse rather than truncate.
bool FitsInt(size_t n) { return n <= static_cast<size_t>(INT32_MAX) - 64; }

}  // namespace

absl::StatusOr<std::string> SealField(const DataKey& key, std::string_view plaintext,
                                      std::string_view aad) {
  if (!FitsInt(plaintext.size()) || !FitsInt(aad.size())) {
    return absl::InvalidArgumentError("sealed field or its binding is too large (2 GiB)");
  }
  const EVP_CIPHER* cipher = Aes256Gcm();
  if (cipher == nullptr) return OpenSslError("cipher unavailable");

  std::string out(kSealedFieldOverhead + plaintext.size(), '\0');
  auto* const p = reinterpret_cast<unsigned char*>(out.data());
  p[0] = kSealedFieldVersion;
  unsigned char* const iv = p + 1;
  unsigned char* const ct = iv + kSealedFieldIvSize;
  unsigned char* const tag = ct + plaintext.size();
  if (RAND_bytes(iv, kSealedFieldIvSize) != 1) return OpenSslError("RAND_bytes");

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  // The default GCM IV length is 12 bytes, which is what we use.
  if (!ctx || EVP_EncryptInit_ex2(ctx.get(), cipher, key.bytes().data(), iv, nullptr) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, p, 1) != 1 ||  // version byte
      EVP_EncryptUpdate(ctx.get(), nullptr, &len,
                        reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), ct, &len,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), ct + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kSealedFieldTagSize, tag) != 1) {
    return OpenSslError("encrypt");
  }
  return out;
}

absl::StatusOr<std::string> OpenField(const DataKey& key, std::string_view sealed,
                                      std::string_view aad) {
  if (sealed.size() < kSealedFieldOverhead) {
    return absl::DataLossError(absl::StrCat("sealed field is truncated: ", sealed.size(),
                                            " bytes, at least ", kSealedFieldOverhead,
                                            " expected"));
  }
  const auto* const p = reinterpret_cast<const unsigned char*>(sealed.data());
  if (p[0] != kSealedFieldVersion) {
    return absl::DataLossError(
        absl::StrFormat("sealed field has unknown format version 0x%02x", p[0]));
  }
  if (!FitsInt(sealed.size()) || !FitsInt(aad.size())) {
    return absl::InvalidArgumentError("sealed field or its binding is too large (2 GiB)");
  }
  const EVP_CIPHER* cipher = Aes256Gcm();
  if (cipher == nullptr) return OpenSslError("cipher unavailable");
  const unsigned char* const iv = p + 1;
  const unsigned char* const ct = iv + kSealedFieldIvSize;
  const size_t ct_size = sealed.size() - kSealedFieldOverhead;
  const unsigned char* const tag = ct + ct_size;

  std::string plaintext(ct_size, '\0');
  auto* const out = reinterpret_cast<unsigned char*>(plaintext.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex2(ctx.get(), cipher, key.bytes().data(), iv, nullptr) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, p, 1) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len,
                        reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out, &len, ct, static_cast<int>(ct_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kSealedFieldTagSize,
                          const_cast<unsigned char*>(tag)) != 1) {
    CleanseString(plaintext);
    return OpenSslError("decrypt");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), out + len, &len) != 1) {
    // GCM decrypts before it authenticates: wipe the unauthenticated plaintext.
    CleanseString(plaintext);
    return absl::DataLossError(
        "sealed field failed authentication: wrong key, wrong binding (AAD), or altered bytes");
  }
  return plaintext;
}

}  // namespace civicase::storage
