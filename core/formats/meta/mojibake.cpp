#include "formats/meta/mojibake.h"

#include "scan/structurals.h"

namespace chorus::meta {

bool repair_mojibake(std::string_view text, std::string& out) {
  std::string bytes;
  bool high = false;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bytes += static_cast<char>(c);
      ++i;
      continue;
    }
    // A code point U+0080..U+00FF is two bytes, C2 or C3 then a continuation byte; anything else is past U+00FF.
    if ((c != 0xC2 && c != 0xC3) || i + 1 >= text.size()) return false;
    const auto next = static_cast<unsigned char>(text[i + 1]);
    bytes += static_cast<char>(((c & 0x03) << 6) | (next & 0x3F));
    high = true;
    i += 2;
  }
  if (!high || !valid_utf8(bytes.data(), bytes.size())) return false;
  out = std::move(bytes);
  return true;
}

}  // namespace chorus::meta
