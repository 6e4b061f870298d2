// The streaming JSON record splitter: cuts a file's bytes into its records (the elements of an array, the
// lines of JSON Lines, the items under one member of an object), copies each out, and parses it with
// simdjson On-Demand for the format that reads it. It knows framings, not formats.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "format.h"
#include "simdjson.h"

namespace chorus {

class structurals_taker;  // scan/structurals.h

/// How records sit in a file.
enum class framing : uint8_t {
  ARRAY,         ///< one JSON array of records (or one object: a single record), after an optional prefix such as
                 ///< `window.YTD.tweets.part0 = ` that the format accepts or rejects
  LINES,         ///< JSON Lines: one record per line; blank lines are skipped, a line that is not one complete
                 ///< object is reported and skipped
  MEMBER_ARRAY,  ///< the array under one member of a top-level object, e.g. a collection's `orderedItems`;
                 ///< the object's other members, before and after it, are stepped over
};

/// What a record mapper may say about the record it reads.
class record_context {
 public:
  /// Fails the record because of one field: it is skipped as BAD_FIELD with "Field "<field>" <detail>.".
  simdjson::error_code fail(std::string_view field, std::string detail) {
    field_ = std::string(field);
    detail_ = std::move(detail);
    return simdjson::INCORRECT_TYPE;
  }
  /// Skips the record, read without a JSON error, for a reason of the format's (a missing id, ...). An
  /// ERROR loses data; a record that holds none (a compliance record) is skipped at INFO.
  virtual void skip(problem_code code, std::string message, problem_level level = problem_level::ERROR) = 0;
  /// Reports a problem about the record without skipping it (an API error listed beside the data).
  virtual void note(problem_level level, problem_code code, std::string message) = 0;
  /// Counts the record as used (a post, a long post, a like, a manifest).
  virtual void counted() = 0;
  /// Counts an older version of an edited post, not counted apart.
  virtual void edit_collapsed() = 0;
  /// Whether the record's invalid UTF-8 was replaced with U+FFFD before it was read (its text was repaired).
  bool utf8_repaired() const { return utf8_repaired_; }
  /// The record's number in its file (1-based) and the file offset of its first byte.
  virtual uint64_t number() const = 0;
  virtual uint64_t offset() const = 0;

 protected:
  ~record_context() = default;
  std::string field_;
  std::string detail_;
  bool utf8_repaired_ = false;
};

/// What the splitter asks of the format whose records it reads.
class record_mapper {
 public:
  virtual ~record_mapper() = default;
  /// ARRAY framing: the bytes before the opening '[' or '{' (BOM and whitespace trimmed). Returns false to
  /// read nothing, having reported why (`stats` may be filled: format, data name, role).
  virtual bool accept_prefix(std::string_view prefix, char opener, input_stats& stats, post_sink& sink) = 0;
  /// Reads one record's fields. A simdjson error (or ctx.fail) skips the record with a message.
  virtual simdjson::error_code read(simdjson::ondemand::object record, record_context& ctx) = 0;
  /// Uses the record read without error: hands out a post (or a long post, ...), or ctx.skip()s it.
  virtual void use(record_context& ctx) = 0;
  /// False when a record is only counted, never parsed (likes carry nothing else Chorus uses).
  virtual bool parses_records() const { return true; }
  /// A record not parsed (parses_records() false) was read whole.
  virtual void counted_unparsed(record_context& ctx) { ctx.counted(); }
};

/// A file_reader for JSON files: splits the bytes by `framing`, parses each record and hands it to `mapper`.
/// Bytes may be fed in chunks cut anywhere; memory is bounded by the largest single record.
class json_record_reader final : public file_reader {
 public:
  /// The largest record kept; bigger ones are skipped and reported.
  static constexpr size_t MAX_RECORD_BYTES = 16u << 20;

  /// `member`: with MEMBER_ARRAY, the member whose array holds the records.
  json_record_reader(std::string file_name, post_sink& sink, record_mapper& mapper, framing how,
                     record_copy copy = DEFAULT_RECORD_COPY, std::string member = {});
  ~json_record_reader() override;
  json_record_reader(const json_record_reader&) = delete;
  json_record_reader& operator=(const json_record_reader&) = delete;

