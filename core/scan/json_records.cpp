#include "scan/json_records.h"

#include <cstdlib>
#include <utility>

#include "scan/json_fields.h"
#include "scan/structurals.h"
#include "text/text_util.h"
#include "text/simd16.h"
#include "text/swar.h"

namespace chorus {

namespace od = simdjson::ondemand;

/// Says in plain words what a simdjson error means for the user.
std::string json_error_text(simdjson::error_code err) {
  switch (err) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::TRAILING_CONTENT:
      return "missing or extra commas, brackets, braces or quotes";
    case simdjson::UTF8_ERROR:
    case simdjson::UNESCAPED_CHARS:
    case simdjson::UNCLOSED_STRING:
      // One message for the three: which one simdjson names first differs between its implementations (the
      // CLI's SIMD stage 1 and wasm's portable one), and the page and the CLI must say the same.
      return "it holds bytes that are not valid text: invalid UTF-8, a control character inside a text value, or "
             "a quote that is never closed";
    case simdjson::STRING_ERROR:
      return "a text value is broken: a bad escape";
    case simdjson::NUMBER_ERROR:
    case simdjson::BIGINT_ERROR:
      return "a number is malformed";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "a true, false or null value is misspelled";
    case simdjson::DEPTH_ERROR:
      return "it is nested too deeply";
    default:
      return simdjson::error_message(err);
  }
}


namespace {

// Word-at-a-time (SWAR) search for the bytes the element scanner stops at (see swar.h): the lowest mark is
// exact, which is all the scanner reads.
using swar::has_byte;
using swar::has_less;
using swar::HIGHS;
using swar::load64;
using swar::ONES;


/// The first position at or after `i` holding '"' or '\\', or `size`.
inline size_t next_in_string(const char* data, size_t i, size_t size) {
#ifdef CHORUS_SIMD16
  for (; i + 16 <= size; i += 16) {
    if (const uint32_t m = simd16::mask_of(simd16::load(data + i), '"', '\\')) return i + static_cast<size_t>(__builtin_ctz(m));
  }
#endif
  for (; i + 8 <= size; i += 8) {
    const uint64_t v = load64(data + i);
    const uint64_t m = has_byte(v, '"') | has_byte(v, '\\');
    if (m) return i + static_cast<size_t>(__builtin_ctzll(m) >> 3);
  }
  while (i < size && data[i] != '"' && data[i] != '\\') ++i;
  return i;
}

/// The first position at or after `i` holding '"', '{', '}', '[' or ']', or `size`.
inline size_t next_structural(const char* data, size_t i, size_t size) {
#ifdef CHORUS_SIMD16
  for (; i + 16 <= size; i += 16) {
    if (const uint32_t m = simd16::structural_mask(simd16::load(data + i))) return i + static_cast<size_t>(__builtin_ctz(m));
  }
#endif
  for (; i + 8 <= size; i += 8) {
    const uint64_t v = load64(data + i);
    const uint64_t folded = v | (ONES * 0x20);  // '[' -> '{' and ']' -> '}'; nothing else maps to them
    const uint64_t m = has_byte(v, '"') | has_byte(folded, '{') | has_byte(folded, '}');
    if (m) return i + static_cast<size_t>(__builtin_ctzll(m) >> 3);
  }
  while (i < size && data[i] != '"' && data[i] != '{' && data[i] != '}' && data[i] != '[' && data[i] != ']') ++i;
  return i;
}

}  // namespace

