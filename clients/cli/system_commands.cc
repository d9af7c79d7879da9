#include "clients/cli/system_commands.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <thread>

#include "clients/cli/output.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/domain/competence/directory.h"
#include "services/domain/date.h"

namespace civicase::cli {
namespace {

const char* const kServices[] = {"store", "auth", "routing", "deadlines", "supervision", "intake"};

constexpr char kNotConfigured[] = "not configured";

// "SERVING", "NOT_SERVING", "not configured" (the system has no such service), or the reason it
// could not be asked.
std::string Check(Connection& connection, const std::string& service) {
  auto channel = connection.Channel(service);
  if (absl::IsFailedPrecondition(channel.status())) return kNotConfigured;
  if (!channel.ok()) return std::string(channel.status().message());
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  auto s = grpc::health::v1::Health::NewStub(*channel)->Check(&context, request, &response);
  if (!s.ok()) return "unreachable: " + s.error_message();
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

void RunHealth(Connection& connection, const std::string& only, int wait_seconds, Format format) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  nlohmann::json out = nlohmann::json::object();
  bool all_serving = false;
  for (;;) {
    all_serving = true;
    for (const char* service : kServices) {
      if (!only.empty() && only != service) continue;
      std::string status = Check(connection, service);
      out[service] = status;
      all_serving &= status == "SERVING" || (only.empty() && status == kNotConfigured);
    }
    if (all_serving || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (format == Format::kJson) {
    PrintJson(out);
  } else {
    for (auto& [service, status] : out.items()) {
      std::cout << std::left << std::setw(13) << service << status.get<std::string>() << "\n";
    }
  }
  if (!all_serving) throw CLI::RuntimeError(1);
}

void RunUnits(const std::string& date_text, Format format) {
  auto directory = domain::Directory::LoadDefault();
  if (!directory.ok()) Fail(directory.status());
  domain::Date date = domain::ToVietnamDate(absl::ToUnixSeconds(absl::Now()));
  if (!date_text.empty()) {
    auto parsed = domain::Date::Parse(date_text);
    if (!parsed) Fail(absl::InvalidArgumentError("--date: not a YYYY-MM-DD date"));
    date = *parsed;
  }
  auto units = directory->ListValid(date);
  if (format == Format::kJson) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* u : units) {
      out.push_back({{"code", u->code},
                     {"name", u->name},
                     {"name_en", u->name_en},
                     {"level", std::string(domain::ToString(u->level))},
                     {"type", std::string(domain::ToString(u->type))},
                     {"parent", u->parent}});
    }
    PrintJson(out);
    return;
  }
  std::cout << "Units in force on " << date.ToString() << ":\n";
  for (const auto* u : units) {
    std::cout << "  " << std::left << std::setw(28) << u->code << u->name << "  (" << u->name_en
              << ")\n";
  }
}

}  // namespace

void AddSystemCommands(CLI::App& root, Connection& connection) {
  struct HealthFlags {
    std::string service;
    int wait = 0;
    Format format = Format::kTable;
  };
  auto h = std::make_shared<HealthFlags>();
  auto* health = root.add_subcommand("health", "is every service up and serving?");
  health->add_option("--service", h->service, "check only this service");
  health->add_option("--wait", h->wait, "wait up to this many seconds for SERVING");
  AddOutputFlag(*health, h->format);
  health->callback([&connection, h] { RunHealth(connection, h->service, h->wait, h->format); });

  auto date = std::make_shared<std::string>();
  auto units_format = std::make_shared<Format>(Format::kTable);
  auto* units = root.add_subcommand("units", "list the unit codes of the directory");
  units->add_option("--date", *date, "units in force on this date (default: today)");
  AddOutputFlag(*units, *units_format);
  units->callback([date, units_format] { RunUnits(*date, *units_format); });
}

}  // namespace civicase::cli
