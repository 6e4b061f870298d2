#include "time_parse.h"

#include <array>
#include <cstdio>

namespace chorus {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm (public domain), valid for the proleptic Gregorian calendar.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

struct civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : DAYS[m - 1];
}

/// A small cursor over the text; every read reports success.
struct cursor {
  std::string_view s;
  size_t i = 0;

  bool done() const { return i >= s.size(); }
  bool eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void skip_spaces() {
    while (i < s.size() && s[i] == ' ') ++i;
  }
  bool digits(size_t n, int64_t& out) {
    if (i + n > s.size()) return false;
    int64_t v = 0;
    for (size_t k = 0; k < n; ++k) {
      const char c = s[i + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i += n;
    out = v;
    return true;
  }
};

int month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> NAMES = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t k = 0; k < NAMES.size(); ++k) {
    if (NAMES[k] == name) return static_cast<int>(k) + 1;
  }
  return 0;
}

bool parse_clock(cursor& c, int64_t& h, int64_t& mi, int64_t& se) {
  return c.digits(2, h) && c.eat(':') && c.digits(2, mi) && c.eat(':') && c.digits(2, se);
}

/// "+0000", "+00:00", "Z" or "UTC" -> offset in minutes east of UTC.
bool parse_offset(cursor& c, int64_t& minutes) {
  if (c.eat('Z')) {
    minutes = 0;
    return true;
  }
  if (c.s.substr(c.i, 3) == "UTC" || c.s.substr(c.i, 3) == "GMT") {
    c.i += 3;
    minutes = 0;
    return true;
  }
  int sign = 0;
  if (c.eat('+'))
    sign = 1;
  else if (c.eat('-'))
    sign = -1;
  else
    return false;
  int64_t hh = 0, mm = 0;
  if (!c.digits(2, hh)) return false;
  c.eat(':');
  if (!c.digits(2, mm)) return false;
  if (hh > 23 || mm > 59) return false;
  minutes = sign * (hh * 60 + mm);
  return true;
}

std::optional<int64_t> assemble(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t se, int64_t ms,
                                int64_t offset_minutes) {
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1) return std::nullopt;
  if (d > days_in_month(y, static_cast<unsigned>(mo))) return std::nullopt;
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  const int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset_minutes * 60;
  return secs * 1000 + ms;
}

/// "Sun Oct 15 20:21:59 +0000 2017"
std::optional<int64_t> parse_twitter_style(std::string_view s) {
  cursor c{s};
  if (s.size() < 26) return std::nullopt;
  c.i = 3;  // weekday name, not checked against the date
  if (!c.eat(' ')) return std::nullopt;
  const int mo = month_from_name(s.substr(c.i, 3));
  if (mo == 0) return std::nullopt;
  c.i += 3;
  c.skip_spaces();
  int64_t d = 0, h = 0, mi = 0, se = 0, off = 0, y = 0;
  if (!c.digits(2, d)) return std::nullopt;
  c.skip_spaces();
  if (!parse_clock(c, h, mi, se)) return std::nullopt;
  c.skip_spaces();
  if (!parse_offset(c, off)) return std::nullopt;
  c.skip_spaces();
  if (!c.digits(4, y) || !c.done()) return std::nullopt;
  return assemble(y, mo, d, h, mi, se, 0, off);
}

/// "2013-01-31 20:17:41 +0000", "2021-05-18T19:24:56.000Z", "2023-06-01T12:34:56+00:00"
std::optional<int64_t> parse_iso_style(std::string_view s) {
  cursor c{s};
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, ms = 0, off = 0;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d)) return std::nullopt;
  if (!c.eat('T') && !c.eat(' ')) return std::nullopt;
  if (!parse_clock(c, h, mi, se)) return std::nullopt;
  if (c.eat('.')) {
    size_t n = 0;
    int64_t frac = 0;
    while (!c.done() && c.s[c.i] >= '0' && c.s[c.i] <= '9') {
      if (n < 3) frac = frac * 10 + (c.s[c.i] - '0');
      ++n;
      ++c.i;
    }
    if (n == 0) return std::nullopt;
    for (size_t k = n; k < 3; ++k) frac *= 10;
    ms = frac;
  }
  c.skip_spaces();
  if (!parse_offset(c, off) || !c.done()) return std::nullopt;
  return assemble(y, mo, d, h, mi, se, ms, off);
}

}  // namespace

std::optional<int64_t> parse_local_timestamp(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  cursor c{text};
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d)) return std::nullopt;
  if (!c.eat('T') && !c.eat(' ')) return std::nullopt;
  if (!parse_clock(c, h, mi, se) || !c.done()) return std::nullopt;
  return assemble(y, mo, d, h, mi, se, 0, 0);
}

std::optional<int64_t> parse_timestamp(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (text[0] >= '0' && text[0] <= '9') return parse_iso_style(text);
  return parse_twitter_style(text);
}

std::string format_day(int64_t day) {
  const civil c = civil_from_days(day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

std::string format_iso_utc(int64_t ms) {
  const int64_t day = day_of(ms);
  const int64_t in_day = (ms - day * 86400000) / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", format_day(day).c_str(),
                static_cast<long long>(in_day / 3600), static_cast<long long>(in_day / 60 % 60),
                static_cast<long long>(in_day % 60));
  return buf;
}

}  // namespace chorus