namespace {

/// Copies the bytes between two tokens' structural characters (outside strings) without their
/// whitespace: X pretty-prints with two-space indentation, and the whitespace is about 40% of a record,
/// which simdjson's portable stage 1 (the one wasm runs) would otherwise step through byte by byte. A space
/// is kept only where whitespace separated two literals ("1 2" must stay two values, and stay invalid).
/// `literal`: 0 after a structural, ':' or ','; 1 right after a literal's byte; 3 right after 0x1A or 0x0C; 2 after a literal and
/// whitespace. It carries over from one chunk to the next.
inline char* copy_gap(const char* p, const char* end, const char* readable_end, char* out, uint8_t& literal,
                      uint32_t*& index, const char* base, bool& prepared, bool& high, bool keep_all) {
  if (keep_all) {  // the record's strings are no longer the scanner's: nothing is dropped
    for (; p < end; ++p) {
      if (static_cast<unsigned char>(*p) >= 0x80) high = true;
      *out++ = *p;
    }
    literal = 0;
    return out;
  }
  if (end - p == 3 && p[0] == ' ' && p[1] == ':' && p[2] == ' ') {  // between a key and its value
    *index++ = static_cast<uint32_t>(out - base);
    *out++ = ':';
    literal = 0;
    return out;
  }
  while (p < end) {
#ifdef CHORUS_SIMD16
    if (is_space(*p) && readable_end - p >= 16) {  // a line break and its indentation in one step
      const simd16::bytes v = simd16::load(p);
      const auto run = static_cast<size_t>(__builtin_ctz(~simd16::blank_mask(v)));  // bit 16 of ~blank is set: at most 16
      p += std::min(run, static_cast<size_t>(end - p));
      if (literal) literal = 2;
      continue;
    }
#endif
    if (*p == ' ' && readable_end - p >= 8) {       // indentation: a run of spaces in one step
      const uint64_t x = load64(p) ^ (ONES * ' ');  // zero bytes where the spaces are
      const auto run = x == 0 ? size_t{8} : static_cast<size_t>(__builtin_ctzll(x) >> 3);
      p += std::min(run, static_cast<size_t>(end - p));
      if (literal) literal = 2;
      continue;
    }
    const char c = *p++;
    if (is_space(c)) {
      if (literal) literal = 2;
      continue;
    }
    if (c == '\x1A' || c == '\x0C') {
      // simdjson's SIMD stage 1 (the CLI's) makes these structural, as it tests `byte | 0x20` against ':' and ',';
      // its portable one reads them as part of a value. Set apart by spaces in the copy, each is one structural
      // position holding that byte for every stage 1, so that On-Demand meets it (or skips it) alike.
      // Right after a value's byte it stays there too, ending that value as badly as in the file: the portable
      // stage 1 reads it as part of the value, and then finds it again, apart.
      prepared = false;
      if (literal == 1) *out++ = c;
      if (literal) *out++ = ' ';
      *index++ = static_cast<uint32_t>(out - base);
      *out++ = c;
      literal = 3;
      continue;
    }
    const bool is_literal = c != ':' && c != ',';
    // A byte >= 0x80 outside strings is invalid JSON; stage 1 may say so (simdjson's SIMD ones check all
    // UTF-8): let it.
    if (static_cast<unsigned char>(c) >= 0x80) prepared = false, high = true;
    if (is_literal && literal >= 2) *out++ = ' ';
    // ':' and ',' are structural, and so is a literal's first byte (as in simdjson's stage 1).
    if (literal != 1 || !is_literal) *index++ = static_cast<uint32_t>(out - base);
    *out++ = c;
    literal = is_literal ? 1 : 0;
  }
  return out;
}

/// What the bytes inside strings held, as far as simdjson's stage 1 cares: `high` is nonzero when a byte was
/// >= 0x80 (its UTF-8 must be checked), `control` when one was below 0x20 (an error for stage 1 to report).
struct string_bytes {
  uint64_t high = 0;
  uint64_t control = 0;
};

/// Copies data[i..) to `out` up to the first '"' or '\\' (not copied) or `size`, and returns that position.
/// It stores whole words, some bytes past the stop: the room has COPY_SLACK bytes to spare for them.
inline size_t copy_in_string(const char* data, size_t i, size_t size, char*& out, string_bytes& seen) {
#ifdef CHORUS_SIMD16
  for (; i + 16 <= size; i += 16) {
    const simd16::bytes v = simd16::load(data + i);
    simd16::store(out, v);
    const uint32_t m = simd16::mask_of(v, '"', '\\');
    const uint32_t before = m ? (1u << __builtin_ctz(m)) - 1 : 0xFFFFu;
    seen.high |= simd16::non_ascii(v) & before;
    seen.control |= simd16::control_mask(v) & before;
    if (m) {
      const auto k = static_cast<size_t>(__builtin_ctz(m));
      out += k;
      return i + k;
    }
    out += 16;
  }
#endif
  for (; i + 8 <= size; i += 8) {
    const uint64_t v = load64(data + i);
    std::memcpy(out, &v, sizeof v);
    const uint64_t m = has_byte(v, '"') | has_byte(v, '\\');
    if (m) {
      const auto k = static_cast<size_t>(__builtin_ctzll(m) >> 3);
      const uint64_t before = k == 0 ? 0 : ~uint64_t{0} >> (64 - 8 * k);
      seen.high |= v & HIGHS & before;
      seen.control |= has_less(v, 0x20) & before;
      out += k;
      return i + k;
    }
    seen.high |= v & HIGHS;
    seen.control |= has_less(v, 0x20);
    out += 8;
  }
  while (i < size && data[i] != '"' && data[i] != '\\') {
    const auto c = static_cast<unsigned char>(data[i++]);
    seen.high |= c & 0x80;
    seen.control |= c < 0x20;
    *out++ = static_cast<char>(c);
  }
  return i;
}

constexpr size_t COPY_SLACK = 16;

}  // namespace

