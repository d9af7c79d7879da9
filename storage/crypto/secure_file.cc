#include "storage/crypto/secure_file.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/base/status_macros.h"

namespace civicase::storage {
namespace {

constexpr off_t kMaxSecretFileBytes = 1 << 20;

absl::Status ErrnoStatus(int err, std::string_view action, const std::string& path) {
  std::string message = absl::StrCat(std::string(action), " ", path, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EEXIST:
      return absl::AlreadyExistsError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::InternalError(message);
  }
}

// Closes the descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now, reporting the error that close() may carry for a written file.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

absl::Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "write", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status SyncDirectoryOf(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus(errno, "open directory", dir);
  if (::fsync(fd.get()) != 0) return ErrnoStatus(errno, "fsync directory", dir);
  return absl::OkStatus();
}

// Creates `tmp` exclusively with exactly `mode`, writes and fsyncs `contents`.
absl::Status WriteNewFile(const std::string& tmp, std::string_view contents, mode_t mode) {
  FileDescriptor fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) return ErrnoStatus(errno, "create", tmp);
  // The umask may have removed bits; set exactly what was asked for.
  if (::fchmod(fd.get(), mode) != 0) return ErrnoStatus(errno, "chmod", tmp);
  RETURN_IF_ERROR(WriteAll(fd.get(), contents, tmp));
  if (::fsync(fd.get()) != 0) return ErrnoStatus(errno, "fsync", tmp);
  if (fd.Close() != 0) return ErrnoStatus(errno, "close", tmp);
  return absl::OkStatus();
}

std::string UniqueTempName(const std::string& path) {
  unsigned char nonce[8] = {};
  (void)RAND_bytes(nonce, sizeof(nonce));  // Uniqueness only; O_EXCL catches a collision.
  std::string suffix;
  for (unsigned char b : nonce) absl::StrAppendFormat(&suffix, "%02x", b);
  return absl::StrCat(path, ".new-", ::getpid(), "-", suffix);
}

}  // namespace

void CleanseString(std::string& s) {
  s.resize(s.capacity());  // Within capacity: no reallocation, makes every byte addressable.
  OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

absl::StatusOr<std::string> ReadOwnerOnlyFile(const std::string& path, std::string_view what) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus(errno, absl::StrCat("open ", std::string(what)), path);
  struct stat st {};
  // fstat on the open descriptor: the checked file is the one that is read.
  if (::fstat(fd.get(), &st) != 0)
    return ErrnoStatus(errno, absl::StrCat("stat ", std::string(what)), path);
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(std::string(what), " ", path, " is not a regular file"));
  }
  if ((st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s %s has mode %04o: group or others may access it; it holds secrets and must be "
        "readable by its owner only (chmod 600 %s)",
        what, path, st.st_mode & 07777, path));
  }
  if (st.st_size > kMaxSecretFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(what), " ", path, " is larger than 1 MiB; it is not a key file"));
  }
  std::string contents(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::read(fd.get(), contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      CleanseString(contents);
      return ErrnoStatus(err, absl::StrCat("read ", std::string(what)), path);
    }
    done += static_cast<size_t>(n);
  }
  return contents;
}

absl::Status CreateFileDurably(const std::string& path, std::string_view contents, mode_t mode) {
  if (::access(path.c_str(), F_OK) == 0) {
    return absl::AlreadyExistsError(
        absl::StrCat(path, " already exists; refusing to overwrite it"));
  }
  const std::string tmp = UniqueTempName(path);
  absl::Status status = WriteNewFile(tmp, contents, mode);
  if (status.ok() && ::link(tmp.c_str(), path.c_str()) != 0) {
    status = errno == EEXIST ? absl::AlreadyExistsError(
                                   absl::StrCat(path, " already exists; refusing to overwrite it"))
                             : ErrnoStatus(errno, "link", path);
  }
  ::unlink(tmp.c_str());
  if (!status.ok()) return status;
  return SyncDirectoryOf(path);
}

absl::Status ReplaceFileDurably(const std::string& path, mode_t mode,
                                absl::FunctionRef<absl::StatusOr<std::string>()> produce) {
  const std::string tmp = absl::StrCat(path, ".tmp");
  FileDescriptor fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) {
    if (errno == EEXIST) {
      return absl::AbortedError(absl::StrCat(
          tmp, " exists: another process is replacing ", path,
          ", or one crashed while doing so; if none is running, delete ", tmp, " and retry"));
    }
    return ErrnoStatus(errno, "create", tmp);
  }
  auto fail = [&](absl::Status status) {
    ::unlink(tmp.c_str());
    return status;
  };
  if (::fchmod(fd.get(), mode) != 0) return fail(ErrnoStatus(errno, "chmod", tmp));
  absl::StatusOr<std::string> contents = produce();
  if (!contents.ok()) return fail(contents.status());
  absl::Status written = WriteAll(fd.get(), *contents, tmp);
  CleanseString(*contents);
  if (!written.ok()) return fail(written);
  if (::fsync(fd.get()) != 0) return fail(ErrnoStatus(errno, "fsync", tmp));
  if (fd.Close() != 0) return fail(ErrnoStatus(errno, "close", tmp));
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail(ErrnoStatus(errno, "rename", tmp));
  return SyncDirectoryOf(path);
}

}  // namespace civicase::storage
