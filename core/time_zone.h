// UTC offsets of a time zone as a list of transitions. The core ships no zone database: the page builds
// the list from the browser's Intl, the CLI from the system's TZif files (parsed here from their bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

/// A time zone's offsets: from starts[i] (UTC ms) on, local time is UTC plus offsets[i] minutes.
struct zone_rules {
  std::string name = "UTC";
  std::vector<int64_t> starts;   ///< ascending; before the first, offsets[0] applies
  std::vector<int32_t> offsets;  ///< minutes east of UTC

  /// The offset in minutes at a UTC instant (0 when there are no rules).
  int32_t offset_at(int64_t utc_ms) const;
  /// The UTC instant of a wall-clock time in this zone (ms as if UTC): for exports that write times without a
  /// zone. In a gap or an overlap of a transition, the offset before it.
  int64_t utc_of_local(int64_t local_ms) const;
};

/// Reads a TZif file (version 2 or later, as in /usr/share/zoneinfo). Times after the file's last
/// transition keep its last offset (Debian's files list transitions up to 2037).
bool parse_tzif(std::string_view bytes, std::string name, zone_rules& rules, std::string& error);

/// Reads "start offset start offset ..." (UTC ms and minutes, ascending), as the page sends them.
bool parse_transitions(std::string_view text, std::string name, zone_rules& rules, std::string& error);

}  // namespace chorus
