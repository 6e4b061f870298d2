// Mastodon's post content is HTML: this turns it into the plain text that phrases are matched against, and
// collects what its links say (hashtag links, other links' addresses).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::mastodon {

/// What a post's HTML holds besides its text.
struct html_links {
  std::vector<std::string> hashtags;  ///< the text of hashtag links (class "hashtag" or rel="tag"), without '#'
  std::vector<std::string> urls;      ///< the href of the other links, mentions excepted
};

/// The text of `html`: tags dropped (the text of every element kept, so that the hidden parts of a shortened
/// link give its full address), <br> as a line break, paragraphs apart by a blank line, character references
/// (&amp; &#39; &#x1F600; ...) decoded. Links go to `links`.
std::string html_to_text(std::string_view html, html_links& links);

}  // namespace chorus::mastodon
