#include <doctest/doctest.h>

#include "analysis.h"
#include "test_support.h"
#include "time_parse.h"

using namespace chorus;
using chorus::test::feed_all;
using chorus::test::fixture_path;
using chorus::test::read_file;

namespace {

/// Offsets of records' '{' where X's pretty-printing lets a reader start: "\n  {\n".
std::vector<size_t> record_starts(const std::string& bytes) {
  std::vector<size_t> out;
  for (size_t at = bytes.find("\n  {\n"); at != std::string::npos; at = bytes.find("\n  {\n", at + 1)) {
    out.push_back(at + 3);
  }
  return out;
}

/// The small archive's tweets.js read whole by `whole`, and `first` begun beside it on its first range (up
/// to record 4), both set up by `configure`: how the merge tests start.
struct whole_and_first {
  std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  std::vector<size_t> starts = record_starts(bytes);
  analysis whole, first;

  template <typename Configure>
  explicit whole_and_first(Configure configure) {
    configure(whole);
    whole.begin_file("tweets.js");
    feed_all(whole, bytes);
    configure(first);
    first.begin_file("tweets.js");
    first.stop_at(starts[4]);
  }
};

/// The summary of `bytes` read as `pieces` ranges by separate analyses, merged into the first.
std::string summary_in_ranges(const std::string& name, const std::string& bytes, const std::vector<size_t>& cuts,
                              const std::string& prelude_name = {}, const std::string& prelude = {}) {
  analysis first;
  if (!prelude.empty()) {
    first.begin_file(prelude_name);
    feed_all(first, prelude);
  }
  first.begin_file(name);
  first.stop_at(cuts.front());
  feed_all(first, bytes);
  for (size_t k = 0; k < cuts.size(); ++k) {
    analysis helper;
    if (!prelude.empty()) {  // helpers read the long posts too, to complete their own truncated posts
      helper.begin_file(prelude_name);
      feed_all(helper, prelude);
    }
    helper.begin_fragment(name, cuts[k], std::string_view(bytes).substr(0, SNIFF_BYTES));
    if (k + 1 < cuts.size()) helper.stop_at(cuts[k + 1]);
    feed_all(helper, std::string_view(bytes).substr(cuts[k]), 611);
    REQUIRE(first.merge_state(helper.state(true)));
  }
  return first.summary_json();
}

/// Checks that `merged` gives the filtered summaries, hours and matched-post counts of `whole` for `filter`.
void check_same_views(analysis& merged, analysis& whole, const post_filter& filter) {
  CAPTURE(filter.kinds);
  std::string error, merged_json, whole_json, merged_hours, whole_hours;
  REQUIRE(merged.filtered_summary_json(filter, merged_json, error));
  REQUIRE(whole.filtered_summary_json(filter, whole_json, error));
  CHECK(merged_json == whole_json);
  REQUIRE(merged.hourly_json(filter, merged_hours, error));
  REQUIRE(whole.hourly_json(filter, whole_hours, error));
  CHECK(merged_hours == whole_hours);
  for (size_t term : {0, 1}) CHECK(merged.matched_count(term, filter) == whole.matched_count(term, filter));
}

/// The first 100 posts matching term 0, in order: the same ids in `merged` as in `whole`, and some.
void check_same_matches(analysis& merged, analysis& whole) {
  const auto merged_matches = merged.matched_posts(0, 0, 100);
  const auto whole_matches = whole.matched_posts(0, 0, 100);
  REQUIRE(merged_matches.size() == whole_matches.size());
  REQUIRE(!whole_matches.empty());
  for (size_t i = 0; i < merged_matches.size(); ++i) CHECK(merged_matches[i].id == whole_matches[i].id);
}

/// Reads the small archive's records 4 to 8 and 9 to the end in two helpers set up by `configure`, beside
/// `setup.first` (which read up to record 4), handing each to `merge` when it is done.
template <typename Configure, typename Merge>
void read_beside(whole_and_first& setup, Configure configure, Merge merge) {
  const std::string_view bytes = setup.bytes;
  for (size_t k : {4, 9}) {
    analysis helper;
    configure(helper);
    helper.begin_fragment("tweets.js", setup.starts[k], bytes.substr(0, SNIFF_BYTES));
    if (k == 4) helper.stop_at(setup.starts[9]);
    feed_all(helper, bytes.substr(setup.starts[k]), 300);
    merge(helper);
  }
}

}  // namespace

