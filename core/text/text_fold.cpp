#include "text_fold.h"

#include <algorithm>
#include <cstring>

#include "text/simd16.h"
#include "text/swar.h"

namespace chorus {

uint32_t next_code_point(std::string_view s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  size_t n = b0 >= 0xF0 && b0 < 0xF5 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 && b0 < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) {
    ++i;
    return b0;
  }
  uint32_t cp = b0 & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return b0;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += n;
  return cp;
}

namespace {

/// Writes `cp` as UTF-8 at `out` and returns the position after it.
char* put_utf8(uint32_t cp, char* out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

bool in(uint32_t cp, uint32_t lo, uint32_t hi) {
  return cp >= lo && cp <= hi;
}

}  // namespace

uint32_t fold_code_point(uint32_t cp) {
  if (cp < 0x80) return in(cp, 'A', 'Z') ? cp + 32 : cp;
  if (in(cp, 0xFF01, 0xFF5E)) return fold_code_point(cp - 0xFF01 + 0x21);  // fullwidth ASCII
  if (cp == 0x3000) return ' ';                                            // ideographic space
  // Mathematical Alphanumeric Symbols, used for bold and italic where a platform has no formatting (LinkedIn):
  // thirteen alphabets of A-Z a-z, then five sets of digits.
  if (in(cp, 0x1D400, 0x1D6A3)) return 'a' + (cp - 0x1D400) % 52 % 26;
  if (in(cp, 0x1D7CE, 0x1D7FF)) return '0' + (cp - 0x1D7CE) % 10;
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x00B4:
    case 0x0060:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      return '"';
    case 0x0130:
    case 0x0131:
      return 'i';  // Turkish dotted capital I and dotless i: both match "i"
    case 0x017F:
      return 's';  // long s
    case 0x00B5:
      return 0x03BC;  // micro sign -> mu
    case 0x03C2:
      return 0x03C3;  // final sigma -> sigma
    case 0x1E9E:
      return 0x00DF;  // capital sharp s
    case 0x0178:
      return 0x00FF;  // Y with diaeresis
    default:
      break;
  }
  if (in(cp, 0xC0, 0xDE) && cp != 0xD7) return cp + 32;  // Latin-1
  if (in(cp, 0x100, 0x17F)) {                            // Latin Extended-A
    const bool odd_lower = in(cp, 0x139, 0x148) || in(cp, 0x179, 0x17E);
    if (cp == 0x138 || cp == 0x149) return cp;
    if (odd_lower) return cp % 2 == 1 ? cp + 1 : cp;
    return cp % 2 == 0 ? cp + 1 : cp;
  }
  if (in(cp, 0x391, 0x3A9) && cp != 0x3A2) return cp + 32;  // Greek capitals
  switch (cp) {
    case 0x386:
      return 0x3AC;
    case 0x388:
      return 0x3AD;
    case 0x389:
      return 0x3AE;
    case 0x38A:
      return 0x3AF;
    case 0x38C:
      return 0x3CC;
    case 0x38E:
      return 0x3CD;
    case 0x38F:
      return 0x3CE;
    default:
      break;
  }
  if (in(cp, 0x410, 0x42F)) return cp + 32;  // Cyrillic
  if (in(cp, 0x400, 0x40F)) return cp + 80;
  if (in(cp, 0x460, 0x4FF) && cp % 2 == 0 && !in(cp, 0x482, 0x489)) return cp + 1;
  if (in(cp, 0x531, 0x556)) return cp + 48;                  // Armenian
  if (in(cp, 0x1E00, 0x1EFF) && cp % 2 == 0) return cp + 1;  // Latin Extended Additional
  return cp;
}

