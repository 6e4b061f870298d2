#include "aggregator.h"

#include <doctest/doctest.h>

#include "test_support.h"
#include "time_parse.h"

using namespace chorus;

namespace {

post make_post(const std::string& id, const std::string& when, post_kind kind, std::vector<std::string> tags) {
  post p;
  p.id = id;
  p.time_ms = *parse_timestamp(when);
  p.kind = kind;
  p.hashtags = std::move(tags);
  return p;
}

}  // namespace

TEST_CASE("hashtags are counted once per post, case-folded, labelled with the most common spelling") {
  aggregator a;
  a.add(make_post("1", "2017-10-15 20:00:00 +0000", post_kind::ORIGINAL, {"MeToo", "metoo"}));
  a.add(make_post("2", "2017-10-16 20:00:00 +0000", post_kind::REPLY, {"MeToo"}));
  a.add(make_post("3", "2017-10-16 21:00:00 +0000", post_kind::REPOST, {"METOO", "TimesUp"}));
  const auto top = a.list(top_list::HASHTAGS).top(10);
  REQUIRE(top.size() == 2);
  CHECK(top[0].key == "metoo");
  CHECK(top[0].count == 3);
  CHECK(top[0].label == "MeToo");
  CHECK(top[1].key == "timesup");
  CHECK(top[1].count == 1);
}

TEST_CASE("top lists break count ties by key so output is stable") {
  folded_counter c;
  c.add("b");
  c.add("a");
  c.add("c");
  c.add("c");
  const auto top = c.top(2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].key == "c");
  CHECK(top[1].key == "a");
}

TEST_CASE("kinds, dates and day buckets follow the posts") {
  aggregator a;
  a.add(make_post("1", "2017-10-17 23:59:59 +0000", post_kind::QUOTE, {}));
  a.add(make_post("2", "2017-10-15 00:00:00 +0000", post_kind::ORIGINAL, {}));
  a.add(make_post("3", "2017-10-17 00:00:00 +0000", post_kind::REPLY, {}));
  CHECK(a.posts() == 3);
  CHECK(a.by_kind()[static_cast<size_t>(post_kind::QUOTE)] == 1);
  CHECK(format_iso_utc(a.first_ms()) == "2017-10-15T00:00:00Z");
  CHECK(format_iso_utc(a.last_ms()) == "2017-10-17T23:59:59Z");
  REQUIRE(a.days().size() == 2);
  CHECK(format_day(a.days().begin()->first) == "2017-10-15");
  const auto& oct17 = a.days().rbegin()->second;
  CHECK(oct17[static_cast<size_t>(post_kind::QUOTE)] == 1);
  CHECK(oct17[static_cast<size_t>(post_kind::REPLY)] == 1);
}

TEST_CASE("merging the aggregates of two halves equals aggregating the whole") {
  test::collecting_sink sink;
  test::read_all("tweets.js", test::read_file(test::fixture_path("x-archive-small/data/tweets.js")), sink);
  REQUIRE(sink.posts.size() > 4);
  aggregator whole, first, second;
  for (size_t i = 0; i < sink.posts.size(); ++i) {
    whole.add(sink.posts[i]);
    (i % 3 == 0 ? first : second).add(sink.posts[i]);
  }
  first.merge(second);
  CHECK(first.posts() == whole.posts());
  CHECK(first.by_kind() == whole.by_kind());
  CHECK(first.first_ms() == whole.first_ms());
  CHECK(first.last_ms() == whole.last_ms());
  CHECK(first.days() == whole.days());
  const auto a = first.list(top_list::HASHTAGS).top(100);
  const auto b = whole.list(top_list::HASHTAGS).top(100);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].key == b[i].key);
    CHECK(a[i].label == b[i].label);
    CHECK(a[i].count == b[i].count);
  }
  CHECK(first.list(top_list::MENTIONS).top(100).size() == whole.list(top_list::MENTIONS).top(100).size());
  CHECK(first.list(top_list::DOMAINS).distinct() == whole.list(top_list::DOMAINS).distinct());
}

TEST_CASE("hashtag keys fold beyond ASCII: accented capitals and fullwidth letters join their lower case") {
  aggregator a;
  a.add(make_post("1", "2017-10-15 20:00:00 +0000", post_kind::ORIGINAL, {"YoTambi\xC3\xA9n"}));
  a.add(make_post("2", "2017-10-16 20:00:00 +0000", post_kind::ORIGINAL, {"YOTAMBI\xC3\x89N", "yotambi\xC3\xA9n"}));
  a.add(make_post("3", "2017-10-16 21:00:00 +0000", post_kind::ORIGINAL, {"\xEF\xBC\xAD\xEF\xBD\x85Too"}));  // ＭｅToo
  a.add(make_post("4", "2017-10-16 22:00:00 +0000", post_kind::ORIGINAL, {"MeToo"}));
  const auto top = a.list(top_list::HASHTAGS).top(10);
  REQUIRE(top.size() == 2);
  CHECK(top[0].key == "metoo");
  CHECK(top[0].count == 2);
  CHECK(top[1].key == "yotambi\xC3\xA9n");
  CHECK(top[1].count == 2);  // post 2 uses it twice, in two spellings: counted once
}