TEST_CASE("merging the states of byte ranges read apart equals reading the whole file") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  analysis whole;
  whole.begin_file("tweets.js");
  feed_all(whole, bytes);
  const std::string expected = whole.summary_json();
  const auto starts = record_starts(bytes);
  REQUIRE(starts.size() == 12);
  SUBCASE("two ranges") {
    CHECK(summary_in_ranges("tweets.js", bytes, {starts[6]}) == expected);
  }
  SUBCASE("four ranges, one inside an edit chain") {
    CHECK(summary_in_ranges("tweets.js", bytes, {starts[3], starts[8], starts[10]}) == expected);
  }
}

TEST_CASE("problems found in a later range keep their record numbers and byte offsets") {
  // A cut-off file: the last range reports the cut with the record's number in the whole file.
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  const std::string cut = bytes.substr(0, bytes.size() - 300);
  analysis whole;
  whole.begin_file("tweets.js");
  feed_all(whole, cut);
  const std::string expected = whole.summary_json();
  CHECK(expected.find("\"record\": 12") != std::string::npos);
  const auto starts = record_starts(cut);
  CHECK(summary_in_ranges("tweets.js", cut, {starts[4], starts[9]}) == expected);
}

TEST_CASE("ranges of an archive with long posts merge to the whole, long posts matched once") {
  const std::string notes = read_file(fixture_path("x-archive-parts/data/note-tweet.js"));
  const std::string bytes = read_file(fixture_path("x-archive-parts/data/tweets.js"));
  analysis whole;
  whole.begin_file("note-tweet.js");
  feed_all(whole, notes);
  whole.begin_file("tweets.js");
  feed_all(whole, bytes);
  const std::string expected = whole.summary_json();
  CHECK(expected.find("\"matched\": 2") != std::string::npos);
  const auto starts = record_starts(bytes);
  REQUIRE(starts.size() == 3);
  CHECK(summary_in_ranges("tweets.js", bytes, {starts[1], starts[2]}, "note-tweet.js", notes) == expected);
}

TEST_CASE("separate files analyzed apart and merged equal one analysis of all of them") {
  const std::string small = read_file(fixture_path("x-archive-small/data/tweets.js"));
  const std::string old = read_file(fixture_path("x-archive-2020/tweet.js"));
  const std::string bad = read_file(fixture_path("bad/bad-records-tweets.js"));
  analysis whole;
  for (const auto& [name, bytes] : {std::pair{"tweets.js", &small}, {"tweet.js", &old}, {"bad.js", &bad}}) {
    whole.begin_file(name);
    feed_all(whole, *bytes);
  }
  analysis merged;
  merged.begin_file("tweets.js");
  feed_all(merged, small);
  for (const auto& [name, bytes] : {std::pair{"tweet.js", &old}, {"bad.js", &bad}}) {
    analysis part;
    part.begin_file(name);
    feed_all(part, *bytes);
    REQUIRE(merged.merge_state(part.state(false)));
  }
  CHECK(merged.summary_json() == whole.summary_json());
}

TEST_CASE("a malformed state is refused and changes nothing") {
  analysis run;
  run.begin_file("tweets.js");
  feed_all(run, read_file(fixture_path("x-archive-small/data/tweets.js")));
  const std::string before = run.state(false);
  CHECK_FALSE(run.merge_state("{\"inputs\": 3}"));
  CHECK_FALSE(run.merge_state("not json"));
  CHECK(run.state(false) == before);
}

TEST_CASE("posts matching a term are kept in reading order, and ranges read apart keep them all") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  std::string error;
  analysis whole;
  REQUIRE(whole.set_queries({"#MeToo", "me too"}, error));
  whole.begin_file("tweets.js");
  feed_all(whole, bytes);
  (void)whole.summary_json();
  CHECK(whole.matched_count(0) == 7);
  CHECK(whole.matched_count(1) == 2);
  const auto page = whole.matched_posts(1, 1, 10);
  REQUIRE(page.size() == 1);
  CHECK(page[0].id == "920000000000000002");

  const auto starts = record_starts(bytes);
  analysis first;
  REQUIRE(first.set_queries({"#MeToo", "me too"}, error));
  first.begin_file("tweets.js");
  first.stop_at(starts[5]);
  feed_all(first, bytes);
  analysis helper;
  REQUIRE(helper.set_queries({"#MeToo", "me too"}, error));
  helper.begin_fragment("tweets.js", starts[5], std::string_view(bytes).substr(0, SNIFF_BYTES));
  feed_all(helper, std::string_view(bytes).substr(starts[5]));
  REQUIRE(first.merge_state(helper.state(true)));
  CHECK(first.matched_count(0) == 7);
  const auto all = first.matched_posts(0, 0, 100);
  const auto expected = whole.matched_posts(0, 0, 100);
  REQUIRE(all.size() == expected.size());
  for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].id == expected[i].id);
}

