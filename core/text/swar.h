#pragma once
// Eight bytes at a time in a 64-bit word (SWAR): the byte searches of the reader, the string copy and the
// text folding, on every target Chorus builds for (x86-64 and wasm32, both little-endian, where bit 8k..8k+7
// of a loaded word is byte k).

#include <cstdint>
#include <cstring>

namespace chorus::swar {

inline constexpr uint64_t ONES = 0x0101010101010101ull;
inline constexpr uint64_t HIGHS = 0x8080808080808080ull;

/// The eight bytes at `p`, unaligned.
inline uint64_t load64(const void* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// Marks the zero bytes of `x` with their high bit. The lowest mark is exact; a mark above a zero byte may
/// be wrong (a borrow), never missing: callers read the lowest, or check each candidate.
inline uint64_t zero_bytes(uint64_t x) {
  return (x - ONES) & ~x & HIGHS;
}

/// Marks the bytes of `v` equal to `c`, as zero_bytes does.
inline uint64_t has_byte(uint64_t v, uint8_t c) {
  return zero_bytes(v ^ (ONES * c));
}

/// Marks the bytes of `v` below `n` (n <= 128): exact up to the first marked byte.
inline uint64_t has_less(uint64_t v, uint8_t n) {
  return (v - ONES * n) & ~v & HIGHS;
}

/// Whether all eight bytes are ASCII.
inline bool all_ascii(uint64_t v) {
  return (v & HIGHS) == 0;
}

}  // namespace chorus::swar
