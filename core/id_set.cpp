#include "id_set.h"

#include <algorithm>

#include "sketch/hyperloglog.h"

namespace chorus {

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
  return h == EMPTY ? EMPTY - 1 : h;
}

bool id_set::contains(uint64_t key) const {
  if (capacity_ == 0) return false;
  for (size_t i = mix64(key) & (capacity_ - 1);; i = (i + 1) & (capacity_ - 1)) {
    if (slots_[i] == key) return true;
    if (slots_[i] == EMPTY) return false;
  }
}

bool id_set::insert(uint64_t key) {
  if (full()) return !contains(key);
  if ((size_ + 1) * 4 > capacity_ * 3) grow();
  for (size_t i = mix64(key) & (capacity_ - 1);; i = (i + 1) & (capacity_ - 1)) {
    if (slots_[i] == key) return false;
    if (slots_[i] == EMPTY) {
      slots_[i] = key;
      ++size_;
      return true;
    }
  }
}

void id_set::reserve(size_t n) {
  n = std::min(n, MAX_IDS);
  while (n * 4 > capacity_ * 3 && capacity_ < MAX_SLOTS) grow();
}

void id_set::grow() {
  const size_t capacity = capacity_ == 0 ? 1024 : capacity_ * 2;
  std::unique_ptr<uint64_t[]> old = std::move(slots_);
  const size_t old_capacity = capacity_;
  slots_.reset(new uint64_t[capacity]);
  for (size_t i = 0; i < capacity; ++i) slots_[i] = EMPTY;
  capacity_ = capacity;
  for (size_t i = 0; i < old_capacity; ++i) {
    if (old[i] == EMPTY) continue;
    size_t j = mix64(old[i]) & (capacity_ - 1);
    while (slots_[j] != EMPTY) j = (j + 1) & (capacity_ - 1);
    slots_[j] = old[i];
  }
}

void id_set::clear() {
  slots_.reset();
  capacity_ = size_ = 0;
}

}  // namespace chorus
