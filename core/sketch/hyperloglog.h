// Distinct counts in fixed memory: HyperLogLog with Ertl's estimator (no bias tables needed).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

/// A 64-bit hash of bytes, the same in every build (native and wasm32), so that sketches written by one
/// merge into another.
uint64_t stable_hash(std::string_view bytes);

/// Spreads the bits of a 64-bit key (MurmurHash3's finalizer): the slot of a key in an open-addressing
/// table, whose keys (decimal ids, hashes) are far from uniform in their low bits.
constexpr uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/// Counts distinct values approximately: 2^PRECISION one-byte registers, a standard error of
/// 1.04 / sqrt(2^PRECISION) (0.81%). Merging takes each register's maximum, so any order gives the same
/// registers. Empty until the first value (no memory).
class hyperloglog {
 public:
  static constexpr int PRECISION = 14;
  static constexpr size_t REGISTERS = size_t{1} << PRECISION;
  /// The relative standard error of estimate().
  static constexpr double STANDARD_ERROR = 0.0081;
  /// The largest register value: 64 - PRECISION + 1.
  static constexpr uint8_t MAX_RANK = 64 - PRECISION + 1;

  void add_hash(uint64_t hash);
  void add(std::string_view value) { add_hash(stable_hash(value)); }
  void merge(const hyperloglog& other);
  /// The estimated number of distinct values added.
  uint64_t estimate() const;
  bool empty() const { return registers_.empty(); }

  /// The registers as text, one character each from a 64-letter alphabet (letters, digits, '-', '_').
  std::string encode() const;
  /// Reads what encode() wrote; false, changing nothing, when `text` is not REGISTERS letters of ranks.
  bool decode(std::string_view text);

 private:
  std::vector<uint8_t> registers_;
};

}  // namespace chorus
