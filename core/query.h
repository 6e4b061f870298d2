// Query terms: a hashtag, a mention or a phrase, each counted over time. Rules in docs/queries.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "post.h"

namespace chorus {

/// What a term looks for.
enum class term_kind : uint8_t {
  HASHTAG,         ///< "#MeToo": the hashtag in any letter case, exactly
  HASHTAG_PREFIX,  ///< "#MeToo*": hashtags that start with it (#MeTooMovement too)
  MENTION,         ///< "@handle": posts that mention the handle
  PHRASE,          ///< "me too": the words in this order, whatever the case, punctuation and spacing
};

/// The stable name of a term kind ("hashtag", "hashtag_prefix", "mention", "phrase").
std::string_view term_kind_name(term_kind kind);

/// One parsed term.
struct query_term {
  std::string text;  ///< as the user typed it, trimmed
  term_kind kind = term_kind::PHRASE;
  std::string key;                 ///< folded hashtag or handle (without # or @), or the folded phrase
  std::vector<std::string> words;  ///< a phrase's folded words
  bool unspaced = false;           ///< the phrase is in a script written without spaces: match as a substring
  size_t probe = 0;                ///< its longest word: a text without it as a substring cannot match
};

/// Parses one term; returns false with a message when it cannot match anything (empty, "#" alone, ...).
bool parse_term(std::string_view text, query_term& term, std::string& error);

/// Matches many terms against posts, reusing its buffers between posts.
class query_matcher {
 public:
  explicit query_matcher(std::vector<query_term> terms);
  /// Sets hits[i] to whether term i matches `p` (hits is resized to the number of terms).
  void match(const post& p, std::vector<bool>& hits);
  const std::vector<query_term>& terms() const { return terms_; }

 private:
  std::vector<query_term> terms_;
  bool any_unspaced_ = false;
  std::string folded_;
  std::vector<std::string> folded_tags_;      // the post's hashtags, folded once per post
  std::vector<std::string> folded_mentions_;  // the post's mentions, folded once per post
  std::string compact_;                       // word code points only, for unspaced-script phrases
  std::vector<std::string_view> words_;
};

}  // namespace chorus
