// The Chorus version and the summary schema it writes.
#pragma once

namespace chorus {

inline constexpr const char* VERSION = "0.1.0";
/// Identifies the summary format; see docs/summary.md and docs/summary.schema.json.
inline constexpr const char* SUMMARY_SCHEMA = "chorus-summary/2";

}  // namespace chorus
