#include "post_store.h"

#include <doctest/doctest.h>

#include <random>

#include "format.h"
#include "json_writer.h"

using namespace chorus;

namespace {

// Posts as varied as the stream must carry: times in whole seconds and in milliseconds, before 1970 and far
// ahead, out of order; every kind and flag; no query bits, low and high ones; no values, many, long ones.
std::vector<post> varied_posts(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<post> out;
  int64_t time = 1508097600000;  // 2017-10-15 20:00 UTC
  for (size_t i = 0; i < n; ++i) {
    post p;
    p.id = std::to_string(i);
    switch (rng() % 6) {
      case 0: time += 1000 * static_cast<int64_t>(rng() % 3600); break;
      case 1: time -= 1000 * static_cast<int64_t>(rng() % 86400); break;
      case 2: time += static_cast<int64_t>(rng() % 5000); break;
      case 3: time = -86400000LL * static_cast<int64_t>(rng() % 4000); break;  // before 1970
      case 4: time = 4102444800000 + static_cast<int64_t>(rng() % 1000); break;  // 2100
      default: break;  // the same instant again
    }
    p.time_ms = time;
    p.kind = static_cast<post_kind>(rng() % 4);
    p.engagement_known = rng() % 2;
    p.text_repaired = rng() % 5 == 0;
    if (p.kind == post_kind::REPOST && rng() % 3 == 0) p.text = "RT @someone: a long text cut short…";
    p.author = "author" + std::to_string(rng() % 50);
    if (rng() % 4 != 0) p.lang = rng() % 2 ? "en" : "fr";
    if (rng() % 3 == 0) p.client = "Client " + std::to_string(rng() % 4);
    for (size_t t = rng() % (rng() % 10 == 0 ? 300 : 4); t > 0; --t) p.hashtags.push_back("Tag" + std::to_string(rng() % 500));
    if (rng() % 7 == 0) p.hashtags.push_back(std::string(300, 'x'));
    if (rng() % 2) p.mentions.push_back("someone" + std::to_string(rng() % 20));
    if (p.kind == post_kind::REPLY) p.reply_to = "someone" + std::to_string(rng() % 20);
    if (rng() % 5 == 0) p.domains.push_back("example.org");
    out.push_back(std::move(p));
  }
  return out;
}

uint64_t query_bits_for(size_t i) {
  switch (i % 4) {
    case 0: return 0;
    case 1: return 1;
    case 2: return uint64_t{1} << 63 | 4;
    default: return 6;
  }
}

// Every table of one aggregator per format, as JSON: equal text, equal tables.
std::string tables_text(const std::vector<aggregator>& tables) {
  json_writer w;
  w.begin_array();
  for (const auto& t : tables) t.write_state(w);
  w.end_array();
  return w.str();
}

// What aggregator::add counts of the same posts, per format, the oracle for post_store::aggregate.
std::vector<aggregator> counted_directly(const std::vector<post>& posts, const std::vector<uint8_t>& sources,
                                         size_t query_count) {
  std::vector<aggregator> out(formats().size());
  for (auto& t : out) t.query_days.assign(query_count, {});
  for (size_t i = 0; i < posts.size(); ++i) {
    std::vector<bool> hits(query_count);
    for (size_t q = 0; q < query_count; ++q) hits[q] = query_bits_for(i) >> q & 1;
    out[sources[i]].add(posts[i], hits);
  }
  return out;
}

}  // namespace

TEST_CASE("kept posts give the tables that counting them gave, and survive a state and an append") {
  const auto posts = varied_posts(3000, 7);
  std::vector<uint8_t> sources;
  for (size_t i = 0; i < posts.size(); ++i) sources.push_back(static_cast<uint8_t>(i % formats().size()));
  const size_t queries = 64;
  const std::string expected = tables_text(counted_directly(posts, sources, queries));

  post_store whole, first, second;
  for (size_t i = 0; i < posts.size(); ++i) {
    whole.add(posts[i], query_bits_for(i), sources[i]);
    (i < 1234 ? first : second).add(posts[i], query_bits_for(i), sources[i]);
  }
  CHECK(whole.size() == posts.size());
  CHECK(tables_text(whole.aggregate({}, queries, {})) == expected);

  // The second store numbers its spellings in another order: append must renumber them.
  REQUIRE(first.append(second, SIZE_MAX, SIZE_MAX));
  CHECK(first.size() == posts.size());
  CHECK(tables_text(first.aggregate({}, queries, {})) == expected);

  byte_writer out;
  whole.write_state(out);
  const std::string state = out.take();
  post_store read;
  byte_reader in(state);
  REQUIRE(read.read_state(in));
  CHECK(in.left() == 0);
  CHECK(tables_text(read.aggregate({}, queries, {})) == expected);

  // A filter and hours read the same posts from every copy.
  post_filter filter;
  filter.kinds = 0b0101;
  filter.from_day = 17400;
  CHECK(tables_text(read.aggregate(filter, queries, {})) == tables_text(whole.aggregate(filter, queries, {})));
  CHECK(read.hours(filter, queries, {}) == whole.hours(filter, queries, {}));
  CHECK(!whole.hours({}, queries, {}).empty());
}

