#include "space_saving.h"

#include <algorithm>

namespace chorus {

namespace {

/// The order of the heap: smaller counts first; among equal counts the larger key first, so that it is
/// the one replaced, and the kept keys are the first in the order of a top list.
bool before(const space_saving::entry& a, const space_saving::entry& b) {
  return a.count != b.count ? a.count < b.count : a.key > b.key;
}

bool ranks_higher(const space_saving::entry& a, const space_saving::entry& b) {
  return a.count != b.count ? a.count > b.count : a.key < b.key;
}

}  // namespace

bool space_saving::before_at(size_t a, size_t b) const {
  return before(entries_[heap_[a]], entries_[heap_[b]]);
}

void space_saving::swap_at(size_t a, size_t b) {
  std::swap(heap_[a], heap_[b]);
  place_[heap_[a]] = static_cast<uint32_t>(a);
  place_[heap_[b]] = static_cast<uint32_t>(b);
}

void space_saving::sift_down(size_t i) {
  for (;;) {
    const size_t left = 2 * i + 1, right = left + 1;
    size_t least = i;
    if (left < heap_.size() && before_at(left, least)) least = left;
    if (right < heap_.size() && before_at(right, least)) least = right;
    if (least == i) return;
    swap_at(i, least);
    i = least;
  }
}

void space_saving::sift_up(size_t i) {
  while (i > 0) {
    const size_t parent = (i - 1) / 2;
    if (!before_at(i, parent)) return;
    swap_at(i, parent);
    i = parent;
  }
}

bool space_saving::rebuild_index() {
  index_.clear();
  index_.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!index_.emplace(entries_[i].key, i).second) return false;
  }
  return true;
}

void space_saving::add(std::string_view key, std::string_view label, uint64_t n) {
  if (capacity_ == 0 || n == 0) return;
  total_ += n;
  if (const auto it = index_.find(key); it != index_.end()) {
    const size_t slot = it->second;
    entries_[slot].count += n;
    sift_down(place_[slot]);
    return;
  }
  if (!full()) {
    const auto slot = static_cast<uint32_t>(entries_.size());
    entries_.push_back({std::string(key), std::string(label), n, 0});
    index_.emplace(entries_.back().key, slot);
    heap_.push_back(slot);
    place_.push_back(static_cast<uint32_t>(heap_.size() - 1));
    sift_up(heap_.size() - 1);
    return;
  }
  // The least counted key gives its counter to the new one, which inherits its count as possible error.
  const uint32_t slot = heap_.front();
  entry& least = entries_[slot];
  index_.erase(index_.find(least.key));
  const uint64_t floor = least.count;
  least.key.assign(key);
  least.label.assign(label);
  least.count = floor + n;
  least.error = floor;
  index_.emplace(least.key, slot);
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
  std::unordered_map<std::string_view, entry> combined;
  combined.reserve(entries_.size() + other.entries_.size());
  for (const entry& e : entries_) combined.emplace(e.key, entry{e.key, e.label, e.count + their_floor, e.error + their_floor});
  for (const entry& e : other.entries_) {
    auto [it, fresh] = combined.emplace(e.key, entry{e.key, e.label, e.count + mine_floor, e.error + mine_floor});
    if (!fresh) {
      it->second.count += e.count - their_floor;
      it->second.error += e.error - their_floor;
    }
  }
  std::vector<entry> all;
  all.reserve(combined.size());
  for (auto& [key, e] : combined) all.push_back(std::move(e));
  combined.clear();
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
  for (size_t i = 0; i < heap_.size(); ++i) heap_[i] = static_cast<uint32_t>(i);
  // A heap whose root is the least by before(): make_heap puts the greatest by its comparison first.
  std::make_heap(heap_.begin(), heap_.end(),
                 [&](uint32_t a, uint32_t b) { return before(entries_[b], entries_[a]); });
  place_.resize(heap_.size());
  for (size_t i = 0; i < heap_.size(); ++i) place_[heap_[i]] = static_cast<uint32_t>(i);
  total_ = total;
  return true;
}

}  // namespace chorus
