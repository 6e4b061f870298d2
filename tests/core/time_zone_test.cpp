#include "time_zone.h"

#include <doctest/doctest.h>

#include "aggregator.h"
#include "test_support.h"
#include "time_parse.h"

using namespace chorus;

namespace {

constexpr const char* ZONEINFO = "/usr/share/zoneinfo/";

zone_rules system_zone(const std::string& name) {
  zone_rules zone;
  std::string error;
  REQUIRE_MESSAGE(parse_tzif(test::read_file(ZONEINFO + name), name, zone, error), error);
  return zone;
}

int32_t offset(const zone_rules& zone, const char* when) {
  return zone.offset_at(*parse_timestamp(when));
}

}  // namespace

TEST_CASE("TZif rules give the offsets around daylight-saving changes" * doctest::skip(!test::exists(ZONEINFO))) {
  SUBCASE("America/New_York springs forward at 07:00 UTC on 12 March 2017") {
    const zone_rules zone = system_zone("America/New_York");
    CHECK(offset(zone, "2017-03-12T06:59:59Z") == -300);
    CHECK(offset(zone, "2017-03-12T07:00:00Z") == -240);
    CHECK(offset(zone, "2017-11-05T05:59:59Z") == -240);
    CHECK(offset(zone, "2017-11-05T06:00:00Z") == -300);
  }
  SUBCASE("Asia/Kathmandu is 5:45 ahead") {
    CHECK(offset(system_zone("Asia/Kathmandu"), "2017-10-15T00:00:00Z") == 345);
  }
  SUBCASE("Australia/Lord_Howe moves by 30 minutes") {
    const zone_rules zone = system_zone("Australia/Lord_Howe");
    CHECK(offset(zone, "2018-01-15T00:00:00Z") == 660);
    CHECK(offset(zone, "2018-07-15T00:00:00Z") == 630);
  }
}

TEST_CASE("transitions sent by the page are checked") {
  zone_rules zone;
  std::string error;
  CHECK(parse_transitions("-8640000000000000 60 1490490000000 120", "Europe/Paris", zone, error));
  CHECK(zone.offset_at(0) == 60);
  CHECK(zone.offset_at(1490490000000) == 120);
  CHECK_FALSE(parse_transitions("5 60 4 120", "x", zone, error));  // not ascending
  CHECK_FALSE(parse_transitions("5 6000", "x", zone, error));      // more than a day
  CHECK_FALSE(parse_transitions("5", "x", zone, error));
  CHECK(zone_rules{}.offset_at(123) == 0);
}

TEST_CASE("days and hours are local: a Sunday-night post in New York is not a Monday") {
  zone_rules ny;
  std::string error;
  REQUIRE(parse_transitions("-8640000000000000 -240", "America/New_York", ny, error));
  post p;
  p.id = "1";
  p.time_ms = *parse_timestamp("2017-10-16T03:30:00Z");  // Sunday 15 October, 23:30 in New York
  aggregator local, utc;
  local.add(p, {}, ny.offset_at(p.time_ms));
  utc.add(p);
  CHECK(format_day(local.days().begin()->first) == "2017-10-15");
  CHECK(format_day(utc.days().begin()->first) == "2017-10-16");
  CHECK(local.week_hours[6][23] == 1);  // Sunday, 23:00
  CHECK(utc.week_hours[0][3] == 1);     // Monday, 03:00
}