void fold_text(std::string_view text, std::string& out) {
  // Folding never lengthens text: each code point's folded form takes at most as many bytes as the code point
  // did (a test checks every code point), "ss" replaces two or three bytes, and a byte that is not UTF-8 stays
  // one byte. So the text's size, and 16 bytes of slack for the wide stores, is room enough.
  const size_t start = out.size();
  out.resize(start + text.size() + 16);
  char* o = out.data() + start;
  for (size_t i = 0; i < text.size();) {
#ifdef CHORUS_SIMD16
    if (i + 16 <= text.size()) {
      const simd16::bytes v = simd16::load(text.data() + i);
      if (simd16::non_ascii(v) == 0) {
        simd16::store(o, simd16::lower_ascii(v));
        o += 16;
        i += 16;
        continue;
      }
    }
#endif
    // Most text is ASCII: eight bytes at a time, upper case lowered in the word (no byte carries into the
    // next: each is below 0x80, and 0x7F + 0x3F < 0x100).
    if (i + 8 <= text.size()) {
      uint64_t v = swar::load64(text.data() + i);
      if (swar::all_ascii(v)) {
        const uint64_t at_least_a = v + 0x3F3F3F3F3F3F3F3Full;  // high bit set where byte >= 'A'
        const uint64_t above_z = v + 0x2525252525252525ull;     // high bit set where byte > 'Z'
        v |= ((at_least_a & ~above_z) & swar::HIGHS) >> 2;
        std::memcpy(o, &v, sizeof v);
        o += 8;
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      const auto byte = static_cast<unsigned char>(text[i++]);
      *o++ = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte);
      continue;
    }
    const size_t at = i;
    const uint32_t cp = next_code_point(text, i);
    if (cp < 0x80) {
      *o++ = static_cast<char>(in(cp, 'A', 'Z') ? cp + 32 : cp);
    } else if (i - at == 1) {
      *o++ = text[at];  // an invalid byte stays as it is
    } else if (cp == 0xDF || cp == 0x1E9E) {
      *o++ = 's';
      *o++ = 's';
    } else {
      o = put_utf8(fold_code_point(cp), o);
    }
  }
  out.resize(static_cast<size_t>(o - out.data()));
}

bool contains(std::string_view text, std::string_view part) {
  if (part.size() < 2) return text.find(part) != std::string_view::npos;
  if (text.size() < part.size()) return false;
  const size_t last = text.size() - part.size();  // the last position where `part` can start
  const auto first = static_cast<uint8_t>(part[0]);
  const auto second = static_cast<uint8_t>(part[1]);
  size_t i = 0;
#ifdef CHORUS_SIMD16
  // Positions i..i+15 where the first two bytes match, as below.
  for (; i + 17 <= text.size() && i <= last; i += 16) {
    const uint32_t a = simd16::mask_of(simd16::load(text.data() + i), first);
    for (uint32_t m = a & simd16::mask_of(simd16::load(text.data() + i + 1), second); m != 0; m &= m - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(m));
      if (at <= last && std::memcmp(text.data() + at, part.data(), part.size()) == 0) return true;
    }
  }
#endif
  // Positions i..i+7 where the first two bytes match; a candidate is then compared whole (the masks may
  // mark a byte wrongly after a real match, never miss one).
  for (; i + 9 <= text.size() && i <= last; i += 8) {
    const uint64_t a = swar::load64(text.data() + i);
    const uint64_t b = swar::load64(text.data() + i + 1);
    for (uint64_t m = swar::has_byte(a, first) & swar::has_byte(b, second); m != 0; m &= m - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctzll(m) >> 3);
      if (at <= last && std::memcmp(text.data() + at, part.data(), part.size()) == 0) return true;
    }
  }
  for (; i <= last; ++i) {
    if (text[i] == part[0] && std::memcmp(text.data() + i, part.data(), part.size()) == 0) return true;
  }
  return false;
}

bool is_unspaced_script(uint32_t cp) {
  return in(cp, 0x3040, 0x30FF) ||    // Hiragana, Katakana
         in(cp, 0x3400, 0x4DBF) ||    // CJK Extension A
         in(cp, 0x4E00, 0x9FFF) ||    // CJK Unified Ideographs
         in(cp, 0xF900, 0xFAFF) ||    // CJK Compatibility Ideographs
         in(cp, 0x20000, 0x2FA1F) ||  // CJK Extensions B and later
         in(cp, 0x0E00, 0x0EFF) ||    // Thai, Lao
         in(cp, 0x1000, 0x109F) ||    // Myanmar
         in(cp, 0x1780, 0x17FF) ||    // Khmer
         in(cp, 0xFF66, 0xFF9F);      // halfwidth Katakana
}

