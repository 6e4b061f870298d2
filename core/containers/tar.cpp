#include "containers/tar.h"

#include <algorithm>

namespace chorus {

namespace {

constexpr size_t BLOCK = 512;
/// The most bytes a long name or pax header may take (real ones are a few hundred).
constexpr uint64_t MAX_META = 1 << 20;

/// An octal field (or GNU base-256 for large sizes); -1 when malformed.
int64_t octal(std::string_view field) {
  if (!field.empty() && (static_cast<unsigned char>(field[0]) & 0x80)) {
    uint64_t v = 0;
    for (size_t i = 1; i < field.size(); ++i) {
      if (v >> 55) return -1;
      v = v << 8 | static_cast<unsigned char>(field[i]);
    }
    return static_cast<int64_t>(v);
  }
  int64_t v = 0;
  bool any = false;
  for (char c : field) {
    if (c == '\0' || c == ' ') {
      if (any) break;
      continue;
    }
    if (c < '0' || c > '7' || v > (INT64_MAX >> 3)) return -1;
    v = v * 8 + (c - '0');
    any = true;
  }
  return v;
}

std::string_view c_string(std::string_view field) {
  return field.substr(0, std::min(field.size(), field.find('\0')));
}

bool checksum_ok(std::string_view h) {
  const int64_t stored = octal(h.substr(148, 8));
  int64_t sum = 0;
  for (size_t i = 0; i < BLOCK; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
  return stored == sum;
}

/// The path of a pax header's "path=" record, or empty.
std::string pax_path(std::string_view records) {
  while (!records.empty()) {
    const size_t space = records.find(' ');
    if (space == std::string_view::npos) break;
    size_t n = 0;
    for (size_t i = 0; i < space; ++i) {
      if (records[i] < '0' || records[i] > '9') return {};
      n = n * 10 + static_cast<size_t>(records[i] - '0');
      if (n > records.size()) return {};
    }
    if (n <= space + 1) return {};
    const std::string_view record = records.substr(space + 1, n - space - 2);  // without the newline
    if (record.substr(0, 5) == "path=") return std::string(record.substr(5));
    records.remove_prefix(n);
  }
  return {};
}

}  // namespace

bool looks_like_tar(std::string_view head) {
  return head.size() >= BLOCK && head.substr(257, 5) == "ustar" && checksum_ok(head.substr(0, BLOCK));
}

bool looks_like_gzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1F && static_cast<unsigned char>(head[1]) == 0x8B;
}

bool tar_reader::take_header() {
  const std::string_view h = block_;
  if (h.find_first_not_of('\0') == std::string_view::npos) {
    if (++zero_blocks_ == 2) ended_ = true;
    return true;
  }
  zero_blocks_ = 0;
  if (!checksum_ok(h)) {
    error_ = "The tar archive is damaged: a header's checksum does not match.";
    return false;
  }
  const int64_t size = octal(h.substr(124, 12));
  if (size < 0) {
    error_ = "The tar archive is damaged: an entry's size is not a number.";
    return false;
  }
  const char type = h[156];
  std::string name;
  if (!next_name_.empty()) {
    name = std::move(next_name_);
    next_name_.clear();
  } else {
    const std::string_view prefix = h.substr(257, 5) == "ustar" ? c_string(h.substr(345, 155)) : std::string_view{};
    name = prefix.empty() ? std::string(c_string(h.substr(0, 100)))
                          : std::string(prefix) + "/" + std::string(c_string(h.substr(0, 100)));
  }
  while (name.substr(0, 2) == "./") name.erase(0, 2);
  left_ = static_cast<uint64_t>(size);
  padding_ = (BLOCK - left_ % BLOCK) % BLOCK;
  delivering_ = false;
  long_name_kind_ = 0;
  if (type == 'L' || type == 'x') {
    if (left_ > MAX_META) {
      error_ = "The tar archive is damaged: a long name is " + std::to_string(left_) + " bytes.";
      return false;
    }
    long_name_kind_ = type;
    long_name_.clear();
  } else if (type == '0' || type == '\0' || type == '7') {
    delivering_ = handler_.begin_entry(name, left_);
  }
  if (left_ == 0) {
    if (delivering_) handler_.end_entry();
    delivering_ = false;
  }
  return true;
}

bool tar_reader::feed(const char* data, size_t size) {
  size_t i = 0;
  while (i < size && !ended_ && error_.empty()) {
    if (left_ > 0) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(left_, size - i));
      if (delivering_) handler_.entry_data(data + i, n);
      if (long_name_kind_) long_name_.append(data + i, n);
      left_ -= n;
      i += n;
      if (left_ == 0) {
        if (delivering_) handler_.end_entry();
        delivering_ = false;
        if (long_name_kind_ == 'L') next_name_ = std::string(c_string(long_name_));
        if (long_name_kind_ == 'x') next_name_ = pax_path(long_name_);
        long_name_kind_ = 0;
      }
      continue;
    }
    if (padding_ > 0) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(padding_, size - i));
      padding_ -= n;
      i += n;
      continue;
    }
    const size_t n = std::min(BLOCK - block_.size(), size - i);
    block_.append(data + i, n);
    i += n;
    if (block_.size() == BLOCK) {
      const bool ok = take_header();
      block_.clear();
      if (!ok) return false;
    }
  }
  return !ended_ && error_.empty();
}

void tar_reader::finish() {
  if (!error_.empty() || ended_) return;
  if (left_ > 0 || !block_.empty()) {
    error_ = "The tar archive is cut off in the middle of an entry: the download is incomplete.";
  }
}

}  // namespace chorus
