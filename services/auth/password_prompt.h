#pragma once

// Reading a password from a person: from the terminal without echo, or the first line of
// standard input (for scripts: `echo "$PW" | civicase login --user clerk --password-stdin`).
// Used by the `civicase` CLI and by civicase-auth's offline user administration.
//
// Not thread-safe (it changes the terminal's mode while it reads).

#include <string>

#include "absl/status/statusor.h"

namespace civicase::auth {

// Prints `prompt` to the terminal (/dev/tty), reads a line with echo off, restores the
// terminal (also on failure) and prints a newline. FAILED_PRECONDITION if there is no
// terminal (say to use --password-stdin); INVALID_ARGUMENT if the line is empty.
[[nodiscard]] absl::StatusOr<std::string> ReadPasswordFromTerminal(const std::string& prompt);

// The first line of standard input without its line ending. INVALID_ARGUMENT if it is empty.
[[nodiscard]] absl::StatusOr<std::string> ReadPasswordFromStdin();

}  // namespace civicase::auth
