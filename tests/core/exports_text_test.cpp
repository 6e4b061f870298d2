#include <doctest/doctest.h>

#include <string>

#include "formats/meta/mojibake.h"
#include "text/text_fold.h"
#include "time_parse.h"
#include "time_zone.h"

using chorus::meta::repair_mojibake;

TEST_CASE("Meta's mojibake is repaired exactly, and text that was right is left alone") {
  std::string out;
  // "Mobiloverførsler 😂" as Meta writes it: each UTF-8 byte a character of its own.
  CHECK(repair_mojibake("Mobiloverf\xC3\x83\xC2\xB8rsler \xC3\xB0\xC2\x9F\xC2\x98\xC2\x82", out));
  CHECK(out == "Mobiloverf\xC3\xB8rsler \xF0\x9F\x98\x82");
  out = "untouched";
  CHECK_FALSE(repair_mojibake("Caf\xC3\xA9", out));          // a real "é": its byte alone is not UTF-8
  CHECK_FALSE(repair_mojibake("plain ASCII", out));          // nothing to repair
  CHECK_FALSE(repair_mojibake("\xE2\x80\x94 dash", out));     // a character past U+00FF: written right
  CHECK_FALSE(repair_mojibake("\xC3\x83\xC2", out));          // cut short
  CHECK(out == "untouched");
}

TEST_CASE("Times without a zone are read in the zone asked for") {
  const auto local = chorus::parse_local_timestamp("2025-07-01 14:33:22");
  REQUIRE(local);
  CHECK(*local == 1751380402000);
  CHECK_FALSE(chorus::parse_local_timestamp("2025-07-01 14:33:22 +0000"));
  CHECK_FALSE(chorus::parse_local_timestamp("N/A"));
  chorus::zone_rules kolkata;
  kolkata.name = "Asia/Kolkata";
  kolkata.starts = {0};
  kolkata.offsets = {330};
  CHECK(kolkata.utc_of_local(*local) == *local - 330 * 60000);
  // Around a daylight-saving change (one hour forward at 01:00 UTC), each side keeps its own offset.
  chorus::zone_rules paris;
  paris.starts = {-1000LL * 3600 * 1000, 1000LL * 3600 * 10};
  paris.offsets = {60, 120};
  CHECK(paris.utc_of_local(0) == -3600000);
  CHECK(paris.utc_of_local(1000LL * 3600 * 20) == 1000LL * 3600 * 18);
}

TEST_CASE("Bold and italic mathematical letters fold to plain ones for queries") {
  std::string folded;
  chorus::fold_text("\xF0\x9D\x97\xAA\xF0\x9D\x97\x9B\xF0\x9D\x97\x94\xF0\x9D\x97\xA7 \xF0\x9D\x9F\xAD", folded);  // 𝗪𝗛𝗔𝗧 𝟭
  CHECK(folded == "what 1");
}