#ifdef CHORUS_SIMD16
namespace {

/// 64 bytes as bit masks, bit k for byte k: quotes, backslashes and brackets, and for the compact copy
/// (`Copy`) also separators, whitespace, control bytes and bytes >= 0x80.
struct block_masks {
  uint64_t quote = 0, backslash = 0, open = 0, close = 0, separator = 0, blank = 0, control = 0, high = 0;
};

template <bool Copy>
inline block_masks masks64(const char* p) {
  block_masks m;
  for (int k = 0; k < 4; ++k) {
    const simd16::bytes v = simd16::load(p + 16 * k);
    const simd16::bytes folded = simd16::either(v, simd16::splat(0x20));  // '[' -> '{' and ']' -> '}'
    const auto bits = [&](uint32_t mask) { return static_cast<uint64_t>(mask) << (16 * k); };
    m.quote |= bits(simd16::mask_of(v, '"'));
    m.backslash |= bits(simd16::mask_of(v, '\\'));
    m.open |= bits(simd16::mask_of(folded, '{'));
    m.close |= bits(simd16::mask_of(folded, '}'));
    if constexpr (Copy) {
      m.separator |= bits(simd16::mask_of(v, ':', ','));
      m.blank |= bits(simd16::blank_mask(v));
      m.control |= bits(simd16::control_mask(v));
      m.high |= bits(simd16::non_ascii(v));
    }
  }
  return m;
}

/// Follows a 64-byte block's brackets outside strings (bit k for byte k) from `depth`: the position of the
/// bracket that closes the record (and `depth` 0 there), or -1 with `depth` after the block.
inline int record_end(uint64_t open, uint64_t close, int& depth) {
  const int closes = __builtin_popcountll(close);
  if (closes < depth) {  // the record cannot end here: no need to follow them one by one
    depth += __builtin_popcountll(open) - closes;
    return -1;
  }
  for (uint64_t b = open | close; b != 0; b &= b - 1) {
    const int k = __builtin_ctzll(b);
    if (open >> k & 1) {
      ++depth;
    } else if (--depth == 0) {
      return k;
    }
  }
  return -1;
}

/// Bit k set when an odd number of bits 0..k of `x` are set: with quotes, the bytes inside strings.
inline uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace
#endif

// ---------------------------------------------------------------------------------------------

/// The record_context of the record being finished.
struct json_record_reader::context final : record_context {
  explicit context(json_record_reader& reader) : r(reader) {}
  void skip(problem_code code, std::string message, problem_level level) override {
    r.skip_record(code, std::move(message), level);
  }
  void note(problem_level level, problem_code code, std::string message) override {
    r.report(level, code, std::move(message), static_cast<int64_t>(r.stats_.records_read),
             static_cast<int64_t>(r.element_start_));
  }
  void counted() override { ++r.stats_.records_counted; }
  void edit_collapsed() override { ++r.stats_.edits_collapsed; }
  uint64_t number() const override { return r.stats_.records_read; }
  uint64_t offset() const override { return r.element_start_; }
  const std::string& field() const { return field_; }
  const std::string& detail() const { return detail_; }
  void mark_repaired() { utf8_repaired_ = true; }
  json_record_reader& r;
};

json_record_reader::json_record_reader(std::string file_name, post_sink& sink, record_mapper& mapper, framing how,
                                       record_copy copy, std::string member)
    : name_(std::move(file_name)),
      sink_(sink),
      mapper_(mapper),
      framing_(how),
      copy_(copy),
      member_(std::move(member)),
      parser_(std::make_unique<od::parser>()) {
  stats_.name = name_;
  if (copy_ == record_copy::COMPACT) structurals_ = use_prepared_structurals(*parser_);
}

json_record_reader::~json_record_reader() = default;

void json_record_reader::report(problem_level level, problem_code code, std::string message, int64_t record,
                                int64_t offset) {
  problem pr;
  pr.level = level;
  pr.code = code;
  pr.message = std::move(message);
  pr.file = name_;
  pr.record = record;
  pr.byte_offset = offset;
  sink_.on_problem(std::move(pr));
}

void json_record_reader::skip_record(problem_code code, std::string message, problem_level level) {
  ++stats_.skipped[std::string(problem_code_name(code))];
  report(level, code, std::move(message), static_cast<int64_t>(stats_.records_read),
         static_cast<int64_t>(element_start_));
}

bool json_record_reader::feed(const char* data, size_t size) {
  // Bytes count as read once a state has taken them: where reading stops (a rejected file, the next range's
  // start, junk after the data) does not depend on where the chunks were cut.
  size_t pos = 0;
  while (pos < size && state_ != state::FAILED && state_ != state::DONE) {
    size_t used = 0;
    switch (state_) {
      case state::HEADER:
        used = framing_ == framing::MEMBER_ARRAY ? feed_member_header(data + pos, size - pos)
                                                 : feed_header(data + pos, size - pos);
        break;
      case state::BEFORE_ELEMENT:
        used = feed_before_element(data + pos, size - pos);
        break;
      case state::IN_ELEMENT:
        used = feed_element(data + pos, size - pos);
        break;
      case state::SKIP_LINE:
        used = skip_line(data + pos, size - pos);
        break;
      case state::AFTER_END:
        used = feed_after_end(data + pos, size - pos);
        break;
      case state::DONE:
      case state::FAILED:
        break;
    }
    pos += used;
    offset_ += used;
  }
  stats_.bytes = offset_ - start_;
  // After the data's end, the rest is read too while it is whitespace, so that trailing junk is found wherever
  // the chunks were cut.
  return state_ != state::FAILED && state_ != state::DONE;
}

namespace {

constexpr std::string_view BOM = "\xEF\xBB\xBF";


/// One byte of the input, named for a message: 'x', or byte 0xNN when it is not printable ASCII. One byte
/// only, so that a message never depends on where the chunks were cut.
std::string byte_named(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  static constexpr char HEX[] = "0123456789ABCDEF";
  return std::string("byte 0x") + HEX[u >> 4] + HEX[u & 15];
}

}  // namespace

size_t json_record_reader::feed_header(const char* data, size_t size) {
  static constexpr size_t MAX_HEADER = 1024;
  for (size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (framing_ == framing::LINES) {
      // Only a byte order mark may come before the first line.
      if (offset_ + i < BOM.size() && c == BOM[offset_ + i]) continue;
      state_ = state::BEFORE_ELEMENT;
      return i;
    }
    if (c == '[' || c == '{') {
      std::string_view before = header_;
      if (before.substr(0, BOM.size()) == BOM) before.remove_prefix(BOM.size());
      if (mapper_.accept_prefix(trim(before), c, stats_, sink_)) {
        if (c == '[') {
          state_ = state::BEFORE_ELEMENT;
        } else {
          single_ = true;  // a bare object: one record, read as such
          begin_record(offset_ + i);
        }
      } else {
        state_ = state::FAILED;
      }
      header_.clear();
      header_.shrink_to_fit();
      return i + 1;
    }
    header_ += c;
    if (header_.size() > MAX_HEADER || (c == '\n' && header_.find('=') == std::string::npos && !trim(header_).empty())) {
      reject_prefix();
      return i + 1;
    }
  }
  return size;
}

void json_record_reader::reject_prefix() {
  std::string_view head = header_;
  if (head.substr(0, BOM.size()) == BOM) head.remove_prefix(BOM.size());
  mapper_.accept_prefix(trim(head), '\0', stats_, sink_);  // no opener: the format says why it cannot read this
  state_ = state::FAILED;
  header_.clear();
  header_.shrink_to_fit();
}

bool json_record_reader::step_outer_string(char c) {
  if (outer_escape_) {
    outer_escape_ = false;
  } else if (c == '\\') {
    outer_escape_ = true;
  } else if (c == '"') {
    outer_string_ = false;
    return false;
  }
  return true;
}

size_t json_record_reader::feed_member_header(const char* data, size_t size) {
  // Steps through the enclosing object up to `"<member>": [`, keeping only the key last read at its top level;
  // after the records' ']' (member_found_), through its other members up to its '}', reading the records of
  // the member again where it appears twice (Mastodon 4.2 wrote an empty "orderedItems" before the real one).
  for (size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (outer_string_) {
      if (step_outer_string(c) && outer_depth_ == 1 && key_.size() <= member_.size()) key_ += c;
      continue;
    }
    if (is_space(c) || (outer_depth_ == 0 && offset_ + i < BOM.size() && c == BOM[offset_ + i])) continue;
    if (outer_depth_ == 0 && c != '{') {
      mapper_.accept_prefix(std::string_view(data + i, 1), '\0', stats_, sink_);  // one byte: never chunk-dependent
      state_ = state::FAILED;
      return i;
    }
    if (c == '"') {
      outer_string_ = true;
      if (outer_depth_ == 1) key_.clear();
    } else if (c == ':') {
      after_member_ = outer_depth_ == 1 && key_ == member_;
    } else if (c == '[' && after_member_) {
      if (!member_found_ && !mapper_.accept_prefix({}, '[', stats_, sink_)) {
        state_ = state::FAILED;
        return i;
      }
      member_found_ = true;
      after_member_ = false;
      state_ = state::BEFORE_ELEMENT;
      return i + 1;
    } else if (c == '{' || c == '[') {
      ++outer_depth_;
      after_member_ = false;
    } else if (c == '}' || c == ']') {
      after_member_ = false;
      if (--outer_depth_ <= 0 && member_found_) {
        state_ = state::AFTER_END;
        return i + 1;
      }
      if (outer_depth_ <= 0) {
        state_ = state::FAILED;
        report(problem_level::ERROR, problem_code::MALFORMED_RECORD,
               "The file has no \"" + member_ + "\" list of records.", -1, static_cast<int64_t>(offset_ + i));
        return i;
      }
    } else {
      after_member_ = after_member_ && c != ',';
    }
  }
  return size;
}

void json_record_reader::start_at_record(uint64_t offset) {
  state_ = state::BEFORE_ELEMENT;
  offset_ = start_ = offset;
  stats_.readable = true;
  stats_.fragment = true;
  header_.clear();
}

size_t json_record_reader::feed_before_element(const char* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (is_space(c) || (c == ',' && framing_ != framing::LINES)) continue;
    if (c == '{') {
      if (offset_ + i >= stop_at_) {
        // The next range's reader starts here; this range's bytes end here.
        state_ = state::DONE;
        return i;
      }
      begin_record(offset_ + i);
      return i + 1;
    }
    if (framing_ == framing::LINES) {
      // A line that is not an object: reported as a record and stepped over.
      ++stats_.records_read;
      element_start_ = offset_ + i;
      skip_record(problem_code::MALFORMED_JSON, "This line is not a JSON object: it starts with " + byte_named(c) + ".");
      state_ = state::SKIP_LINE;
      return i;
    }
    if (c == ']') {
      if (framing_ == framing::MEMBER_ARRAY) {
        outer_depth_ = 1;  // the enclosing object's other members, up to its '}' (feed_member_header)
        key_.clear();
        state_ = state::HEADER;
      } else {
        state_ = state::AFTER_END;
      }
      return i + 1;
    }
    state_ = state::FAILED;
    report(problem_level::ERROR, problem_code::MALFORMED_JSON,
           "Expected the next record ('{') but found " + byte_named(c) + "; the rest of the file was not read.",
           static_cast<int64_t>(stats_.records_read + 1), static_cast<int64_t>(offset_ + i));
    return i;
  }
  return size;
}

