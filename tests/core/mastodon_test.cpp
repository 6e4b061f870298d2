#include <doctest/doctest.h>

#include <string>

#include "formats/mastodon/html_text.h"

using chorus::mastodon::html_links;
using chorus::mastodon::html_to_text;

namespace {

std::string text_of(const std::string& html, html_links* out = nullptr) {
  html_links links;
  std::string text = html_to_text(html, links);
  if (out) *out = links;
  return text;
}

}  // namespace

TEST_CASE("Mastodon's HTML becomes the text a reader sees: paragraphs, line breaks, references") {
  CHECK(text_of("<p>me too</p>") == "me too");
  CHECK(text_of("<p>one</p><p>two<br>three<br/>four</p>") == "one\n\ntwo\nthree\nfour");
  CHECK(text_of("<p>it&#39;s &quot;time&quot; &amp; &lt;now&gt; &#x1F49C; &nbsp;</p>") ==
        "it's \"time\" & <now> \xF0\x9F\x92\x9C \xC2\xA0");
  // What is not a reference stays as it is; a reference past U+10FFFF becomes U+FFFD.
  CHECK(text_of("AT&T &bogus; &#xZZ; &#1114112;") == "AT&T &bogus; &#xZZ; \xEF\xBF\xBD");
  // An attribute value may hold '>': the tag ends at the '>' outside quotes.
  CHECK(text_of("<a href=\"x\" title=\"a > b\">link</a> after") == "link after");
  CHECK(text_of("no tags at all") == "no tags at all");
  CHECK(text_of("<p>cut <a href=\"x") == "cut");  // an unclosed tag at the end is dropped
}

TEST_CASE("links: hashtag links give hashtags, mentions are not links, a shortened link keeps its full address") {
  html_links links;
  const std::string text = text_of(
      "<p><a href=\"https://h.example/tags/MeToo\" class=\"mention hashtag\" rel=\"tag\">#<span>MeToo</span></a> "
      "<span class=\"h-card\"><a href=\"https://o.example/@bea\" class=\"u-url mention\">@<span>bea</span></a></span> "
      "<a href=\"https://www.example.org/a?x=1&amp;y=2\" rel=\"nofollow noopener\"><span class=\"invisible\">https://www."
      "</span><span class=\"ellipsis\">example.org/a?x=1&amp;</span><span class=\"invisible\">y=2</span></a> "
      "<a href=\"https://h.example/tags/gamedev\" rel=\"tag\">#gamedev</a></p>",
      &links);
  CHECK(text == "#MeToo @bea https://www.example.org/a?x=1&y=2 #gamedev");
  CHECK(links.hashtags == std::vector<std::string>{"MeToo", "gamedev"});
  CHECK(links.urls == std::vector<std::string>{"https://www.example.org/a?x=1&y=2"});
}
