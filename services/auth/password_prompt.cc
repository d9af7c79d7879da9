#include "services/auth/password_prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace civicase::auth {
namespace {

void StripLineEnding(std::string& line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
}

}  // namespace

absl::StatusOr<std::string> ReadPasswordFromTerminal(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        "no terminal to ask for the password; pipe it in with --password-stdin");
  }
  termios saved{};
  if (::tcgetattr(fd, &saved) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(
        "cannot switch off echo on the terminal; use --password-stdin");
  }
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  (void)::write(fd, prompt.data(), prompt.size());
  ::tcsetattr(fd, TCSAFLUSH, &quiet);
  std::string line;
  char c = 0;
  ssize_t n = 0;
  while ((n = ::read(fd, &c, 1)) == 1 && c != '\n') line.push_back(c);
  ::tcsetattr(fd, TCSAFLUSH, &saved);
  ::close(fd);
  StripLineEnding(line);
  if (line.empty()) return absl::InvalidArgumentError("no password given");
  return line;
}

absl::StatusOr<std::string> ReadPasswordFromStdin() {
  std::string line;
  std::getline(std::cin, line);
  StripLineEnding(line);
  if (line.empty()) return absl::InvalidArgumentError("no password on standard input");
  return line;
}

}  // namespace civicase::auth