bool is_word_code_point(uint32_t cp) {
  if (cp < 0x80) return in(cp, '0', '9') || in(cp, 'a', 'z') || in(cp, 'A', 'Z') || cp == '_';
  if (in(cp, 0x80, 0xBF)) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // Latin-1 punctuation and symbols
  if (cp == 0xD7 || cp == 0xF7) return false;                             // multiplication and division signs
  if (in(cp, 0x2000, 0x206F)) return false;                               // general punctuation, ZWJ, ZWSP
  if (in(cp, 0x20A0, 0x2BFF)) return false;                               // symbols, arrows, dingbats
  if (in(cp, 0x3000, 0x303F)) return false;                               // CJK symbols and punctuation
  if (in(cp, 0xFE00, 0xFE0F)) return false;                               // variation selectors
  if (in(cp, 0xFE30, 0xFE6F)) return false;                               // CJK compatibility punctuation
  if (in(cp, 0xFF00, 0xFF0F) || in(cp, 0xFF1A, 0xFF20) || in(cp, 0xFF3B, 0xFF40) || in(cp, 0xFF5B, 0xFF65)) {
    return false;  // fullwidth punctuation
  }
  if (in(cp, 0x1F000, 0x1FAFF)) return false;  // emoji and pictographs
  if (in(cp, 0xE0000, 0xE007F)) return false;  // tags (flag sequences)
  return true;
}

void split_words(std::string_view folded, std::vector<std::string_view>& words) {
  words.clear();
  size_t i = 0;
  size_t start = std::string_view::npos;
  while (i < folded.size()) {
    const size_t at = i;
    const auto byte = static_cast<unsigned char>(folded[i]);
    const uint32_t cp = byte < 0x80 ? (++i, byte) : next_code_point(folded, i);
    if (is_word_code_point(cp)) {
      if (start == std::string_view::npos) start = at;
      continue;
    }
    if (cp == '\'' && start != std::string_view::npos && i < folded.size()) {
      size_t peek = i;
      if (is_word_code_point(next_code_point(folded, peek))) continue;  // an apostrophe inside a word
    }
    if (start != std::string_view::npos) words.push_back(folded.substr(start, at - start));
    start = std::string_view::npos;
  }
  if (start != std::string_view::npos) words.push_back(folded.substr(start));
}

bool same_key(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const auto ascii = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  if (ascii(a) && ascii(b)) {  // the common case, without allocating
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      char x = a[i], y = b[i];
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
      if (x != y) return false;
    }
    return true;
  }
  std::string fa, fb;
  fold_text(a, fa);
  fold_text(b, fb);
  return fa == fb;
}

void tagged_words(std::string_view text, char marker, std::vector<std::string>& out) {
  for (size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at + 1)) {
    if (at > 0) {
      // The code point before the marker: a word character (or '&' of an entity) makes it no tag.
      size_t back = at - 1;
      while (back > 0 && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
      size_t k = back;
      const uint32_t before = next_code_point(text, k);
      if (is_word_code_point(before) || before == '_' || before == '&') continue;
    }
    size_t j = at + 1, end = at + 1;
    while (j < text.size()) {
      size_t k = j;
      const uint32_t w = next_code_point(text, k);
      if (!(is_word_code_point(w) || w == '_' || (marker == '@' && w == '.' && k < text.size()))) break;
      j = k;
      if (w != '.') end = j;
    }
    if (end == at + 1) continue;
    const std::string_view word = text.substr(at + 1, end - at - 1);
    const bool digits_only = std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!(marker == '#' && digits_only)) out.emplace_back(word);
    at = end - 1;
  }
}

}  // namespace chorus