size_t json_record_reader::skip_line(const char* data, size_t size) {
  const void* newline = std::memchr(data, '\n', size);
  if (!newline) return size;
  state_ = state::BEFORE_ELEMENT;
  return static_cast<size_t>(static_cast<const char*>(newline) - data) + 1;
}

void json_record_reader::begin_record(uint64_t offset) {
  state_ = state::IN_ELEMENT;
  element_.assign('{');
  structural_positions_.assign(0);
  prepared_ = copy_ == record_copy::COMPACT;
  non_ascii_ = false;
  element_start_ = offset;
  depth_ = 1;
  in_string_ = escape_ = oversize_ = control_ = odd_backslashes_ = escaped_quote_ = false;
  literal_ = 0;
  ++stats_.records_read;
}


#ifdef CHORUS_SIMD16
namespace {

/// The bytes escaped by a backslash (each one right after an escaping backslash), given the block's
/// backslashes and whether its first byte is escaped; `next` says whether the next block's first byte is. A
/// run of backslashes escapes every other one: the runs that start on an odd bit are told from those that start
/// on an even one by a subtraction whose borrow runs through each run.
inline uint64_t escaped_bytes(uint64_t backslash, bool first_escaped, bool& next) {
  constexpr uint64_t ODD = 0xAAAAAAAAAAAAAAAAull;
  const uint64_t first = first_escaped ? 1 : 0;
  const uint64_t escaping = backslash & ~first;  // may escape the next byte (unless escaped itself)
  const uint64_t escapes_and_codes = (((escaping << 1) | ODD) - escaping) ^ ODD;
  next = (escapes_and_codes & backslash) >> 63;
  return escapes_and_codes ^ (backslash | first);
}

/// A block's strings as a reader finds them from its state before the block (inside a string, on an escaped
/// byte): the bytes escaped, the quotes that open or close a string, the bytes inside strings (opening quotes
/// included) and outside them (closing quotes excluded), and whether the next block starts on an escaped byte.
/// Exact while every backslash is inside a string; otherwise the first backslash outside strings still shows in
/// `outside` (a reader then goes token by token).
struct block_strings {
  uint64_t escaped = 0, quote = 0, inside = 0, outside = 0;
  bool next_escaped = false;
};

inline block_strings strings_of(const block_masks& m, bool in_string, bool first_escaped) {
  block_strings s;
  if (m.backslash != 0 || first_escaped) s.escaped = escaped_bytes(m.backslash, first_escaped, s.next_escaped);
  s.quote = m.quote & ~s.escaped;
  s.inside = prefix_xor(s.quote) ^ (in_string ? ~uint64_t{0} : 0);
  s.outside = ~s.inside & ~s.quote;
  return s;
}

}  // namespace

