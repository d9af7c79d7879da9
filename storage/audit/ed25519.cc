#include "storage/audit/ed25519.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/base/status_macros.h"
#include "storage/crypto/secure_file.h"

namespace civicase::storage {
namespace {

constexpr char kWhat[] = "audit signing key file";

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

// Never prompt on a terminal for a passphrase: an encrypted key file is simply refused.
int NoPassphrase(char*, int, int, void*) { return -1; }

// The contents of a memory BIO (BIO_s_mem wipes its buffer when freed).
std::string BioContents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

absl::StatusOr<Pkey> ParsePrivateKey(const std::string& path, std::string_view pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return absl::InternalError("BIO_new_mem_buf failed");
  Pkey key(PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, NoPassphrase, nullptr, nullptr, nullptr));
  if (!key) {
    return absl::InvalidArgumentError(
        absl::StrCat(kWhat, " ", path,
                     " is not an unencrypted PEM private key; move it aside to make a new "
                     "key only if no checkpoint was ever signed with it"));
  }
  if (!EVP_PKEY_is_a(key.get(), "ED25519")) {
    return absl::InvalidArgumentError(
        absl::StrCat(kWhat, " ", path, " holds a private key that is not Ed25519"));
  }
  return key;
}

absl::StatusOr<Pkey> GenerateKey() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) return absl::InternalError("Ed25519 key generation failed");
  return key;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Ed25519Signer>> Ed25519Signer::Generate() {
  ASSIGN_OR_RETURN(Pkey key, GenerateKey());
  return std::unique_ptr<Ed25519Signer>(new Ed25519Signer(key.release()));
}

absl::StatusOr<std::unique_ptr<Ed25519Signer>> Ed25519Signer::LoadOrCreate(
    const std::string& path) {
  absl::StatusOr<std::string> pem = ReadOwnerOnlyFile(path, kWhat);
  if (absl::IsNotFound(pem.status())) {
    ASSIGN_OR_RETURN(Pkey key, GenerateKey());
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
      return absl::InternalError("cannot encode the new audit signing key as PEM");
    }
    std::string contents = BioContents(bio.get());
    absl::Status created = CreateFileDurably(path, contents, 0600);
    CleanseString(contents);
    if (created.ok()) return std::unique_ptr<Ed25519Signer>(new Ed25519Signer(key.release()));
    // Another process created it first: use theirs, so both sign with the same key.
    if (!absl::IsAlreadyExists(created)) return created;
    pem = ReadOwnerOnlyFile(path, kWhat);
  }
  if (!pem.ok()) return pem.status();
  absl::StatusOr<Pkey> key = ParsePrivateKey(path, *pem);
  CleanseString(*pem);
  if (!key.ok()) return key.status();
  return std::unique_ptr<Ed25519Signer>(new Ed25519Signer(key->release()));
}

Ed25519Signer::~Ed25519Signer() { EVP_PKEY_free(key_); }

absl::StatusOr<std::string> Ed25519Signer::Sign(std::string_view message) const {
  std::string signature(kEd25519SignatureSize, '\0');
  size_t length = signature.size();
  MdCtx ctx(EVP_MD_CTX_new());
  // Ed25519 is one-shot ("pure"): no digest is named, and EVP_DigestSign takes the message.
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key_, nullptr) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      length != kEd25519SignatureSize) {
    return absl::InternalError("Ed25519 signing failed");
  }
  return signature;
}

std::string Ed25519Signer::PublicKeyRaw() const {
  std::string raw(kEd25519PublicKeySize, '\0');
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key_, reinterpret_cast<unsigned char*>(raw.data()), &length) !=
          1 ||
      length != raw.size()) {
    return std::string();  // Cannot happen for a loaded Ed25519 key; verifies nothing.
  }
  return raw;
}

absl::Status Ed25519Signer::WritePublicKey(const std::string& path) const {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_) != 1) {
    return absl::InternalError("cannot encode the audit public key as PEM");
  }
  std::string pem = BioContents(bio.get());
  return ReplaceFileDurably(path, 0644, [&pem]() -> absl::StatusOr<std::string> { return pem; });
}

absl::StatusOr<Ed25519PublicKey> Ed25519PublicKey::FromRaw(std::string_view raw) {
  if (raw.size() != kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(
        absl::StrCat("an Ed25519 public key is 32 bytes, got ", raw.size()));
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key_ex(
      nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  if (key == nullptr) return absl::InvalidArgumentError("not a valid Ed25519 public key");
  return Ed25519PublicKey(key);
}

Ed25519PublicKey::Ed25519PublicKey(Ed25519PublicKey&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)) {}

Ed25519PublicKey& Ed25519PublicKey::operator=(Ed25519PublicKey&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(key_);
    key_ = std::exchange(other.key_, nullptr);
  }
  return *this;
}

Ed25519PublicKey::~Ed25519PublicKey() { EVP_PKEY_free(key_); }

bool Ed25519PublicKey::Verify(std::string_view message, std::string_view signature) const {
  if (key_ == nullptr || signature.size() != kEd25519SignatureSize) return false;
  MdCtx ctx(EVP_MD_CTX_new());
  return ctx &&
         EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key_, nullptr) ==
             1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

bool Ed25519Verify(std::string_view public_key_raw, std::string_view message,
                   std::string_view signature) {
  absl::StatusOr<Ed25519PublicKey> key = Ed25519PublicKey::FromRaw(public_key_raw);
  return key.ok() && key->Verify(message, signature);
}

absl::StatusOr<std::string> ReadPublicKeyFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat("audit public key file ", path, " does not exist"));
  }
  Bio bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) {
    return absl::PermissionDeniedError(absl::StrCat("cannot read audit public key file ", path));
  }
  Pkey key(PEM_read_bio_PUBKEY_ex(bio.get(), nullptr, NoPassphrase, nullptr, nullptr, nullptr));
  if (!key || !EVP_PKEY_is_a(key.get(), "ED25519")) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a PEM Ed25519 public key (\"PUBLIC KEY\")"));
  }
  std::string raw(kEd25519PublicKeySize, '\0');
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(raw.data()),
                                  &length) != 1 ||
      length != raw.size()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " holds a malformed Ed25519 key"));
  }
  return raw;
}

}  // namespace civicase::storage
