#include "hyperloglog.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace chorus {

namespace {

constexpr uint64_t K1 = 0x9E3779B97F4A7C15ull, K2 = 0xBF58476D1CE4E5B9ull, K3 = 0x94D049BB133111EBull;

uint64_t mix(uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= K2;
  x ^= x >> 27;
  x *= K3;
  return x ^ (x >> 31);
}

constexpr char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int rank_of_letter(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

uint64_t stable_hash(std::string_view bytes) {
  uint64_t h = K1 ^ (bytes.size() * K2);
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);  // little-endian on every target Chorus builds for
    h = mix(h ^ word) * K1;
  }
  uint64_t tail = 0;
  for (size_t k = 0; i + k < bytes.size(); ++k) tail |= uint64_t{static_cast<uint8_t>(bytes[i + k])} << (8 * k);
  return mix(h ^ tail ^ K3);
}

void hyperloglog::add_hash(uint64_t hash) {
  if (registers_.empty()) registers_.assign(REGISTERS, 0);
  const size_t index = hash >> (64 - PRECISION);
  const uint64_t rest = hash << PRECISION;  // the remaining 50 bits, at the top
  uint8_t rank = MAX_RANK;
  if (rest != 0) rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
  if (rank > MAX_RANK) rank = MAX_RANK;
  if (registers_[index] < rank) registers_[index] = rank;
}

void hyperloglog::merge(const hyperloglog& other) {
  if (other.registers_.empty()) return;
  if (registers_.empty()) {
    registers_ = other.registers_;
    return;
  }
  for (size_t i = 0; i < REGISTERS; ++i) {
    if (registers_[i] < other.registers_[i]) registers_[i] = other.registers_[i];
  }
}

uint64_t hyperloglog::estimate() const {
  if (registers_.empty()) return 0;
  // Otmar Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017), the improved raw
  // estimator: unbiased from a few values to billions, without HyperLogLog++'s empirical tables.
  constexpr int q = 64 - PRECISION;
  std::array<uint64_t, q + 2> histogram{};
  for (const uint8_t r : registers_) ++histogram[r];
  const double m = static_cast<double>(REGISTERS);
  const auto tau = [](double x) {
    if (x == 0 || x == 1) return 0.0;
    double y = 1, z = 1 - x, previous;
    do {
      x = std::sqrt(x);
      previous = z;
      y *= 0.5;
      z -= (1 - x) * (1 - x) * y;
    } while (previous != z);
    return z / 3;
  };
  const auto sigma = [](double x) {
    if (x == 1) return std::numeric_limits<double>::infinity();
    double y = 1, z = x, previous;
    do {
      x *= x;
      previous = z;
      z += x * y;
      y += y;
    } while (previous != z);
    return z;
  };
  double z = m * tau(1 - static_cast<double>(histogram[q + 1]) / m);
  for (int k = q; k >= 1; --k) z = 0.5 * (z + static_cast<double>(histogram[static_cast<size_t>(k)]));
  z += m * sigma(static_cast<double>(histogram[0]) / m);
  const double alpha = 0.5 / std::log(2.0);
  return static_cast<uint64_t>(std::llround(alpha * m * m / z));
}

std::string hyperloglog::encode() const {
  std::string out;
  if (registers_.empty()) return out;
  out.resize(REGISTERS);
  for (size_t i = 0; i < REGISTERS; ++i) out[i] = ALPHABET[registers_[i]];
  return out;
}

bool hyperloglog::decode(std::string_view text) {
  if (text.empty()) {
    registers_.clear();
    return true;
  }
  if (text.size() != REGISTERS) return false;
  std::vector<uint8_t> registers(REGISTERS);
  for (size_t i = 0; i < REGISTERS; ++i) {
    const int rank = rank_of_letter(text[i]);
    if (rank < 0 || rank > MAX_RANK) return false;
    registers[i] = static_cast<uint8_t>(rank);
  }
  registers_ = std::move(registers);
  return true;
}

}  // namespace chorus