bool json_record_reader::copy_block(const char* p, char*& out, uint32_t*& index, const char* base, bool& complete,
                                    size_t& used) {
  // The bytes scan_tokens treats specially are left to it: backslashes outside strings, escaped bytes >= 0x80,
  // control bytes other than whitespace (0x1A and 0x0C among them; whitespace inside strings is noted as
  // scan_tokens notes it), bytes >= 0x80 outside strings, and a literal followed by another
  // or by a quote (a space kept, or the record not prepared). Valid records rarely hold any of them.
  const block_masks m = masks64<true>(p);
  if ((m.control & ~m.blank) != 0) return false;
  const auto [escaped, quote, inside, outside, next_escaped] = strings_of(m, in_string_, escape_);
  if ((((m.high | m.backslash) & outside) | (m.high & escaped)) != 0) return false;
  const uint64_t open = m.open & outside, close = m.close & outside;
  const uint64_t blank = m.blank & outside;  // dropped
  const uint64_t literal = outside & ~blank & ~m.separator & ~open & ~close;
  const uint64_t after_literal = literal << 1 | (literal_ == 1 ? 1 : 0);  // bytes right after a literal's byte
  // The first byte after a literal and whitespace (the carry runs through the whitespace).
  const uint64_t run_start = (after_literal | (literal_ == 2 ? 1 : 0)) & blank;
  const uint64_t after_gap = ((blank + run_start) & ~blank) | (literal_ == 2 && (blank & 1) == 0 ? 1 : 0);
  const uint64_t opening = quote & inside;

  // Where the record ends, if it does here: bits up to its closing brace.
  int depth = depth_;
  const int end = record_end(open, close, depth);
  const uint64_t mine = end < 0 || end == 63 ? ~uint64_t{0} : (uint64_t{2} << end) - 1;
  complete = end >= 0;
  if ((((after_gap & (literal | opening)) | (after_literal & opening)) & mine) != 0) {
    complete = false;
    return false;
  }

  // The structurals, where they land in the copy: separators and brackets, opening quotes, and the first byte
  // of each literal.
  const uint64_t keep = ~blank & mine;
  const uint64_t structural = ((m.separator & outside) | open | close | opening | (literal & ~after_literal)) & mine;
  const auto at = static_cast<uint32_t>(out - base);
  for (uint64_t b = structural; b != 0; b &= b - 1) {
    const uint64_t below = (uint64_t{1} << __builtin_ctzll(b)) - 1;
    *index++ = at + static_cast<uint32_t>(__builtin_popcountll(keep & below));
  }
  for (int k = 0; k < 4; ++k) out = simd16::compact(p + 16 * k, static_cast<uint32_t>(keep >> (16 * k)) & 0xFFFFu, out);

  if ((m.high & inside & mine) != 0) non_ascii_ = true;
  if ((m.control & inside & mine) != 0) control_ = true;  // a tab or line break inside a string (see finish_element)
  depth_ = depth;
  odd_backslashes_ = false;
  if (complete) {
    used = static_cast<size_t>(64 - __builtin_clzll(mine));
    in_string_ = escape_ = false;
    literal_ = 0;
    return true;
  }
  used = 64;
  in_string_ = inside >> 63;
  escape_ = next_escaped;
  if (keep == 0) {
    literal_ = literal_ != 0 ? 2 : 0;
  } else {
    const int last = 63 - __builtin_clzll(keep);
    literal_ = (literal >> last & 1) == 0 ? 0 : last == 63 ? 1 : 2;
  }
  return true;
}
#endif

