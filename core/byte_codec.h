// A small binary encoding for handing an analysis's kept posts from one module instance to another:
// fixed-size little-endian numbers and length-prefixed strings. The reader checks every size against
// what is left, so a damaged buffer is refused, never read past.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace chorus {

static_assert(std::endian::native == std::endian::little, "the state encoding assumes a little-endian target");

class byte_writer {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { raw(&v, sizeof v); }
  void u64(uint64_t v) { raw(&v, sizeof v); }
  void i64(int64_t v) { raw(&v, sizeof v); }
  /// A string of at most 4 GiB - 1 bytes, its length first.
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void raw(const void* data, size_t size) { out_.append(static_cast<const char*>(data), size); }
  /// Makes room for `more` bytes at once (growing by doubling would copy a large state several times).
  void reserve(size_t more) { out_.reserve(out_.size() + more); }
  /// Every value of a container of numbers, one after another (its size is the caller's to write).
  template <typename Container>
  void column(const Container& values) {
    using T = typename Container::value_type;
    const size_t at = out_.size();
    out_.resize(at + values.size() * sizeof(T));
    char* p = out_.data() + at;
    for (const T v : values) {
      std::memcpy(p, &v, sizeof v);
      p += sizeof v;
    }
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class byte_reader {
 public:
  explicit byte_reader(std::string_view in) : in_(in) {}
  bool u8(uint8_t& v) { return raw(&v, sizeof v); }
  bool u32(uint32_t& v) { return raw(&v, sizeof v); }
  bool u64(uint64_t& v) { return raw(&v, sizeof v); }
  bool i64(int64_t& v) { return raw(&v, sizeof v); }
  bool str(std::string_view& s) {
    uint32_t size = 0;
    if (!u32(size) || size > left()) return false;
    s = in_.substr(at_, size);
    at_ += size;
    return true;
  }
  /// `n` numbers of type T, appended to `out` (a container of T); refused when they are not all there.
  template <typename Container>
  bool column(uint64_t n, Container& out) {
    using T = typename Container::value_type;
    if (n > left() / sizeof(T)) return false;
    const char* p = in_.data() + at_;
    for (uint64_t i = 0; i < n; ++i, p += sizeof(T)) {
      T v;
      std::memcpy(&v, p, sizeof v);
      out.push_back(v);
    }
    at_ += n * sizeof(T);
    return true;
  }
  /// A count of items that each take at least `min_bytes`: refused when they cannot all be there.
  bool count(uint64_t& n, size_t min_bytes) { return u64(n) && n <= left() / (min_bytes == 0 ? 1 : min_bytes); }
  bool raw(void* data, size_t size) {
    if (size > left()) return false;
    std::memcpy(data, in_.data() + at_, size);
    at_ += size;
    return true;
  }
  size_t left() const { return in_.size() - at_; }

 private:
  std::string_view in_;
  size_t at_ = 0;
};

}  // namespace chorus
