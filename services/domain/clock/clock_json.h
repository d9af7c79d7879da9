#pragma once

// JSON rendering of the clock's values for the CLI and the services (nlohmann::json). Pure,
// thread-safe. Shapes:
//   DueDate -> {"due_date": "YYYY-MM-DD", "rule_id", "version", "legal_basis",
//               "unit": "calendar_days"|"working_days", "length", "variant", "extensions",
//               "trigger", "steps": [{"kind": "skip", "date": "YYYY-MM-DD", "reason": "..."}]}
//   RuleVersion -> {"rule_id", "version", "start_event", "unit", "length",
//                   "variants": {"complex": {"length", "extensions": {...}}},
//                   "extensions": {"max_count", "length_each"}, "legal_basis",
//                   "valid_from", "valid_to" (null = open), "note"}
//   Rule -> {"id", "title", "versions": [RuleVersion...]}
//   ClockChange -> {"case_ref", "rule_id", "old_due", "new_due", "reasons": [...]}
// DayInfo: see services/domain/calendar/calendar_json.h (re-exported here).

#include "nlohmann/json.hpp"
#include "services/domain/calendar/calendar_json.h"
#include "services/domain/clock/recompute.h"
#include "services/domain/clock/rule_book.h"
#include "services/domain/clock/statutory_clock.h"

namespace civicase::domain {

nlohmann::json ToJson(const DueDate& due);
nlohmann::json ToJson(const RuleVersion& version);
nlohmann::json ToJson(const Rule& rule);
nlohmann::json ToJson(const ClockChange& change);

}  // namespace civicase::domain
