#pragma once

// The backlog a supervisor sees: the open cases of some units, each with its earliest running
// clock, overdue ones first (most overdue first), then by due date. Pure.

#include <vector>

#include "civicase/v1/case.pb.h"
#include "civicase/v1/supervision.pb.h"
#include "services/domain/date.h"

namespace civicase::supervision {

v1::Backlog BuildBacklog(const std::vector<v1::Case>& cases, domain::Date as_of, bool overdue_only);

}  // namespace civicase::supervision
