// civicase-store: the system of record. The only process that opens RocksDB.
//
// Data: <home>/data/store (RocksDB). Keys: <home>/keys/master.key (wraps per-case data keys,
// made by the set-up command), <home>/keys/audit-signing.key (signs audit checkpoints; created
// on first start, public half written beside it).

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/clients.h"
#include "services/common/server.h"
#include "services/common/token_revocation.h"
#include "services/store/case_store.h"
#include "services/store/store_service.h"
#include "storage/crypto/file_master_key_provider.h"
#include "storage/kv/rocksdb_kv.h"

int main(int argc, char** argv) {
  using namespace civicase;
  common::BlockStopSignals();
  common::ServerFlags flags{.name = "store", .listen = "127.0.0.1:7401"};
  std::string data_dir;
  std::string master_key;
  store::CaseStoreOptions options;
  CLI::App app{"civicase-store: the system of record (RocksDB)"};
  common::AddServerFlags(app, flags);
  app.add_option("--data", data_dir, "RocksDB folder (default: HOME/data/store)");
  app.add_option("--master-key", master_key, "master key file (default: HOME/keys/master.key)");
  app.add_option("--checkpoint-every", options.checkpoint_policy.every_records,
                 "sign an audit checkpoint every N records")
      ->capture_default_str();
  app.add_option("--checkpoint-seconds", options.checkpoint_policy.every_seconds,
                 "sign an audit checkpoint at least every T seconds")
      ->capture_default_str();
  int64_t disclosure_validity_seconds = absl::ToInt64Seconds(options.disclosure_validity);
  int64_t max_disclosure_validity_seconds = absl::ToInt64Seconds(options.max_disclosure_validity);
  app.add_option("--disclosure-validity-seconds", disclosure_validity_seconds,
                 "how long an approved identity disclosure may be revealed when the custodian "
                 "names no period")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-disclosure-validity-seconds", max_disclosure_validity_seconds,
                 "the longest period a custodian may approve a disclosure for")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bool init_keys = false;
  app.add_flag("--init-keys", init_keys,
               "create the master key and audit signing key if missing, then exit");
  store::StoreServiceOptions service_options;
  bool allow_anonymous = false;
  app.add_flag("--allow-anonymous", allow_anonymous,
               "let people's calls (CLI, gateway) without a token through, unchecked by the "
               "access policy; for local experiments only (default: login required)");
  bool require_login_flag = false;
  app.add_flag("--require-login", require_login_flag,
               "refuse people's calls without a valid token (the default; kept for scripts)");
  int revocation_cache_seconds = 10;
  app.add_option("--revocation-cache-seconds", revocation_cache_seconds,
                 "how long the auth service's answer on a token's revocation is reused, so a "
                 "logout takes effect at the store within this time")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  std::string auth_address;
  app.add_option(
      "--auth", auth_address,
      "the auth service (host:port), asked whether a token was revoked by a logout "
      "(see --revocation-cache-seconds); without it, logouts are not honoured before expiry");
  bool rotate = false;
  app.add_flag("--rotate-master-key", rotate,
               "add a new master key, re-wrap every case's data key under it, then exit "
               "(the store must be stopped)");
  CLI11_PARSE(app, argc, argv);
  if (disclosure_validity_seconds > max_disclosure_validity_seconds) {
    std::cerr
        << "--disclosure-validity-seconds must not exceed --max-disclosure-validity-seconds\n";
    return 2;
  }
  options.disclosure_validity = absl::Seconds(disclosure_validity_seconds);
  options.max_disclosure_validity = absl::Seconds(max_disclosure_validity_seconds);
  if (allow_anonymous && require_login_flag) {
    std::cerr << "--allow-anonymous and --require-login contradict each other\n";
    return 2;
  }
  service_options.require_login = !allow_anonymous;
  if (data_dir.empty()) data_dir = flags.home + "/data/store";
  if (master_key.empty()) master_key = flags.home + "/keys/master.key";
  common::InitLogging("store");

  if (init_keys) {
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(master_key).parent_path(), error);
    std::filesystem::create_directories(flags.home + "/keys", error);
    std::filesystem::permissions(flags.home + "/keys", std::filesystem::perms::owner_all, error);
    if (auto s = storage::FileMasterKeyProvider::CreateKeyFile(master_key);
        !s.ok() && !absl::IsAlreadyExists(s)) {
      spdlog::critical("cannot create the master key {}: {}", master_key, s.ToString());
      return 2;
    }
    if (auto s = storage::Ed25519Signer::LoadOrCreate(flags.home + "/keys/audit-signing.key");
        !s.ok()) {
      spdlog::critical("cannot create the audit signing key: {}", s.status().ToString());
      return 2;
    }
    return 0;
  }

  if (rotate) {
    if (auto s = storage::FileMasterKeyProvider::RotateKeyFile(master_key); !s.ok()) {
      spdlog::critical("cannot rotate the master key: {}", s.ToString());
      return 2;
    }
  }
  auto master_keys = storage::FileMasterKeyProvider::Open(master_key);
  if (!master_keys.ok()) {
    spdlog::critical("cannot start: master key: {}", master_keys.status().ToString());
    return 2;
  }
  const std::string signing_key = flags.home + "/keys/audit-signing.key";
  auto signer = storage::Ed25519Signer::LoadOrCreate(signing_key);
  if (!signer.ok()) {
    spdlog::critical("cannot start: audit signing key: {}", signer.status().ToString());
    return 2;
  }
  if (auto s = (*signer)->WritePublicKey(flags.home + "/keys/audit-signing.pub"); !s.ok()) {
    spdlog::warn("could not write the audit public key: {}", s.ToString());
  }
  const absl::Time opening = absl::Now();
  if (std::error_code error; !std::filesystem::create_directories(data_dir, error) && error) {
    spdlog::critical("cannot start: cannot create the data folder {}: {}", data_dir,
                     error.message());
    return 2;
  }
  auto kv = storage::RocksKv::Open({.path = data_dir});
  if (!kv.ok()) {
    spdlog::critical("cannot start: {}", kv.status().ToString());
    return 2;
  }
  auto access_policy = domain::AccessPolicy::LoadDefault();
  auto directory = domain::Directory::LoadDefault();
  if (!access_policy.ok() || !directory.ok()) {
    spdlog::critical("cannot start: access policy or directory data: {} {}",
                     access_policy.status().ToString(), directory.status().ToString());
    return 2;
  }
  options.access_policy = &*access_policy;
  options.directory = &*directory;
  store::IdentitySealer sealer(**master_keys);
  if (rotate) {
    auto rewrapped = sealer.RewrapDataKeys(**kv);
    if (!rewrapped.ok()) {
      spdlog::critical("master key rotated, but re-wrapping failed (run again): {}",
                       rewrapped.status().ToString());
      return 2;
    }
    spdlog::info("master key rotated to {}; {} data keys re-wrapped",
                 (*master_keys)->current_key_id(), *rewrapped);
    return 0;
  }
  options.kv = kv->get();
  options.sealer = &sealer;
  options.signer = signer->get();
  options.on_durability_lost = [](const absl::Status& why) {
    spdlog::critical("{}: restart the store once the disk is sound", std::string(why.message()));
  };
  auto case_store = store::CaseStore::Open(options);
  if (!case_store.ok()) {
    spdlog::critical("cannot start: {}", case_store.status().ToString());
    return 2;
  }
  spdlog::info("opened {} in {} ms at sequence {}", data_dir,
               absl::ToInt64Milliseconds(absl::Now() - opening),
               (*case_store)->committed_sequence());
  service_options.token_public_key = flags.home + "/keys/token-signing.pub";
  std::optional<common::RevocationCache> revocation;
  if (!auth_address.empty()) {
    const std::string certs = flags.certs.empty() ? flags.home + "/certs" : flags.certs;
    auto channel = common::ChannelAs("store", certs, auth_address);
    if (!channel.ok()) {
      spdlog::critical("cannot start: auth channel: {}", channel.status().ToString());
      return 2;
    }
    revocation.emplace(
        common::RevocationCache::AskAuthService(*channel),
        common::RevocationCache::Options{.ttl = absl::Seconds(revocation_cache_seconds)});
    service_options.revocation = &*revocation;
  } else {
    spdlog::warn("no --auth: revoked tokens are honoured only when they expire");
  }
  if (!service_options.require_login) {
    spdlog::warn("--allow-anonymous: people's calls without a token are not checked");
  }
  store::StoreService service(**case_store, service_options);
  return common::RunServer(
      flags, {&service}, [&] { case_store->reset(); },
      [store = case_store->get()](const std::string& caller, const std::string& method) {
        store->RecordDenied(caller, method,
                            absl::PermissionDeniedError(
                                absl::StrCat("service '", caller, "' may not call this method")));
      });
}
