#pragma once

// Date: a civil calendar date (no time, no zone), the unit every legal period is counted in.
// Periods in the law run in whole days in Vietnam's civil calendar (UTC+7); converting an
// instant to a Date is the caller's job (see ToVietnamDate). Value type, thread-compatible.

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace civicase::domain {

class Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;
  constexpr explicit Date(std::chrono::sys_days days) : days_(days) {}
  // REQUIRES: a valid calendar date (use Parse for untrusted input).
  constexpr Date(int year, unsigned month, unsigned day)
      : days_(std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{day}}) {}

  // Parses "YYYY-MM-DD"; nullopt when malformed or not a real date (2026-02-30).
  static std::optional<Date> Parse(std::string_view text);
  // Days since 1970-01-01 (negative before).
  static constexpr Date FromDayNumber(int64_t n) {
    return Date(std::chrono::sys_days{std::chrono::days{n}});
  }

  constexpr int64_t DayNumber() const { return days_.time_since_epoch().count(); }
  constexpr std::chrono::sys_days sys_days() const { return days_; }
  constexpr std::chrono::year_month_day ymd() const { return std::chrono::year_month_day{days_}; }
  constexpr int year() const { return static_cast<int>(ymd().year()); }
  constexpr unsigned month() const { return static_cast<unsigned>(ymd().month()); }
  constexpr unsigned day() const { return static_cast<unsigned>(ymd().day()); }
  // 0 = Sunday ... 6 = Saturday.
  constexpr unsigned weekday() const { return std::chrono::weekday{days_}.c_encoding(); }
  constexpr bool IsWeekend() const { return weekday() == 0 || weekday() == 6; }

  constexpr Date AddDays(int64_t n) const { return Date(days_ + std::chrono::days{n}); }
  constexpr Date NextDay() const { return AddDays(1); }
  // Calendar days from this to other (other - this).
  constexpr int64_t DaysUntil(Date other) const { return other.DayNumber() - DayNumber(); }

  // "YYYY-MM-DD".
  std::string ToString() const;
  // "Mon", "Tue", ...
  std::string_view WeekdayName() const;

  friend constexpr auto operator<=>(const Date&, const Date&) = default;

 private:
  std::chrono::sys_days days_{};
};

// The civil date in Vietnam (UTC+7) at a Unix time in seconds.
constexpr Date ToVietnamDate(int64_t unix_seconds) {
  constexpr int64_t kUtcPlus7 = 7 * 3600;
  int64_t s = unix_seconds + kUtcPlus7;
  int64_t d = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  return Date::FromDayNumber(d);
}

}  // namespace civicase::domain
