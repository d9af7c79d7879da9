#include "services/domain/calendar/lunar_calendar.h"

#include <cmath>
#include <numbers>

namespace civicase::domain {
namespace {

// Julian day number of 1970-01-01, the epoch of Date::DayNumber().
constexpr int64_t kUnixEpochJdn = 2440588;
// Mean synodic month and the Julian date of the new moon of 1900-01-01 (k = 0).
constexpr double kSynodicMonth = 29.530588853;
constexpr double kNewMoon1900 = 2415021.076998695;

int64_t Floor(double x) { return static_cast<int64_t>(std::floor(x)); }
int64_t Jdn(Date d) { return d.DayNumber() + kUnixEpochJdn; }
Date FromJdn(int64_t jdn) { return Date::FromDayNumber(jdn - kUnixEpochJdn); }

// Julian date (UT) of the k-th new moon after 1900-01-01 (Meeus ch. 49, reduced terms).
double NewMoon(int64_t k) {
  const double t = static_cast<double>(k) / 1236.85;
  const double t2 = t * t;
  const double t3 = t2 * t;
  constexpr double dr = std::numbers::pi / 180;
  double jd1 =
      2415020.75933 + 29.53058868 * static_cast<double>(k) + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m =
      359.2242 + 29.10535608 * static_cast<double>(k) - 0.0000333 * t2 - 0.00000347 * t3;
  const double mpr =
      306.0253 + 385.81691806 * static_cast<double>(k) + 0.0107306 * t2 + 0.00001236 * t3;
  const double f =
      21.2964 + 390.67050646 * static_cast<double>(k) - 0.0016528 * t2 - 0.00000239 * t3;
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
  c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) + 0.0004 * std::sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) - 0.0006 * std::sin(dr * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) + 0.0005 * std::sin(dr * (2 * mpr + m));
  const double delta_t =
      t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
              : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd1 + c1 - delta_t;
}

// The local day (JDN) on which the k-th new moon falls.
int64_t NewMoonDay(int64_t k, double tz) { return Floor(NewMoon(k) + 0.5 + tz / 24); }

// The sun's apparent longitude at local midnight starting day `jdn`, as the index (0-11) of
// the 30-degree sector it lies in; sector 9 contains the winter solstice (270 degrees).
int SunLongitudeSector(int64_t jdn, double tz) {
  const double t = (static_cast<double>(jdn) - 0.5 - tz / 24 - 2451545.0) / 36525;
  const double t2 = t * t;
  constexpr double dr = std::numbers::pi / 180;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl += (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) + 0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l -= 2 * std::numbers::pi * std::floor(l / (2 * std::numbers::pi));
  return static_cast<int>(Floor(l / std::numbers::pi * 6));
}

// The first day of lunar month 11 (the month containing the winter solstice) of solar `year`.
int64_t LunarMonth11(int year, double tz) {
  const int64_t off = Jdn(Date(year, 12, 31)) - 2415021;
  const int64_t k = Floor(static_cast<double>(off) / kSynodicMonth);
  int64_t nm = NewMoonDay(k, tz);
  if (SunLongitudeSector(nm, tz) >= 9) nm = NewMoonDay(k - 1, tz);
  return nm;
}

// In a 13-month year starting at month 11 `a11`, the offset (from a11) of the leap month: the
// first month with no major solar term.
int LeapMonthOffset(int64_t a11, double tz) {
  const int64_t k = Floor((static_cast<double>(a11) - kNewMoon1900) / kSynodicMonth + 0.5);
  int i = 1;
  int arc = SunLongitudeSector(NewMoonDay(k + i, tz), tz);
  int last = 0;
  do {
    last = arc;
    ++i;
    arc = SunLongitudeSector(NewMoonDay(k + i, tz), tz);
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

std::optional<Date> LunarToSolar(int day, int month, int lunar_year, bool leap,
                                 double time_zone_hours) {
  if (month < 1 || month > 12 || day < 1 || day > 30 || lunar_year < 1800 || lunar_year > 2299) {
    return std::nullopt;
  }
  const double tz = time_zone_hours;
  int64_t a11 = 0;
  int64_t b11 = 0;
  if (month < 11) {
    a11 = LunarMonth11(lunar_year - 1, tz);
    b11 = LunarMonth11(lunar_year, tz);
  } else {
    a11 = LunarMonth11(lunar_year, tz);
    b11 = LunarMonth11(lunar_year + 1, tz);
  }
  const int64_t k = Floor(0.5 + (static_cast<double>(a11) - kNewMoon1900) / kSynodicMonth);
  int off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const int leap_off = LeapMonthOffset(a11, tz);
    int leap_month = leap_off - 2;
    if (leap_month < 0) leap_month += 12;
    if (leap && month != leap_month) return std::nullopt;
    if (leap || off >= leap_off) off += 1;
  } else if (leap) {
    return std::nullopt;
  }
  const int64_t month_start = NewMoonDay(k + off, tz);
  return FromJdn(month_start + day - 1);
}

Date LunarNewYear(int year, double time_zone_hours) {
  return *LunarToSolar(1, 1, year, false, time_zone_hours);
}

Date HungKingsDay(int year) { return *LunarToSolar(10, 3, year); }

LunarDate SolarToLunar(Date date, double time_zone_hours) {
  const double tz = time_zone_hours;
  const int64_t day_number = Jdn(date);
  const int64_t k = Floor((static_cast<double>(day_number) - kNewMoon1900) / kSynodicMonth);
  int64_t month_start = NewMoonDay(k + 1, tz);
  if (month_start > day_number) month_start = NewMoonDay(k, tz);
  const int yy = date.year();
  int64_t a11 = LunarMonth11(yy, tz);
  int64_t b11 = a11;
  LunarDate out;
  if (a11 >= month_start) {
    out.year = yy;
    a11 = LunarMonth11(yy - 1, tz);
  } else {
    out.year = yy + 1;
    b11 = LunarMonth11(yy + 1, tz);
  }
  out.day = static_cast<int>(day_number - month_start + 1);
  const int diff = static_cast<int>(Floor(static_cast<double>(month_start - a11) / 29));
  out.month = diff + 11;
  if (b11 - a11 > 365) {
    const int leap_diff = LeapMonthOffset(a11, tz);
    if (diff >= leap_diff) {
      out.month = diff + 10;
      out.leap = diff == leap_diff;
    }
  }
  if (out.month > 12) out.month -= 12;
  if (out.month >= 11 && diff < 4) out.year -= 1;
  return out;
}

}  // namespace civicase::domain