TEST_CASE("a filtered summary comes from the kept posts: no filter equals the whole, filters count what passes") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  std::string error, json;
  analysis run;
  REQUIRE(run.set_queries({"#MeToo"}, error));
  run.begin_file("tweets.js");
  feed_all(run, bytes);
  const std::string whole = run.summary_json();
  REQUIRE(run.filtered_summary_json(post_filter{}, json, error));
  const auto without_filters_field = [](std::string s) {
    const size_t at = s.find("\"filters\"");
    const size_t end = s.find("\"totals\"", at);
    return s.erase(at, end - at);
  };
  CHECK(without_filters_field(json) == without_filters_field(whole));

  post_filter originals;
  originals.kinds = 1 << static_cast<int>(post_kind::ORIGINAL);
  REQUIRE(run.filtered_summary_json(originals, json, error));
  CHECK(json.find("\"posts\": 6,\n    \"original\": 6,\n    \"reply\": 0") != std::string::npos);
  CHECK(json.find("\"kinds\": [\n      \"original\"\n    ]") != std::string::npos);

  post_filter october;
  october.from_day = days_from_civil(2017, 10, 16);
  october.to_day = days_from_civil(2017, 10, 17);
  REQUIRE(run.filtered_summary_json(october, json, error));
  CHECK(json.find("\"first\": \"2017-10-16T08:00:00Z\"") != std::string::npos);
  CHECK(json.find("\"last\": \"2017-10-17T23:59:59Z\"") != std::string::npos);
  CHECK(json.find("\"from\": \"2017-10-16\"") != std::string::npos);
}

TEST_CASE("hourly buckets come from the kept posts, in the time zone, with each term's count") {
  std::string error, json;
  analysis run;
  REQUIRE(run.set_queries({"#MeToo"}, error));
  zone_rules kathmandu;
  REQUIRE(parse_transitions("-8640000000000000 345", "Asia/Kathmandu", kathmandu, error));
  run.set_time_zone(kathmandu);
  run.begin_file("tweets.js");
  feed_all(run, read_file(fixture_path("x-archive-small/data/tweets.js")));
  post_filter october16;
  october16.from_day = october16.to_day = days_from_civil(2017, 10, 16);
  REQUIRE(run.hourly_json(october16, json, error));
  // 2017-10-15 20:21:59 UTC is 02:06 on the 16th in Kathmandu; 08:00 UTC is 13:45.
  CHECK(json.find("\"start\": \"2017-10-16T02\"") != std::string::npos);
  CHECK(json.find("\"start\": \"2017-10-16T13\"") != std::string::npos);
  CHECK(json.find("\"time_zone\": \"Asia/Kathmandu\"") != std::string::npos);
  CHECK(json.find("\"start\": \"2017-10-17") == std::string::npos);
}

TEST_CASE("ranges read apart keep their posts for filters: filtered summaries and hours equal the whole's") {
  std::string error;
  zone_rules paris;
  REQUIRE(parse_transitions("-8640000000000000 60 1508634000000 60 1509238800000 60", "Europe/Paris", paris, error));
  auto configured = [&](analysis& run) {
    REQUIRE(run.set_queries({"#MeToo", "me too"}, error));
    run.set_time_zone(paris);
  };
  whole_and_first setup(configured);
  auto& [bytes, starts, whole, first] = setup;
  feed_all(first, bytes);
  read_beside(setup, configured, [&](analysis& helper) { REQUIRE(first.merge_state(helper.state(true))); });
  CHECK(first.summary_json() == whole.summary_json());
  post_filter replies_in_october;
  replies_in_october.kinds = 1 << static_cast<int>(post_kind::REPLY) | 1 << static_cast<int>(post_kind::ORIGINAL);
  replies_in_october.from_day = days_from_civil(2017, 10, 16);
  replies_in_october.to_day = days_from_civil(2017, 10, 31);
  for (const post_filter& filter : {post_filter{}, replies_in_october}) check_same_views(first, whole, filter);
  CHECK(whole.matched_count(0, replies_in_october) < whole.matched_count(0));  // the filter does filter
}

