#include "time_zone.h"

#include <algorithm>
#include <charconv>

namespace chorus {

int32_t zone_rules::offset_at(int64_t utc_ms) const {
  if (offsets.empty()) return 0;
  const auto it = std::upper_bound(starts.begin(), starts.end(), utc_ms);
  return it == starts.begin() ? offsets.front() : offsets[static_cast<size_t>(it - starts.begin() - 1)];
}

namespace {

int64_t be(std::string_view b, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

}  // namespace

bool parse_tzif(std::string_view b, std::string name, zone_rules& rules, std::string& error) {
  auto header = [&](size_t at, int64_t counts[6]) {
    if (at + 44 > b.size() || b.substr(at, 4) != "TZif") return false;
    for (int i = 0; i < 6; ++i) counts[i] = be(b, at + 20 + 4 * static_cast<size_t>(i), 4);
    return true;
  };
  int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(0, c) || b[4] < '2') {
    error = "not a TZif file of version 2 or later";
    return false;
  }
  const size_t v1 = 44 + static_cast<size_t>(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
  if (!header(v1, c)) {
    error = "the TZif file is cut off";
    return false;
  }
  const size_t times = v1 + 44, types = times + static_cast<size_t>(c[3]) * 8;
  const size_t infos = types + static_cast<size_t>(c[3]);
  if (infos + static_cast<size_t>(c[4]) * 6 > b.size() || c[4] == 0) {
    error = "the TZif file is cut off";
    return false;
  }
  auto offset_of = [&](size_t type) { return static_cast<int32_t>(be(b, infos + type * 6, 4) / 60); };
  zone_rules out;
  out.name = std::move(name);
  // Before the first transition: the first non-DST type (RFC 8536 3.2), or type 0.
  size_t initial = 0;
  for (size_t t = 0; t < static_cast<size_t>(c[4]); ++t) {
    if (b[infos + t * 6 + 4] == 0) {
      initial = t;
      break;
    }
  }
  out.starts.push_back(INT64_MIN);
  out.offsets.push_back(offset_of(initial));
  for (size_t i = 0; i < static_cast<size_t>(c[3]); ++i) {
    const size_t type = static_cast<unsigned char>(b[types + i]);
    if (type >= static_cast<size_t>(c[4])) {
      error = "the TZif file names a type it does not define";
      return false;
    }
    out.starts.push_back(be(b, times + i * 8, 8) * 1000);
    out.offsets.push_back(offset_of(type));
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

}  // namespace chorus