  bool feed(const char* data, size_t size) override;
  void finish() override;
  void abandon() override { state_ = state::FAILED; }
  void start_at_record(uint64_t offset) override;
  void stop_at(uint64_t offset) override { stop_at_ = offset; }
  const input_stats& stats() const override { return stats_; }
  /// The stats to fill once the format has recognised the file (format name, role).
  input_stats& stats_to_fill() { return stats_; }

 private:
  enum class state : uint8_t { HEADER, BEFORE_ELEMENT, IN_ELEMENT, SKIP_LINE, AFTER_END, DONE, FAILED };

  size_t feed_header(const char* data, size_t size);
  size_t feed_member_header(const char* data, size_t size);
  /// One byte inside a string of the enclosing object (MEMBER_ARRAY): false for its closing quote.
  bool step_outer_string(char c);
  void reject_prefix();
  size_t feed_before_element(const char* data, size_t size);
  size_t feed_element(const char* data, size_t size);
  size_t feed_element_verbatim(const char* data, size_t size);
  size_t feed_element_compact(const char* data, size_t size);
  size_t feed_after_end(const char* data, size_t size);
  size_t skip_line(const char* data, size_t size);
  void begin_record(uint64_t offset);
  /// A JSON Lines record ended at its line's end without closing: reported and skipped.
  void break_line();
  template <bool Copy>
  size_t scan_tokens(const char* data, size_t i, size_t end, bool& complete, char*& out, uint32_t*& index,
                     const char* base);
  size_t skip_tokens(const char* data, size_t i, size_t end, bool& complete);
  /// COMPACT where there is SIMD: copies the 64 bytes at `p` as scan_tokens would, in one step, when they are
  /// plain (see json_records.cpp), and says how many it used (fewer where the record ends); false leaves them
  /// to scan_tokens.
  bool copy_block(const char* p, char*& out, uint32_t*& index, const char* base, bool& complete, size_t& used);
  void finish_element();
  void report(problem_level level, problem_code code, std::string message, int64_t record, int64_t offset);
  void skip_record(problem_code code, std::string message, problem_level level = problem_level::ERROR);

  struct context;
  /// The most bytes feed_element looks at in one call (and so makes room for).
  static constexpr size_t ELEMENT_STEP = 64u << 10;
  /// Records up to this size (copied, COMPACT) bring their structural positions to the parser; larger ones
  /// leave them to simdjson's stage 1, so that the positions never take more than ~4 MiB.
  static constexpr size_t MAX_PREPARED_BYTES = 1u << 20;

  /// A growing array the scanner writes into directly (no zero-filling): the current record's bytes as they
  /// are copied out of the chunks, and (COMPACT) the positions of its structural characters there.
  template <typename T>
  class record_buffer {
   public:
    /// Room for `n` more items after the current end (to write, then commit).
    T* room(size_t n) {
      if (size_ + n > capacity_) {
        const size_t capacity = std::max({size_ + n, capacity_ * 2, size_t{4096}});
        std::unique_ptr<T[]> bigger(new T[capacity]);
        if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_ * sizeof(T));
        data_ = std::move(bigger);
        capacity_ = capacity;
      }
      return data_.get() + size_;
    }
    void commit(T* end) { size_ = static_cast<size_t>(end - data_.get()); }
    void assign(T c) {
      size_ = 0;
      room(1)[0] = c;
      size_ = 1;
    }
    void clear() { size_ = 0; }
    void release() {
      data_.reset();
      size_ = capacity_ = 0;
    }
    T* data() { return data_.get(); }
    size_t size() const { return size_; }

   private:
    std::unique_ptr<T[]> data_;
    size_t size_ = 0;
    size_t capacity_ = 0;
  };