TEST_CASE("readers merged in memory (merge_reader) equal the whole: summary, filters, hours and matched posts") {
  std::string error;
  auto configured = [&](analysis& run) { REQUIRE(run.set_queries({"#MeToo", "me too"}, error)); };
  whole_and_first setup(configured);
  auto& [bytes, starts, whole, first] = setup;
  feed_all(first, bytes);
  read_beside(setup, configured, [&](analysis& helper) {
    size_t mark = 0;
    REQUIRE(first.add_seen_keys(helper.ids_since(mark)));  // as the command line's readers hand ids over
    REQUIRE(first.merge_reader(helper));
  });
  CHECK(first.summary_json() == whole.summary_json());
  post_filter replies;
  replies.kinds = 1 << static_cast<int>(post_kind::REPLY);
  for (const post_filter& filter : {post_filter{}, replies}) check_same_views(first, whole, filter);
  check_same_matches(first, whole);
  // A reader of other terms is refused, as its state would be, and changes nothing.
  analysis other;
  REQUIRE(other.set_queries({"#BalanceTonPorc"}, error));
  other.begin_fragment("tweets.js", starts[9], std::string_view(bytes).substr(0, SNIFF_BYTES));
  feed_all(other, std::string_view(bytes).substr(starts[9]));
  const std::string before = first.summary_json();
  CHECK_FALSE(first.merge_reader(other));
  CHECK(first.summary_json() == before);
}

TEST_CASE("a helper handing over its kept posts while it reads merges to the whole, filters and hours too") {
  std::string error;
  auto configured = [&](analysis& run) { REQUIRE(run.set_queries({"#MeToo", "me too"}, error)); };
  whole_and_first setup(configured);
  auto& [bytes, starts, whole, first] = setup;
  analysis helper;
  configured(helper);
  helper.begin_fragment("tweets.js", starts[4], std::string_view(bytes).substr(0, SNIFF_BYTES));
  // Both read at once, chunk by chunk; the helper hands its kept posts over after each of its chunks.
  const std::string_view rest = std::string_view(bytes).substr(starts[4]);
  size_t batches = 0;
  for (size_t i = 0, j = 0; i < bytes.size() || j < rest.size(); i += 301, j += 257) {
    if (i < bytes.size()) first.feed(bytes.data() + i, std::min<size_t>(301, bytes.size() - i));
    if (j < rest.size()) {
      helper.feed(rest.data() + j, std::min<size_t>(257, rest.size() - j));
      REQUIRE(first.merge_posts(helper.take_posts()));
      ++batches;
    }
  }
  CHECK(batches > 5);
  REQUIRE(first.merge_state(helper.state(true, first.matched_room())));
  CHECK(first.summary_json() == whole.summary_json());
  post_filter replies;
  replies.kinds = 1 << static_cast<int>(post_kind::REPLY);
  for (const post_filter& filter : {post_filter{}, replies}) check_same_views(first, whole, filter);
  check_same_matches(first, whole);
  CHECK_FALSE(first.merge_posts("CHORUS-POSTS-3\n\x01"));  // cut short: refused
  CHECK_FALSE(first.merge_posts(helper.state(true)));      // a state is not a batch of posts
}

TEST_CASE("a state carries at most the matched posts the merging analysis has room for") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  std::string error;
  const auto starts = record_starts(bytes);
  analysis first;
  REQUIRE(first.set_queries({"#MeToo"}, error));
  first.begin_file("tweets.js");
  first.stop_at(starts[5]);
  feed_all(first, bytes);
  analysis helper;
  REQUIRE(helper.set_queries({"#MeToo"}, error));
  helper.begin_fragment("tweets.js", starts[5], std::string_view(bytes).substr(0, SNIFF_BYTES));
  feed_all(helper, std::string_view(bytes).substr(starts[5]));
  const size_t own = first.matched_count(0);
  REQUIRE(helper.matched_count(0) >= 2);
  CHECK(first.matched_room() == analysis::MAX_MATCHED_POSTS - own);
  REQUIRE(first.merge_state(helper.state(true, 1)));
  CHECK(first.matched_count(0) == own + 1);
  std::string json;
  REQUIRE(first.filtered_summary_json({}, json, error));  // the kept posts for filters are all there
}

