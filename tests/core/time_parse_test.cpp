#include "time_parse.h"

#include <doctest/doctest.h>

using chorus::format_day;
using chorus::format_iso_utc;
using chorus::parse_timestamp;

TEST_CASE("the day count starts at 1970-01-01 and handles leap years") {
  CHECK(chorus::days_from_civil(1970, 1, 1) == 0);
  CHECK(chorus::days_from_civil(2000, 3, 1) - chorus::days_from_civil(2000, 2, 28) == 2);
  CHECK(chorus::days_from_civil(1900 + 100, 1, 1) == 10957);
  CHECK(format_day(chorus::days_from_civil(2016, 2, 29)) == "2016-02-29");
}

TEST_CASE("timestamps in every X and Twitter style parse to the same UTC instant") {
  const auto expected = parse_timestamp("Sun Oct 15 20:21:59 +0000 2017");
  REQUIRE(expected.has_value());
  CHECK(format_iso_utc(*expected) == "2017-10-15T20:21:59Z");
  SUBCASE("Grailbird and tweets.csv style") {
    CHECK(parse_timestamp("2017-10-15 20:21:59 +0000") == expected);
  }
  SUBCASE("ISO with milliseconds and Z") {
    CHECK(parse_timestamp("2017-10-15T20:21:59.000Z") == expected);
  }
  SUBCASE("ISO with an offset") {
    CHECK(parse_timestamp("2017-10-15T22:21:59+02:00") == expected);
  }
  SUBCASE("a non-zero offset in Twitter style") {
    CHECK(parse_timestamp("Sun Oct 15 15:21:59 -0500 2017") == expected);
  }
  SUBCASE("Reddit's UTC suffix") {
    CHECK(parse_timestamp("2017-10-15 20:21:59 UTC") == expected);
  }
}

TEST_CASE("milliseconds are kept") {
  const auto t = parse_timestamp("2021-05-18T19:24:56.123Z");
  REQUIRE(t.has_value());
  CHECK(*t % 1000 == 123);
}

TEST_CASE("impossible or malformed dates are rejected, never guessed") {
  CHECK_FALSE(parse_timestamp("").has_value());
  CHECK_FALSE(parse_timestamp("yesterday at noon").has_value());
  CHECK_FALSE(parse_timestamp("Fri Feb 30 10:00:00 +0000 2018").has_value());
  CHECK_FALSE(parse_timestamp("2017-13-01 10:00:00 +0000").has_value());
  CHECK_FALSE(parse_timestamp("2017-10-15 25:00:00 +0000").has_value());
  CHECK_FALSE(parse_timestamp("Sun Foo 15 20:21:59 +0000 2017").has_value());
  CHECK_FALSE(parse_timestamp("2017-10-15T20:21:59").has_value());  // no zone: ambiguous
  CHECK_FALSE(parse_timestamp("Sun Oct 15 20:21:59 +0000 2017 trailing").has_value());
}

TEST_CASE("leap days parse only in leap years") {
  CHECK(parse_timestamp("2016-02-29 12:00:00 +0000").has_value());
  CHECK_FALSE(parse_timestamp("2017-02-29 12:00:00 +0000").has_value());
  CHECK(parse_timestamp("2000-02-29 12:00:00 +0000").has_value());
  CHECK_FALSE(parse_timestamp("1900-02-29 12:00:00 +0000").has_value());
}

TEST_CASE("days before 1970 are floored, not truncated") {
  CHECK(chorus::day_of(-1) == -1);
  CHECK(chorus::day_of(0) == 0);
  CHECK(chorus::day_of(86399999) == 0);
  CHECK(chorus::day_of(86400000) == 1);
}
