// Top lists in fixed memory: Space-Saving (Metwally, Agrawal and El Abbadi, 2005), mergeable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chorus {

/// Counts the most frequent keys of a stream with `capacity` counters. Every key counted more than
/// total() / capacity times is kept; a kept key's count is at most `error` above its true count, and
/// `error` is at most min_count(). Equal counts are ordered by key, so a given sequence of adds and merges
/// always keeps the same keys.
class space_saving {
 public:
  struct entry {
    std::string key;    ///< the folded key
    std::string label;  ///< a spelling seen for it
    uint64_t count = 0;  ///< its count, an overestimate by at most `error`
    uint64_t error = 0;
  };

  explicit space_saving(size_t capacity) : capacity_(capacity) {}

  /// Counts `n` occurrences of `key`, spelled `label`.
  void add(std::string_view key, std::string_view label, uint64_t n);
  /// Adds the counts of another summary of other values (as if its stream had been added here).
  void merge(const space_saving& other);

  /// The smallest kept count once every counter is in use (the bound on any count's error), else 0.
  uint64_t min_count() const { return full() ? entries_[heap_.front()].count : 0; }
  bool full() const { return entries_.size() >= capacity_; }
  size_t capacity() const { return capacity_; }
  uint64_t total() const { return total_; }
  /// The kept entries, largest count first, then by key.
  std::vector<entry> sorted() const;

  /// Replaces the contents with `entries` (at most capacity(), counts at least their errors) of a stream
  /// of `total` occurrences; false, changing nothing, when they cannot be a summary.
  bool assign(std::vector<entry> entries, uint64_t total);

 private:
  void sift_down(size_t i);
  void sift_up(size_t i);
  /// Whether the entry at heap place a comes before the one at b (smaller count, then the larger key).
  bool before_at(size_t a, size_t b) const;
  void swap_at(size_t a, size_t b);
  bool rebuild_index();

  size_t capacity_;
  uint64_t total_ = 0;
  // The entries stay where they were put (a key keeps its slot); the heap orders slot numbers, so that a
  // step of a sift swaps two numbers and never rehashes a key.
  std::vector<entry> entries_;
  std::vector<uint32_t> heap_;  // a min-heap of slots on (count, then the larger key first)
  std::vector<uint32_t> place_;  // slot -> its place in heap_
  struct key_hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, size_t, key_hash, std::equal_to<>> index_;  // key -> slot in entries_
};

}  // namespace chorus
