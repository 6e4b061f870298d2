// Counting posts into the tables a summary is made of. Aggregators merge, so pieces can be counted apart.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "enum_names.h"
#include "movement.h"
#include "post.h"
#include "text/interner.h"

namespace simdjson::dom {
class element;
}

namespace chorus {

class json_writer;

/// One row of a top list.
struct top_entry {
  std::string key;     ///< the folded key (lower case)
  std::string label;   ///< the most common spelling seen
  uint64_t count = 0;  ///< how many posts carry it
  uint64_t error = 0;  ///< how much `count` may exceed the true count (a sketch's; 0 while exact)
};

/// Spellings counted `counts[id]` times each (0: not counted), grouped under their folded key: how many keys
/// (`distinct`), and the `n` keys counted most often (then by key), each labelled with its most common
/// spelling (ties going to the one that sorts first, so that output is stable). Exact, and the same in
/// whatever order the spellings were numbered.
/// (Defined for counts of 32 and 64 bits.)
template <typename Count>
std::vector<top_entry> group_spellings(const interner& spellings, const std::vector<Count>& counts, size_t n,
                                       uint64_t& distinct);

/// Counts values under a case-folded key and remembers how each key was spelled. Counting is one lookup
/// of the spelling; spellings are folded and grouped only when the tables are read (top, distinct).
///
/// Exact up to EXACT_SPELLINGS distinct spellings. Past that the counter becomes a sketch of fixed size:
/// Space-Saving with TOP_CAPACITY counters for the top list (each count at most max_error() too high,
/// and max_error() at most the list's total / TOP_CAPACITY) and HyperLogLog for the distinct count (within
/// 0.81% standard error). Sketches merge with counters and sketches, so helpers' tables still add up.
class folded_counter {
 public:
  static constexpr size_t EXACT_SPELLINGS = 65536;
  static constexpr size_t TOP_CAPACITY = 16384;
  /// The relative standard error of distinct() once approximate().
  static constexpr double DISTINCT_STANDARD_ERROR = 0.0081;

  folded_counter();
  folded_counter(const folded_counter& other);
  folded_counter& operator=(const folded_counter& other);
  folded_counter(folded_counter&&) noexcept;
  folded_counter& operator=(folded_counter&&) noexcept;
  ~folded_counter();

  /// Counts `n` occurrences of `spelling`.
  void add(std::string_view spelling, uint64_t n = 1);
  /// Adds another counter's counts to this one.
  void merge(const folded_counter& other);
  /// The `n` largest entries, by count then key; once approximate(), only those surely counted more often
  /// (count less error) than max_error(), the most any key left out may have been counted.
  std::vector<top_entry> top(size_t n) const;
  /// How many distinct keys were counted (estimated once approximate()).
  uint64_t distinct() const;
  /// Whether the counter became a sketch: top counts and the distinct count are then estimates.
  bool approximate() const { return sketch_ != nullptr; }
  /// How much any count of top() may exceed the true count (0 while exact).
  uint64_t max_error() const;
  /// Writes the counter for merge_state: every spelling with its count, `[["MeToo", 5], ["metoo", 2]]`,
  /// sorted, or once approximate the sketch, `{"total":N,"top":[[key,label,count,error],...],"distinct":"..."}`.
  void write_state(json_writer& w) const;
  /// Adds what write_state wrote; false, changing nothing, when it is malformed or implausible.
  bool merge_state(const simdjson::dom::element& state);

 private:
  struct sketch;
  /// Every key with its count and label, largest first; made once after the last add.
  const std::vector<top_entry>& grouped() const;
  /// Turns the exact counts into a sketch.
  void become_sketch();
  /// Frees the grouping made by grouped() (counts changed).
  void drop_grouped();

