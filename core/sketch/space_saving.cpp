#include "space_saving.h"

#include <algorithm>

#include "hyperloglog.h"

namespace chorus {

namespace {

bool ranks_higher(const space_saving::entry& a, const space_saving::entry& b) {
  return a.count != b.count ? a.count > b.count : a.key < b.key;
}

/// 8 bytes of a key from `at` as a big-endian number, zeros past its end: two keys whose prefixes differ are
/// ordered as their prefixes are (a shorter key that is the other's beginning has zeros where the other has
/// bytes, or equal prefixes if those bytes are zeros too, which the full comparison then settles).
uint64_t prefix_of(std::string_view key, size_t at) {
  uint64_t p = 0;
  for (size_t i = 0; i < 8 && at + i < key.size(); ++i) p |= uint64_t{static_cast<uint8_t>(key[at + i])} << (56 - 8 * i);
  return p;
}

uint64_t tag_of(uint64_t hash) { return hash >> 32; }

}  // namespace

space_saving::item space_saving::item_of(uint64_t count, std::string_view key, uint32_t slot) {
  return {count, {prefix_of(key, 0), prefix_of(key, 8)}, slot};
}

bool space_saving::before(const item& a, const item& b) const {
  if (a.count != b.count) return a.count < b.count;
  if (a.prefix[0] != b.prefix[0]) return a.prefix[0] > b.prefix[0];
  if (a.prefix[1] != b.prefix[1]) return a.prefix[1] > b.prefix[1];
  return entries_[a.slot].key > entries_[b.slot].key;
}

void space_saving::put_at(size_t place, const item& it) {
  heap_[place] = it;
  place_[it.slot] = static_cast<uint32_t>(place);
}

// The heap has four children a place (ARITY): half as many levels as a binary heap, and the children of a
// place side by side in two cache lines. A new key usually sinks to the bottom (it takes the least count and
// one more), so the levels are what an add costs.
void space_saving::sift_down(size_t i) {
  const item moving = heap_[i];
  const size_t n = heap_.size();
  for (;;) {
    const size_t first = ARITY * i + 1;
    if (first >= n) break;
    size_t least = first;
    const size_t end = std::min(first + ARITY, n);
    for (size_t c = first + 1; c < end; ++c) {
      if (before(heap_[c], heap_[least])) least = c;
    }
    if (!before(heap_[least], moving)) break;
    put_at(i, heap_[least]);
    i = least;
  }
  put_at(i, moving);
}

void space_saving::sift_up(size_t i) {
  const item moving = heap_[i];
  while (i > 0) {
    const size_t parent = (i - 1) / ARITY;
    if (!before(moving, heap_[parent])) break;
    put_at(i, heap_[parent]);
    i = parent;
  }
  put_at(i, moving);
}

uint32_t space_saving::find(std::string_view key, uint64_t hash) const {
  if (index_.empty()) return NONE;
  const size_t mask = index_.size() - 1;
  const uint64_t tag = tag_of(hash);
  for (size_t i = tag & mask;; i = (i + 1) & mask) {
    const uint64_t cell = index_[i];
    if (cell == 0) return NONE;
    const auto slot = static_cast<uint32_t>(cell) - 1;
    if ((cell >> 32) == tag && entries_[slot].key == key) return slot;
  }
}

void space_saving::index_insert(uint32_t slot, uint64_t hash) {
  const size_t mask = index_.size() - 1;
  size_t i = tag_of(hash) & mask;
  while (index_[i] != 0) i = (i + 1) & mask;
  index_[i] = tag_of(hash) << 32 | (uint64_t{slot} + 1);
}

void space_saving::index_erase(uint32_t slot, uint64_t hash) {
  const size_t mask = index_.size() - 1;
  size_t i = tag_of(hash) & mask;
  while (static_cast<uint32_t>(index_[i]) != slot + 1) i = (i + 1) & mask;
  // Backward shift: each later cell of the run moves into the hole when its home is not between them.
  for (size_t j = (i + 1) & mask; index_[j] != 0; j = (j + 1) & mask) {
    const size_t home = (index_[j] >> 32) & mask;
    if (((j - home) & mask) >= ((j - i) & mask)) {
      index_[i] = index_[j];
      i = j;
    }
  }
  index_[i] = 0;
}

bool space_saving::rebuild_index() {
  size_t size = 16;
  while (size < 2 * std::max(capacity_, entries_.size())) size *= 2;
  index_.assign(size, 0);
  hashes_.resize(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    hashes_[i] = stable_hash(entries_[i].key);
    if (find(entries_[i].key, hashes_[i]) != NONE) return false;
    index_insert(static_cast<uint32_t>(i), hashes_[i]);
  }
  return true;
}

void space_saving::add(std::string_view key, std::string_view label, uint64_t n) {
  add(key, label, n, stable_hash(key));
}

void space_saving::add(std::string_view key, std::string_view label, uint64_t n, uint64_t key_hash) {
  if (capacity_ == 0 || n == 0) return;
  total_ += n;
  if (index_.empty()) rebuild_index();
  if (const uint32_t slot = find(key, key_hash); slot != NONE) {
    entries_[slot].count += n;
    const size_t at = place_[slot];
    heap_[at].count += n;
    sift_down(at);
    return;
  }
  if (!full()) {
    const auto slot = static_cast<uint32_t>(entries_.size());
    entries_.push_back({std::string(key), std::string(label), n, 0});
    hashes_.push_back(key_hash);
    index_insert(slot, key_hash);
    heap_.push_back(item_of(n, key, slot));
    place_.push_back(static_cast<uint32_t>(heap_.size() - 1));
    sift_up(heap_.size() - 1);
    return;
  }
  // The least counted key gives its counter to the new one, which inherits its count as possible error.
  const uint32_t slot = heap_.front().slot;
  entry& least = entries_[slot];
  index_erase(slot, hashes_[slot]);
  const uint64_t floor = least.count;
  least.key.assign(key);
  least.label.assign(label);
  least.count = floor + n;
  least.error = floor;
  hashes_[slot] = key_hash;
  index_insert(slot, key_hash);
  heap_.front() = item_of(least.count, key, slot);
  sift_down(0);
}

std::vector<space_saving::entry> space_saving::sorted() const {
  std::vector<entry> out(entries_.begin(), entries_.end());
  std::sort(out.begin(), out.end(), ranks_higher);
  return out;
}

void space_saving::merge(const space_saving& other) {
  if (other.entries_.empty()) return;
  // Mergeable summaries (Agarwal et al., 2012): a key missing from a full summary may have been counted up
  // to its smallest count there, so it is charged that much, as count and as error.
  const uint64_t mine_floor = min_count(), their_floor = other.min_count();
  std::vector<entry> all;
  all.reserve(entries_.size() + other.entries_.size());
  for (const entry& e : entries_) all.push_back({e.key, e.label, e.count + their_floor, e.error + their_floor});
  for (size_t k = 0; k < other.entries_.size(); ++k) {
    const entry& e = other.entries_[k];
    if (const uint32_t slot = find(e.key, other.hashes_[k]); slot != NONE) {
      all[slot].count += e.count - their_floor;
      all[slot].error += e.error - their_floor;
    } else {
      all.push_back({e.key, e.label, e.count + mine_floor, e.error + mine_floor});
    }
  }
  std::sort(all.begin(), all.end(), ranks_higher);
  if (all.size() > capacity_) all.resize(capacity_);
  const uint64_t total = total_ + other.total_;
  assign(std::move(all), total);
}

bool space_saving::assign(std::vector<entry> entries, uint64_t total) {
  if (entries.size() > capacity_) return false;
  for (const entry& e : entries) {
    if (e.error > e.count || e.count == 0) return false;
  }
  uint64_t sum = 0;
  for (const entry& e : entries) {
    if (__builtin_add_overflow(sum, e.count - e.error, &sum)) return false;
  }
  if (sum > total) return false;  // counts without their errors cannot exceed what was counted
  std::vector<entry> previous = std::move(entries_);
  entries_ = std::move(entries);
  if (!rebuild_index()) {  // the same key twice
    entries_ = std::move(previous);
    rebuild_index();
    return false;
  }
  heap_.resize(entries_.size());
  place_.resize(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) heap_[i] = item_of(entries_[i].count, entries_[i].key, static_cast<uint32_t>(i));
  for (size_t i = 0; i < heap_.size(); ++i) place_[heap_[i].slot] = static_cast<uint32_t>(i);
  for (size_t i = heap_.size() / ARITY + 1; i-- > 0;) {
    if (i < heap_.size()) sift_down(i);
  }
  total_ = total;
  return true;
}

}  // namespace chorus
