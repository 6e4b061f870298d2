// Meta's mojibake: its exports write the UTF-8 bytes of every string as \u00XX escapes, one per byte, so that a
// JSON reader sees "Ã©" for "é" and "ð\u009f\u0098\u0082" for "😂" (../shared/FORMATS.md P7).
#pragma once

#include <string>
#include <string_view>

namespace chorus::meta {

/// When `text` (valid UTF-8) is such a string, its repaired form in `out` and true: every code point is below
/// U+0100, at least one is above U+007F, and the bytes they stand for are valid UTF-8 of at least one character
/// beyond ASCII. Otherwise false and `out` untouched: text that was right ("café" with a real "é", anything past
/// U+00FF, plain ASCII) is never changed.
bool repair_mojibake(std::string_view text, std::string& out);

}  // namespace chorus::meta
