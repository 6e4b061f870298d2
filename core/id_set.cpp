#include "id_set.h"

#include <algorithm>
#include <cstring>

#include "sketch/hyperloglog.h"

namespace chorus {

namespace {

/// The inverse of an odd number modulo 2^64 (Newton's iteration doubles the bits right at each step).
constexpr uint64_t inverse_of(uint64_t odd) {
  uint64_t inverse = odd;  // right in its low 3 bits
  for (int i = 0; i < 5; ++i) inverse *= 2 - odd * inverse;
  return inverse;
}

/// mix64 undone: each of its steps can be (x ^= x >> 33 is its own inverse, since 33 + 33 > 64).
constexpr uint64_t unmix64(uint64_t x) {
  x ^= x >> 33;
  x *= inverse_of(0xc4ceb9fe1a85ec53ULL);
  x ^= x >> 33;
  x *= inverse_of(0xff51afd7ed558ccdULL);
  x ^= x >> 33;
  return x;
}
static_assert(unmix64(mix64(0x0123456789abcdefULL)) == 0x0123456789abcdefULL);
static_assert(unmix64(mix64(~uint64_t{0})) == ~uint64_t{0});

constexpr int KICKS = 500;  // moves tried before the table doubles instead

}  // namespace

uint64_t id_set::key_of(std::string_view space, std::string_view id) {
  uint64_t number = 0;
  bool decimal = !id.empty() && id.size() <= 19 && (id.size() == 1 || id[0] != '0');
  for (char c : id) {
    if (c < '0' || c > '9') {
      decimal = false;
      break;
    }
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  const uint64_t top = uint64_t{1} << 63;
  const uint64_t salt = stable_hash(space) & (top - 1);
  if (decimal && number < top) return number ^ salt;  // one-to-one within a space
  uint64_t h = stable_hash(id) ^ salt;
  h |= top;
  return h == ~uint64_t{0} ? h - 1 : h;  // never all ones (states written before 2026-12-06 kept it out)
}

id_set::id_set() = default;
id_set::~id_set() = default;
id_set::id_set(id_set&&) noexcept = default;
id_set& id_set::operator=(id_set&&) noexcept = default;

// A slot's value: the kept bits, shifted left once for the bit that says which bucket it lies in, plus one
// (0 is an empty slot).
id_set::place id_set::place_of(uint64_t key) const {
  const uint64_t mixed = mix64(key);
  const int kept = 64 - bits_;
  return {static_cast<size_t>(mixed >> kept), ((mixed & ((uint64_t{1} << kept) - 1)) << 1) + 1};
}

id_set::place id_set::other_place(int bits, size_t bucket, uint64_t value) {
  const uint64_t kept = (value - 1) >> 1;
  const size_t step = static_cast<size_t>((kept * 0x9E3779B97F4A7C15ULL) >> (64 - bits)) | 1;  // never 0
  return {bucket ^ step, ((value - 1) & 1) ? value - 1 : value + 1};
}

uint64_t id_set::key_at(int bits, size_t slot, uint64_t value) {
  size_t bucket = slot / 4;
  if ((value - 1) & 1) bucket = other_place(bits, bucket, value).bucket;
  return unmix64(static_cast<uint64_t>(bucket) << (64 - bits) | (value - 1) >> 1);
}

uint64_t id_set::load(const unsigned char* table, int bits, size_t slot) {
  const size_t bit = slot * static_cast<size_t>(slot_bits(bits));
  uint64_t word = 0;
  std::memcpy(&word, table + bit / 8, sizeof word);
  return word >> (bit % 8) & ((uint64_t{1} << slot_bits(bits)) - 1);
}

void id_set::store(size_t slot, uint64_t value) {
  const size_t bit = slot * static_cast<size_t>(slot_bits(bits_));
  const uint64_t mask = ((uint64_t{1} << slot_bits(bits_)) - 1) << (bit % 8);
  uint64_t word = 0;
  std::memcpy(&word, slots_.get() + bit / 8, sizeof word);
  word = (word & ~mask) | value << (bit % 8);
  std::memcpy(slots_.get() + bit / 8, &word, sizeof word);
}

void id_set::prefetch(uint64_t key) const {
  if (bits_ == 0) return;
  const place p = place_of(key);
  const size_t bucket_bits = 4 * static_cast<size_t>(slot_bits(bits_));
  __builtin_prefetch(slots_.get() + p.bucket * bucket_bits / 8);
  __builtin_prefetch(slots_.get() + other_place(p.bucket, p.value).bucket * bucket_bits / 8);
}

bool id_set::find(size_t bucket, uint64_t value, size_t& empty) const {
  for (size_t slot = bucket * 4; slot < bucket * 4 + 4; ++slot) {
    const uint64_t held = load(slot);
    if (held == value) return true;
    if (held == EMPTY && empty == SIZE_MAX) empty = slot;
  }
  return false;
}

size_t id_set::empty_slot(size_t bucket) const {
  for (size_t slot = bucket * 4; slot < bucket * 4 + 4; ++slot) {
    if (load(slot) == EMPTY) return slot;
  }
  return SIZE_MAX;
}

bool id_set::put(place p, uint64_t& homeless) {
  for (int kick = 0; kick < KICKS; ++kick) {
    const place other = other_place(p.bucket, p.value);
    size_t empty = empty_slot(p.bucket);
    if (empty == SIZE_MAX) empty = empty_slot(other.bucket);
    if (empty != SIZE_MAX) {
      store(empty, empty / 4 == p.bucket ? p.value : other.value);
      return true;
    }
    // Both buckets are full: the value takes a slot of `p`'s bucket (not the one a moved value came from),
    // and the value it held moves on to its other bucket.
    const size_t slot = p.bucket * 4 + (kick_++ & 3);
    const uint64_t moved = load(slot);
    store(slot, p.value);
    p = other_place(p.bucket, moved);
  }
  homeless = key_at(p.bucket * 4, p.value);
  return false;
}

bool id_set::contains(uint64_t key) const {
  if (bits_ != 0) {
    const place p = place_of(key);
    size_t empty = SIZE_MAX;
    if (find(p.bucket, p.value, empty)) return true;
    const place other = other_place(p.bucket, p.value);
    if (find(other.bucket, other.value, empty)) return true;
  }
  return std::find(stash_.begin(), stash_.end(), key) != stash_.end();
}

bool id_set::insert(uint64_t key) {
  if (full()) return !contains(key);
  if (bits_ == 0) rebuild(MIN_BUCKET_BITS);
  place p = place_of(key);
  size_t empty = SIZE_MAX;
  if (find(p.bucket, p.value, empty)) return false;
  const place other = other_place(p.bucket, p.value);
  if (find(other.bucket, other.value, empty)) return false;
  ++size_;
  if (size_ > slots() / 10 * 9 && bits_ < MAX_BUCKET_BITS) {
    rebuild(bits_ + 1);
    p = place_of(key);
  } else if (empty != SIZE_MAX) {
    store(empty, empty / 4 == p.bucket ? p.value : other.value);
    return true;
  }
  uint64_t homeless = key;
  while (!put(p, homeless)) {
    if (bits_ == MAX_BUCKET_BITS) {
      stash_.push_back(homeless);  // kept exactly still; the set counts as full from now on
      break;
    }
    rebuild(bits_ + 1);
    p = place_of(homeless);
  }
  return true;
}

void id_set::reserve(size_t n) {
  n = std::min(n, MAX_IDS);
  int bits = std::max(bits_, MIN_BUCKET_BITS);
  while ((size_t{4} << bits) / 10 * 9 < n && bits < MAX_BUCKET_BITS) ++bits;
  if (bits != bits_) rebuild(bits);
}

void id_set::rebuild(int bits) {
  std::vector<uint64_t> stashed;
  stashed.swap(stash_);
  const int old_bits = bits_;
  const size_t old_slots = slots();
  const std::unique_ptr<unsigned char[]> old = std::move(slots_);
  slots_.reset(new unsigned char[table_bytes(bits)]());
  bits_ = bits;
  auto place_key = [&](uint64_t key) {
    uint64_t homeless = key;
    if (!put(place_of(key), homeless)) stash_.push_back(homeless);  // at under half full: never seen
  };
  for (size_t slot = 0; slot < old_slots; ++slot) {
    const uint64_t value = load(old.get(), old_bits, slot);
    if (value != EMPTY) place_key(key_at(old_bits, slot, value));
  }
  for (const uint64_t key : stashed) place_key(key);
}

void id_set::clear() {
  slots_.reset();
  bits_ = 0;
  size_ = 0;
  stash_.clear();
}

}  // namespace chorus
