// RFC 4180 rows from bytes cut anywhere: quoted fields with commas, doubled quotes and line breaks in them,
// CRLF or LF line ends, a UTF-8 byte order mark before the first row. Fields stay text (ids never become
// floating point numbers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

/// Splits a CSV file into rows; each complete row is handed to the callback of feed.
class csv_rows {
 public:
  /// A row longer than this is skipped (its fields are not kept).
  static constexpr size_t MAX_ROW_BYTES = 16u << 20;

  /// One row: its fields, its number (1-based, counting every row read) and the offset of its first byte.
  struct row {
    std::vector<std::string_view> fields;
    uint64_t number = 0;
    uint64_t offset = 0;
    bool oversize = false;  ///< longer than MAX_ROW_BYTES: fields are empty
  };

  /// Consumes bytes; calls on_row(const row&) for every row they complete. Blank lines are no rows.
  template <typename F>
  void feed(const char* data, size_t size, F&& on_row) {
    size_t i = 0;
    while (i < size) {
      i += take_run(data + i, size - i);  // the bytes of a field up to its next special byte, at once
      if (i < size && step(data[i++])) on_row(current());
    }
  }
  /// Ends the file: a last row without a line break is completed (on_row), one inside an open quote is not.
  /// Returns false when the file ended inside a quoted field.
  template <typename F>
  bool finish(F&& on_row) {
    if (quoted_ && !after_quote_) return false;
    if (pending_clear_) reset_row();
    if (started_) {
      end_field();
      if (end_row()) on_row(current());
    }
    return true;
  }
  /// Offset of the first byte of the row in progress (for a cut-off file's message).
  uint64_t row_offset() const { return row_offset_; }
  uint64_t rows() const { return rows_; }

 private:
  /// One byte: true when it completed a row.
  bool step(char c);
  /// The plain bytes at the start of `data` that step() would only append to the current field (inside
  /// quotes: up to a quote; outside: up to a comma, quote or line break), appended at once. Returns how many.
  size_t take_run(const char* data, size_t size);
  void append(const char* data, size_t size);
  void end_field();
  bool end_row();
  const row& current();
  void reset_row();

  std::string bytes_;            // the row's fields, one after another
  std::vector<size_t> ends_;     // where each field ends in bytes_
  bool pending_clear_ = false;   // the last row was handed out: its buffers are cleared at the next byte
  row row_;
  uint64_t offset_ = 0;          // offset of the next byte
  uint64_t row_offset_ = 0;
  uint64_t rows_ = 0;
  bool started_ = false;         // the row has a byte (or a field)
  bool quoted_ = false;          // inside a quoted field
  bool after_quote_ = false;     // a quote inside a quoted field: its end, or the first of a doubled pair
  bool after_cr_ = false;        // the last byte was a CR that ended a row
  bool bom_checked_ = false;
  size_t bom_ = 0;               // bytes of the byte order mark seen
  bool oversize_ = false;
};

}  // namespace chorus
