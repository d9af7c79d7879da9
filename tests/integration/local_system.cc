#include "tests/integration/local_system.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace civicase::testing {
namespace {

const char* const kStartOrder[] = {"store", "routing", "deadlines", "supervision", "intake"};

// Whether 127.0.0.1:`port` can be bound now.
bool PortFree(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return free;
}

// A free port below the kernel's ephemeral range (32768 and up), so that no other process gets
// it from bind(0) or for an outgoing connection between this pick and the service's bind. Each
// test process walks its own stretch (from its process id), so tests run in parallel do not
// pick the same port either.
int FreePort() {
  constexpr int kFirst = 20000, kCount = 12000;
  static int next = static_cast<int>(getpid() * 97 % kCount);
  for (int tries = 0; tries < kCount; ++tries) {
    const int port = kFirst + next;
    next = (next + 1) % kCount;
    if (PortFree(port)) return port;
  }
  return 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Whether something accepts TCP connections on 127.0.0.1:`port`.
bool PortOpen(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool open = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return open;
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& out_path,
            const std::string& err_path, const std::string& in_path = "/dev/null") {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

}  // namespace

CommandResult Run(const std::vector<std::string>& argv, const std::string& stdin_text) {
  char dir_template[] = "/tmp/civicase-run-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  CommandResult result;
  std::string in_path = "/dev/null";
  if (!stdin_text.empty()) {
    in_path = dir + "/in";
    std::ofstream(in_path) << stdin_text;
  }
  pid_t pid = Spawn(argv, dir + "/out", dir + "/err", in_path);
  if (pid > 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  result.out = ReadFile(dir + "/out");
  result.err = ReadFile(dir + "/err");
  std::filesystem::remove_all(dir);
  return result;
}

LocalSystem::LocalSystem(LocalSystemOptions options) : options_(options) {
  char dir_template[] = "/tmp/civicase-it-XXXXXX";
  home_ = mkdtemp(dir_template);
  for (const std::string& name : StartOrder()) ports_[name] = FreePort();
}

std::vector<std::string> LocalSystem::StartOrder() const {
  std::vector<std::string> order;
  if (options_.auth) order.push_back("auth");  // first: the others verify its tokens
  order.insert(order.end(), std::begin(kStartOrder), std::end(kStartOrder));
  return order;
}

LocalSystem::~LocalSystem() {
  for (auto& [name, pid] : pids_) {
    if (pid > 0) kill(pid, SIGTERM);
  }
  for (auto& [name, pid] : pids_) {
    if (pid > 0) waitpid(pid, nullptr, 0);
  }
  if (std::getenv("CIVICASE_KEEP_TEST_HOME") == nullptr) std::filesystem::remove_all(home_);
}

bool LocalSystem::Start() {
  std::filesystem::create_directories(home_ + "/logs");
  auto certs =
      Run({"/bin/bash", CIVICASE_SOURCE_DIR "/deploy/local/make-certs.sh", home_ + "/certs"});
  if (certs.exit_code != 0) {
    error_ = "make-certs.sh failed: " + certs.err;
    return false;
  }
  auto keys = Run({CIVICASE_BIN_DIR "/civicase-store", "--home", home_, "--init-keys"});
  if (keys.exit_code != 0) {
    error_ = "store --init-keys failed: " + keys.err;
    return false;
  }
  if (options_.auth) {
    auto auth_keys = Run({CIVICASE_BIN_DIR "/civicase-auth", "--home", home_, "--init-keys"});
    if (auth_keys.exit_code != 0) {
      error_ = "auth --init-keys failed: " + auth_keys.err;
      return false;
    }
    auto demo = Run({CIVICASE_BIN_DIR "/civicase-auth", "--home", home_, "--init-demo-users"});
    if (demo.exit_code != 0) {
      error_ = "auth --init-demo-users failed: " + demo.err;
      return false;
    }
  }
  std::ofstream system(home_ + "/system.json");
  system << "{\n";
  for (const std::string& name : StartOrder()) {
    system << "  \"" << name << "\": \"127.0.0.1:" << ports_[name] << "\",\n";
  }
  system << "  \"certs\": \"" << home_ << "/certs\"\n}\n";
  system.close();
  for (const std::string& name : StartOrder()) {
    if (!StartService(name)) return false;
  }
  return true;
}

std::vector<std::string> LocalSystem::ServiceArgs(const std::string& name) const {
  std::vector<std::string> args = {CIVICASE_BIN_DIR "/civicase-" + name, "--home", home_,
                                   "--listen", Address(name)};
  if (name != "store" && name != "auth") {
    args.insert(args.end(), {"--store", Address("store")});
  }
  if (name == "intake") {
    args.insert(args.end(), {"--routing", Address("routing"), "--deadlines", Address("deadlines")});
  }
  if (name != "auth") {  // every service that acts for people checks them
    if (!options_.require_login) args.push_back("--allow-anonymous");
    if (options_.auth) args.insert(args.end(), {"--auth", Address("auth")});
  }
  if (name == "store") {
    args.insert(args.end(), options_.store_flags.begin(), options_.store_flags.end());
  }
  return args;
}

std::string LocalSystem::Address(const std::string& service) const {
  return "127.0.0.1:" + std::to_string(ports_.at(service));
}

bool LocalSystem::StartService(const std::string& name) {
  const std::string log = home_ + "/logs/" + name + ".log";
  pid_t pid = Spawn(ServiceArgs(name), log, log);
  if (pid <= 0) {
    error_ = "cannot start " + name;
    return false;
  }
  pids_[name] = pid;
  bool serving = false;
  for (int attempt = 0; attempt < 30 && !serving; ++attempt) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {  // it exited: no point waiting
      pids_[name] = -1;
      break;
    }
    serving = Serving(name, 1);
  }
  if (!serving) {
    error_ = name + " did not become SERVING; its log:\n" + Log(name);
    return false;
  }
  return true;
}

void LocalSystem::Stop(const std::string& name, int signal) {
  auto it = pids_.find(name);
  if (it == pids_.end() || it->second <= 0) return;
  kill(it->second, signal);
  waitpid(it->second, nullptr, 0);
  it->second = -1;
}

bool LocalSystem::Serving(const std::string& name, int seconds) const {
  if (name == "auth") {
    // `civicase health` may not know the auth service: wait for its port to accept first.
    for (int i = 0; i < 10 * seconds && !PortOpen(ports_.at(name)); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!PortOpen(ports_.at(name))) return false;
  }
  auto result = Cli({"health", "--service", name, "--wait", std::to_string(seconds)});
  return result.exit_code == 0;
}

CommandResult LocalSystem::Cli(const std::vector<std::string>& args,
                               const std::string& stdin_text) const {
  std::vector<std::string> argv = {CIVICASE_BIN_DIR "/civicase", "--home", home_, "--user",
                                   "test-clerk"};
  argv.insert(argv.end(), args.begin(), args.end());
  if (!token_file_.empty()) setenv("CIVICASE_TOKEN_FILE", token_file_.c_str(), 1);
  return Run(argv, stdin_text);
}

bool LocalSystem::Login(const std::string& user, const std::string& password) {
  As(user);
  CommandResult r = Cli({"login", "--user", user, "--password-stdin"},
                        (password.empty() ? user + "-demo" : password) + "\n");
  if (r.exit_code != 0) error_ = "login as " + user + " failed: " + r.err;
  return r.exit_code == 0;
}

void LocalSystem::As(const std::string& user) { token_file_ = home_ + "/token-" + user; }

bool LocalSystem::AddUser(const std::string& name, const std::string& role, const std::string& unit,
                          bool include_subtree) {
  std::vector<std::string> args = {CIVICASE_BIN_DIR "/civicase-auth",
                                   "--home",
                                   home_,
                                   "--add-user",
                                   name,
                                   "--role",
                                   role,
                                   "--unit",
                                   unit,
                                   "--password-stdin"};
  if (include_subtree) args.push_back("--subtree");
  CommandResult r = Run(args, name + "-demo\n");
  if (r.exit_code != 0) error_ = "adding user " + name + " failed: " + r.err;
  return r.exit_code == 0;
}

std::string LocalSystem::Log(const std::string& service) const {
  return ReadFile(home_ + "/logs/" + service + ".log");
}

}  // namespace civicase::testing