  interner spellings_;            // every spelling as written, numbered (while exact)
  std::vector<uint64_t> counts_;  // and how many posts carry each
  std::unique_ptr<sketch> sketch_;  // once past EXACT_SPELLINGS
  mutable std::vector<top_entry> grouped_;
  mutable bool grouped_valid_ = false;
};

/// The top lists of a summary: what each counts is for_each_listed's to say, once.
enum class top_list : uint8_t { HASHTAGS, MENTIONS, REPLY_TARGETS, DOMAINS, LANGUAGES, CLIENTS, AUTHORS };
inline constexpr size_t TOP_LIST_COUNT = 7;
/// Their names in summaries and states, in their order.
inline constexpr enum_names<top_list, TOP_LIST_COUNT> TOP_LIST_NAMES{
    {"hashtags", "mentions", "reply_targets", "domains", "languages", "clients", "authors"}};

/// True when values[i] is the first of `values` with its folded key: a post counts each key once.
bool first_of_key(const std::vector<std::string>& values, size_t i);

/// Calls `each(list, value)` for every value a post gives the top lists: its hashtags, mentions and linked
/// domains (each folded key once), the account a reply answers, its language, posting application and author.
template <typename F>
void for_each_listed(const post& p, F&& each) {
  const auto distinct = [&](top_list list, const std::vector<std::string>& values) {
    for (size_t i = 0; i < values.size(); ++i) {
      if (first_of_key(values, i)) each(list, std::string_view(values[i]));
    }
  };
  distinct(top_list::HASHTAGS, p.hashtags);
  distinct(top_list::MENTIONS, p.mentions);
  if (p.kind == post_kind::REPLY && !p.reply_to.empty()) each(top_list::REPLY_TARGETS, std::string_view(p.reply_to));
  distinct(top_list::DOMAINS, p.domains);
  if (!p.lang.empty()) each(top_list::LANGUAGES, std::string_view(p.lang));
  if (!p.client.empty()) each(top_list::CLIENTS, std::string_view(p.client));
  if (!p.author.empty()) each(top_list::AUTHORS, std::string_view(p.author));
}

/// Counts per kind: original, reply, repost, quote.
using kind_counts = std::array<uint64_t, POST_KIND_COUNT>;

/// The summary tables for any number of posts.
class aggregator {
 public:
  /// Counts one post; `query_hits[i]` says whether query term i matched it. Days and hours are local
  /// times: UTC plus `offset_minutes`, the time zone's offset at the post's instant.
  void add(const post& p, const std::vector<bool>& query_hits = {}, int32_t offset_minutes = 0);
  /// Counts one post's time, kind, query matches (bit q: term q) and quality flags, without its lists.
  void count_post(int64_t time_ms, post_kind kind, int32_t offset_minutes, uint64_t query_bits, size_t query_count,
                  bool engagement_known, bool truncated_repost, bool text_repaired);
  /// Adds everything another aggregator counted.
  void merge(const aggregator& other);
  /// Writes every table in full, so that another process can merge it (see merge_state).
  void write_state(json_writer& w) const;
  /// Adds tables written by write_state. Returns false, changing nothing, when `state` is malformed or holds
  /// numbers no reading can give (instants past MAX_TIME_MS, counts past MAX_STATE_COUNT).
  bool merge_state(const simdjson::dom::element& state);
  /// Whether every instant, day and count is within what a reading can give.
  bool plausible() const;

  uint64_t posts() const { return posts_; }
  const kind_counts& by_kind() const { return by_kind_; }
  int64_t first_ms() const { return first_ms_; }
  int64_t last_ms() const { return last_ms_; }
  /// Posts per local day (days since 1970-01-01), only days with posts, within the timeline's days.
  const std::map<int64_t, kind_counts>& days() const { return days_; }

  /// Posts per value of each top list (replies per account replied to), in top_list's order.
  std::array<folded_counter, TOP_LIST_COUNT> lists;
  folded_counter& list(top_list l) { return lists[static_cast<size_t>(l)]; }
  const folded_counter& list(top_list l) const { return lists[static_cast<size_t>(l)]; }
  uint64_t truncated_reposts = 0;   ///< reposts whose text X cut short ("RT @a: ...…")
  uint64_t missing_engagement = 0;  ///< posts whose export has no like and repost counts
  uint64_t text_repaired = 0;       ///< posts whose text carried HTML entities, decoded before counting
  /// Posts dated outside the timeline's days (TIMELINE_FIRST_DAY..TIMELINE_END_DAY): in totals and lists,
  /// not in days, week hours or terms' days.
  uint64_t outside_timeline = 0;
  /// Posts per local hour of the week: [weekday, Monday = 0][hour].
  std::array<std::array<uint64_t, 24>, 7> week_hours{};
  /// Posts per local day that matched each query term, in the order the terms were given.
  std::vector<std::map<int64_t, uint64_t>> query_days;
  /// Each author's first day and the languages of each day (posts within the timeline's days).
  movement_tables movement;

 private:
  uint64_t posts_ = 0;
  kind_counts by_kind_{};
  int64_t first_ms_ = 0;
  int64_t last_ms_ = 0;
  std::map<int64_t, kind_counts> days_;
};

/// The local day (days since 1970-01-01) of a UTC instant at an offset in minutes.
int64_t local_day(int64_t time_ms, int32_t offset_minutes);
/// Bit q set when hits[q] (the first 64 terms).
uint64_t query_bits_of(const std::vector<bool>& hits);
/// A repost whose text X cut short with an ellipsis.
bool is_truncated_repost(const post& p);

}  // namespace chorus
