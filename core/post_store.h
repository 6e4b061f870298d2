// What each counted post contributed, kept compactly, so that a filtered summary needs no second reading.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "aggregator.h"
#include "byte_codec.h"
#include "post.h"
#include "text/interner.h"
#include "time_zone.h"

namespace chorus {

/// Which posts a filtered summary counts: local days from..to (inclusive), a set of kinds and a set of
/// sources (the formats that read them: platform_sources() turns platforms into them).
struct post_filter {
  int64_t from_day = INT64_MIN;    ///< first local day counted (days since 1970-01-01)
  int64_t to_day = INT64_MAX;      ///< last local day counted
  uint8_t kinds = 0x0F;            ///< bit k: post_kind k counted
  uint32_t sources = UINT32_MAX;   ///< bit s: posts of the format at place s of formats() counted

  /// Whether a post of `kind` on local day `day`, read by the format at place `source`, is counted.
  bool passes(int64_t day, post_kind kind, uint8_t source) const {
    return (kinds >> static_cast<int>(kind) & 1) && day >= from_day && day <= to_day &&
           (source >= 32 || (sources >> source & 1));
  }
};

/// Per post: time, kind, quality flags, query matches and the numbers of its hashtags, mentions, ..., each
/// distinct spelling kept once per list. Posts are written one after another as small numbers in a byte
/// stream (see put): about 11-19 bytes a post where a column per field took about 40. The stream lies in
/// blocks of 256 KiB, so the memory is what the posts need, not twice that after a vector's doubling.
/// Filters read the posts in the order they came, never one post alone.
class post_store {
 public:
  post_store();
  /// Keeps what `p`, read by the format at place `source` of formats(), added to an aggregator (the same
  /// distinct values per post as aggregator::add).
  void add(const post& p, uint64_t query_bits, uint8_t source);
  /// The tables of the posts that pass `filter`, built from the kept values alone, days in `zone`: one per
  /// format (place in formats()), as the analysis keeps them.
  std::vector<aggregator> aggregate(const post_filter& filter, size_t query_count, const zone_rules& zone) const;
  /// A top list counted exactly from the kept posts: its `n` largest entries and how many keys it has.
  struct exact_list {
    std::vector<top_entry> top;
    uint64_t distinct = 0;
  };
  /// The lists in `lists` (bit l: top_list l) of the posts that pass `filter`, counted exactly however many
  /// values they hold (where an aggregator's lists become sketches), for each scope of `scopes` (bit s: the
  /// format at place s of formats()): [scope][list], empty for the lists not asked for. The same whatever
  /// the order the posts were kept in.
  std::vector<std::array<exact_list, TOP_LIST_COUNT>> exact_lists(const post_filter& filter, const zone_rules& zone,
                                                                  const std::vector<uint32_t>& scopes, uint8_t lists,
                                                                  size_t n) const;
  /// Posts per local hour (hours since 1970-01-01 00:00 local) of the posts that pass `filter`:
  /// counts by kind, then one count per query term.
  std::map<int64_t, std::vector<uint64_t>> hours(const post_filter& filter, size_t query_count,
                                                 const zone_rules& zone) const;
  /// Each author's first local hour and the languages of each hour, of the posts that pass `filter`: movement
  /// tables whose days are these hours.
  movement_tables hourly_movement(const post_filter& filter, const zone_rules& zone) const;
  size_t size() const { return posts_; }
  /// How many distinct spellings of list `list` (a top_list's place) the kept posts carry.
  size_t spellings(size_t list) const { return spellings_[list].size(); }
  /// The bytes of memory the kept posts and spellings take.
  size_t bytes() const {
    size_t spellings = 0;
    for (const auto& list : spellings_) spellings += list.bytes();
    return block_bytes_ + spellings;
  }

  /// Writes every kept post, for read_state in another module instance.
  void write_state(byte_writer& out) const;
  /// Reads what write_state wrote into this empty store; false when it is malformed.
  bool read_state(byte_reader& in);
  /// Appends the posts of `other` (read after this store's) when the result holds at most `max_posts` posts
  /// and `max_bytes` bytes; false, changing nothing, when it would not.
  bool append(const post_store& other, size_t max_posts, size_t max_bytes);
  /// Forgets every post and spelling (after they were written out to another store).
  void clear() { *this = post_store(); }

