#include "time_zone.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace chorus {

int32_t zone_rules::offset_at(int64_t utc_ms) const {
  if (offsets.empty()) return 0;
  const auto it = std::upper_bound(starts.begin(), starts.end(), utc_ms);
  return it == starts.begin() ? offsets.front() : offsets[static_cast<size_t>(it - starts.begin() - 1)];
}

namespace {

/// A big-endian unsigned number of `n` bytes at `at` (the caller checked the bounds).
uint64_t be(std::string_view b, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

/// The most seconds a transition may lie from 1970 (about 270,000 years, past any real one, and small enough
/// that milliseconds never overflow); farther ones are clamped to it.
constexpr int64_t MAX_TRANSITION_SECONDS = int64_t{1} << 43;
/// The largest UTC offset accepted, in seconds (real ones stay within 26 hours).
constexpr int64_t MAX_OFFSET_SECONDS = 26 * 3600;

/// The six counts of a TZif header at `at` (isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt), each
/// read as the unsigned 32-bit number it is; false when the header is not there.
bool tzif_header(std::string_view b, uint64_t at, uint64_t counts[6]) {
  if (at > b.size() || b.size() - at < 44 || b.substr(static_cast<size_t>(at), 4) != "TZif") return false;
  for (size_t i = 0; i < 6; ++i) counts[i] = be(b, static_cast<size_t>(at) + 20 + 4 * i, 4);
  return true;
}

}  // namespace

bool parse_tzif(std::string_view b, std::string name, zone_rules& rules, std::string& error) {
  // Every count is at most 2^32 - 1, so the sizes below (at most ~2^36 each) never overflow 64 bits.
  uint64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!tzif_header(b, 0, c) || b[4] < '2') {
    error = "not a TZif file of version 2 or later";
    return false;
  }
  const uint64_t v1 = 44 + c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
  if (!tzif_header(b, v1, c)) {
    error = "the TZif file is cut off";
    return false;
  }
  const uint64_t times = v1 + 44, types = times + c[3] * 8, infos = types + c[3];
  if (c[4] == 0 || c[4] > 256 || infos + c[4] * 6 > b.size()) {
    error = c[4] > 256 ? "the TZif file defines more than 256 local time types" : "the TZif file is cut off";
    return false;
  }
  std::vector<int32_t> type_offsets;  // minutes
  for (uint64_t t = 0; t < c[4]; ++t) {
    const auto seconds = static_cast<int64_t>(static_cast<int32_t>(be(b, static_cast<size_t>(infos + t * 6), 4)));
    if (seconds < -MAX_OFFSET_SECONDS || seconds > MAX_OFFSET_SECONDS) {
      error = "the TZif file gives an offset of more than 26 hours";
      return false;
    }
    type_offsets.push_back(static_cast<int32_t>(seconds / 60));
  }
  zone_rules out;
  out.name = std::move(name);
  // Before the first transition: the first non-DST type (RFC 8536 3.2), or type 0.
  size_t initial = 0;
  for (size_t t = 0; t < type_offsets.size(); ++t) {
    if (b[static_cast<size_t>(infos) + t * 6 + 4] == 0) {
      initial = t;
      break;
    }
  }
  out.starts.push_back(INT64_MIN);
  out.offsets.push_back(type_offsets[initial]);
  for (uint64_t i = 0; i < c[3]; ++i) {
    const size_t type = static_cast<unsigned char>(b[static_cast<size_t>(types + i)]);
    if (type >= type_offsets.size()) {
      error = "the TZif file names a type it does not define";
      return false;
    }
    // Far times (zic writes -2^59 for "the big bang") are brought within range, so that milliseconds fit.
    const int64_t seconds = std::clamp(static_cast<int64_t>(be(b, static_cast<size_t>(times + i * 8), 8)),
                                       -MAX_TRANSITION_SECONDS, MAX_TRANSITION_SECONDS);
    const int64_t ms = seconds * 1000;
    if (ms < out.starts.back()) {
      error = "the TZif file's transitions are not in ascending order";
      return false;
    }
    if (ms == out.starts.back()) {  // two transitions at one (clamped) instant: the later one holds
      out.offsets.back() = type_offsets[type];
      continue;
    }
    out.starts.push_back(ms);
    out.offsets.push_back(type_offsets[type]);
  }
  rules = std::move(out);
  return true;
}

bool parse_transitions(std::string_view text, std::string name, zone_rules& rules, std::string& error) {
  zone_rules out;
  out.name = std::move(name);
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    while (p < end && *p == ' ') ++p;
    if (p >= end) break;
    int64_t start = 0;
    int32_t offset = 0;
    auto r1 = std::from_chars(p, end, start);
    if (r1.ec != std::errc() || r1.ptr >= end || *r1.ptr != ' ') {
      error = "time zone transitions must be pairs of numbers";
      return false;
    }
    auto r2 = std::from_chars(r1.ptr + 1, end, offset);
    if (r2.ec != std::errc() || offset < -24 * 60 || offset > 24 * 60 ||
        (!out.starts.empty() && start <= out.starts.back())) {
      error = "time zone transitions must be ascending, with offsets within a day";
      return false;
    }
    out.starts.push_back(start);
    out.offsets.push_back(offset);
    p = r2.ptr;
  }
  rules = std::move(out);
  return true;
}

int64_t zone_rules::utc_of_local(int64_t local_ms) const {
  const int64_t guess = local_ms - int64_t{offset_at(local_ms)} * 60000;
  return local_ms - int64_t{offset_at(guess)} * 60000;
}

}  // namespace chorus
