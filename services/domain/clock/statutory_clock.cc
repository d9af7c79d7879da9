#include "services/domain/clock/statutory_clock.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace civicase::domain {
namespace {

// Outside these dates the projected calendar is not defined (lunar algorithm range).
constexpr Date kFirstSupportedDay{1900, 1, 1};
constexpr Date kLastSupportedDay{2199, 12, 31};

std::string_view UnitWords(PeriodUnit unit) {
  return unit == PeriodUnit::kWorkingDays ? "working days" : "calendar days";
}

// Picks the variant the flags select (see statutory_clock.h); nullptr = base.
const std::pair<const std::string, RuleVariant>* SelectVariant(const RuleVersion& v,
                                                               const DeadlineQuery& q) {
  const bool wanted[] = {q.remote && q.complex, q.especially_complex, q.complex, q.remote,
                         q.several_sites};
  static_assert(std::size(wanted) == std::size(kVariantNames));
  for (size_t i = 0; i < std::size(kVariantNames); ++i) {
    if (!wanted[i]) continue;
    if (auto it = v.variants.find(kVariantNames[i]); it != v.variants.end()) return &*it;
  }
  return nullptr;
}

absl::StatusOr<std::vector<Interval>> MergeSuspensions(const std::vector<Interval>& in) {
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i].to < in[i].from) {
      return absl::InvalidArgumentError(absl::StrCat("suspensions[", i, "]: from ",
                                                     in[i].from.ToString(), " is after to ",
                                                     in[i].to.ToString()));
    }
  }
  std::vector<Interval> sorted = in;
  std::sort(sorted.begin(), sorted.end(),
            [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> merged;
  for (const Interval& s : sorted) {
    if (!merged.empty() && s.from <= merged.back().to.NextDay()) {
      merged.back().to = std::max(merged.back().to, s.to);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

}  // namespace

std::string_view StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kStart:
      return "start";
    case StepKind::kCount:
      return "count";
    case StepKind::kSkip:
      return "skip";
    case StepKind::kSuspension:
      return "suspension";
    case StepKind::kExtension:
      return "extension";
    case StepKind::kRollForward:
      return "roll_forward";
    case StepKind::kDue:
      return "due";
  }
  return "unknown";
}

absl::StatusOr<StatutoryClock> StatutoryClock::Default() {
  auto rules = RuleBook::Default();
  if (!rules.ok()) return rules.status();
  auto calendar = WorkingCalendar::Default();
  if (!calendar.ok()) return calendar.status();
  return StatutoryClock(*std::move(rules), *std::move(calendar));
}

absl::StatusOr<DueDate> StatutoryClock::ComputeDueDate(const DeadlineQuery& q) const {
  if (rules_.Find(q.rule_id) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("rule_id: unknown rule '", q.rule_id, "'"));
  }
  if (q.trigger < kFirstSupportedDay || q.trigger > kLastSupportedDay) {
    return absl::InvalidArgumentError(
        absl::StrCat("trigger: ", q.trigger.ToString(), " is outside 1900-01-01..2199-12-31"));
  }
  const RuleVersion* version = rules_.VersionAt(q.rule_id, q.trigger);
  if (version == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("trigger: no version of rule '", q.rule_id,
                                                   "' is in force on ", q.trigger.ToString()));
  }
  if (q.especially_complex && !q.complex) {
    return absl::InvalidArgumentError("especially_complex: requires complex");
  }
  const auto* variant = SelectVariant(*version, q);
  const int base = variant != nullptr ? variant->second.length : version->length;
  const Extensions& ext = variant != nullptr ? variant->second.extensions : version->extensions;
  if (q.extensions < 0 || q.extensions > ext.max_count) {
    return absl::InvalidArgumentError(absl::StrCat(
        "extensions: rule '", q.rule_id, "' (", variant != nullptr ? variant->first : "base",
        " case) allows at most ", ext.max_count, ", got ", q.extensions));
  }
  auto merged = MergeSuspensions(q.suspensions);
  if (!merged.ok()) return merged.status();
  const std::vector<Interval>& suspensions = *merged;

  DueDate out;
  out.rule_id = q.rule_id;
  out.version = version->version;
  out.legal_basis = version->legal_basis;
  out.unit = version->unit;
  out.length = base + q.extensions * ext.length_each;
  out.variant = variant != nullptr ? variant->first : "base";
  out.extensions = q.extensions;
  out.trigger = q.trigger;
  out.steps.reserve(12);

  const bool working_days = version->unit == PeriodUnit::kWorkingDays;
  out.steps.push_back({StepKind::kStart, q.trigger.NextDay(),
                       absl::StrCat(out.length, " ", std::string(UnitWords(version->unit)),
                                    " counted from the day after ", version->start_event, " on ",
                                    q.trigger.ToString(), " (Civil Code Art. 147)")});
  Date d = q.trigger;
  size_t s = 0;  // first suspension that may still contain d
  int counted = 0;
  int next_boundary = base;
  int boundaries_passed = 0;
  while (counted < out.length) {
    d = d.NextDay();
    if (d > kLastSupportedDay) {
      return absl::OutOfRangeError("the period runs past 2199-12-31");
    }
    while (s < suspensions.size() && suspensions[s].to < d) ++s;
    if (s < suspensions.size() && suspensions[s].from <= d) {
      out.steps.push_back({StepKind::kSuspension, d,
                           absl::StrCat("suspended ", suspensions[s].from.ToString(), "..",
                                        suspensions[s].to.ToString(), ": not counted")});
      continue;
    }
    if (working_days && !calendar_.IsWorkingDay(d)) {
      out.steps.push_back({StepKind::kSkip, d, calendar_.Describe(d).reason});
      continue;
    }
    ++counted;
    if (counted == next_boundary) {
      if (boundaries_passed == 0) {
        out.steps.push_back(
            {StepKind::kCount, d,
             absl::StrCat("day ", base, " of ", base, " ", std::string(UnitWords(version->unit)),
                          " (", variant != nullptr ? variant->first : "base", ")")});
      } else {
        out.steps.push_back(
            {StepKind::kExtension, d,
             absl::StrCat("extension ", boundaries_passed, " of ", q.extensions, ": +",
                          ext.length_each, " ", std::string(UnitWords(version->unit)))});
      }
      ++boundaries_passed;
      next_boundary += ext.length_each;
    }
  }
  if (!working_days) {
    while (!calendar_.IsWorkingDay(d)) {
      out.steps.push_back(
          {StepKind::kRollForward, d,
           absl::StrCat(calendar_.Describe(d).reason,
                        ": the deadline moves to the next working day (Civil Code Art. 148)")});
      d = d.NextDay();
    }
  }
  out.due_date = d;
  out.steps.push_back({StepKind::kDue, d, "due by the end of this day"});
  return out;
}

}  // namespace civicase::domain
