#pragma once

// The deadlines service's own small state, kept in files because the store is the only process
// that opens RocksDB (and has no cursor RPC yet):
//   <home>/data/deadlines/cursor            the next change-feed sequence to process
//   <home>/data/deadlines/calendar/YYYY.json official year tables published with
//                                            PublishCalendar (year_table.h JSON)
// Every write is atomic and durable: write a temporary file, fsync it, rename it over the old
// one, fsync the folder. A crash leaves the old or the new content, never a torn file.
// Thread-compatible; the service serialises writers.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/domain/calendar/year_table.h"

namespace civicase::deadlines {

// Replaces `path` with `content` atomically (creates missing parent folders). INTERNAL naming
// the path and errno text on failure.
[[nodiscard]] absl::Status AtomicWriteFile(const std::string& path, const std::string& content);

// The change-feed position: the sequence of the next event to process (1 = from the start).
class FeedCursor {
 public:
  explicit FeedCursor(std::string path) : path_(std::move(path)) {}

  // 1 when the file does not exist yet. DATA_LOSS naming the file if it is not a number >= 1.
  [[nodiscard]] absl::StatusOr<int64_t> Load() const;
  // REQUIRES: next >= 1.
  [[nodiscard]] absl::Status Save(int64_t next) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Year tables published earlier, in year order. A file that does not parse is an error naming
// it (INVALID_ARGUMENT): a service must not silently forget an official calendar.
[[nodiscard]] absl::StatusOr<std::vector<domain::YearTable>> LoadPublishedTables(
    const std::string& folder);
// Writes `table` as <folder>/<year>.json.
[[nodiscard]] absl::Status SavePublishedTable(const std::string& folder,
                                              const domain::YearTable& table);

}  // namespace civicase::deadlines
