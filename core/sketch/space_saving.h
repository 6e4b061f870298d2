// Top lists in fixed memory: Space-Saving (Metwally, Agrawal and El Abbadi, 2005), mergeable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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
  /// The same, given stable_hash(key) (a caller that hashed the key already).
  void add(std::string_view key, std::string_view label, uint64_t n, uint64_t key_hash);
  /// Adds the counts of another summary of other values (as if its stream had been added here).
  void merge(const space_saving& other);

  /// The smallest kept count once every counter is in use (the bound on any count's error), else 0.
  uint64_t min_count() const { return full() ? heap_.front().count : 0; }
  bool full() const { return entries_.size() >= capacity_; }
  size_t capacity() const { return capacity_; }
  uint64_t total() const { return total_; }
  /// The kept entries, largest count first, then by key.
  std::vector<entry> sorted() const;

  /// Replaces the contents with `entries` (at most capacity(), counts at least their errors) of a stream
  /// of `total` occurrences; false, changing nothing, when they cannot be a summary.
  bool assign(std::vector<entry> entries, uint64_t total);

 private:
  /// A heap place: what ordering needs without reaching into entries_ (a key's count, and its first 16 bytes
  /// as two big-endian numbers, which order keys as their bytes do unless they are equal: an X handle, at
  /// most 15 bytes, is then never compared as a string).
  struct item {
    uint64_t count;
    uint64_t prefix[2];
    uint32_t slot;
  };
  /// The heap place of the key in `slot`, counted `count` times.
  static item item_of(uint64_t count, std::string_view key, uint32_t slot);
  void sift_down(size_t i);
  void sift_up(size_t i);
  /// Whether item a comes before item b in the heap (smaller count, then the larger key).
  bool before(const item& a, const item& b) const;
  void put_at(size_t place, const item& it);

  /// The index of keys: open addressing over (hash tag << 32 | slot + 1), 0 empty, at most half full.
  uint32_t find(std::string_view key, uint64_t hash) const;  // a slot, or NONE
  void index_insert(uint32_t slot, uint64_t hash);
  void index_erase(uint32_t slot, uint64_t hash);
  bool rebuild_index();
  static constexpr uint32_t NONE = ~uint32_t{0};
  static constexpr size_t ARITY = 4;

  size_t capacity_;
  uint64_t total_ = 0;
  // The entries stay where they were put (a key keeps its slot); the heap orders slot numbers.
  std::vector<entry> entries_;
  std::vector<uint64_t> hashes_;  // slot -> stable_hash of its key
  std::vector<item> heap_;        // a min-heap on (count, then the larger key first)
  std::vector<uint32_t> place_;   // slot -> its place in heap_
  std::vector<uint64_t> index_;
};

}  // namespace chorus