template <bool Copy>
size_t json_record_reader::scan_tokens(const char* data, size_t i, size_t end, bool& complete, char*& out,
                                    uint32_t*& index, const char* base) {
  [[maybe_unused]] string_bytes seen;
  [[maybe_unused]] size_t plain_from = 0;  // a block that was not plain is not tried again
  while (i < end) {
#ifdef CHORUS_SIMD16
    if constexpr (Copy) {
      if (i >= plain_from && end - i >= 64 && !escaped_quote_ && !odd_backslashes_ && literal_ != 3) {
        size_t used = 0;
        if (copy_block(data + i, out, index, base, complete, used)) {
          i += used;
          if (complete) break;
          continue;
        }
        plain_from = i + 64;
      }
    }
#endif
    if (in_string_) {
      if (escape_) {
        escape_ = false;
        if constexpr (Copy) {
          // Stage 1 steps over an escaped byte unchecked: a non-ASCII one would be read differently there.
          if (static_cast<unsigned char>(data[i]) >= 0x80) prepared_ = false, non_ascii_ = true;  // its UTF-8 checked too
          if (static_cast<unsigned char>(data[i]) < 0x20) control_ = true;
          *out++ = data[i];
        }
        ++i;
        continue;
      }
      if constexpr (Copy) {
        i = copy_in_string(data, i, end, out, seen);
      } else {
        i = next_in_string(data, i, end);
      }
      if (i == end) break;
      if (data[i] == '\\') {
        escape_ = true;
      } else {
        in_string_ = false;
      }
      if constexpr (Copy) *out++ = data[i];
      ++i;
      continue;
    }
    const size_t next = next_structural(data, i, end);
    if constexpr (Copy) {
      out = copy_gap(data + i, data + next, data + end, out, literal_, index, base, prepared_, non_ascii_, escaped_quote_);
    }
    // simdjson's stage 1 reads a quote after an odd run of backslashes as escaped, outside strings too (where a
    // backslash is already an error). This scanner opens a string there, as it always has, so that a broken
    // record ends where it did and the records after it are read; but its strings, and the control bytes it
    // found in them, are then not simdjson's: from there on the compact copy drops no whitespace, and both
    // copies judge the record's strings as simdjson pairs them (escaped_quote_).
    size_t run = 0;
    while (run < next - i && data[next - 1 - run] == '\\') ++run;
    const bool odd = run == next - i ? odd_backslashes_ != (run % 2 == 1) : run % 2 == 1;
    i = next;
    if (i == end) {
      odd_backslashes_ = odd;
      break;
    }
    odd_backslashes_ = false;
    if (odd && data[i] == '"') escaped_quote_ = true;
    const char c = data[i++];
    if constexpr (Copy) {
      // Stage 1 reads a quote right after a literal's byte as part of that literal: no valid record does
      // that, and stage 1 is left to judge it on bytes that tokenize as the verbatim ones do, the space that
      // separated them kept.
      if (c == '"' && literal_ != 0) {
        prepared_ = false;
        if (literal_ >= 2) *out++ = ' ';
      }
      *index++ = static_cast<uint32_t>(out - base);
      *out++ = c;
      literal_ = 0;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (--depth_ == 0) {
      complete = true;
      break;
    }
  }
  if constexpr (Copy) {
    if (seen.control) control_ = true;  // judged in finish_element, as the SIMD stage 1 judges it
    if (seen.high) non_ascii_ = true;
  }
  return i;
}

size_t json_record_reader::skip_tokens(const char* data, size_t i, size_t end, bool& complete) {
  char* no_out = nullptr;
  uint32_t* no_index = nullptr;
  return scan_tokens<false>(data, i, end, complete, no_out, no_index, nullptr);
}

size_t json_record_reader::feed_element(const char* data, size_t size) {
  if (framing_ != framing::LINES) {
    return copy_ == record_copy::COMPACT ? feed_element_compact(data, size) : feed_element_verbatim(data, size);
  }
  // JSON Lines: a record ends on its line. Raw newlines never occur inside JSON strings, so a record still
  // open at its line's end is cut off or broken, and the next line is the next record.
  const char* newline = find_byte(data, size, '\n');
  const size_t line = newline ? static_cast<size_t>(newline - data) : size;
  const size_t used = line == 0 ? 0
                      : copy_ == record_copy::COMPACT ? feed_element_compact(data, line)
                                                      : feed_element_verbatim(data, line);
  if (newline && used == line && state_ == state::IN_ELEMENT) break_line();
  return used;
}

void json_record_reader::break_line() {
  element_.clear();
  oversize_ = false;
  state_ = state::BEFORE_ELEMENT;
  skip_record(problem_code::MALFORMED_JSON,
              "This line ends before its record does: it is cut off or not valid JSON (missing brackets, braces or "
              "quotes).");
}

size_t json_record_reader::feed_element_verbatim(const char* data, size_t size) {
  size_t i = 0;
  bool complete = false;
  while (i < size && !complete) {
#ifdef CHORUS_SIMD16
    // 64 bytes at a time: strings from their quotes (those not escaped inside strings), then brackets outside
    // strings counted, and followed one by one only where the record may end.
    if (!odd_backslashes_ && i + 64 <= size) {
      const block_masks m = masks64<false>(data + i);
      const block_strings strings = strings_of(m, in_string_, escape_);
      const uint64_t inside = strings.inside;
      if ((m.backslash & strings.outside) != 0) {
        // A backslash outside strings (in no valid record; see scan_tokens): token by token through this block.
        i = skip_tokens(data, i, i + 64, complete);
        continue;
      }
      const uint64_t open = m.open & ~inside;
      const uint64_t close = m.close & ~inside;
      if (const int end = record_end(open, close, depth_); end >= 0) {
        complete = true;
        i += static_cast<size_t>(end) + 1;
        in_string_ = escape_ = false;
        break;
      }
      in_string_ = inside >> 63;
      escape_ = strings.next_escaped;
      i += 64;
      continue;
    }
#endif
    i = skip_tokens(data, i, size, complete);  // the bytes scanned are copied whole below
  }
  if (!oversize_) {
    if (element_.size() + i > MAX_RECORD_BYTES) {
      oversize_ = true;
      element_.release();
    } else {
      char* at = element_.room(i);
      std::memcpy(at, data, i);
      element_.commit(at + i);
    }
  }
  if (complete) finish_element();
  return i;
}

size_t json_record_reader::feed_element_compact(const char* data, size_t size) {
  size = std::min(size, ELEMENT_STEP);  // the caller feeds the rest
  bool complete = false;
  size_t i = 0;
  if (oversize_) {  // nothing is kept of a record already known to be too large
    i = skip_tokens(data, 0, size, complete);
  } else {
    if (prepared_ && element_.size() > MAX_PREPARED_BYTES) prepared_ = false;
    if (!prepared_) structural_positions_.clear();           // written below all the same, and dropped
    char* out = element_.room(3 * size + COPY_SLACK);        // up to `size` bytes are kept, and spaces (copy_gap)
    uint32_t* index = structural_positions_.room(size + 1);  // a structural per byte kept at most
    i = scan_tokens<true>(data, 0, size, complete, out, index, element_.data());
    element_.commit(out);
    structural_positions_.commit(index);
    if (element_.size() > MAX_RECORD_BYTES) {
      oversize_ = true;
      element_.release();
    }
  }
  if (complete) finish_element();
  return i;
}


size_t json_record_reader::feed_after_end(const char* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (is_space(c) || c == ';') continue;
    report(problem_level::WARNING, problem_code::TRAILING_DATA,
           "Ignored data after the end of the list of posts, from " + byte_named(c) + " on.",
           -1, static_cast<int64_t>(offset_ + i));
    state_ = state::FAILED;  // nothing more to read; stop looking
    return i;
  }
  return size;
}

