#include "services/auth/revocation_list.h"

#include <google/protobuf/util/json_util.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "civicase/v1/auth.pb.h"
#include "storage/crypto/secure_file.h"

namespace civicase::auth {

absl::StatusOr<std::unique_ptr<RevocationList>> RevocationList::Open(const std::string& path,
                                                                     int64_t now_unix) {
  std::unique_ptr<RevocationList> list(new RevocationList(path));
  auto json = storage::ReadOwnerOnlyFile(path, "revoked tokens file");
  if (absl::IsNotFound(json.status())) return list;
  if (!json.ok()) return json.status();
  v1::RevokedTokenFile file;
  if (auto s = google::protobuf::util::JsonStringToMessage(*json, &file); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is damaged: ", std::string(s.message())));
  }
  absl::MutexLock lock(&list->mutex_);
  for (const auto& entry : file.tokens()) {
    if (entry.expires_at() > now_unix) list->revoked_[entry.token_id()] = entry.expires_at();
  }
  return list;
}

absl::Status RevocationList::Revoke(std::string_view token_id, int64_t expires_at,
                                    int64_t now_unix) {
  absl::MutexLock lock(&mutex_);
  const std::string id(token_id);
  if (revoked_.contains(id)) return absl::OkStatus();
  auto next = revoked_;
  absl::erase_if(next, [&](const auto& item) { return item.second <= now_unix; });
  if (expires_at > now_unix) next[id] = expires_at;
  absl::Status written =
      storage::ReplaceFileDurably(path_, S_IRUSR | S_IWUSR, [&]() -> absl::StatusOr<std::string> {
        v1::RevokedTokenFile file;
        for (const auto& [token, expiry] : next) {
          auto* entry = file.add_tokens();
          entry->set_token_id(token);
          entry->set_expires_at(expiry);
        }
        std::string json;
        if (auto s = google::protobuf::util::MessageToJsonString(file, &json); !s.ok()) {
          return absl::InternalError(std::string(s.message()));
        }
        return json;
      });
  if (!written.ok()) return written;
  revoked_ = std::move(next);
  return absl::OkStatus();
}

bool RevocationList::IsRevoked(std::string_view token_id) const {
  absl::MutexLock lock(&mutex_);
  return revoked_.contains(std::string(token_id));
}

size_t RevocationList::size() const {
  absl::MutexLock lock(&mutex_);
  return revoked_.size();
}

}  // namespace civicase::auth
