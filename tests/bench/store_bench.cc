// store_bench: durable case registrations per second through the store's gRPC API, next to two
// baselines measured in the same run (issue 4, "Benchmark"). A program that prints figures, not
// a test. Everything runs in this process on loopback with mutual TLS (certificates made by
// deploy/local/make-certs.sh; the server presents "store", clients present "intake", the service
// that registers cases in production):
//
//   real      StoreService over a CaseStore on a fresh RocksDB folder: validation, sealing of
//             denouncers (FileMasterKeyProvider key file), event + snapshot + indexes +
//             idempotency record + hash-chained audit record (Ed25519 checkpoints), one synced
//             WriteBatch per commit group.
//   synced    BarePutService: one Kv Put of the serialized request, WAL fsynced, inline on the
//             gRPC callback thread.
//   unsynced  the same with sync off.
//
// For each client count the three run back to back (so a co-tenant's load hits all three
// alike), then audited reads (GetCase, each appending a durable audit record) run on the real
// store. See tests/bench/README.md for the method and recorded figures.
//
//   store_bench --seconds 5 --clients 1,8,32,64 --out-dir /tmp/store-bench

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "civicase/v1/store.grpc.pb.h"
#include "services/common/tls.h"
#include "services/store/case_store.h"
#include "services/store/identity_sealer.h"
#include "services/store/store_service.h"
#include "storage/audit/ed25519.h"
#include "storage/crypto/file_master_key_provider.h"
#include "storage/kv/rocksdb_kv.h"
#include "tests/bench/bare_put_service.h"
#include "tests/bench/bench_registrations.h"
#include "tests/bench/closed_loop.h"

#ifndef CIVICASE_SOURCE_DIR
#define CIVICASE_SOURCE_DIR "."
#endif

namespace civicase::bench {
namespace {

namespace fs = std::filesystem;

struct Flags {
  double seconds = 5;
  double warmup = 1;
  std::vector<int> clients = {1, 8, 32, 64};
  int rounds = 1;
  int read_clients = 32;
  int channels = 4;
  std::string out_dir;
  std::string make_certs = CIVICASE_SOURCE_DIR "/deploy/local/make-certs.sh";
  bool keep_data = false;
  bool skip_baselines = false;
  bool experiments = false;
  bool engine_only = false;
};

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "store_bench: " << what << "\n";
  std::exit(2);
}

template <typename T>
T OrDie(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Die(absl::StrCat(what, ": ", value.status().ToString()));
  return *std::move(value);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string FirstLineOf(const std::string& path, const std::string& prefix) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

std::string LoadAverage() {
  std::string s = FirstLineOf("/proc/loadavg", "");
  return s.substr(0, s.find(' ', s.find(' ', s.find(' ') + 1) + 1));
}

// A mutual-TLS channel of its own: a distinct channel argument keeps gRPC from sharing one
// connection between channels, so `channels` means that many TCP+TLS connections.
std::shared_ptr<grpc::Channel> Channel(int port, const common::TlsFiles& files, int index) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(files.ca_cert);
  options.pem_private_key = ReadFile(files.key);
  options.pem_cert_chain = ReadFile(files.cert);
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  args.SetInt("civicase.bench.channel", index);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(options),
                                   args);
}

struct Server {
  std::unique_ptr<grpc::Server> server;
  std::vector<std::unique_ptr<v1::CaseStore::Stub>> stubs;  // one per channel

  v1::CaseStore::Stub& StubFor(int client) { return *stubs[client % stubs.size()]; }
};

// Serves `service` like common::RunServer does (mutual TLS, 4 MiB messages) on 127.0.0.1:0.
Server Serve(grpc::Service& service, const std::string& certs, int channels) {
  auto credentials =
      OrDie(common::ServerTlsCredentials(common::TlsFilesIn(certs, "store")), "server TLS");
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", credentials, &port);
  builder.SetMaxReceiveMessageSize(4 << 20);
  builder.RegisterService(&service);
  Server s;
  s.server = builder.BuildAndStart();
  if (!s.server || port == 0) Die("cannot start a server on 127.0.0.1:0");
  const common::TlsFiles client = common::TlsFilesIn(certs, "intake");
  for (int i = 0; i < channels; ++i) {
    auto channel = Channel(port, client, i);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      Die("cannot connect to the server on port " + std::to_string(port));
    }
    s.stubs.push_back(v1::CaseStore::NewStub(channel));
  }
  return s;
}

v1::RequestContext Actor() {
  v1::RequestContext context;
  context.set_user("canbo.tiepdan01");
  context.set_role("reception_clerk");
  context.set_unit("hanoi.dongda.pc");
  context.set_purpose("intake");
  return context;
}

