// The Twitter API v1.1 tweet object, read into a normalized post. Shared by the formats that carry it: the X
// archive (tweets.js, Grailbird month files) and API v1.1 data (twarc, streaming output).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "post.h"
#include "scan/json_records.h"
#include "simdjson.h"

namespace chorus {

/// How a format's tweets are read.
struct tweet_v1_options {
  /// Takes a retweet's text and entities whole from its `retweeted_status` (API data) instead of the
  /// outer tweet's "RT @a: ..." text, which the API cuts at 140 characters (archives keep that text).
  bool full_retweets = false;
};

/// Reads v1.1 tweet objects one at a time (the instance is reused).
class tweet_v1_reader {
 public:
  explicit tweet_v1_reader(tweet_v1_options options = {}) : options_(options) {}
  /// Reads the fields of a tweet object. With `allow_wrapper`, a `"tweet": {...}` member (the archive's
  /// wrapping) is descended into.
  simdjson::error_code read(simdjson::ondemand::object obj, record_context& ctx, bool allow_wrapper = true);
  /// After a read without error: the post with its full text, HTML entities decoded, or nullptr when it was
  /// skipped (no id or date, reported through ctx) or is an older version of an edited post (counted so).
  /// A format may complete it further (a long post's text), then calls finalize.
  post* finish(record_context& ctx);
  /// Decides the post's kind and its linked domains, once its text and entities are final.
  void finalize();

 private:
  simdjson::error_code read_tweet(simdjson::ondemand::object obj, record_context& ctx, bool allow_wrapper);
  /// The text and entities of an `extended_tweet` (API data in compatibility mode) or of a retweeted tweet.
  simdjson::error_code read_full(simdjson::ondemand::object obj, post& into, bool& has_full_text,
                                 record_context& ctx, bool retweeted);
  simdjson::error_code read_entities(simdjson::ondemand::object entities, post& p, record_context& ctx);
  simdjson::error_code read_edit_info(simdjson::ondemand::object info, record_context& ctx);

  /// X allows five edits: six versions. More ids than this in one chain is not a chain.
  static constexpr size_t MAX_EDIT_IDS = 64;

  tweet_v1_options options_;
  post post_;
  post extended_;   // extended_tweet's full text and entities
  post retweeted_;  // retweeted_status's full text, entities and author (full_retweets)
  std::vector<std::string> edit_ids_;  // the edit chain's ids (editTweetIds), when the record is part of one
  bool has_full_text_ = false, has_date_ = false, is_reply_ = false, is_retweet_ = false, is_quote_ = false;
  bool has_extended_ = false, has_retweeted_ = false;
  int quote_status_ = -1;  // API data's is_quote_status: -1 absent, else 0 or 1
};

/// Decodes the HTML entities X leaves in post text (&amp; &lt; &gt; &quot; &#39;), in place.
void decode_html_entities(std::string& text);

/// True for links to a single post on twitter.com or x.com: the archive's only sign of a quote.
bool is_status_link(std::string_view url);

/// The application name inside X's `source` HTML (`<a href=...>Twitter Web App</a>`).
std::string client_name(std::string_view source);

/// A link to a post on X.
std::string x_post_url(std::string_view id, std::string_view author);

}  // namespace chorus
