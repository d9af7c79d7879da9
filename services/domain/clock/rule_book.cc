#include "services/domain/clock/rule_book.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "deadline_rules_data.h"
#include "nlohmann/json.hpp"

namespace civicase::domain {
namespace {

using nlohmann::json;

absl::Status Bad(std::string_view where, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(where), ": ", std::string(what)));
}

absl::StatusOr<int> GetInt(const json& obj, const std::string& key, std::string_view where,
                           bool required, int fallback = 0) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return Bad(where, absl::StrCat("field '", key, "' is missing"));
    return fallback;
  }
  if (!it->is_number_integer()) return Bad(where, absl::StrCat("field '", key, "' not an integer"));
  return it->get<int>();
}

absl::StatusOr<std::string> GetString(const json& obj, const std::string& key,
                                      std::string_view where, bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return Bad(where, absl::StrCat("field '", key, "' is missing"));
    return std::string();
  }
  if (!it->is_string()) return Bad(where, absl::StrCat("field '", key, "' not a string"));
  return it->get<std::string>();
}

absl::StatusOr<Extensions> ParseExtensions(const json& obj, std::string_view where) {
  Extensions ext;
  auto it = obj.find("extensions");
  if (it == obj.end()) return ext;
  if (!it->is_object()) return Bad(where, "field 'extensions' not an object");
  const std::string at = absl::StrCat(std::string(where), " extensions");
  auto max_count = GetInt(*it, "max_count", at, true);
  if (!max_count.ok()) return max_count.status();
  auto length_each = GetInt(*it, "length_each", at, true);
  if (!length_each.ok()) return length_each.status();
  ext.max_count = *max_count;
  ext.length_each = *length_each;
  return ext;
}

absl::StatusOr<RuleVersion> ParseVersion(const json& v, const std::string& rule_id,
                                         std::string_view where) {
  if (!v.is_object()) return Bad(where, "not an object");
  RuleVersion out;
  out.rule_id = rule_id;
  auto version = GetInt(v, "version", where, true);
  if (!version.ok()) return version.status();
  out.version = *version;
  auto start_event = GetString(v, "start_event", where, true);
  if (!start_event.ok()) return start_event.status();
  out.start_event = *std::move(start_event);
  auto unit = GetString(v, "unit", where, true);
  if (!unit.ok()) return unit.status();
  if (*unit == "calendar_days") {
    out.unit = PeriodUnit::kCalendarDays;
  } else if (*unit == "working_days") {
    out.unit = PeriodUnit::kWorkingDays;
  } else {
    return Bad(where, "field 'unit' must be \"calendar_days\" or \"working_days\"");
  }
  auto length = GetInt(v, "length", where, true);
  if (!length.ok()) return length.status();
  out.length = *length;
  auto ext = ParseExtensions(v, where);
  if (!ext.ok()) return ext.status();
  out.extensions = *ext;
  if (auto variants = v.find("variants"); variants != v.end()) {
    if (!variants->is_object()) return Bad(where, "field 'variants' not an object");
    for (const auto& [name, body] : variants->items()) {
      const std::string at = absl::StrCat(std::string(where), " variant '", name, "'");
      if (std::find(std::begin(kVariantNames), std::end(kVariantNames), name) ==
          std::end(kVariantNames)) {
        return Bad(at, "unknown variant name");
      }
      if (!body.is_object()) return Bad(at, "not an object");
      RuleVariant variant;
      auto vlength = GetInt(body, "length", at, true);
      if (!vlength.ok()) return vlength.status();
      variant.length = *vlength;
      auto vext = body.contains("extensions") ? ParseExtensions(body, at) : out.extensions;
      if (!vext.ok()) return vext.status();
      variant.extensions = *vext;
      out.variants.emplace(name, variant);
    }
  }
  auto basis = GetString(v, "legal_basis", where, true);
  if (!basis.ok()) return basis.status();
  out.legal_basis = *std::move(basis);
  auto from = GetString(v, "valid_from", where, true);
  if (!from.ok()) return from.status();
  auto from_date = Date::Parse(*from);
  if (!from_date) return Bad(where, "field 'valid_from' not a YYYY-MM-DD date");
  out.valid_from = *from_date;
  auto to = v.find("valid_to");
  if (to == v.end()) return Bad(where, "field 'valid_to' is missing (null = open)");
  if (!to->is_null()) {
    auto to_date = to->is_string() ? Date::Parse(to->get<std::string>()) : std::nullopt;
    if (!to_date) return Bad(where, "field 'valid_to' not a YYYY-MM-DD date or null");
    out.valid_to = *to_date;
  }
  auto note = GetString(v, "note", where, false);
  if (!note.ok()) return note.status();
  out.note = *std::move(note);
  return out;
}

absl::Status ValidateExtensions(const Extensions& e, std::string_view where) {
  if (e.max_count < 0) return Bad(where, "extensions.max_count is negative");
  if (e.max_count > 0 && e.length_each <= 0) {
    return Bad(where, "extensions.length_each must be positive when extensions are allowed");
  }
  return absl::OkStatus();
}

