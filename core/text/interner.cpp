#include "interner.h"

#include <algorithm>
#include <cstring>

namespace chorus {

uint64_t interner::hash(std::string_view s) {
  // Eight bytes at a time, each word mixed in by a multiply (the values are handles, tags and names).
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xFF51AFD7ED558CCDull);
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  }
  h ^= h >> 32;
  h *= 0xFF51AFD7ED558CCDull;
  return h ^ (h >> 29);
}

namespace {

/// Whether `a` and `b` (of the same size `n`) hold the same bytes: eight at a time, the last eight overlapping,
/// inline (in wasm the C library's memcmp goes one byte at a time, and most spellings are short).
bool same_bytes(const char* a, const char* b, size_t n) {
  if (n < 8) {
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  uint64_t x, y;
  for (size_t i = 0; i + 8 < n; i += 8) {
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return false;
  }
  std::memcpy(&x, a + n - 8, 8);
  std::memcpy(&y, b + n - 8, 8);
  return x == y;
}

}  // namespace

size_t interner::slot_of(std::string_view s, uint64_t h) const {
  const uint64_t tag = h >> 32 << 32;
  const size_t mask = slots_.size() - 1;
  for (size_t i = home(tag, mask);; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == 0) return i;
    if ((slot & ~uint64_t{0xFFFFFFFF}) != tag) continue;
    const std::string_view kept = at(number_in(slot));
    if (kept.size() == s.size() && same_bytes(kept.data(), s.data(), s.size())) return i;
  }
}

uint32_t interner::intern(std::string_view s) {
  if (ends_.size() * 2 >= slots_.size()) grow();  // at most half full
  const uint64_t h = hash(s);
  const size_t i = slot_of(s, h);
  if (slots_[i] != 0) return number_in(slots_[i]);
  const auto id = static_cast<uint32_t>(ends_.size());
  text_.append(s);
  ends_.push_back(static_cast<uint32_t>(text_.size()));
  slots_[i] = h >> 32 << 32 | (uint64_t{id} + 1);
  return id;
}

uint32_t interner::find(std::string_view s) const {
  if (ends_.empty()) return NONE;
  const size_t i = slot_of(s, hash(s));
  return slots_[i] == 0 ? NONE : number_in(slots_[i]);
}

void interner::clear() {
  text_.clear();
  ends_.clear();
  std::fill(slots_.begin(), slots_.end(), 0);
}

void interner::grow() {
  std::vector<uint64_t> slots(slots_.empty() ? 64 : slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  // A slot's home is read from the hash bits it keeps: no spelling is read or hashed again.
  for (const uint64_t slot : slots_) {
    if (slot == 0) continue;
    size_t i = home(slot, mask);
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  slots_.swap(slots);
}

}  // namespace chorus