TEST_CASE("a damaged binary state is refused whole: cut short, lengths too long, unknown spellings") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  std::string error;
  analysis helper;
  REQUIRE(helper.set_queries({"#MeToo"}, error));
  helper.begin_file("tweets.js");
  feed_all(helper, bytes);
  const std::string good = helper.state(false);
  analysis run;
  REQUIRE(run.set_queries({"#MeToo"}, error));
  run.begin_file("other.js");
  feed_all(run, bytes);
  const std::string before = run.state(false);
  for (size_t cut : {good.size() - 1, good.size() - 40, good.size() / 2, size_t{20}}) {
    CHECK_FALSE(run.merge_state(std::string_view(good).substr(0, cut)));
  }
  std::string longer = good;
  longer += '\0';
  CHECK_FALSE(run.merge_state(longer));
  std::string huge_length = good;
  huge_length[15] = '\xff';  // the JSON part's length, just after the magic line
  huge_length[18] = '\x7f';
  CHECK_FALSE(run.merge_state(huge_length));
  std::string unknown_list = good;
  unknown_list.back() = '\xf0';  // the last kept item (little-endian): list 15 of 7
  CHECK_FALSE(run.merge_state(unknown_list));
  CHECK(run.state(false) == before);
  REQUIRE(run.merge_state(good));
  CHECK(run.state(false) != before);
}

TEST_CASE("the summary so far, while a file is read, counts what was read and changes nothing") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  const std::vector<size_t> starts = record_starts(bytes);
  analysis run, whole;
  whole.begin_file("tweets.js");
  feed_all(whole, bytes);
  run.begin_file("tweets.js");
  CHECK(run.partial_summary_json().find("\"posts\": 0") != std::string::npos);
  feed_all(run, std::string_view(bytes).substr(0, starts[6]));  // records 0-4 whole, the fifth cut off
  const std::string partial = run.partial_summary_json();
  simdjson::dom::parser parser;
  simdjson::dom::element summary;
  REQUIRE(!parser.parse(partial).get(summary));
  uint64_t posts = 0;
  REQUIRE(!summary["totals"]["posts"].get(posts));
  CHECK(posts >= 4);
  CHECK(posts < 11);
  // The file being read is listed with what it has read so far.
  simdjson::dom::array inputs;
  REQUIRE(!summary["inputs"].get(inputs));
  CHECK(inputs.size() == 1);
  CHECK(run.partial_summary_json() == partial);  // asking again changes nothing
  feed_all(run, std::string_view(bytes).substr(starts[6]));
  CHECK(run.summary_json() == whole.summary_json());
}

TEST_CASE("ids counted since a mark, handed to another analysis, keep it from counting those posts again, and repeats are said") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  analysis_options with_ids;
  with_ids.ids_in_state = true;
  analysis first(with_ids), second;
  first.begin_file("tweets.js");
  feed_all(first, bytes);
  first.end_file();
  size_t mark = 0;
  const std::string ids = first.ids_since(mark);
  CHECK(ids.size() == 11 * sizeof(uint64_t));
  CHECK(first.ids_since(mark).empty());  // none since
  CHECK_FALSE(second.counted_any(ids));
  bool repeated = false;
  REQUIRE(second.add_seen_keys(ids, repeated));
  CHECK_FALSE(repeated);
  CHECK(second.counted_any(ids));
  // Handed again (as when two readers counted the same post): said.
  REQUIRE(second.add_seen_keys(ids.substr(0, 3 * sizeof(uint64_t)), repeated));
  CHECK(repeated);
  CHECK_FALSE(second.add_seen_keys(ids.substr(0, 5), repeated));  // not whole ids: refused
  second.begin_file("again.js");
  feed_all(second, bytes);
  second.end_file();
  CHECK(second.inputs().back().posts == 0);
  CHECK(second.inputs().back().duplicates == 11);
}

TEST_CASE("ids another analysis holds (also_seen_in) count as seen, without copying them, and are listed") {
  const std::string bytes = read_file(fixture_path("x-archive-small/data/tweets.js"));
  analysis first, second;
  first.begin_file("tweets.js");
  feed_all(first, bytes);
  first.end_file();
  second.also_seen_in(&first);
  second.begin_file("again.js");
  feed_all(second, bytes);
  second.end_file();
  CHECK(second.inputs().back().posts == 0);
  CHECK(second.inputs().back().duplicates == 11);
  const std::vector<uint64_t> found = second.take_found_in_other();
  CHECK(found.size() == 11);
  CHECK(second.take_found_in_other().empty());  // taken out
  CHECK(first.counted_any(std::string(reinterpret_cast<const char*>(found.data()), found.size() * sizeof(uint64_t))));
  // What was found in `first` was not put in second's own set: once `first` is no longer consulted, they count.
  second.also_seen_in(nullptr);
  second.begin_file("once more.js");
  feed_all(second, bytes);
  second.end_file();
  CHECK(second.inputs().back().posts == 11);
}
