#include "services/deadlines/state_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace civicase::deadlines {
namespace {

absl::Status Errno(const std::string& what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::Status FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return Errno("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("cannot fsync", path);
  return absl::OkStatus();
}

}  // namespace

absl::Status AtomicWriteFile(const std::string& path, const std::string& content) {
  const std::filesystem::path target(path);
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec)
    return absl::InternalError(absl::StrCat("cannot create folder for ", path, ": ", ec.message()));
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", tmp);
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Errno("cannot write", tmp);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return Errno("cannot fsync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("cannot rename onto", path);
  return FsyncPath(target.parent_path().string(), O_RDONLY | O_DIRECTORY);
}

absl::StatusOr<int64_t> FeedCursor::Load() const {
  std::ifstream in(path_);
  if (!in) {
    if (!std::filesystem::exists(path_)) return 1;
    return Errno("cannot read", path_);
  }
  std::stringstream s;
  s << in.rdbuf();
  int64_t next = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(s.str()), &next) || next < 1) {
    return absl::DataLossError(
        absl::StrCat("feed cursor ", path_, ": '", s.str(), "' is not a sequence >= 1"));
  }
  return next;
}

absl::Status FeedCursor::Save(int64_t next) const {
  return AtomicWriteFile(path_, absl::StrCat(next, "\n"));
}

absl::StatusOr<std::vector<domain::YearTable>> LoadPublishedTables(const std::string& folder) {
  std::vector<domain::YearTable> tables;
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return tables;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream s;
    s << in.rdbuf();
    auto table = domain::ParseYearTable(s.str(), entry.path().string());
    if (!table.ok()) return table.status();
    table->official = true;
    tables.push_back(*std::move(table));
  }
  if (ec) return absl::InternalError(absl::StrCat("cannot list ", folder, ": ", ec.message()));
  std::sort(tables.begin(), tables.end(),
            [](const auto& a, const auto& b) { return a.year < b.year; });
  return tables;
}

absl::Status SavePublishedTable(const std::string& folder, const domain::YearTable& table) {
  return AtomicWriteFile(absl::StrCat(folder, "/", table.year, ".json"),
                         domain::ToJson(table).dump(2) + "\n");
}

}  // namespace civicase::deadlines
