// What each counted post contributed, kept compactly, so that a filtered summary needs no second reading.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "aggregator.h"
#include "byte_codec.h"
#include "post.h"
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

/// Per post: time, kind, quality flags, query matches and the ids of its hashtags, mentions, ... About
/// 40 bytes a post plus each distinct spelling once. Deques grow in small blocks, so the memory is what
/// the posts need, not twice that after a vector's doubling.
class post_store {
 public:
  /// Keeps what `p`, read by the format at place `source` of formats(), added to an aggregator (the same
  /// distinct values per post as aggregator::add).
  void add(const post& p, uint64_t query_bits, uint8_t source);
  /// The tables of the posts that pass `filter`, built from the kept values alone, days in `zone`: one per
  /// format (place in formats()), as the analysis keeps them.
  std::vector<aggregator> aggregate(const post_filter& filter, size_t query_count, const zone_rules& zone) const;
  /// Posts per local hour (hours since 1970-01-01 00:00 local) of the posts that pass `filter`:
  /// counts by kind, then one count per query term.
  std::map<int64_t, std::vector<uint64_t>> hours(const post_filter& filter, size_t query_count,
                                                 const zone_rules& zone) const;
  size_t size() const { return time_.size(); }
  /// About how many bytes of memory the kept posts and spellings take.
  size_t bytes() const { return time_.size() * POST_BYTES + items_.size() * ITEM_BYTES + spelling_bytes_; }

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
  uint32_t id_of(size_t list, std::string_view spelling);

  /// What a post takes besides its values, and a spelling besides its bytes (two copies, a table entry).
  static constexpr size_t POST_BYTES = 8 + 1 + 1 + 8 + 4, ITEM_BYTES = 4, SPELLING_BYTES = 64;
  static size_t spelling_bytes(std::string_view s) { return SPELLING_BYTES + 2 * s.size(); }

  size_t spelling_bytes_ = 0;  // of every spelling kept
  std::deque<int64_t> time_;
  std::deque<uint8_t> flags_;  // bits 0-1 kind, 2 engagement known, 3 truncated repost, 4 text repaired
  std::deque<uint8_t> source_;  // the format that read it, as its place in formats()
  std::deque<uint64_t> queries_;
  std::deque<uint32_t> item_end_;  // items_[item_end_[i-1] .. item_end_[i]) belong to post i
  std::deque<uint32_t> items_;     // list << 28 | spelling id
  std::array<string_map<uint32_t>, LISTS> ids_;
  std::array<std::vector<std::string>, LISTS> spellings_;
  // The last spelling kept per list: a personal archive repeats its author, client and language.
  std::array<uint32_t, LISTS> last_id_ = [] {
    std::array<uint32_t, LISTS> none{};
    none.fill(UINT32_MAX);
    return none;
  }();
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
