// The set of posts already counted, by id: collections overlap (the same search run twice, files that share
// a day), so a post met again is dropped. Open addressing over 64-bit keys, 8 bytes a slot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace chorus {

class id_set {
 public:
  /// The most distinct posts held exactly: 2^24 slots of 8 bytes (128 MiB) at most, filled to 3/4.
  /// Past it, posts are no longer checked (and counted as unchecked): the summary says so.
  static constexpr size_t MAX_SLOTS = size_t{1} << 24;
  static constexpr size_t MAX_IDS = MAX_SLOTS / 4 * 3;

  /// The key of a post's id in an id space (one platform's ids): a decimal id below 2^63 is itself (exact);
  /// any other id is a 64-bit hash of it, with the top bit set. Spaces are kept apart by mixing in theirs.
  static uint64_t key_of(std::string_view space, std::string_view id);

  /// Adds a key: true when it was not there (the post is new), false for a duplicate. When the set is full,
  /// true without adding (see full()).
  bool insert(uint64_t key);
  bool contains(uint64_t key) const;
  /// Makes room for `n` keys in all (at most MAX_IDS) at once. Keys listed from another set (for_each) come in
  /// the order of its slots: added to a smaller table that grows as they come, they would pile up in long runs.
  void reserve(size_t n);
  size_t size() const { return size_; }
  bool full() const { return size_ >= MAX_IDS; }
  /// Bytes held.
  size_t bytes() const { return capacity_ * sizeof(uint64_t); }
  void clear();

  /// Calls each(key) for every key.
  template <typename F>
  void for_each(F&& each) const {
    for (size_t i = 0; i < capacity_; ++i) {
      if (slots_[i] != EMPTY) each(slots_[i]);
    }
  }

 private:
  static constexpr uint64_t EMPTY = ~uint64_t{0};
  void grow();
  std::unique_ptr<uint64_t[]> slots_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

}  // namespace chorus