namespace {

/// Whether simdjson's stage 1 finds a control byte inside a string, or a string never closed, in `data`: its
/// strings run between quotes not preceded by an odd run of backslashes, inside strings or not, and a control
/// byte counts even when escaped.
bool string_fault_as_stage1(const char* data, size_t size) {
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
      continue;
    } else if (c == '"') {
      in_string = !in_string;
      continue;
    }
    if (in_string && c < 0x20) return true;
  }
  return in_string;
}

}  // namespace

void json_record_reader::finish_element() {
  state_ = single_ ? state::AFTER_END : state::BEFORE_ELEMENT;
  context ctx(*this);
  if (oversize_) {
    oversize_ = false;
    skip_record(problem_code::RECORD_TOO_LARGE,
                "This record is larger than " + std::to_string(MAX_RECORD_BYTES >> 20) + " MiB and was skipped.");
    return;
  }
  if (!mapper_.parses_records()) {
    element_.clear();
    mapper_.counted_unparsed(ctx);
    return;
  }
  // COMPACT noted whether any byte is not ASCII while copying; VERBATIM checks here. Checked before simdjson
  // sees the record in both builds, so that both read the same records.
  const bool utf8 = copy_ == record_copy::COMPACT ? !non_ascii_ || valid_utf8(element_.data(), element_.size())
                                                  : simdjson::validate_utf8(element_.data(), element_.size());
  // COMPACT noted control bytes in strings while copying. Judged on the record instead: where the scanner's
  // strings are not simdjson's (escaped_quote_), in both copies; and in VERBATIM before its UTF-8 is repaired,
  // as COMPACT refuses such a record before looking at its UTF-8.
  if (escaped_quote_ || (!utf8 && copy_ == record_copy::VERBATIM)) {
    control_ = string_fault_as_stage1(element_.data(), element_.size());
  }
  if (escaped_quote_) prepared_ = false;
  if (control_) {
    // A control byte inside a string: simdjson's SIMD stage 1 (the CLI's) refuses the record before any field
    // is read, its portable one (wasm's) maybe only when it reaches the bytes, after another error. Refused
    // here as the CLI does, with the one message both give (json_error_text).
    element_.clear();
    skip_record(problem_code::MALFORMED_JSON,
                "This record is not valid JSON: " + json_error_text(simdjson::UNESCAPED_CHARS) + ".");
    return;
  }
  if (!utf8) {
    // Invalid UTF-8 is a fault of the export's text, not of its structure (no such byte is a JSON delimiter):
    // each bad sequence becomes U+FFFD and the post is counted, its text marked repaired.
    const std::string repaired = repair_utf8({element_.data(), element_.size()});
    element_.clear();
    char* out = element_.room(repaired.size());
    std::memcpy(out, repaired.data(), repaired.size());
    element_.commit(out + repaired.size());
    prepared_ = false;  // the structurals' positions moved
    ctx.mark_repaired();
  }
  const size_t len = element_.size();
  std::memset(element_.room(simdjson::SIMDJSON_PADDING), ' ', simdjson::SIMDJSON_PADDING);
  // The structurals found while copying replace simdjson's stage 1 when they are complete (no byte the copy
  // leaves to stage 1, see scan_tokens) and the strings' UTF-8 is valid (stage 1 checks it).
  prepared_structurals prepared{element_.data(), len, structural_positions_.data(), structural_positions_.size()};
  const bool offer = structurals_ && prepared_ && utf8;
  if (offer) structurals_->offer(&prepared);
  od::document doc;
  simdjson::error_code err = parser_->iterate(element_.data(), len, len + simdjson::SIMDJSON_PADDING).get(doc);
  if (offer) structurals_->offer(nullptr);
  od::object obj;
  if (!err) err = doc.get_object().get(obj);
  if (!err) err = mapper_.read(obj, ctx);
  // A mapper that stepped over a broken value (a structural error) leaves the document dead: then it is broken.
  if (!err && !doc.is_alive()) err = simdjson::TAPE_ERROR;
  if (!err && !doc.at_end()) err = simdjson::TRAILING_CONTENT;
  element_.clear();
  if (!err) {
    // Said only of a record that could be read: one that is broken anyway gets that one message.
    if (ctx.utf8_repaired()) {
      report(problem_level::WARNING, problem_code::INVALID_UTF8,
             "This record's text is not valid UTF-8: each bad byte sequence was replaced with U+FFFD (\xEF\xBF\xBD) "
             "before it was read.",
             static_cast<int64_t>(ctx.number()), static_cast<int64_t>(ctx.offset()));
    }
    mapper_.use(ctx);
  } else if (!ctx.field().empty()) {
    skip_record(problem_code::BAD_FIELD, "Field \"" + ctx.field() + "\" " + ctx.detail() + ".");
  } else {
    skip_record(problem_code::MALFORMED_JSON, "This record is not valid JSON: " + json_error_text(err) + ".");
  }
}

