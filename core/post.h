// The normalized post record that every format reader produces.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

/// What a post is, as far as the export lets us tell.
enum class post_kind : uint8_t {
  ORIGINAL = 0,  ///< a post of its own
  REPLY = 1,     ///< an answer to another post or user
  REPOST = 2,    ///< a retweet / boost of someone else's post
  QUOTE = 3,     ///< a post that embeds a link to another post
};

inline constexpr int POST_KIND_COUNT = 4;

/// The lower-case name used in summaries ("original", "reply", "repost", "quote").
std::string_view post_kind_name(post_kind kind);

/// One post, normalized across formats. Readers reuse one instance, so clear() resets it.
struct post {
  std::string id;       ///< the platform's id, always as a string
  int64_t time_ms = 0;  ///< creation time, UTC milliseconds since 1970
  std::string author;   ///< author handle without '@', empty when the format omits it
  post_kind kind = post_kind::ORIGINAL;
  std::string text;                   ///< plain text, HTML entities decoded
  std::vector<std::string> hashtags;  ///< without '#', spelled as written
  std::vector<std::string> mentions;  ///< handles without '@', spelled as written
  std::vector<std::string> urls;      ///< expanded URLs (never the t.co short links when known)
  std::vector<std::string> domains;   ///< host names of urls, lower case, without "www."
  std::string reply_to;               ///< handle replied to, when known
  std::string lang;                   ///< language code as the platform gave it
  std::string client;                 ///< the posting application's name
  bool engagement_known = false;      ///< the export gives like and repost counts (old archives do not)
  bool text_repaired = false;         ///< the exported text carried HTML entities (&amp; &lt; &gt;), decoded

  void clear();
};

/// The host of a URL in lower case without a leading "www.", or empty.
std::string url_domain(std::string_view url);
/// Appends to p.domains the domain of each of p.urls that has one (url_domain).
void add_url_domains(post& p);

}  // namespace chorus
