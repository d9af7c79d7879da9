// Due-date computations per second (StatutoryClock::ComputeDueDate with its full derivation),
// for a working-day rule and a calendar-day rule, triggers spread over 2024-2027 (official and
// projected years, Tết included). Also the raw calendar lookup. A program that prints figures,
// not a test: run with --benchmark_min_time=... as needed.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <vector>

#include "services/domain/clock/statutory_clock.h"

namespace civicase::domain {
namespace {

const StatutoryClock& Clock() {
  static const StatutoryClock* clock = [] {
    auto c = StatutoryClock::Default();
    if (!c.ok()) {
      std::cerr << c.status() << "\n";
      std::abort();
    }
    return new StatutoryClock(*std::move(c));
  }();
  return *clock;
}

std::vector<DeadlineQuery> Queries(const char* rule, bool complex) {
  std::vector<DeadlineQuery> out;
  for (Date d(2024, 1, 1); d < Date(2028, 1, 1); d = d.NextDay()) {
    out.push_back({.rule_id = rule, .trigger = d, .complex = complex});
  }
  return out;
}

void Run(benchmark::State& state, const std::vector<DeadlineQuery>& queries) {
  size_t i = 0;
  for (auto _ : state) {
    auto due = Clock().ComputeDueDate(queries[i]);
    benchmark::DoNotOptimize(due);
    if (++i == queries.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// 7 working days (Law on Denunciations Art. 24(1)).
void BM_DueDate_WorkingDays7(benchmark::State& state) {
  static const auto queries = Queries("denunciation.processing", false);
  Run(state, queries);
}
BENCHMARK(BM_DueDate_WorkingDays7);

// 10 working days (letter processing).
void BM_DueDate_WorkingDays10(benchmark::State& state) {
  static const auto queries = Queries("letter.processing", false);
  Run(state, queries);
}
BENCHMARK(BM_DueDate_WorkingDays10);

// 30 calendar days with roll-forward (Law on Complaints Art. 28).
void BM_DueDate_CalendarDays30(benchmark::State& state) {
  static const auto queries = Queries("complaint.round1.resolution", false);
  Run(state, queries);
}
BENCHMARK(BM_DueDate_CalendarDays30);

// 45 calendar days, complex variant.
void BM_DueDate_CalendarDays45Complex(benchmark::State& state) {
  static const auto queries = Queries("complaint.round1.resolution", true);
  Run(state, queries);
}
BENCHMARK(BM_DueDate_CalendarDays45Complex);

void BM_IsWorkingDay(benchmark::State& state) {
  const WorkingCalendar& cal = Clock().calendar();
  int64_t day = Date(2000, 1, 1).DayNumber();
  const int64_t last = Date(2100, 12, 31).DayNumber();
  for (auto _ : state) {
    benchmark::DoNotOptimize(cal.IsWorkingDay(Date::FromDayNumber(day)));
    if (++day > last) day = Date(2000, 1, 1).DayNumber();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IsWorkingDay);

}  // namespace
}  // namespace civicase::domain

BENCHMARK_MAIN();
