#pragma once

// LocalSystem: the real civicase binaries started as separate processes on loopback, with a
// fresh home folder (certificates, keys, RocksDB data), for integration tests. Ports are picked
// free at start, below the kernel's ephemeral range. Each process's stderr goes to
// <home>/logs/<service>.log.
//
// Not thread-safe. The destructor stops every process (SIGTERM, then SIGKILL) and deletes the
// home folder.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace civicase::testing {

struct LocalSystemOptions {
  // Also run civicase-auth (first, after `civicase-auth --init-keys` and
  // `civicase-auth --init-demo-users`), list it in system.json, and start the store with
  // `--auth` so it honours logouts. On by default.
  bool auth = true;
  // People's calls (the CLI) need a valid token from `Login`. On by default; when off every
  // service is started with --allow-anonymous (calls without a token are not checked).
  bool require_login = true;
  // Extra flags for the store (e.g. "--disclosure-validity-seconds", "5").
  std::vector<std::string> store_flags = {};
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

  // Runs `civicase login --user USER --password-stdin` (`password` defaults to the demo password
  // "<user>-demo") with the token kept in <home>/token-<user>, and makes later Cli calls run as
  // `user`. Returns whether the login succeeded (why not in `error()`).
  // Until Login is first called, Cli uses $CIVICASE_TOKEN_FILE, else <home>/token.
  bool Login(const std::string& user, const std::string& password = "");
  // Later Cli calls run as `user`, who logged in before with Login.
  void As(const std::string& user);
  // Adds a user with one grant (`civicase-auth --add-user`), password "<name>-demo". Returns
  // whether it worked (why not in `error()`).
  bool AddUser(const std::string& name, const std::string& role, const std::string& unit,
               bool include_subtree = false);

  const std::string& home() const { return home_; }
  // "127.0.0.1:<port>" where `service` listens.
  std::string Address(const std::string& service) const;
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
  std::string token_file_;  // the token Cli calls carry; empty = the environment's
};

// Runs a program with arguments, capturing stdout and stderr; `stdin_text` is its standard
// input (empty = /dev/null).
CommandResult Run(const std::vector<std::string>& argv, const std::string& stdin_text = "");

}  // namespace civicase::testing
