// Folding text for matching: case, width and quote variants, without a Unicode database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

/// The case-folded form of one code point: Latin (with Latin-1 and Extended-A), Greek (final sigma
/// included), Cyrillic and Armenian to lower case; fullwidth ASCII forms to ASCII; dotted capital I and
/// dotless i to "i"; curly quotes, primes and apostrophes to ' and "; the mathematical bold, italic, sans-serif,
/// ... letters and digits (U+1D400-U+1D7FF) to ASCII. Other code points are unchanged.
uint32_t fold_code_point(uint32_t cp);

/// Appends the folded form of UTF-8 `text` to `out` (German sharp s becomes "ss"). Bytes that are not
/// valid UTF-8 are kept as they are.
void fold_text(std::string_view text, std::string& out);

/// True for code points that are part of words: letters, digits, combining marks; false for spaces,
/// punctuation, symbols and emoji.
bool is_word_code_point(uint32_t cp);

/// True for scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, ...).
bool is_unspaced_script(uint32_t cp);

/// Splits folded text into words: runs of word code points, with an apostrophe between two word code
/// points kept inside ("don't"). The views point into `folded`.
void split_words(std::string_view folded, std::vector<std::string_view>& words);

/// Decodes one UTF-8 code point at `i`, advancing `i`; an invalid byte decodes as itself (cp < 0x100).
uint32_t next_code_point(std::string_view s, size_t& i);

/// Whether `part` occurs in `text` (as std::string_view::find would say, eight positions at a time: most
/// posts lack a phrase's longest word, and that is what the query matcher asks first).
bool contains(std::string_view text, std::string_view part);

/// Adds to `out` every #tag (or @handle) of a text: the marker after a non-word character, then word
/// characters (letters, digits, underscore; handles also '.' inside, as other platforms allow). A hashtag of
/// digits only ("#1") is not one. For formats whose posts carry no tag list of their own.
void tagged_words(std::string_view text, char marker, std::vector<std::string>& out);

/// True when `a` and `b` fold to the same key.
bool same_key(std::string_view a, std::string_view b);

}  // namespace chorus
