// The set of posts already counted, by id: collections overlap (the same search run twice, files that share
// a day), so a post met again is dropped. A bucketed cuckoo table that keeps each key exactly in fewer bits
// than the key has: 44-56 bits a slot (46 for a few million posts) where open addressing took 64.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace chorus {

/// How it keeps a key in less than 64 bits: the key's mix (mix64, which can be undone) is cut in two, its
/// top `bits_` bits naming the key's first bucket and the other 64 - bits_ kept in the slot, with one more
/// bit saying whether the slot lies in that bucket or in the key's second one (the first XOR a hash of the
/// kept bits). The key is therefore known again from a slot and its place: to grow, and to list the keys.
/// Buckets of 4 slots fill to 9/10 before the table doubles, where open addressing over 8-byte slots
/// doubled at 3/4; slots are packed slot_bits(bits_) bits each.
class id_set {
 public:
  /// The most buckets: 2^22 buckets of 4 slots of 44 bits (88 MiB). They hold MAX_IDS keys exactly; past
  /// them, posts are no longer checked (and counted as unchecked): the summary says so.
  static constexpr int MAX_BUCKET_BITS = 22;
  static constexpr size_t MAX_SLOTS = size_t{4} << MAX_BUCKET_BITS;
  static constexpr size_t MAX_IDS = MAX_SLOTS / 10 * 9;  // 15,099,489

  /// The key of a post's id in an id space (one platform's ids): a decimal id below 2^63 is itself (exact);
  /// any other id is a 64-bit hash of it, with the top bit set. Spaces are kept apart by mixing in theirs.
  static uint64_t key_of(std::string_view space, std::string_view id);

  id_set();
  ~id_set();
  id_set(id_set&&) noexcept;
  id_set& operator=(id_set&&) noexcept;

  /// Adds a key: true when it was not there (the post is new), false for a duplicate. When the set is full,
  /// true without adding (see full()).
  bool insert(uint64_t key);
  bool contains(uint64_t key) const;
  /// insert(keys(0)), ..., insert(keys(n - 1)), with the buckets of the key a few places ahead fetched from
  /// memory meanwhile: in a large set a new key's two buckets are two cache misses, which this overlaps (the
  /// ids handed between the readers of -j 2 on a 2 GB collection: 0.28 s over both threads before, 0.15 s).
  /// Returns how many of the keys were there already.
  template <typename Keys>
  size_t insert_each(size_t n, Keys&& keys) {
    constexpr size_t AHEAD = 16;
    size_t found = 0;
    for (size_t i = 0; i < n; ++i) {
      if (i + AHEAD < n) prefetch(keys(i + AHEAD));
      if (!insert(keys(i))) ++found;
    }
    return found;
  }
  /// Makes room for `n` keys in all (at most MAX_IDS) at once, so that keys listed from another set do not
  /// make the table double several times on the way.
  void reserve(size_t n);
  size_t size() const { return size_; }
  bool full() const { return size_ >= MAX_IDS || !stash_.empty(); }
  /// Bytes held.
  size_t bytes() const { return table_bytes(bits_); }
  void clear();

  /// Calls each(key) for every key.
  template <typename F>
  void for_each(F&& each) const {
    for (size_t slot = 0; slot < slots(); ++slot) {
      const uint64_t value = load(slot);
      if (value != EMPTY) each(key_at(slot, value));
    }
    for (const uint64_t key : stash_) each(key);
  }

 private:
  static constexpr uint64_t EMPTY = 0;
  static constexpr int MIN_BUCKET_BITS = 10;  // so that a slot (66 - bits bits) and its shift fit a 64-bit load
  static constexpr int slot_bits(int bits) { return 66 - bits; }
  static size_t table_bytes(int bits) {
    return bits == 0 ? 0 : ((size_t{4} << bits) * static_cast<size_t>(slot_bits(bits)) + 7) / 8 + sizeof(uint64_t);
  }
  size_t slots() const { return bits_ == 0 ? 0 : size_t{4} << bits_; }

  /// Where a key goes: its first bucket and the value its slot holds there (the value + 1 in the other).
  struct place {
    size_t bucket;
    uint64_t value;
  };
  place place_of(uint64_t key) const;
  /// The other bucket of a value that lies in `bucket` of a table of 2^bits buckets, and its value there.
  static place other_place(int bits, size_t bucket, uint64_t value);
  place other_place(size_t bucket, uint64_t value) const { return other_place(bits_, bucket, value); }
  /// The key whose value lies in `slot` of a table of 2^bits buckets.
  static uint64_t key_at(int bits, size_t slot, uint64_t value);
  uint64_t key_at(size_t slot, uint64_t value) const { return key_at(bits_, slot, value); }
  static uint64_t load(const unsigned char* table, int bits, size_t slot);
  uint64_t load(size_t slot) const { return load(slots_.get(), bits_, slot); }
  void store(size_t slot, uint64_t value);
  /// Asks the processor to fetch a key's two buckets: a hint, which reads and changes nothing.
  void prefetch(uint64_t key) const;
  /// Whether `value` lies in `bucket`; when not, `empty` is set to the bucket's first empty slot, if it has
  /// one and `empty` was SIZE_MAX.
  bool find(size_t bucket, uint64_t value, size_t& empty) const;
  /// The first empty slot of `bucket`, SIZE_MAX when it has none.
  size_t empty_slot(size_t bucket) const;
  /// Puts a value that is not in the table into `bucket` or, moving others, anywhere; false (the table left
  /// holding every other value, and the one left without a place in `homeless`) when no room was found.
  bool put(place p, uint64_t& homeless);
  void rebuild(int bits);

  std::unique_ptr<unsigned char[]> slots_;
  int bits_ = 0;  // log2 of the buckets; 0 before the first key
  size_t size_ = 0;
  unsigned kick_ = 0;            // which slot of a full bucket moves next
  std::vector<uint64_t> stash_;  // a key that found no place once the table could not double (rare)
};

}  // namespace chorus