 private:
  static constexpr size_t LISTS = TOP_LIST_COUNT;  // the top lists, in top_list's order
  static constexpr size_t BLOCK = size_t{256} << 10;
  /// Flag bits of a kept post beside its kind (bits 0-1): what count_post is told, and how it is written.
  static constexpr uint8_t ENGAGEMENT_KNOWN = 4, TRUNCATED_REPOST = 8, TEXT_REPAIRED = 16, HAS_QUERIES = 32,
                           WHOLE_SECONDS = 64, NEW_SOURCE = 128;
  /// One kept post as read back from the stream; items are list | spelling number << 3.
  struct kept {
    int64_t time = 0;
    uint8_t flags = 0;
    uint8_t source = 0;
    uint64_t queries = 0;
    std::vector<uint32_t> items;
  };
  /// Reads the posts of `stream`, one `kept` at a time, checking every number against the stream's end.
  class reader;

  /// Writes one post after the last: flags, source when it is not the last post's, time as the difference
  /// from the last post's (in seconds when both are whole seconds), query bits when any, the number of items,
  /// then the items, each a LEB128 number.
  void put(const kept& post);
  /// Calls `each(const kept&)` for every post in order.
  template <typename F>
  void for_each(F&& each) const;
  /// Calls `each(const kept&, offset minutes, local day)` for every post that passes `filter`, days in `zone`.
  template <typename F>
  void for_each_passing(const post_filter& filter, const zone_rules& zone, F&& each) const;

  std::array<interner, LISTS> spellings_;
  // The last spelling kept per list: a personal archive repeats its author, client and language.
  std::array<uint32_t, LISTS> last_id_;
  std::vector<std::string> blocks_;  // each at most BLOCK bytes, unless a single post takes more
  size_t block_bytes_ = 0;           // their capacity
  size_t posts_ = 0;
  int64_t last_time_ = 0;  // of the last post kept: the next one's time is written as the difference
  uint8_t last_source_ = 0;  // and its format: the next one's is written only when it differs
  kept scratch_;           // the post being added
  std::string encoded_;    // and its bytes
  uint32_t id_of(size_t list, std::string_view spelling);
  /// The author and the language of a kept post (empty when it has none), as the movement tables take them.
  std::pair<std::string_view, std::string_view> author_and_language(const kept& post) const;
};

/// A post that matched at least one query term, kept so that the person can read what was counted.
/// Never part of a summary or an export.
struct matched_post {
  std::string id;
  std::string author;
  std::string text;
  int64_t time_ms = 0;
  uint64_t terms = 0;  ///< bit i: query term i matched (the first 64 terms)
  post_kind kind = post_kind::ORIGINAL;
  uint8_t source = 0;  ///< the format that read it, as its place in formats()
  std::string url;     ///< a link to the post on its platform, when the format knows one
};

/// Matched posts kept in 1 MiB blocks of text, without a heap string per post.
class matched_post_store {
 public:
  void add(std::string_view id, std::string_view author, std::string_view text, int64_t time_ms, uint64_t terms,
           post_kind kind, uint8_t source);
  size_t size() const { return kept_.size(); }
  /// About how many bytes of memory the kept posts take.
  size_t bytes() const;
  /// Whether a post of these texts fits within `max_bytes` once kept.
  bool fits(size_t text_bytes, size_t max_bytes) const;
  uint64_t terms(size_t i) const { return kept_[i].terms; }
  int64_t time_ms(size_t i) const { return kept_[i].time_ms; }
  post_kind kind(size_t i) const { return kept_[i].kind; }
  uint8_t source(size_t i) const { return kept_[i].source; }
  matched_post get(size_t i) const;

  /// Writes the first `max_posts` kept posts, for read_state in another module instance.
  void write_state(byte_writer& out, size_t max_posts = SIZE_MAX) const;
  /// Reads what write_state wrote into this empty store; false when it is malformed.
  bool read_state(byte_reader& in);
  /// Appends the posts of `other`, at most until this store holds `max_posts` or `max_bytes`.
  void append(const matched_post_store& other, size_t max_posts, size_t max_bytes);

 private:
  struct kept {
    uint32_t block, offset, id_size, author_size, text_size;
    int64_t time_ms;
    uint64_t terms;
    post_kind kind;
    uint8_t source;
  };
  static constexpr size_t BLOCK = 1 << 20;
  std::deque<kept> kept_;
  std::vector<std::string> blocks_;

  /// Post i's id, author and text, where they lie in its block.
  struct texts {
    std::string_view id, author, text;
  };
  texts texts_of(size_t i) const;
};

}  // namespace chorus
