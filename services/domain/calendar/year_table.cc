#include "services/domain/calendar/year_table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace civicase::domain {
namespace {

using nlohmann::json;

absl::Status FieldError(std::string_view file, std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(file), ": field '", std::string(field), "': ", std::string(what)));
}

absl::StatusOr<std::string> GetString(const json& obj, std::string_view file,
                                      const std::string& field, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string())
    return FieldError(file, field, "missing or not a string");
  return it->get<std::string>();
}

}  // namespace

absl::Status NormalizeYearTable(YearTable& table) {
  std::sort(table.days.begin(), table.days.end(),
            [](const CalendarEntry& a, const CalendarEntry& b) { return a.date < b.date; });
  for (size_t i = 0; i < table.days.size(); ++i) {
    const CalendarEntry& e = table.days[i];
    const std::string where = absl::StrCat("year ", table.year, " day ", e.date.ToString());
    if (e.date.year() != table.year) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": date is not in the table's year"));
    }
    if (i > 0 && table.days[i - 1].date == e.date) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": listed twice"));
    }
    if (e.reason.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": no reason"));
    if (e.source.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": no source"));
  }
  return absl::OkStatus();
}

namespace {

absl::StatusOr<YearTable> ParseYearTableOrThrow(std::string_view text, std::string_view file_name) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return absl::InvalidArgumentError(absl::StrCat(std::string(file_name), ": not JSON"));
  if (!doc.is_object()) return FieldError(file_name, "(root)", "not an object");
  YearTable table;
  auto year = doc.find("year");
  if (year == doc.end() || !year->is_number_integer()) {
    return FieldError(file_name, "year", "missing or not an integer");
  }
  table.year = year->get<int>();
  if (table.year < 1900 || table.year > 2199) return FieldError(file_name, "year", "out of range");
  auto status = doc.find("status");
  if (status == doc.end() || !status->is_string() ||
      (*status != "official" && *status != "projected")) {
    return FieldError(file_name, "status", "must be \"official\" or \"projected\"");
  }
  table.official = *status == "official";
  if (auto note = doc.find("note"); note != doc.end()) {
    if (!note->is_string()) return FieldError(file_name, "note", "not a string");
    table.note = note->get<std::string>();
  }
  auto days = doc.find("days");
  if (days == doc.end() || !days->is_array()) return FieldError(file_name, "days", "not an array");
  for (size_t i = 0; i < days->size(); ++i) {
    const json& d = (*days)[i];
    const std::string at = absl::StrCat("days[", i, "]");
    if (!d.is_object()) return FieldError(file_name, at, "not an object");
    CalendarEntry e;
    auto date_text = GetString(d, file_name, at + ".date", "date");
    if (!date_text.ok()) return date_text.status();
    auto date = Date::Parse(*date_text);
    if (!date) return FieldError(file_name, at + ".date", "not a YYYY-MM-DD date");
    e.date = *date;
    auto working = d.find("working");
    if (working == d.end() || !working->is_boolean()) {
      return FieldError(file_name, at + ".working", "missing or not a boolean");
    }
    e.working = working->get<bool>();
    auto reason = GetString(d, file_name, at + ".reason", "reason");
    if (!reason.ok()) return reason.status();
    e.reason = *std::move(reason);
    auto source = GetString(d, file_name, at + ".source", "source");
    if (!source.ok()) return source.status();
    e.source = *std::move(source);
    table.days.push_back(std::move(e));
  }
  if (absl::Status s = NormalizeYearTable(table); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(file_name), ": ", s.message()));
  }
  return table;
}

}  // namespace

absl::StatusOr<YearTable> ParseYearTable(std::string_view text, std::string_view file_name) {
  try {
    return ParseYearTableOrThrow(text, file_name);
  } catch (const nlohmann::json::exception& e) {  // defensive: the checks above should prevent it
    return absl::InvalidArgumentError(absl::StrCat(std::string(file_name), ": ", e.what()));
  }
}

nlohmann::json ToJson(const YearTable& table) {
  json days = json::array();
  for (const CalendarEntry& e : table.days) {
    days.push_back({{"date", e.date.ToString()},
                    {"working", e.working},
                    {"reason", e.reason},
                    {"source", e.source}});
  }
  json out = {{"year", table.year},
              {"status", table.official ? "official" : "projected"},
              {"days", std::move(days)}};
  if (!table.note.empty()) out["note"] = table.note;
  return out;
}

}  // namespace civicase::domain