void json_record_reader::finish() {
  switch (state_) {
    case state::HEADER:
      if (framing_ == framing::ARRAY) reject_prefix();
      if (member_found_) {
        report(problem_level::WARNING, problem_code::TRUNCATED,
               "The file ends before its closing '}': it may have been cut off after its last record.", -1,
               static_cast<int64_t>(offset_));
      }
      break;
    case state::IN_ELEMENT:
      ++stats_.skipped[std::string(problem_code_name(problem_code::TRUNCATED))];
      report(problem_level::ERROR, problem_code::TRUNCATED,
             "The file ends in the middle of a record (which starts at byte " + std::to_string(element_start_) +
                 "): it was probably cut off while downloading or copying. The complete posts before it were counted.",
             static_cast<int64_t>(stats_.records_read), static_cast<int64_t>(element_start_));
      break;
    case state::BEFORE_ELEMENT:
      if (framing_ == framing::LINES) break;  // JSON Lines end after any line
      report(problem_level::ERROR, problem_code::TRUNCATED,
             "The file ends after a complete record without the closing ']': it may have been cut off, and later "
             "posts may be missing.",
             -1, static_cast<int64_t>(offset_));
      break;
    case state::SKIP_LINE:
    case state::AFTER_END:
    case state::DONE:
    case state::FAILED:
      break;
  }
  element_.release();
  state_ = state::FAILED;
}

}  // namespace chorus
