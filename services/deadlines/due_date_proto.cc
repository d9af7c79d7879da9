#include "services/deadlines/due_date_proto.h"

#include "absl/strings/str_cat.h"

namespace civicase::deadlines {

v1::DueDate ToProto(const domain::DueDate& due) {
  v1::DueDate out;
  out.set_rule_id(due.rule_id);
  out.set_rule_version(due.version);
  out.set_legal_basis(due.legal_basis);
  out.set_start_date(due.trigger.ToString());
  out.set_due_date(due.due_date.ToString());
  out.set_unit(due.unit == domain::PeriodUnit::kWorkingDays ? "working_days" : "calendar_days");
  out.set_length(due.length);
  for (const auto& step : due.steps) {
    auto* s = out.add_steps();
    s->set_kind(std::string(domain::StepKindName(step.kind)));
    s->set_date(step.date.ToString());
    s->set_reason(step.reason);
  }
  return out;
}

absl::StatusOr<domain::DeadlineQuery> ToQuery(const std::string& rule_id,
                                              const std::string& trigger_date,
                                              const v1::ClockVariant& variant) {
  domain::DeadlineQuery query;
  if (rule_id.empty()) return absl::InvalidArgumentError("rule_id: required");
  query.rule_id = rule_id;
  auto trigger = domain::Date::Parse(trigger_date);
  if (!trigger) {
    return absl::InvalidArgumentError(
        absl::StrCat("trigger_date: '", trigger_date, "' is not a YYYY-MM-DD date"));
  }
  query.trigger = *trigger;
  query.complex = variant.complex();
  query.especially_complex = variant.especially_complex();
  query.remote = variant.remote();
  query.several_sites = variant.several_sites();
  query.extensions = variant.extensions();
  for (int i = 0; i < variant.suspensions_size(); ++i) {
    const auto& s = variant.suspensions(i);
    auto from = domain::Date::Parse(s.from());
    auto to = domain::Date::Parse(s.to());
    if (!from || !to) {
      return absl::InvalidArgumentError(
          absl::StrCat("variant.suspensions[", i, "]: from and to must be YYYY-MM-DD dates"));
    }
    query.suspensions.push_back({*from, *to});
  }
  return query;
}

}  // namespace civicase::deadlines
