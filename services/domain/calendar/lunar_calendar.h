#pragma once

// The Vietnamese lunisolar calendar (âm lịch), computed astronomically as in Hồ Ngọc Đức's
// algorithm (new moons and solar terms after Meeus, "Astronomical Algorithms"), with days
// reckoned in Vietnam's time zone, UTC+7. The Chinese calendar is the same computation at
// UTC+8; the two differ in some years (Tết 1985: Vietnam 1985-01-21, China 1985-02-20; Tết
// 2007: 2007-02-17 vs 2007-02-18), which is why the zone is a parameter and defaults to 7.
//
// Used to project Tết and the Hùng Kings' day for years with no official holiday table.
// Accurate for 1900-2199 (the range the algorithm was checked over); the calendar code uses it
// for 2000-2100. Pure functions, thread-safe.

#include "services/domain/date.h"

namespace civicase::domain {

inline constexpr double kVietnamTimeZoneHours = 7.0;

// The solar date of lunar day `day` of lunar month `month` (1-12) of the lunar year that
// begins in solar year `lunar_year`. `leap` selects the intercalary month of that number;
// when the year has no such leap month, returns nullopt. Also nullopt for out-of-range input.
std::optional<Date> LunarToSolar(int day, int month, int lunar_year, bool leap = false,
                                 double time_zone_hours = kVietnamTimeZoneHours);

// Mùng 1 Tết: the first day of the lunar year that begins in `year` (always in Jan or Feb).
// REQUIRES: 1900 <= year <= 2199.
Date LunarNewYear(int year, double time_zone_hours = kVietnamTimeZoneHours);

// Giỗ Tổ Hùng Vương: 10th day of the 3rd (non-leap) lunar month of `year`.
// REQUIRES: 1900 <= year <= 2199.
Date HungKingsDay(int year);

// A solar date as a lunar date.
struct LunarDate {
  int day = 0;
  int month = 0;
  int year = 0;  // the solar year in which this lunar year began
  bool leap = false;
};
LunarDate SolarToLunar(Date date, double time_zone_hours = kVietnamTimeZoneHours);

}  // namespace civicase::domain
