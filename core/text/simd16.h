#pragma once
// Sixteen bytes at a time, on both targets: SSE2 in the native build (x86-64's baseline), wasm SIMD128 in
// the page's SIMD build (-msimd128). The kernels of the record copy, the string copy, UTF-8 validation and
// the query's first look are written once against these few operations. Where neither is available (the
// page's build for browsers without SIMD128), CHORUS_SIMD16 is not defined and the callers keep their
// eight-bytes-at-a-time code (swar.h).

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#define CHORUS_SIMD16 1
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define CHORUS_SIMD16 1
#endif

#ifdef CHORUS_SIMD16
namespace chorus::simd16 {

#if defined(__SSE2__)
using bytes = __m128i;
inline bytes load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
inline void store(void* p, bytes v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
inline bytes splat(uint8_t c) { return _mm_set1_epi8(static_cast<char>(c)); }
inline bytes either(bytes a, bytes b) { return _mm_or_si128(a, b); }
inline bytes both(bytes a, bytes b) { return _mm_and_si128(a, b); }
inline bytes equal(bytes a, bytes b) { return _mm_cmpeq_epi8(a, b); }
/// Bytes below `b`'s, compared as signed bytes (so every byte >= 0x80 is below any ASCII one).
inline bytes less_signed(bytes a, bytes b) { return _mm_cmplt_epi8(a, b); }
inline bytes greater_signed(bytes a, bytes b) { return _mm_cmpgt_epi8(a, b); }
/// Bit k set when byte k's high bit is.
inline uint32_t high_bits(bytes v) { return static_cast<uint32_t>(_mm_movemask_epi8(v)); }
#else
using bytes = v128_t;
inline bytes load(const void* p) { return wasm_v128_load(p); }
inline void store(void* p, bytes v) { wasm_v128_store(p, v); }
inline bytes splat(uint8_t c) { return wasm_i8x16_splat(static_cast<int8_t>(c)); }
inline bytes either(bytes a, bytes b) { return wasm_v128_or(a, b); }
inline bytes both(bytes a, bytes b) { return wasm_v128_and(a, b); }
inline bytes equal(bytes a, bytes b) { return wasm_i8x16_eq(a, b); }
inline bytes less_signed(bytes a, bytes b) { return wasm_i8x16_lt(a, b); }
inline bytes greater_signed(bytes a, bytes b) { return wasm_i8x16_gt(a, b); }
inline uint32_t high_bits(bytes v) { return static_cast<uint32_t>(wasm_i8x16_bitmask(v)); }
#endif

/// Bit k set when byte k of `v` is `c`.
inline uint32_t mask_of(bytes v, uint8_t c) { return high_bits(equal(v, splat(c))); }

/// The first `c` in p[0..size), or null: sixteen bytes at a time in wasm, where the C library's memchr goes
/// eight at a time; natively the C library's own (wider) memchr.
inline const char* find_byte(const char* p, size_t size, uint8_t c) {
#if defined(__wasm_simd128__)
  size_t i = 0;
  for (; i + 16 <= size; i += 16) {
    if (const uint32_t m = mask_of(load(p + i), c)) return p + i + __builtin_ctz(m);
  }
  for (; i < size; ++i) {
    if (static_cast<uint8_t>(p[i]) == c) return p + i;
  }
  return nullptr;
#else
  return static_cast<const char*>(std::memchr(p, c, size));
#endif
}

/// Bit k set when byte k of `v` is `a` or `b`.
inline uint32_t mask_of(bytes v, uint8_t a, uint8_t b) {
  return high_bits(either(equal(v, splat(a)), equal(v, splat(b))));
}

/// Bit k set when byte k of `v` is '"', '{', '}', '[' or ']' (the brackets folded onto the braces by 0x20).
inline uint32_t structural_mask(bytes v) {
  const bytes folded = either(v, splat(0x20));
  return high_bits(either(equal(v, splat('"')), either(equal(folded, splat('{')), equal(folded, splat('}')))));
}

/// Bit k set when byte k of `v` is JSON whitespace: space, line feed, carriage return or tab.
inline uint32_t blank_mask(bytes v) { return mask_of(v, ' ', '\n') | mask_of(v, '\r', '\t'); }

/// Bit k set when byte k of `v` is not ASCII.
inline uint32_t non_ascii(bytes v) { return high_bits(v); }

/// Bit k set when byte k of `v` is below 0x20 (a control byte), bytes >= 0x80 excluded.
inline uint32_t control_mask(bytes v) { return high_bits(less_signed(v, splat(0x20))) & ~high_bits(v); }

/// `v` with its ASCII capitals lowered ('A'..'Z' to 'a'..'z'); other bytes, non-ASCII ones included, kept.
inline bytes lower_ascii(bytes v) {
  const bytes upper = both(greater_signed(v, splat('A' - 1)), less_signed(v, splat('Z' + 1)));
  return either(v, both(upper, splat(0x20)));
}

/// For each 8-bit mask, the positions of its set bits in order (the rest 0x80, which a swizzle reads as 0).
struct compact_table {
  uint8_t at[256][8] = {};
  constexpr compact_table() {
    for (int m = 0; m < 256; ++m) {
      int n = 0;
      for (int k = 0; k < 8; ++k) {
        if (m >> k & 1) at[m][n++] = static_cast<uint8_t>(k);
      }
      while (n < 8) at[m][n++] = 0x80;
    }
  }
};
inline constexpr compact_table COMPACT{};

/// Writes the bytes of p[0..16) whose bit is set in `keep` to `out`, in order, and returns the end of what it
/// wrote. It may store up to 16 bytes from `out` on: the room must have them.
inline char* compact(const char* p, uint32_t keep, char* out) {
  if (keep == 0xFFFFu) {
    store(out, load(p));
    return out + 16;
  }
#if defined(__wasm_simd128__)
  // Each half through its row of the table: the kept bytes of the low half first, then those of the high.
  const uint32_t low = keep & 0xFF, high = keep >> 8 & 0xFF;
  uint64_t low_at, high_at;
  std::memcpy(&low_at, COMPACT.at[low], 8);
  std::memcpy(&high_at, COMPACT.at[high], 8);
  const v128_t kept = wasm_i8x16_swizzle(load(p), wasm_i64x2_make(static_cast<int64_t>(low_at),
                                                                   static_cast<int64_t>(high_at + 0x0808080808080808ull)));
  wasm_v128_store64_lane(out, kept, 0);
  out += __builtin_popcount(low);
  wasm_v128_store64_lane(out, kept, 1);
  return out + __builtin_popcount(high);
#else
  // SSE2 has no byte shuffle; the native build copies records verbatim (scan/json_records.h), and reaches
  // this only in tests of the compact copy.
  for (; keep != 0; keep &= keep - 1) *out++ = p[__builtin_ctz(keep)];
  return out;
#endif
}

}  // namespace chorus::simd16
#endif

namespace chorus {

/// The first `c` in p[0..size), or null, in every build: simd16::find_byte where there is SIMD (sixteen bytes at
/// a time in wasm), else the C library's memchr.
inline const char* find_byte(const char* p, size_t size, uint8_t c) {
#ifdef CHORUS_SIMD16
  return simd16::find_byte(p, size, c);
#else
  return static_cast<const char*>(std::memchr(p, c, size));
#endif
}

}  // namespace chorus