TEST_CASE("a kept post takes a fraction of a column per field") {
  // An X archive's posts: one author, whole seconds, a few hours apart, a tag or two.
  post_store store;
  post p;
  p.author = "someone";
  p.lang = "en";
  p.client = "Twitter for iPhone";
  p.engagement_known = true;
  p.time_ms = 1508097600000;
  for (int i = 0; i < 100000; ++i) {
    p.time_ms -= 1000 * (3600 + i % 7200);
    p.hashtags = {"Tag" + std::to_string(i % 300)};
    p.mentions = {"friend" + std::to_string(i % 40)};
    store.add(p, i % 10 == 0 ? 1 : 0, i < 60000 ? 1 : 2);  // read by two formats, one after the other
  }
  // 1 byte of flags (the format only when it is not the post before's), 2-3 of time, 1 of count, 5 items of
  // 1-2 bytes: at most 15 bytes a post, where a column per field took 42.
  CHECK(store.bytes() < 100000 * 15);
  // The format, written twice, is known again for each post, across the stream's blocks (4 of 256 KiB).
  CHECK(store.bytes() > 3 * (size_t{256} << 10));
  const auto tables = store.aggregate({}, 1, zone_rules{});
  CHECK(tables[0].posts() == 0);
  CHECK(tables[1].posts() == 60000);
  CHECK(tables[2].posts() == 40000);
}

TEST_CASE("a damaged state of kept posts is refused, never read past") {
  post_store store;
  const auto posts = varied_posts(200, 11);
  for (size_t i = 0; i < posts.size(); ++i) store.add(posts[i], query_bits_for(i), 0);
  byte_writer out;
  store.write_state(out);
  const std::string state = out.take();
  for (size_t cut = 0; cut < state.size(); cut += 7) {
    post_store read;
    byte_reader in(std::string_view(state).substr(0, cut));
    CHECK_FALSE(read.read_state(in));
  }
  // One post by "a" at 0 ms: the spellings (7 lists: 6 empty, the authors' holding "a"), the post count,
  // then the stream: flags, time step, item count, item (list 6, spelling 0); the format (0) is the one a
  // stream starts with, so it is not written.
  post one;
  one.author = "a";
  post_store single;
  single.add(one, 0, 0);
  byte_writer single_out;
  single.write_state(single_out);
  const std::string good = single_out.take();
  const std::string prefix = good.substr(0, good.size() - 4 - 4);
  const auto with_stream = [&](std::string stream) {
    byte_writer w;
    w.raw(prefix.data(), prefix.size());
    w.str(stream);
    return w.take();
  };
  const auto reads = [](const std::string& bytes) {
    post_store read;
    byte_reader in(bytes);
    return read.read_state(in);
  };
  REQUIRE(with_stream(std::string("\x40\x00\x01\x06", 4)) == good);
  CHECK(reads(good));
  CHECK(reads(with_stream(std::string("\xC0\x00\x00\x01\x06", 5))));  // the format written though the same
  CHECK_FALSE(reads(with_stream(std::string("\xC0", 1))));  // the format announced, the stream ends
  CHECK_FALSE(reads(with_stream(std::string("\xC0\x7F\x00\x01\x06", 5))));  // no such format
  CHECK_FALSE(reads(with_stream(std::string("\x40\x00\x01\x0E", 4))));  // no such spelling
  CHECK_FALSE(reads(with_stream(std::string("\x40\x00\x01\x07", 4))));  // no such list
  CHECK_FALSE(reads(with_stream(std::string("\x40\x00\x02\x06", 4))));  // items past the end
  CHECK_FALSE(reads(with_stream(std::string("\x40\x00\x01\x06\x00", 5))));  // bytes after the last post
  // A time past what a reading can give (2^44 s), and a step of 2^63 (no overflow on the way).
  CHECK_FALSE(reads(with_stream(std::string("\x40\x80\x80\x80\x80\x80\x80\x08\x01\x06", 10))));
  CHECK_FALSE(reads(with_stream(std::string("\x00\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01\x01\x06", 13))));
}