// One asynchronous unary call; deletes itself after reporting.
template <typename Request, typename Response>
struct Call {
  grpc::ClientContext context;
  Request request;
  Response response;
};

// A closed loop of CreateCase calls with distinct idempotency keys. Each OK answer's case id is
// appended to `created` (if not null) until it holds `max_created`.
LoadResult RunCreates(Server& server, int clients, const Flags& flags,
                      const std::vector<v1::Registration>& pool, const std::string& label,
                      std::vector<std::string>* created, size_t max_created,
                      bool idempotency_keys = true) {
  std::mutex mu;
  const v1::RequestContext actor = Actor();
  StartCall start = [&](int client, uint64_t n, std::function<void(const grpc::Status&)> done) {
    auto* call = new Call<v1::CreateCaseRequest, v1::CaseChange>;
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    *call->request.mutable_context() = actor;
    *call->request.mutable_registration() = pool[n % pool.size()];
    if (idempotency_keys) call->request.set_idempotency_key(absl::StrCat(label, "-", n));
    server.StubFor(client).async()->CreateCase(
        &call->context, &call->request, &call->response,
        [&, call, done = std::move(done)](grpc::Status status) {
          if (status.ok() && created != nullptr) {
            std::lock_guard lock(mu);
            if (created->size() < max_created)
              created->push_back(call->response.snapshot().case_id());
          }
          delete call;
          done(status);
        });
  };
  return RunClosedLoop(clients, absl::Seconds(flags.warmup), absl::Seconds(flags.seconds), start);
}

// A closed loop of CaseStore::CreateCase calls made in-process, without gRPC: the ceiling of the
// store engine itself (validation, sealing, event, snapshot, indexes, audit, synced group write).
LoadResult RunEngineCreates(store::CaseStore& case_store, int clients, const Flags& flags,
                            const std::vector<v1::Registration>& pool, const std::string& label) {
  const v1::RequestContext actor = Actor();
  StartCall start = [&](int, uint64_t n, std::function<void(const grpc::Status&)> done) {
    v1::CreateCaseRequest request;
    *request.mutable_context() = actor;
    *request.mutable_registration() = pool[n % pool.size()];
    request.set_idempotency_key(absl::StrCat(label, "-", n));
    case_store.CreateCase(
        std::move(request), [done = std::move(done)](absl::StatusOr<v1::CaseChange> result) {
          done(result.ok() ? grpc::Status::OK
                           : grpc::Status(grpc::StatusCode::INTERNAL, result.status().ToString()));
        });
  };
  return RunClosedLoop(clients, absl::Seconds(flags.warmup), absl::Seconds(flags.seconds), start);
}

// A closed loop of GetCase calls on random cases of `ids`.
LoadResult RunReads(Server& server, int clients, const Flags& flags,
                    const std::vector<std::string>& ids) {
  const v1::RequestContext actor = [] {
    v1::RequestContext c = Actor();
    c.set_role("processing_officer");
    c.set_purpose("case handling");
    return c;
  }();
  StartCall start = [&](int client, uint64_t n, std::function<void(const grpc::Status&)> done) {
    auto* call = new Call<v1::GetCaseRequest, v1::Case>;
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    *call->request.mutable_context() = actor;
    // A multiplicative hash spreads reads over the cases without a shared RNG.
    call->request.set_case_ref(ids[(n * 0x9E3779B97F4A7C15ull >> 17) % ids.size()]);
    server.StubFor(client).async()->GetCase(&call->context, &call->request, &call->response,
                                            [call, done = std::move(done)](grpc::Status status) {
                                              delete call;
                                              done(status);
                                            });
  };
  return RunClosedLoop(clients, absl::Seconds(flags.warmup), absl::Seconds(flags.seconds), start);
}

// The commit pipeline's work between two readings: group size and time per group in each stage.
std::string PipelineLine(const store::PipelineStats& a, const store::PipelineStats& b) {
  const double groups = std::max<double>(1, static_cast<double>(b.groups - a.groups));
  auto per_group = [&](absl::Duration x, absl::Duration y) {
    return absl::StrFormat("%.0f", absl::ToDoubleMicroseconds(y - x) / groups);
  };
  return absl::StrFormat(
      "pipeline: %.0f groups, %.1f commands/group, %.2f groups/sync; per group: prepare %s us, "
      "apply %s us, sync %s us, answer %s us",
      groups, static_cast<double>(b.commands - a.commands) / groups,
      groups / std::max<double>(1, static_cast<double>(b.syncs - a.syncs)),
      per_group(a.preparing, b.preparing), per_group(a.applying, b.applying),
      per_group(a.syncing, b.syncing), per_group(a.answering, b.answering));
}

