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
