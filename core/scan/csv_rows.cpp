#include "scan/csv_rows.h"

#include <cstring>

#include "text/simd16.h"
#include "text/swar.h"

namespace chorus {

namespace {
constexpr std::string_view BOM = "\xEF\xBB\xBF";

/// The first position at or after `i` holding ',', '\n', '\r' or '"' (where an unquoted field stops), or `size`:
/// sixteen bytes at a time where the build has them, else eight (the lowest SWAR mark is exact).
size_t next_unquoted_stop(const char* data, size_t i, size_t size) {
#ifdef CHORUS_SIMD16
  for (; i + 16 <= size; i += 16) {
    const simd16::bytes v = simd16::load(data + i);
    if (const uint32_t m = simd16::mask_of(v, ',', '\n') | simd16::mask_of(v, '\r', '"')) {
      return i + static_cast<size_t>(__builtin_ctz(m));
    }
  }
#endif
  for (; i + 8 <= size; i += 8) {
    const uint64_t v = swar::load64(data + i);
    const uint64_t m = swar::has_byte(v, ',') | swar::has_byte(v, '\n') | swar::has_byte(v, '\r') | swar::has_byte(v, '"');
    if (m) return i + static_cast<size_t>(__builtin_ctzll(m) >> 3);
  }
  while (i < size && data[i] != ',' && data[i] != '\n' && data[i] != '\r' && data[i] != '"') ++i;
  return i;
}
}  // namespace

void csv_rows::reset_row() {
  bytes_.clear();
  ends_.clear();
  oversize_ = false;
  pending_clear_ = false;
}

void csv_rows::append(const char* data, size_t size) {
  if (oversize_) return;
  bytes_.append(data, size);
  if (bytes_.size() > MAX_ROW_BYTES) {
    oversize_ = true;
    bytes_.clear();
    ends_.clear();
  }
}

size_t csv_rows::take_run(const char* data, size_t size) {
  if (!bom_checked_ || after_cr_ || after_quote_) return 0;  // step() decides these bytes one at a time
  if (pending_clear_) reset_row();
  // Fields, quoted or not, and the commas between them, each taken here as step() would take it, until a
  // byte that step() decides (a line break, a quote inside an unquoted field, a quote that ends the bytes at
  // hand) or the end. A wide table's rows are mostly commas and quoted fields (twarc-csv has dozens of
  // columns, many empty): a call per such byte cost a fifth of reading one.
  const auto start_row = [this] {  // what step() does at a row's first byte
    if (!started_) row_offset_ = offset_;
    started_ = true;
  };
  size_t n = 0;
  for (;;) {
    if (quoted_) {
      const char* quote = find_byte(data + n, size - n, '"');  // sixteen bytes at a time in wasm too
      const size_t stop = quote ? static_cast<size_t>(quote - data) : size;
      append(data + n, stop - n);
      offset_ += stop - n;
      n = stop;
      if (n + 1 >= size) return n;  // the end, or a quote whose next byte is not here yet
      if (data[n + 1] == '"') {     // a doubled quote: one quote in the field
        if (!oversize_) bytes_ += '"';
        offset_ += 2;
        n += 2;
        continue;
      }
      quoted_ = false;  // the closing quote: what follows is read as after a field
      ++offset_;
      ++n;
    }
    const size_t stop = next_unquoted_stop(data, n, size);
    if (stop > n) {
      start_row();
      append(data + n, stop - n);
      offset_ += stop - n;
      n = stop;
    }
    if (n == size) return n;
    const bool at_field_start = bytes_.size() == (ends_.empty() ? 0 : ends_.back());
    if (data[n] == ',') {
      start_row();
      end_field();
    } else if (data[n] == '"' && at_field_start) {
      start_row();
      quoted_ = true;
    } else {
      return n;  // a line break, or a quote inside an unquoted field (data, as step() says)
    }
    ++offset_;
    ++n;
  }
}

bool csv_rows::step(char c) {
  if (pending_clear_) reset_row();
  const uint64_t at = offset_++;
  if (!bom_checked_) {
    if (bom_ < BOM.size() && c == BOM[bom_]) {
      ++bom_;
      if (bom_ == BOM.size()) bom_checked_ = true;
      return false;
    }
    bom_checked_ = true;
    // A partial byte order mark was data after all.
    for (size_t k = 0; k < bom_; ++k) {
      started_ = true;
      bytes_ += BOM[k];
    }
    if (bom_ > 0) row_offset_ = 0;
  }
  if (after_cr_) {
    after_cr_ = false;
    if (c == '\n') return false;  // the LF of a CRLF
  }
  if (!started_) row_offset_ = at;
  if (quoted_) {
    if (after_quote_) {
      after_quote_ = false;
      if (c == '"') {  // a doubled quote: one quote in the field
        if (!oversize_) bytes_ += '"';
        return false;
      }
      quoted_ = false;  // the closing quote: c is read as after a field
    } else {
      if (c == '"') {
        after_quote_ = true;
      } else if (!oversize_) {
        bytes_ += c;
      }
      return false;
    }
  }
  switch (c) {
    case ',':
      started_ = true;
      end_field();
      return false;
    case '\r':
    case '\n':
      after_cr_ = c == '\r';
      if (!started_) return false;  // a blank line
      end_field();
      return end_row();
    case '"':
      started_ = true;
      // A quote opens a quoted field only at its start; elsewhere it is data (lenient, as spreadsheets are).
      if (bytes_.size() == (ends_.empty() ? 0 : ends_.back())) {
        quoted_ = true;
        return false;
      }
      [[fallthrough]];
    default:
      started_ = true;
      if (!oversize_) bytes_ += c;
      if (bytes_.size() > MAX_ROW_BYTES) {
        oversize_ = true;
        bytes_.clear();
        ends_.clear();
      }
      return false;
  }
}

void csv_rows::end_field() {
  if (oversize_) return;
  if (bytes_.size() > MAX_ROW_BYTES) {
    oversize_ = true;
    bytes_.clear();
    ends_.clear();
    return;
  }
  ends_.push_back(bytes_.size());
}

bool csv_rows::end_row() {
  ++rows_;
  row_.number = rows_;
  row_.offset = row_offset_;
  row_.oversize = oversize_;
  started_ = quoted_ = after_quote_ = false;
  return true;
}

const csv_rows::row& csv_rows::current() {
  row_.fields.clear();
  size_t start = 0;
  for (const size_t end : ends_) {
    row_.fields.emplace_back(bytes_.data() + start, end - start);
    start = end;
  }
  // The views stay valid until the next byte is fed: the buffers are cleared then.
  pending_clear_ = true;
  return row_;
}

}  // namespace chorus
