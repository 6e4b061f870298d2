// What each counted post contributed, kept compactly, so that a filtered summary needs no second reading.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "aggregator.h"
#include "post.h"

namespace chorus {

/// Which posts a filtered summary counts: local days from..to (inclusive) and a set of kinds.
struct post_filter {
  int64_t from_day = INT64_MIN;  ///< first local day counted (days since 1970-01-01)
  int64_t to_day = INT64_MAX;    ///< last local day counted
  uint8_t kinds = 0x0F;          ///< bit k: post_kind k counted
};

/// Per post: time, kind, quality flags, query matches and the ids of its hashtags, mentions, ... About
/// 40 bytes a post plus each distinct spelling once.
class post_store {
 public:
  /// Keeps what `p` added to an aggregator (the same distinct values per post as aggregator::add).
  void add(const post& p, uint64_t query_bits, int32_t offset_minutes);
  /// The tables of the posts that pass `filter`, built from the kept values alone.
  aggregator aggregate(const post_filter& filter, size_t query_count) const;
  size_t size() const { return time_.size(); }

 private:
  static constexpr size_t LISTS = 7;  // the counters, in the order of aggregator::counters()
  uint32_t id_of(size_t list, std::string_view spelling);

  std::vector<int64_t> time_;
  std::vector<int32_t> offset_;
  std::vector<uint8_t> flags_;  // bits 0-1 kind, bit 2 engagement known, bit 3 truncated repost
  std::vector<uint64_t> queries_;
  std::vector<uint32_t> item_end_;  // items_[item_end_[i-1] .. item_end_[i]) belong to post i
  std::vector<uint32_t> items_;     // list << 28 | spelling id
  std::array<string_map<uint32_t>, LISTS> ids_;
  std::array<std::vector<std::string>, LISTS> spellings_;
};

}  // namespace chorus
