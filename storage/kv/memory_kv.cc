#include "storage/kv/memory_kv.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/base/status_macros.h"
#include "storage/kv/key_encoding.h"

namespace civicase::storage {
namespace {

// File format: kMagic, then per entry: column (1 byte), key length and value length (Fixed64BE
// each), key, value; then kEndMarker (1 byte) and the entry count (Fixed64BE). The end marker and
// count catch a truncated file.
constexpr std::string_view kFileName = "MEMORY_KV";
constexpr std::string_view kMagic = "civicase-memory-kv-1\n";
constexpr char kEndMarker = '\xff';

size_t Index(Column column) { return static_cast<size_t>(column); }

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  const int err = errno;
  std::string message = absl::StrCat(std::string(what), " ", path, ": ", std::strerror(err));
  if (err == ENOSPC || err == EDQUOT) return absl::ResourceExhaustedError(message);
  return absl::UnavailableError(message);
}

// Writes `contents` to `path` and fsyncs the file and its directory.
absl::Status WriteFileDurably(const std::string& dir, const std::string& path,
                              std::string_view contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", path);
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      absl::Status error = ErrnoError("cannot write", path);
      ::close(fd);
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    absl::Status error = ErrnoError("cannot fsync", path);
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return ErrnoError("cannot close", path);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return ErrnoError("cannot open", dir);
  const int rc = ::fsync(dir_fd);
  ::close(dir_fd);
  if (rc != 0) return ErrnoError("cannot fsync", dir);
  return absl::OkStatus();
}

// Reads from a MemoryKv checkpoint file; every shortfall is DATA_LOSS.
class Reader {
 public:
  Reader(std::string_view data, const std::string& path) : data_(data), path_(path) {}

  absl::StatusOr<std::string_view> Bytes(size_t n) {
    if (data_.size() < n) return absl::DataLossError(absl::StrCat(path_, " is truncated"));
    std::string_view out = data_.substr(0, n);
    data_.remove_prefix(n);
    return out;
  }
  absl::StatusOr<uint64_t> Fixed64() {
    ASSIGN_OR_RETURN(std::string_view bytes, Bytes(8));
    return DecodeFixed64BE(bytes.data());
  }
  bool done() const { return data_.empty(); }

 private:
  std::string_view data_;
  const std::string& path_;
};

}  // namespace

absl::StatusOr<std::string> MemoryKv::Get(Column column, std::string_view key) const {
  absl::MutexLock lock(&mu_);
  const Map& map = columns_[Index(column)];
  auto it = map.find(key);
  if (it == map.end()) {
    return absl::NotFoundError(absl::StrCat("no key in column ", std::string(ColumnName(column))));
  }
  return it->second;
}

absl::Status MemoryKv::Write(const WriteBatch& batch, const WriteOptions& /*options*/) {
  absl::MutexLock lock(&mu_);
  for (const WriteBatch::Op& op : batch.ops()) {
    Map& map = columns_[Index(op.column)];
    if (op.type == WriteBatch::OpType::kPut) {
      map.insert_or_assign(op.key, op.value);
    } else {
      auto it = map.find(op.key);
      if (it != map.end()) map.erase(it);
    }
  }
  return absl::OkStatus();
}

absl::Status MemoryKv::Scan(Column column, std::string_view start, std::string_view end,
                            ScanVisitor visit) const {
  if (!end.empty() && end <= start) return absl::OkStatus();
  std::vector<std::pair<std::string, std::string>> snapshot;
  {
    absl::MutexLock lock(&mu_);
    const Map& map = columns_[Index(column)];
    auto last = end.empty() ? map.end() : map.lower_bound(end);
    for (auto it = map.lower_bound(start); it != last; ++it) snapshot.emplace_back(*it);
  }
  for (const auto& [key, value] : snapshot) {
    if (!visit(key, value)) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::pair<std::string, std::string>>> MemoryKv::Last(
    Column column, std::string_view prefix) const {
  const std::string successor = PrefixSuccessor(prefix);
  absl::MutexLock lock(&mu_);
  const Map& map = columns_[Index(column)];
  auto it = successor.empty() ? map.end() : map.lower_bound(successor);
  if (it == map.begin()) return std::nullopt;
  --it;
  if (!it->first.starts_with(prefix)) return std::nullopt;
  return std::make_pair(it->first, it->second);
}

absl::Status MemoryKv::CreateCheckpoint(const std::string& dir) {
  std::string contents(kMagic);
  {
    absl::MutexLock lock(&mu_);
    uint64_t count = 0;
    for (Column column : kAllColumns) {
      for (const auto& [key, value] : columns_[Index(column)]) {
        contents.push_back(static_cast<char>(column));
        PutFixed64BE(&contents, key.size());
        PutFixed64BE(&contents, value.size());
        contents.append(key);
        contents.append(value);
        ++count;
      }
    }
    contents.push_back(kEndMarker);
    PutFixed64BE(&contents, count);
  }
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    return absl::AlreadyExistsError(absl::StrCat("checkpoint directory ", dir, " already exists"));
  }
  if (!std::filesystem::create_directory(dir, ec)) {
    return absl::UnavailableError(
        absl::StrCat("cannot create checkpoint directory ", dir, ": ", ec.message()));
  }
  return WriteFileDurably(dir, absl::StrCat(dir, "/", std::string(kFileName)), contents);
}

absl::StatusOr<std::unique_ptr<MemoryKv>> MemoryKv::OpenCheckpoint(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/", std::string(kFileName));
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("no MemoryKv checkpoint at ", path));
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read ", path));

  auto kv = std::make_unique<MemoryKv>();
  Reader reader(data, path);
  ASSIGN_OR_RETURN(std::string_view magic, reader.Bytes(kMagic.size()));
  if (magic != kMagic) {
    return absl::DataLossError(absl::StrCat(path, " is not a MemoryKv checkpoint"));
  }
  uint64_t count = 0;
  absl::MutexLock lock(&kv->mu_);
  while (true) {
    ASSIGN_OR_RETURN(std::string_view tag, reader.Bytes(1));
    if (tag[0] == kEndMarker) break;
    if (static_cast<unsigned char>(tag[0]) >= kColumnCount) {
      return absl::DataLossError(absl::StrCat(path, " names an unknown column"));
    }
    ASSIGN_OR_RETURN(uint64_t key_size, reader.Fixed64());
    ASSIGN_OR_RETURN(uint64_t value_size, reader.Fixed64());
    ASSIGN_OR_RETURN(std::string_view key, reader.Bytes(key_size));
    ASSIGN_OR_RETURN(std::string_view value, reader.Bytes(value_size));
    kv->columns_[static_cast<unsigned char>(tag[0])].insert_or_assign(std::string(key),
                                                                      std::string(value));
    ++count;
  }
  ASSIGN_OR_RETURN(uint64_t expected, reader.Fixed64());
  if (expected != count || !reader.done()) {
    return absl::DataLossError(absl::StrCat(path, " is damaged: entry count mismatch"));
  }
  return kv;
}

}  // namespace civicase::storage
