#include "services/domain/clock/clock_json.h"

namespace civicase::domain {
namespace {

nlohmann::json ToJson(const Extensions& e) {
  return {{"max_count", e.max_count}, {"length_each", e.length_each}};
}

}  // namespace

nlohmann::json ToJson(const DueDate& due) {
  nlohmann::json steps = nlohmann::json::array();
  for (const DerivationStep& s : due.steps) {
    steps.push_back(
        {{"kind", StepKindName(s.kind)}, {"date", s.date.ToString()}, {"reason", s.reason}});
  }
  return {{"due_date", due.due_date.ToString()},
          {"rule_id", due.rule_id},
          {"version", due.version},
          {"legal_basis", due.legal_basis},
          {"unit", PeriodUnitName(due.unit)},
          {"length", due.length},
          {"variant", due.variant},
          {"extensions", due.extensions},
          {"trigger", due.trigger.ToString()},
          {"steps", std::move(steps)}};
}

nlohmann::json ToJson(const RuleVersion& v) {
  nlohmann::json variants = nlohmann::json::object();
  for (const auto& [name, variant] : v.variants) {
    variants[name] = {{"length", variant.length}, {"extensions", ToJson(variant.extensions)}};
  }
  return {{"rule_id", v.rule_id},
          {"version", v.version},
          {"start_event", v.start_event},
          {"unit", PeriodUnitName(v.unit)},
          {"length", v.length},
          {"variants", std::move(variants)},
          {"extensions", ToJson(v.extensions)},
          {"legal_basis", v.legal_basis},
          {"valid_from", v.valid_from.ToString()},
          {"valid_to", v.valid_to ? nlohmann::json(v.valid_to->ToString()) : nlohmann::json()},
          {"note", v.note}};
}

nlohmann::json ToJson(const Rule& rule) {
  nlohmann::json versions = nlohmann::json::array();
  for (const RuleVersion& v : rule.versions) versions.push_back(ToJson(v));
  return {{"id", rule.id}, {"title", rule.title}, {"versions", std::move(versions)}};
}

nlohmann::json ToJson(const ClockChange& c) {
  return {{"case_ref", c.case_ref},
          {"rule_id", c.rule_id},
          {"old_due", c.old_due.ToString()},
          {"new_due", c.new_due.ToString()},
          {"reasons", c.reasons}};
}

}  // namespace civicase::domain
