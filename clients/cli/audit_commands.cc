#include "clients/cli/audit_commands.h"

#include <iomanip>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "civicase/v1/store.grpc.pb.h"
#include "clients/cli/output.h"
#include "google/protobuf/util/time_util.h"
#include "storage/kv/rocksdb_kv.h"

namespace civicase::cli {
namespace {

std::unique_ptr<v1::CaseStore::Stub> Store(Connection& connection) {
  auto channel = connection.Channel("store");
  if (!channel.ok()) Fail(channel.status());
  return v1::CaseStore::NewStub(*channel);
}

void RunVerify(Connection& connection, Format format) {
  v1::VerifyAuditRequest request;
  *request.mutable_context() = connection.Context();
  v1::AuditVerifyReport report;
  if (auto s = Store(connection)->VerifyAudit(connection.NewCallContext().get(), request, &report);
      !s.ok()) {
    Fail(s);
  }
  if (format == Format::kJson) {
    PrintJson(ToJson(report));
  } else if (report.ok()) {
    std::cout << "audit chain intact: " << report.records_checked() << " records, "
              << report.checkpoints_checked() << " signed checkpoints, head " << report.head_hash()
              << "\n";
  } else {
    std::cout << "AUDIT CHAIN BROKEN at record " << report.first_bad_sequence() << ": "
              << report.problem() << "\n";
  }
  if (!report.ok()) throw CLI::RuntimeError(1);
}

void RunLog(Connection& connection, const std::string& case_ref, int limit, Format format) {
  v1::ListAuditRequest request;
  *request.mutable_context() = connection.Context();
  request.set_case_ref(case_ref);
  request.mutable_page()->set_page_size(limit);
  v1::ListAuditResponse response;
  if (auto s = Store(connection)->ListAudit(connection.NewCallContext().get(), request, &response);
      !s.ok()) {
    Fail(s);
  }
  if (format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  for (const auto& r : response.records()) {
    std::string method = r.method().substr(r.method().rfind('/') + 1);
    std::cout << std::right << std::setw(6) << r.sequence() << "  "
              << google::protobuf::util::TimeUtil::ToString(r.at()).substr(0, 19) << "  "
              << std::left << std::setw(12) << r.actor().user() << std::setw(18) << r.actor().role()
              << std::setw(10) << r.actor().calling_service() << std::setw(13) << method
              << std::setw(10) << r.outcome() << absl::StrJoin(r.fields(), ",")
              << (r.actor().purpose().empty() ? "" : "  purpose: " + r.actor().purpose()) << "\n";
  }
}

void RunBackup(Connection& connection, const std::string& directory, Format format) {
  v1::BackupRequest request;
  *request.mutable_context() = connection.Context();
  request.set_directory(directory);
  v1::BackupResponse response;
  if (auto s = Store(connection)->Backup(connection.NewCallContext().get(), request, &response);
      !s.ok()) {
    Fail(s);
  }
  if (format == Format::kJson) {
    PrintJson(ToJson(response));
    return;
  }
  std::cout << "backup written to " << response.directory() << " (" << response.audit_records()
            << " audit records, head " << response.audit_head_hash() << ")\n";
}

void RunRestore(const std::string& backup, const std::string& data) {
  if (auto s = storage::RestoreFromCheckpoint(backup, data); !s.ok()) Fail(s);
  std::cout << "restored " << backup << " into " << data
            << "; start the store on it and run `civicase audit verify`\n";
}

}  // namespace

void AddAuditCommands(CLI::App& root, Connection& connection) {
  auto* audit = root.add_subcommand("audit", "check the audit trail and see who did what");
  audit->require_subcommand(1);

  auto verify_format = std::make_shared<Format>(Format::kTable);
  auto* verify = audit->add_subcommand("verify", "check the whole hash chain and its signatures");
  AddOutputFlag(*verify, *verify_format);
  verify->callback([&connection, verify_format] { RunVerify(connection, *verify_format); });

  struct LogFlags {
    std::string case_ref;
    int limit = 200;
    Format format = Format::kTable;
  };
  auto l = std::make_shared<LogFlags>();
  auto* log = audit->add_subcommand("log", "who read or changed a case, when, why and how");
  log->add_option("--case", l->case_ref, "reference number or case id (default: all cases)");
  log->add_option("--limit", l->limit, "at most this many records")->capture_default_str();
  AddOutputFlag(*log, l->format);
  log->callback([&connection, l] { RunLog(connection, l->case_ref, l->limit, l->format); });

  auto dir = std::make_shared<std::string>();
  auto backup_format = std::make_shared<Format>(Format::kTable);
  auto* backup = root.add_subcommand("backup", "online backup of the store to a new folder");
  backup->add_option("DIR", *dir, "absolute path of a folder that does not exist yet")->required();
  AddOutputFlag(*backup, *backup_format);
  backup->callback(
      [&connection, dir, backup_format] { RunBackup(connection, *dir, *backup_format); });

  auto from = std::make_shared<std::string>();
  auto data = std::make_shared<std::string>();
  auto* restore = root.add_subcommand(
      "restore", "restore a backup into an empty data folder (the store must be stopped)");
  restore->add_option("BACKUP", *from, "a folder written by `civicase backup`")->required();
  restore->add_option("--data", *data, "the store's data folder (default: HOME/data/store)");
  restore->callback([&connection, from, data] {
    RunRestore(*from, data->empty() ? connection.home() + "/data/store" : *data);
  });
}

}  // namespace civicase::cli
