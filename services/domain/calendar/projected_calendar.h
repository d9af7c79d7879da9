#pragma once

// The projected holiday table of a year for which no official notice is in the repository,
// computed from the Labour Code 2019 (Law 45/2019/QH14):
//   Art. 112(1): 1/1; Tết (5 days); Hùng Kings' day 10/3 lunar; 30/4; 1/5; 2/9 + one adjacent
//                day.
//   Art. 111(3): a holiday on a weekly rest day (Sat/Sun) gives a compensatory day off on the
//                next working day.
// The yearly choices the Prime Minister makes are replaced by fixed rules:
//   - Tết: the last day of the old lunar year (29 or 30 Chạp, Giao thừa) plus mùng 1-4, as the
//     2026 notice chose (and the brief for this component asked). The 2023-2025 notices took
//     the last TWO days of the old year plus mùng 1-3; a projection is replaced by the
//     official table once published (WorkingCalendar::WithOfficialYear), and the clock's
//     RecomputeOpenClocks says which deadlines move.
//   - National Day's adjacent day: 3/9 when 2/9 is a Monday or a Thursday (the 3rd then joins
//     the break to a weekend: 2024), otherwise 1/9 (2023, 2025, 2026 notices).
//   - Compensatory days are assigned in date order, each to the first Monday-Friday after its
//     holiday that is not itself a holiday or an already assigned compensatory day.
//   - Two holidays on one date (e.g. Hùng Kings' day on 30/4) count once; no extra day.
//   - No swaps and no make-up Saturdays: those need a notice.
// Every entry is marked projected (table.official == false) and cites the article.
// Pure function, thread-safe.

#include "services/domain/calendar/year_table.h"

namespace civicase::domain {

// REQUIRES: 1900 <= year <= 2199.
YearTable ProjectYear(int year);

}  // namespace civicase::domain
