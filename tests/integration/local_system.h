#pragma once

// LocalSystem: the real civicase binaries started as separate processes on loopback, with a
// fresh home folder (certificates, keys, RocksDB data), for integration tests. Ports are picked
// free at start. Each process's stderr goes to <home>/logs/<service>.log.
//
// Not thread-safe. The destructor stops every process (SIGTERM, then SIGKILL) and deletes the
// home folder.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace civicase::testing {

struct LocalSystemOptions {
  // Also run civicase-auth (first, after `civicase-auth --init-keys`), and list it in
  // system.json. Off by default.
  bool auth = false;
  // Start the store with --require-login: people's calls need a valid token. Off by default.
  bool require_login = false;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class LocalSystem {
 public:
  explicit LocalSystem(LocalSystemOptions options = {});
  ~LocalSystem();
  LocalSystem(const LocalSystem&) = delete;
  LocalSystem& operator=(const LocalSystem&) = delete;

  // Makes certificates and keys, writes system.json, starts every service and waits until all
  // report SERVING. Returns false (with the reason in `error()`) on failure.
  bool Start();

  // Starts one service and waits for SERVING.
  bool StartService(const std::string& name);
  // Sends `signal` to a service and waits for it to exit.
  void Stop(const std::string& name, int signal);

  // Runs the `civicase` CLI against this system with `args` (and `stdin_text` on its standard
  // input; empty = /dev/null).
  CommandResult Cli(const std::vector<std::string>& args, const std::string& stdin_text = "") const;

  const std::string& home() const { return home_; }
  const std::string& error() const { return error_; }
  std::string Log(const std::string& service) const;

 private:
  std::vector<std::string> ServiceArgs(const std::string& name) const;
  std::vector<std::string> StartOrder() const;
  bool Serving(const std::string& name, int seconds) const;

  LocalSystemOptions options_;
  std::string home_;
  std::string error_;
  std::map<std::string, int> ports_;
  std::map<std::string, pid_t> pids_;
};

// Runs a program with arguments, capturing stdout and stderr; `stdin_text` is its standard
// input (empty = /dev/null).
CommandResult Run(const std::vector<std::string>& argv, const std::string& stdin_text = "");

}  // namespace civicase::testing