absl::Status ValidateRule(Rule& rule) {
  const std::string where = absl::StrCat("rule '", rule.id, "'");
  if (rule.id.empty()) return Bad("rule ''", "empty id");
  if (rule.versions.empty()) return Bad(where, "has no version");
  std::sort(rule.versions.begin(), rule.versions.end(),
            [](const RuleVersion& a, const RuleVersion& b) { return a.valid_from < b.valid_from; });
  for (size_t i = 0; i < rule.versions.size(); ++i) {
    RuleVersion& v = rule.versions[i];
    const std::string at = absl::StrCat(where, " version ", v.version);
    v.rule_id = rule.id;
    if (v.legal_basis.empty()) return Bad(at, "no legal_basis");
    if (v.start_event.empty()) return Bad(at, "no start_event");
    if (v.length <= 0) return Bad(at, "length must be positive");
    if (v.valid_to && *v.valid_to < v.valid_from) return Bad(at, "valid_to before valid_from");
    if (absl::Status s = ValidateExtensions(v.extensions, at); !s.ok()) return s;
    for (const auto& [name, variant] : v.variants) {
      if (variant.length <= 0) return Bad(at, absl::StrCat("variant '", name, "' length"));
      if (absl::Status s = ValidateExtensions(variant.extensions, at); !s.ok()) return s;
    }
    for (size_t j = 0; j < i; ++j) {
      if (rule.versions[j].version == v.version) return Bad(at, "version number used twice");
    }
    if (i > 0) {
      const RuleVersion& prev = rule.versions[i - 1];
      if (!prev.valid_to || *prev.valid_to >= v.valid_from) {
        return Bad(at, absl::StrCat("overlaps version ", prev.version, " (valid_from ",
                                    v.valid_from.ToString(), ")"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<RuleBook> ParseOrThrow(std::string_view text, std::string_view file_name,
                                      std::vector<Rule>& rules) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Bad(file_name, "not JSON");
  auto list = doc.is_object() ? doc.find("rules") : doc.end();
  if (!doc.is_object() || list == doc.end() || !list->is_array()) {
    return Bad(file_name, "field 'rules' missing or not an array");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const json& r = (*list)[i];
    const std::string where = absl::StrCat(std::string(file_name), ": rules[", i, "]");
    if (!r.is_object()) return Bad(where, "not an object");
    Rule rule;
    auto id = GetString(r, "id", where, true);
    if (!id.ok()) return id.status();
    rule.id = *std::move(id);
    const std::string rule_where = absl::StrCat(std::string(file_name), ": rule '", rule.id, "'");
    auto title = GetString(r, "title", rule_where, false);
    if (!title.ok()) return title.status();
    rule.title = *std::move(title);
    auto versions = r.find("versions");
    if (versions == r.end() || !versions->is_array()) {
      return Bad(rule_where, "field 'versions' missing or not an array");
    }
    for (size_t k = 0; k < versions->size(); ++k) {
      auto v =
          ParseVersion((*versions)[k], rule.id, absl::StrCat(rule_where, " versions[", k, "]"));
      if (!v.ok()) return v.status();
      rule.versions.push_back(*std::move(v));
    }
    rules.push_back(std::move(rule));
  }
  auto book = RuleBook::FromRules(std::move(rules));
  if (!book.ok()) return Bad(file_name, std::string(book.status().message()));
  return book;
}

}  // namespace

std::string_view PeriodUnitName(PeriodUnit unit) {
  return unit == PeriodUnit::kWorkingDays ? "working_days" : "calendar_days";
}

absl::StatusOr<RuleBook> RuleBook::Default() {
  auto files = deadline_rules_data();
  if (files.size() != 1) return absl::InternalError("expected one embedded rules file");
  return FromJson(files[0].contents, files[0].name);
}

absl::StatusOr<RuleBook> RuleBook::FromJson(std::string_view json_text,
                                            std::string_view file_name) {
  std::vector<Rule> rules;
  try {
    return ParseOrThrow(json_text, file_name, rules);
  } catch (const nlohmann::json::exception& e) {  // defensive: the checks above prevent it
    return Bad(file_name, e.what());
  }
}

absl::StatusOr<RuleBook> RuleBook::FromRules(std::vector<Rule> rules) {
  for (Rule& rule : rules) {
    if (absl::Status s = ValidateRule(rule); !s.ok()) return s;
  }
  std::sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  for (size_t i = 1; i < rules.size(); ++i) {
    if (rules[i - 1].id == rules[i].id) {
      return Bad(absl::StrCat("rule '", rules[i].id, "'"), "defined twice");
    }
  }
  return RuleBook(std::move(rules));
}

const Rule* RuleBook::Find(std::string_view rule_id) const {
  auto it = std::lower_bound(rules_.begin(), rules_.end(), rule_id,
                             [](const Rule& r, std::string_view id) { return r.id < id; });
  return it != rules_.end() && it->id == rule_id ? &*it : nullptr;
}

const RuleVersion* RuleBook::VersionAt(std::string_view rule_id, Date trigger) const {
  const Rule* rule = Find(rule_id);
  if (rule == nullptr) return nullptr;
  for (const RuleVersion& v : rule->versions) {
    if (v.InForceOn(trigger)) return &v;
  }
  return nullptr;
}

}  // namespace civicase::domain
