// Distinct strings numbered 0, 1, 2, ... in the order they first came, kept flat: their bytes one after
// another in one buffer, and an open-addressing table of (hash, number) words, so a lookup touches one slot
// and one spelling, with no node, no heap string and no pointer per entry. A table of more than 2^32 slots
// would need more of the hash than a slot keeps: the strings of one table stay far below 2^31.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

class interner {
 public:
  static constexpr uint32_t NONE = UINT32_MAX;
  /// The number of `s`, given the next number when it is new.
  uint32_t intern(std::string_view s);
  /// The number of `s`, or NONE when it was never interned.
  uint32_t find(std::string_view s) const;
  /// Forgets every string and keeps the buffers for the next ones (a reader's table of one record).
  void clear();
  /// The string numbered `id` (id < size()). Valid until the next intern.
  std::string_view at(uint32_t id) const {
    const uint32_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(text_).substr(begin, ends_[id] - begin);
  }
  size_t size() const { return ends_.size(); }
  /// The bytes its buffers take.
  size_t bytes() const { return text_.capacity() + ends_.capacity() * 4 + slots_.capacity() * 8; }

 private:
  static uint64_t hash(std::string_view s);
  /// Where the probe for a string whose slot is (or would be) `slot` starts in a table of mask + 1 slots: from
  /// the high 32 bits of its hash, which the slot keeps, so that growing rehashes no spelling.
  static size_t home(uint64_t slot, size_t mask) { return static_cast<size_t>(slot >> 32) & mask; }
  /// The number a filled slot holds (its low 32 bits are the number + 1).
  static uint32_t number_in(uint64_t slot) { return static_cast<uint32_t>((slot & 0xFFFFFFFF) - 1); }
  /// The slot that holds `s` (of hash `h`), or the empty slot where it would go.
  size_t slot_of(std::string_view s, uint64_t h) const;
  void grow();
  std::string text_;            // every string, one after another
  std::vector<uint32_t> ends_;  // where string i ends in text_
  std::vector<uint64_t> slots_;  // high 32 bits of the hash << 32 | (number + 1); 0 is empty
};

}  // namespace chorus