  std::string name_;
  post_sink& sink_;
  record_mapper& mapper_;
  framing framing_;
  record_copy copy_;
  std::string member_;
  input_stats stats_;
  state state_ = state::HEADER;
  std::string header_;
  record_buffer<char> element_;
  record_buffer<uint32_t> structural_positions_;  // COMPACT: where in element_ simdjson's stage 1 would stop
  bool prepared_ = false;   // structural_positions_ holds them all (no byte that simdjson's stage 1 treats specially)
  bool non_ascii_ = false;  // COMPACT: a byte >= 0x80 was copied: the record's UTF-8 is checked before use
  bool control_ = false;    // COMPACT: a string holds a byte < 0x20, which simdjson's SIMD stage 1 refuses up front
  uint64_t element_start_ = 0;
  uint64_t offset_ = 0;  // file offset of the byte being looked at
  uint64_t start_ = 0;   // file offset of the first byte fed
  uint64_t stop_at_ = UINT64_MAX;
  int depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  bool odd_backslashes_ = false;  // outside strings: the bytes so far end in an odd run of backslashes
  bool escaped_quote_ = false;    // a quote after an odd run of backslashes outside strings: from there on,
                                  // COMPACT copies the record as it is (no whitespace dropped)
  bool oversize_ = false;
  uint8_t literal_ = 0;  // whether the last byte kept ends a number or true/false/null (see copy_gap)
  bool single_ = false;  // ARRAY framing opened with '{': the file is one record
  // MEMBER_ARRAY: where the scan of the enclosing object is, outside the records
  int outer_depth_ = 0;
  bool outer_string_ = false, outer_escape_ = false, after_member_ = false;
  bool member_found_ = false;  // MEMBER_ARRAY: the member's array was read (its records, then the rest)
  std::string key_;
  std::unique_ptr<simdjson::ondemand::parser> parser_;
  structurals_taker* structurals_ = nullptr;  // the parser's, when it takes structural_positions_
};

/// A file of posts in one format's JSON records: its mapper (built from `sink` and `args`) and the splitter.
/// The stats name the format and say the file holds posts.
template <typename Mapper>
class json_posts_file final : public file_reader {
 public:
  template <typename... Args>
  json_posts_file(std::string name, post_sink& sink, framing how, record_copy copy, std::string_view format_name,
                  Args&&... args)
      : mapper_(sink, std::forward<Args>(args)...), reader_(std::move(name), sink, mapper_, how, copy) {
    input_stats& stats = reader_.stats_to_fill();
    stats.format = std::string(format_name);
    stats.role = "posts";
    stats.readable = true;
  }
  bool feed(const char* data, size_t size) override { return reader_.feed(data, size); }
  void finish() override { reader_.finish(); }
  void abandon() override { reader_.abandon(); }
  void start_at_record(uint64_t offset) override { reader_.start_at_record(offset); }
  void stop_at(uint64_t offset) override { reader_.stop_at(offset); }
  const input_stats& stats() const override { return reader_.stats(); }

 private:
  Mapper mapper_;
  json_record_reader reader_;
};

/// The session of a JSON Lines format whose files say nothing about each other: each file is read by a
/// json_posts_file of `Mapper`, its stats naming the format `format_name` (a string literal).
template <typename Mapper>
class json_lines_session final : public format_session {
 public:
  json_lines_session(const reader_options& options, std::string_view format_name)
      : copy_(options.copy), format_name_(format_name) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<json_posts_file<Mapper>>(std::move(name), sink, framing::LINES, copy_, format_name_);
  }

 private:
  record_copy copy_;
  std::string_view format_name_;
};

/// Where a record of a JSON Lines file starts in `window`: the first byte of the first line after a newline
/// that is not blank (-1 when there is none). Blank lines stay with the range before. For format::record_start.
inline int64_t next_line_start(std::string_view window) {
  const size_t newline = window.find('\n');
  if (newline == std::string_view::npos) return -1;
  const size_t start = window.find_first_not_of(" \t\r\n", newline + 1);
  return start == std::string_view::npos ? -1 : static_cast<int64_t>(start);
}

/// Says in plain words what a simdjson error means for the user.
std::string json_error_text(simdjson::error_code err);

}  // namespace chorus
