// Tolerant timestamp parsing to UTC milliseconds, without any time zone database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chorus {

/// Days since 1970-01-01 for a proleptic Gregorian date.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

/// Parses "Sun Oct 15 20:21:59 +0000 2017", "2013-01-31 20:17:41 +0000",
/// "2021-05-18T19:24:56.000Z" and "2023-06-01T12:34:56+00:00". Returns UTC ms, or nothing.
std::optional<int64_t> parse_timestamp(std::string_view text);

/// Parses a wall-clock time written without a zone, "2025-07-01 14:33:22" (or with a 'T'), as ms as if it
/// were UTC: the caller says which zone it is in (zone_rules::utc_of_local). Nothing for anything else.
std::optional<int64_t> parse_local_timestamp(std::string_view text);

/// Formats UTC ms as "2017-10-15T20:21:59Z".
std::string format_iso_utc(int64_t ms);

/// Formats a day number (days since 1970-01-01) as "2017-10-15".
std::string format_day(int64_t day);

/// The farthest instant from 1970 Chorus takes in (JavaScript's Date range: 100 million days either way). A
/// state from another module is range-checked against it before any day or hour is computed from it.
inline constexpr int64_t MAX_TIME_MS = 8'640'000'000'000'000;
/// Its day number.
inline constexpr int64_t MAX_DAY = 100'000'000;
/// The days a timeline has rows for: local days 1970-01-01 (0) to 2099-12-31 (TIMELINE_END_DAY - 1), at
/// most 47,482 rows whatever the input. Posts dated outside still count in totals and top lists.
inline constexpr int64_t TIMELINE_FIRST_DAY = 0;
inline constexpr int64_t TIMELINE_END_DAY = 47'482;
/// The largest count a state may carry (2^53: exact in JavaScript too).
inline constexpr uint64_t MAX_STATE_COUNT = uint64_t{1} << 53;

/// `a / b` rounded towards minus infinity (b > 0): days, hours and seconds before 1970 are negative.
constexpr int64_t floor_div(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// The UTC day number of a time in ms.
constexpr int64_t day_of(int64_t ms) {
  return floor_div(ms, 86400000);
}

}  // namespace chorus