std::string Ms(absl::Duration d) { return absl::StrFormat("%.2f", absl::ToDoubleMilliseconds(d)); }

void Progress(const std::string& what, const LoadResult& r) {
  std::cerr << absl::StrFormat("  %-9s %3d clients: %8.0f/s  p50 %s ms  p99 %s ms  cpu %3.0f%%%s",
                               what, r.clients, r.per_second, Ms(r.p50), Ms(r.p99), r.cpu_percent,
                               r.first_error.empty() ? "" : "  ERROR " + r.first_error)
            << "  [load " << LoadAverage() << "]\n";
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

}  // namespace

int Main(int argc, char** argv) {
  Flags flags;
  CLI::App app{"store_bench: durable registrations/s through the store vs bare RocksDB Put"};
  app.add_option("--seconds", flags.seconds, "measured seconds per load level")
      ->capture_default_str();
  app.add_option("--warmup", flags.warmup, "unmeasured seconds before each level")
      ->capture_default_str();
  app.add_option("--clients", flags.clients, "concurrent clients per level (comma list)")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--rounds", flags.rounds,
                 "times each level runs (real, synced, unsynced back to back each time); the "
                 "ratio is then also given as mean and range over the rounds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--read-clients", flags.read_clients, "concurrent clients for audited reads")
      ->capture_default_str();
  app.add_option("--channels", flags.channels, "TLS connections per server shared by clients")
      ->capture_default_str();
  app.add_option("--out-dir", flags.out_dir,
                 "folder for certificates, databases and results.md (default: a new /tmp folder; "
                 "must be on the disk you want to measure)");
  app.add_option("--make-certs", flags.make_certs, "path of deploy/local/make-certs.sh")
      ->capture_default_str();
  app.add_flag("--keep-data", flags.keep_data, "keep the databases after the run");
  app.add_flag("--skip-baselines", flags.skip_baselines, "measure the real store only");
  app.add_flag("--experiments", flags.experiments,
               "also measure diagnostic variants: the unsynced baseline handed to one worker "
               "thread; a bare server whose one committer writes every waiting call as one "
               "synced WriteBatch (the issue's reference design); the real path without "
               "idempotency key; the store engine without gRPC");
  app.add_flag("--engine-only", flags.engine_only,
               "measure only the store engine without gRPC (for profiling), then exit");
  CLI11_PARSE(app, argc, argv);

  if (flags.out_dir.empty()) {
    char tmpl[] = "/tmp/store_bench.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) Die("cannot make a temporary folder");
    flags.out_dir = tmpl;
  }
  flags.out_dir = fs::absolute(flags.out_dir).string();
  const std::string run_id = absl::StrCat(getpid(), "-", absl::ToUnixSeconds(absl::Now()));
  const std::string data = absl::StrCat(flags.out_dir, "/data-", run_id);
  const std::string certs = flags.out_dir + "/certs";
  fs::create_directories(data);
  fs::create_directories(flags.out_dir + "/keys");
  fs::permissions(flags.out_dir + "/keys", fs::perms::owner_all);
  if (std::system(absl::StrCat("bash '", flags.make_certs, "' '", certs, "'").c_str()) != 0) {
    Die("make-certs.sh failed");
  }

  // The real store, assembled like services/store/main.cc (which runs common::RunServer).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const std::string master_key = absl::StrCat(flags.out_dir, "/keys/master-", run_id, ".key");
  if (auto s = storage::FileMasterKeyProvider::CreateKeyFile(master_key); !s.ok()) {
    Die("master key: " + s.ToString());
  }
  auto master_keys = OrDie(storage::FileMasterKeyProvider::Open(master_key), "master key");
  auto signer = OrDie(storage::Ed25519Signer::LoadOrCreate(flags.out_dir + "/keys/audit.key"),
                      "audit signing key");
  auto real_kv = OrDie(storage::RocksKv::Open({.path = data + "/real"}), "real store");
  store::IdentitySealer sealer(*master_keys);
  store::CaseStoreOptions options;
  options.kv = real_kv.get();
  options.sealer = &sealer;
  options.signer = signer.get();
  options.sync = true;
  auto case_store = OrDie(store::CaseStore::Open(options), "case store");
  store::StoreService real_service(*case_store);

  auto synced_kv = OrDie(storage::RocksKv::Open({.path = data + "/synced"}), "synced baseline");
  auto unsynced_kv =
      OrDie(storage::RocksKv::Open({.path = data + "/unsynced"}), "unsynced baseline");
  BarePutService synced_service(*synced_kv, /*sync=*/true);
  BarePutService unsynced_service(*unsynced_kv, /*sync=*/false);

  Server real = Serve(real_service, certs, flags.channels);
  Server synced = Serve(synced_service, certs, flags.channels);
  Server unsynced = Serve(unsynced_service, certs, flags.channels);
  auto handoff_kv = OrDie(storage::RocksKv::Open({.path = data + "/handoff"}), "handoff baseline");
  BarePutService handoff_service(*handoff_kv, /*sync=*/false, BarePutService::Dispatch::kHandoff);
  auto grouped_kv = OrDie(storage::RocksKv::Open({.path = data + "/grouped"}), "group commit");
  BarePutService grouped_service(*grouped_kv, /*sync=*/true,
                                 BarePutService::Dispatch::kGroupCommit);
  Server handoff, grouped;
  if (flags.experiments) {
    handoff = Serve(handoff_service, certs, flags.channels);
    grouped = Serve(grouped_service, certs, flags.channels);
  }

  const std::vector<v1::Registration> pool = MakeRegistrations(512, 20250101);
  size_t pool_bytes = 0;
  for (const auto& r : pool) pool_bytes += r.ByteSizeLong();

  const std::string machine = absl::StrCat(
      std::thread::hardware_concurrency(), " CPUs, ",
      FirstLineOf("/proc/cpuinfo", "model name")
          .substr(std::min<size_t>(13, FirstLineOf("/proc/cpuinfo", "model name").size())));
  std::cerr << "store_bench: " << machine << "; data in " << data << "; mean registration "
            << pool_bytes / pool.size() << " B; load " << LoadAverage() << "\n";
  const std::string load_before = LoadAverage();

  struct Row {
    LoadResult real, synced, unsynced, handoff, grouped, no_idempotency, engine;
  };
  std::vector<Row> rows;
  std::vector<std::string> created;
  if (flags.engine_only) {
    for (int clients : flags.clients) {
      const store::PipelineStats before = case_store->pipeline_stats();
      Progress("engine", RunEngineCreates(*case_store, clients, flags, pool,
                                          absl::StrCat(run_id, "-c", clients, "-engine")));
      std::cerr << "            " << PipelineLine(before, case_store->pipeline_stats()) << "\n";
    }
    return 0;
  }
  for (int clients : flags.clients) {
    for (int round = 1; round <= flags.rounds; ++round) {
      Row row;
      const std::string level = absl::StrCat(run_id, "-c", clients, "-r", round);
      const store::PipelineStats before = case_store->pipeline_stats();
      row.real = RunCreates(real, clients, flags, pool, level + "-real", &created, 100000);
      Progress("real", row.real);
      std::cerr << "            " << PipelineLine(before, case_store->pipeline_stats()) << "\n";
      if (!flags.skip_baselines) {
        row.synced = RunCreates(synced, clients, flags, pool, level + "-synced", nullptr, 0);
        Progress("synced", row.synced);
        row.unsynced = RunCreates(unsynced, clients, flags, pool, level + "-unsynced", nullptr, 0);
        Progress("unsynced", row.unsynced);
      }
      if (flags.experiments) {
        row.handoff = RunCreates(handoff, clients, flags, pool, level + "-handoff", nullptr, 0);
        Progress("handoff", row.handoff);
        row.grouped = RunCreates(grouped, clients, flags, pool, level + "-grouped", nullptr, 0);
        Progress("grouped", row.grouped);
        row.no_idempotency =
            RunCreates(real, clients, flags, pool, level + "-noidem", nullptr, 0, false);
        Progress("no-idem", row.no_idempotency);
        row.engine = RunEngineCreates(*case_store, clients, flags, pool, level + "-engine");
        Progress("engine", row.engine);
      }
      rows.push_back(row);
    }
  }
  if (created.empty()) Die("no case was created: nothing to read");
  const LoadResult reads = RunReads(real, flags.read_clients, flags, created);
  Progress("reads", reads);
  const std::string load_after = LoadAverage();
  auto verify = case_store->VerifyAudit();

  std::ostringstream out;
  out << absl::StrFormat(
      "Machine: %s. Load average (1/5/15 min) before %s, after %s.\n"
      "%.1f s measured per level after %.1f s warm-up; %d TLS connections per server; mean "
      "registration %zu B.\n\n",
      machine, load_before, load_after, flags.seconds, flags.warmup, flags.channels,
      pool_bytes / pool.size());
  out << "| clients | real reg/s | p50 ms | p99 ms | synced baseline/s | unsynced baseline/s "
         "| real/unsynced | real/synced | cpu% real/synced/unsynced |\n"
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const Row& r : rows) {
    out << absl::StrFormat(
        "| %d | %.0f | %s | %s | %.0f (p50 %s, p99 %s) | %.0f (p50 %s, p99 %s) "
        "| %.2f | %.2f | %.0f/%.0f/%.0f |\n",
        r.real.clients, r.real.per_second, Ms(r.real.p50), Ms(r.real.p99), r.synced.per_second,
        Ms(r.synced.p50), Ms(r.synced.p99), r.unsynced.per_second, Ms(r.unsynced.p50),
        Ms(r.unsynced.p99), Ratio(r.real.per_second, r.unsynced.per_second),
        Ratio(r.real.per_second, r.synced.per_second), r.real.cpu_percent, r.synced.cpu_percent,
        r.unsynced.cpu_percent);
  }
  if (flags.rounds > 1 && !flags.skip_baselines) {
    out << "\nOver the rounds (mean, and the range of the per-round ratio):\n\n"
           "| clients | rounds | real reg/s | unsynced baseline/s | real/unsynced mean | min | max "
           "|\n|---:|---:|---:|---:|---:|---:|---:|\n";
    for (int clients : flags.clients) {
      double real = 0, unsynced = 0, low = 1e9, high = 0;
      for (const Row& r : rows) {
        if (r.real.clients != clients) continue;
        real += r.real.per_second / flags.rounds;
        unsynced += r.unsynced.per_second / flags.rounds;
        low = std::min(low, Ratio(r.real.per_second, r.unsynced.per_second));
        high = std::max(high, Ratio(r.real.per_second, r.unsynced.per_second));
      }
      out << absl::StrFormat("| %d | %d | %.0f | %.0f | **%.2f** | %.2f | %.2f |\n", clients,
                             flags.rounds, real, unsynced, Ratio(real, unsynced), low, high);
    }
  }
  out << absl::StrFormat(
      "\nAudited reads (GetCase, each appends a synced audit record), %d clients: %.0f/s, "
      "p50 %s ms, p99 %s ms, cpu %.0f%%.\n",
      reads.clients, reads.per_second, Ms(reads.p50), Ms(reads.p99), reads.cpu_percent);
  if (flags.experiments) {
    out << "\nDiagnostic variants of the real path (same store, same run):\n\n"
           "| clients | real reg/s | unsynced baseline handed to one thread reg/s (p50, p99) | "
           "bare synced group commit reg/s (p50, p99, cpu%) | grouped/unsynced | "
           "no idempotency key reg/s (p50, p99) | store engine without gRPC reg/s (p50, p99, "
           "cpu%) |\n|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const Row& r : rows) {
      out << absl::StrFormat(
          "| %d | %.0f | %.0f (%s, %s) | %.0f (%s, %s, %.0f) | %.2f | %.0f (%s, %s) "
          "| %.0f (%s, %s, %.0f) |\n",
          r.real.clients, r.real.per_second, r.handoff.per_second, Ms(r.handoff.p50),
          Ms(r.handoff.p99), r.grouped.per_second, Ms(r.grouped.p50), Ms(r.grouped.p99),
          r.grouped.cpu_percent, Ratio(r.grouped.per_second, r.unsynced.per_second),
          r.no_idempotency.per_second, Ms(r.no_idempotency.p50), Ms(r.no_idempotency.p99),
          r.engine.per_second, Ms(r.engine.p50), Ms(r.engine.p99), r.engine.cpu_percent);
    }
  }
  uint64_t errors = reads.errors;
  for (const Row& r : rows) errors += r.real.errors + r.synced.errors + r.unsynced.errors;
  out << "Failed calls in measured windows: " << errors << ".\n";
  if (verify.ok()) {
    out << absl::StrFormat("Audit chain after the run: %s, %d records, %d checkpoints.\n",
                           verify->ok() ? "verifies" : "BROKEN: " + verify->problem(),
                           verify->records_checked(), verify->checkpoints_checked());
  } else {
    out << "Audit chain verification failed: " << verify.status() << "\n";
  }
  std::cout << out.str();
  std::ofstream(flags.out_dir + "/results-" + run_id + ".md") << out.str();

  for (Server* s : {&real, &synced, &unsynced, &handoff, &grouped}) {
    if (s->server) s->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }
  case_store.reset();
  real_kv.reset();
  synced_kv.reset();
  unsynced_kv.reset();
  handoff_kv.reset();
  grouped_kv.reset();
  if (!flags.keep_data) fs::remove_all(data);
  return 0;
}

}  // namespace civicase::bench

int main(int argc, char** argv) { return civicase::bench::Main(argc, argv); }
