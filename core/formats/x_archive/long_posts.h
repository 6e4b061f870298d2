// Long posts from note-tweet.js, and how a truncated post in tweets.js finds its full text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "post.h"

namespace chorus {

/// A long post from note-tweet.js.
struct long_post {
  int64_t time_ms = 0;                ///< createdAt, matched against the truncated post's created_at
  std::string text;                   ///< the full text (note text is not HTML-escaped)
  std::vector<std::string> hashtags;  ///< without '#'
  std::vector<std::string> mentions;  ///< handles without '@'
  std::vector<std::string> urls;      ///< expanded URLs
};

/// Holds the long posts of an archive until the posts they belong to are read.
class long_post_index {
 public:
  /// Keeps one long post, while the kept ones take less than MAX_BYTES; later ones are only counted.
  void add(long_post&& lp);
  /// The most memory long posts waiting for their posts may take.
  static constexpr size_t MAX_BYTES = size_t{32} << 20;
  /// If `p` is the truncated form of a long post, gives it the full text and entities. Returns true then.
  /// The match follows ../shared/FORMATS.md 1.1.4: the same creation second, and the post's text (without
  /// leading @mentions, a trailing ellipsis and t.co links) is a prefix of the long post's text.
  bool complete(post& p);

  /// Long posts read, kept or not.
  uint64_t size() const { return notes_.size() + dropped_; }
  /// Long posts read past MAX_BYTES: not kept, so never matched.
  uint64_t dropped() const { return dropped_; }
  /// Positions (in reading order) of the long posts matched so far.
  std::vector<uint64_t> matched_positions() const;
  /// Marks a long post matched elsewhere (by another reader of the same archive).
  void mark_matched(uint64_t position);
  uint64_t matched() const { return matched_; }

 private:
  std::vector<long_post> notes_;
  std::vector<bool> used_;
  std::unordered_multimap<int64_t, size_t> by_second_;
  uint64_t matched_ = 0;
  uint64_t dropped_ = 0;
  size_t bytes_ = 0;
};

/// The part of a truncated post's text that its long post must start with.
std::string_view truncated_prefix(std::string_view text);

}  // namespace chorus
