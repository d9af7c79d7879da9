#include "storage/audit/checkpoint.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/base/status_macros.h"

namespace civicase::storage {
namespace {

constexpr uint8_t kCheckpointFormat = 1;
constexpr size_t kFixedSize = 1 + 8 + 32 + 8;

void AppendU64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint64_t ReadU64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

std::string Checkpoint::SignedMessage() const {
  std::string out(kCheckpointDomain);
  AppendU64(out, seq);
  out.append(HashBytes(head));
  AppendU64(out, static_cast<uint64_t>(unix_time));
  return out;
}

std::string Checkpoint::Serialize() const {
  std::string out;
  out.reserve(kFixedSize + signature.size());
  out.push_back(static_cast<char>(kCheckpointFormat));
  AppendU64(out, seq);
  out.append(HashBytes(head));
  AppendU64(out, static_cast<uint64_t>(unix_time));
  out.append(signature);
  return out;
}

absl::StatusOr<Checkpoint> Checkpoint::Parse(std::string_view serialized) {
  if (serialized.size() < kFixedSize) {
    return absl::DataLossError(
        absl::StrCat("checkpoint is truncated: ", serialized.size(), " bytes"));
  }
  const auto* p = reinterpret_cast<const unsigned char*>(serialized.data());
  if (p[0] != kCheckpointFormat) {
    return absl::DataLossError(absl::StrCat("checkpoint has unknown format ", int{p[0]}));
  }
  Checkpoint checkpoint;
  checkpoint.seq = ReadU64(p + 1);
  std::copy(p + 9, p + 41, checkpoint.head.begin());
  checkpoint.unix_time = static_cast<int64_t>(ReadU64(p + 41));
  checkpoint.signature = std::string(serialized.substr(kFixedSize));
  return checkpoint;
}

absl::StatusOr<Checkpoint> SignCheckpoint(const Ed25519Signer& signer, uint64_t seq,
                                          const Hash& head, int64_t unix_time) {
  Checkpoint checkpoint{seq, head, unix_time, ""};
  ASSIGN_OR_RETURN(checkpoint.signature, signer.Sign(checkpoint.SignedMessage()));
  return checkpoint;
}

bool VerifyCheckpointSignature(const Ed25519PublicKey& public_key, const Checkpoint& checkpoint) {
  return public_key.Verify(checkpoint.SignedMessage(), checkpoint.signature);
}

bool CheckpointDue(const CheckpointPolicy& policy, uint64_t records_since_last,
                   int64_t seconds_since_last) {
  if (records_since_last == 0) return false;
  if (policy.every_records > 0 && records_since_last >= policy.every_records) return true;
  return policy.every_seconds > 0 && seconds_since_last >= policy.every_seconds;
}

}  // namespace civicase::storage
