// Small text helpers the engine and the formats share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus {

/// JSON's whitespace: space, tab, newline, carriage return.
constexpr bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/// `s` without the whitespace at either end.
constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// The last part of a path ("outbox.json" of "archive/outbox.json"), with / or \\ between parts.
constexpr std::string_view base_name(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// Quotes a short piece of the input for a message: at most `max` bytes, control bytes replaced by '.'.
inline std::string excerpt(std::string_view s, size_t max = 40) {
  std::string out;
  for (size_t i = 0; i < s.size() && out.size() < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out += (c < 0x20 || c == 0x7f) ? '.' : static_cast<char>(c);
  }
  if (s.size() > max) out += "...";
  return out;
}

/// `s` with each invalid UTF-8 sequence replaced by U+FFFD (EF BF BD), one per maximal invalid subpart as
/// Unicode recommends (an overlong, a surrogate, a code point past U+10FFFF or a cut sequence each).
inline std::string repair_utf8(std::string_view s) {
  static constexpr char REPLACEMENT[] = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size() + 16);
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = b[i];
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // The sequence's length and the range its second byte must fall in (excluding overlongs and surrogates).
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    size_t good = len == 0 ? 0 : 1;  // bytes of a valid prefix so far
    while (good > 0 && good < len && i + good < s.size()) {
      const unsigned char next = b[i + good];
      if (next < (good == 1 ? lo : 0x80) || next > (good == 1 ? hi : 0xBF)) break;
      ++good;
    }
    if (len > 0 && good == len) {
      out.append(s.substr(i, len));
    } else {
      out += REPLACEMENT;
    }
    i += good == 0 ? 1 : good;
  }
  return out;
}

/// `n` with thousands separators: 1234567 -> "1,234,567".
inline std::string with_commas(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace chorus
