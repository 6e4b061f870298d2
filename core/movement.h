// The tables of a movement of many voices: when each author first posted (so how many new authors join each
// day), and the languages posted in each day. Mergeable, like the aggregator that holds them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace simdjson::dom {
class element;
}

namespace chorus {

class json_writer;

class movement_tables {
 public:
  /// Authors whose first day is kept exactly: 2^21 slots of 12 bytes (24 MiB) at most, filled to 3/4.
  /// Posts by further authors are counted in untracked_posts(): the new-author series is then a lower bound.
  static constexpr size_t MAX_SLOTS = size_t{1} << 21;
  static constexpr size_t MAX_AUTHORS = MAX_SLOTS / 4 * 3;
  /// Languages counted per day by name; posts in further languages count as "other".
  static constexpr size_t MAX_LANGUAGES = 48;

  movement_tables();
  movement_tables(const movement_tables& other);
  movement_tables& operator=(const movement_tables& other);
  movement_tables(movement_tables&&) noexcept;
  movement_tables& operator=(movement_tables&&) noexcept;
  ~movement_tables();

  /// Counts one post of local day `day` (within the timeline) by `author` (any spelling) in `lang`.
  void add(int64_t day, std::string_view author, std::string_view lang);
  void merge(const movement_tables& other);
  /// Makes room for `n` authors in all (at most MAX_AUTHORS) at once: authors listed from another table come
  /// in the order of its slots, and added to a smaller table that grows as they come they pile up in long runs.
  void reserve(size_t n);
  uint64_t authors() const { return size_; }
  uint64_t untracked_posts() const { return untracked_; }

  /// New authors per day: {day: how many authors posted first that day}.
  std::map<int64_t, uint64_t> new_authors() const;
  /// The `n` languages with most posts (then by name), and per day the posts in each and in all others.
  void languages(size_t n, std::vector<std::string>& names, std::map<int64_t, std::vector<uint64_t>>& days) const;

  void write_state(json_writer& w) const;
  /// Adds what write_state wrote; false, changing nothing, when it is malformed or implausible.
  bool merge_state(const simdjson::dom::element& state);

 private:
  void note_first(uint64_t key, int32_t day);
  /// The place of a language in the rows of language_days_, added when there is room, else "other".
  size_t language_slot(std::string_view name);
  /// A day's row of posts per language, made when the day has none.
  std::vector<uint64_t>& day_row(int64_t day);
  void grow();
  static constexpr uint64_t EMPTY = ~uint64_t{0};
  std::unique_ptr<uint64_t[]> keys_;
  std::unique_ptr<int32_t[]> days_;
  size_t capacity_ = 0, size_ = 0;
  uint64_t untracked_ = 0;
  std::vector<std::string> language_names_;            // index -> language as written, lower case
  std::map<int64_t, std::vector<uint64_t>> language_days_;  // day -> posts per language index (+ other, last)
  std::string folded_;                                 // scratch
};

}  // namespace chorus
