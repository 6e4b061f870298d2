// Time parsing: timestamps as formats write them, TZif zone files (the CLI's --tz), and the transitions the
// page hands the module.
#include <string>

#include "fuzz_support.h"
#include "time_parse.h"
#include "time_zone.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(raw), size);
  if (const auto ms = chorus::parse_timestamp(data)) (void)chorus::format_iso_utc(*ms);
  chorus::zone_rules zone;
  std::string error;
  if (chorus::parse_tzif(data, "Fuzz/Zone", zone, error)) {
    for (const int64_t at : {int64_t{0}, -chorus::MAX_TIME_MS, chorus::MAX_TIME_MS}) {
      const int32_t offset = zone.offset_at(at);
      chorus::fuzz::require(offset >= -26 * 60 && offset <= 26 * 60);
    }
  }
  (void)chorus::parse_transitions(data, "Fuzz/Zone", zone, error);
  return 0;
}
